import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { divisionLevel, isWithin, provinceCode } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import { DomainError, divisionNotFound } from '../errors.js';
import type { CaseStatus, PublicCase, PublicCasePage, TypicalCase, TypicalCaseSummary } from './case.js';
import { caseNotFound, loadCaseFor } from './case-access.js';
import { countyOfDivision } from './case-keys.js';
import { findCaseItem, queryCountyCases, queryPublishedCases, toCaseSummary, toPublicCase, toTypicalCase } from './case-repository.js';

/** Filters of the staff list. */
export interface CaseFilter {
  readonly county?: string;
  readonly status?: CaseStatus;
  /** Case-insensitive substring of the title or summary. */
  readonly q?: string;
}

/** Cards per page of the public list. */
export const publicPageSize = 12;

/**
 * A county's typical cases for staff, drafts included, newest first.
 *
 * Steps: authorise `case:read`; the county is the one named, else the caller's own (county and
 * branch staff), else 400 (city and province staff must name one); authorise on the part of the
 * county the caller may see (branch staff: their township, so they see the cases there); one GSI1
 * Query of the county, then filter by that part, status and text in memory (tens of cases).
 */
export async function listCases(principal: Principal | undefined, filter: CaseFilter): Promise<{ county: string; items: TypicalCaseSummary[] }> {
  const reader = authorize(principal, 'case:read');
  const ownLevel = divisionLevel(reader.division);
  const county = filter.county ?? (ownLevel === 'province' || ownLevel === 'city' ? undefined : countyOfDivision(reader.division));
  if (!county) throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'query.county', issue: 'required', detail: 'name a county to list' }]);
  if (divisionLevel(county) !== 'county') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county' });
  const scope = isWithin(county, reader.division) ? reader.division : county;
  authorize(principal, 'case:read', { division: scope });
  const q = filter.q?.trim().toLowerCase();
  const items = (await queryCountyCases(county))
    .filter((item) => isWithin(scope, String(item.division)))
    .filter((item) => !filter.status || item.status === filter.status)
    .filter((item) => !q || String(item.title).toLowerCase().includes(q) || String(item.summary).toLowerCase().includes(q))
    .map(toCaseSummary);
  return { county, items };
}

/** One case for staff: 404 CASE_NOT_FOUND if unknown, 403 if outside the caller's scope. */
export async function getCase(principal: Principal | undefined, caseId: string): Promise<TypicalCase> {
  const { item } = await loadCaseFor(principal, 'case:read', caseId);
  return toTypicalCase(item);
}

/**
 * The public list: published cases of a province, city or county (default: the province), newest
 * first, one page of {@link publicPageSize} cards with an opaque cursor for the next. Public fields
 * only. The division's name and the page are read in parallel (404 DIVISION_NOT_FOUND for an
 * unknown code, 400 DIVISION_LEVEL_INVALID below county level).
 */
export async function listPublicCases(query: { division?: string; cursor?: string }): Promise<PublicCasePage> {
  const division = query.division ?? provinceCode;
  const level = divisionLevel(division);
  if (level === 'township' || level === 'village') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'province/city/county' });
  const [found, page] = await Promise.all([
    findDivision(division),
    queryPublishedCases(division, { limit: publicPageSize, ...(query.cursor ? { cursor: query.cursor } : {}) }),
  ]);
  if (!found) throw divisionNotFound(division);
  return { division: { code: found.code, name: found.name }, ...page };
}

/** One published case with its photos, public fields only; anything else is 404 CASE_NOT_FOUND. */
export async function getPublicCase(caseId: string): Promise<PublicCase> {
  const item = await findCaseItem(caseId);
  if (!item || item.status !== 'published') throw caseNotFound();
  return toPublicCase(item);
}
