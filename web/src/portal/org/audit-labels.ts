/**
 * Words for the codes the audit log and a branch's history carry: actions (`branch.approve`,
 * `approved`), entities (`Branch`, `CoverageTally`), field names (`hostOrganisation`) and the
 * values of statuses, types, seats, leaders and sites. An unknown code still reads as words
 * (`member.transfer` → "会员 · transfer"), never as a blank.
 */
import type { MessageParams } from '../../common/i18n.js';
import { hasPortalKey, type AnyKey } from '../messages.js';
import { postKey, seatKey, siteKey, statusKey, typeKey } from './labels.js';
import { branchStatusList, branchTypeList, leaderPostList, siteKindList, type BoardSeat, type BranchStatus, type BranchType, type LeaderPost, type SiteKind } from './types.js';

type Tr = (key: AnyKey, params?: MessageParams) => string;

const known = (key: string): key is AnyKey => hasPortalKey(key);

/** `camelCase` and `dotted.codes` as spaced words: the fallback for codes with no label yet. */
export function humanize(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** An entity name (`Branch`, `CoverageTally`) in words. */
export function entityLabel(entity: string, tr: Tr): string {
  const key = `auditEntity.${entity}`;
  return known(key) ? tr(key) : humanize(entity);
}

/** An audit action (`branch.approve`) or a history action (`approved`) in words. */
export function actionLabel(action: string, tr: Tr): string {
  const key = `auditAction.${action}`;
  if (known(key)) return tr(key);
  const dot = action.indexOf('.');
  if (dot > 0) {
    const prefix = action.slice(0, dot);
    const entity = `auditEntity.${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}`;
    if (known(entity)) return `${tr(entity)} · ${humanize(action.slice(dot + 1))}`;
  }
  return humanize(action);
}

/** A field name of a change (`hostOrganisation`) in words. */
export function fieldLabel(field: string, tr: Tr): string {
  const key = `auditField.${field}`;
  return known(key) ? tr(key) : humanize(field);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const oneOf = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

/** A scalar as text, `—` for nothing. */
function scalar(value: unknown, tr: Tr): string {
  if (value === undefined || value === null || value === '') return tr('common.dash');
  if (typeof value === 'boolean') return tr(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/**
 * One value of a change as text. `field` picks the vocabulary (a branch `status` of `proposed`
 * reads 待审批; a commissioner's `active` reads 在任), `entity` the owner of the field.
 */
export function valueText(field: string, value: unknown, tr: Tr, entity = 'Branch'): string {
  if (field === 'status' && typeof value === 'string') {
    if (entity === 'Commissioner' && (value === 'active' || value === 'ended')) return tr(value === 'active' ? 'commissioners.active' : 'commissioners.ended');
    if (entity === 'Member' && (value === 'active' || value === 'left')) return tr(value === 'active' ? 'members.statusActive' : 'members.statusLeft');
    if (oneOf<BranchStatus>(branchStatusList, value)) return tr(statusKey(value));
  }
  if (field === 'type' && oneOf<BranchType>(branchTypeList, value)) return tr(typeKey(value));
  if (field === 'boardSeat' && (value === 'council' || value === 'supervisoryBoard')) return tr(seatKey(value as BoardSeat));
  if (field === 'leadership' && Array.isArray(value)) {
    return value
      .filter(isRecord)
      .map((leader) => [oneOf<LeaderPost>(leaderPostList, leader.post) ? tr(postKey(leader.post)) : scalar(leader.post, tr), leader.name, leader.title, leader.phoneMasked].filter((part) => typeof part === 'string' && part).join(' '))
      .join(tr('history.separator'));
  }
  if (field === 'sites' && Array.isArray(value)) {
    return value
      .filter(isRecord)
      .map((site) => [oneOf<SiteKind>(siteKindList, site.kind) ? tr(siteKey(site.kind)) : scalar(site.kind, tr), site.name, site.address].filter((part) => typeof part === 'string' && part).join(' '))
      .join(tr('history.separator'));
  }
  if (field === 'standards' && Array.isArray(value)) {
    const items = value.filter(isRecord);
    return tr('history.standardsMet', { met: items.filter((item) => item.met === true).length, total: items.length });
  }
  if (Array.isArray(value)) return value.length ? value.map((item) => (isRecord(item) ? recordText(item, tr, entity) : scalar(item, tr))).join(tr('history.separator')) : tr('common.dash');
  if (isRecord(value)) return recordText(value, tr, entity);
  return scalar(value, tr);
}

/** An object of an audit entry (`{ status, version, reason }`) as "状态：已成立，版本：2". */
export function recordText(value: Record<string, unknown>, tr: Tr, entity = 'Branch'): string {
  const parts = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .map(([field, item]) => tr('history.pair', { field: fieldLabel(field, tr), value: valueText(field, item, tr, entity) }));
  return parts.length ? parts.join(tr('history.separator')) : tr('common.dash');
}
