/**
 * CSV columns of the portal's exports. Branch and commissioner exports use the import's column
 * names first (docs/api.md "CSV imports"), so an exported file can be corrected and re-imported;
 * phones are never exported in clear (the API only serves them masked), so their columns hold the
 * masked value under a different name. Pure: translation comes in as a function.
 */
import type { CsvColumn } from '../csv.js';
import type { AnyKey } from '../messages.js';
import { duesKey, seatKey, statusKey, typeKey } from './labels.js';
import type { Branch, Commissioner, Member } from './types.js';

type Translate = (key: AnyKey) => string;

export function branchColumns(tr: Translate): Array<CsvColumn<Branch>> {
  const president = (branch: Branch) => branch.leadership.find((leader) => leader.post === 'president');
  return [
    { header: 'name', value: (b) => b.name },
    { header: 'type', value: (b) => tr(typeKey(b.type)) },
    { header: 'hostOrganisation', value: (b) => b.hostOrganisation },
    { header: 'division', value: (b) => b.division },
    { header: 'foundedOn', value: (b) => b.foundedOn },
    { header: 'presidentName', value: (b) => president(b)?.name },
    { header: 'presidentPhoneMasked', value: (b) => president(b)?.phoneMasked },
    { header: 'memberCount', value: (b) => b.memberCount },
    { header: 'volunteerCount', value: (b) => b.volunteerCount },
    { header: 'divisionName', value: (b) => b.divisionName },
    { header: 'status', value: (b) => tr(statusKey(b.status)) },
    { header: 'branchId', value: (b) => b.branchId },
  ];
}

export function commissionerColumns(tr: Translate): Array<CsvColumn<Commissioner>> {
  return [
    { header: 'name', value: (c) => c.name },
    { header: 'title', value: (c) => c.title },
    { header: 'phoneMasked', value: (c) => c.phoneMasked },
    { header: 'division', value: (c) => c.division },
    { header: 'boardSeat', value: (c) => tr(seatKey(c.boardSeat)) },
    { header: 'termStart', value: (c) => c.termStart },
    { header: 'termEnd', value: (c) => c.termEnd },
    { header: 'divisionName', value: (c) => c.divisionName },
    { header: 'status', value: (c) => tr(c.status === 'active' ? 'commissioners.active' : 'commissioners.ended') },
    { header: 'commissionerId', value: (c) => c.commissionerId },
  ];
}

export function memberColumns(tr: Translate): Array<CsvColumn<Member>> {
  return [
    { header: tr('members.kind'), value: (m) => tr(m.kind === 'group' ? 'members.group' : 'members.individual') },
    { header: tr('members.name'), value: (m) => m.nameMasked },
    { header: tr('members.phone'), value: (m) => m.phoneMasked },
    { header: tr('members.organisation'), value: (m) => m.organisation },
    { header: tr('members.joined'), value: (m) => m.joinedOn },
    { header: tr('members.dues'), value: (m) => tr(duesKey(m.duesStatus)) },
    { header: tr('members.paidThrough'), value: (m) => m.duesPaidThrough },
    { header: tr('members.status'), value: (m) => tr(m.status === 'left' ? 'members.statusLeft' : 'members.statusActive') },
    { header: tr('members.leftOn'), value: (m) => m.leftOn },
  ];
}

/** Uncovered divisions: code, name, level, township. */
export function uncoveredColumns(tr: Translate): Array<CsvColumn<{ code: string; name: string; level: string; township?: string }>> {
  return [
    { header: tr('common.code'), value: (d) => d.code },
    { header: tr('coverage.name'), value: (d) => d.name },
    { header: tr('coverage.level'), value: (d) => (d.level === 'township' ? tr('division.township') : d.level === 'village' ? tr('division.village') : d.level) },
    { header: tr('coverage.township'), value: (d) => d.township },
  ];
}

/** Import header rows (docs/api.md). */
export const branchImportColumns = 'name,type,hostOrganisation,division,foundedOn,presidentName,presidentPhone,memberCount,volunteerCount';
export const commissionerImportColumns = 'name,title,phone,division,boardSeat,termStart,termEnd';
