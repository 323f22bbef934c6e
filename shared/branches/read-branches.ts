import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound } from '../errors.js';
import { divisionLevel, divisionPrefix, isWithin } from '../divisions/division-code.js';
import { type Branch, type BranchStatus, type BranchType } from './branch.js';
import { countyOf } from './branch-keys.js';
import { type BranchSummary, type BranchVersion, branchSummaryAttributes, findBranchItem, queryBranchVersions, queryCountyBranches, toBranch, toBranchSummary } from './branch-repository.js';

/** Filters of the branch list. */
export interface BranchFilter {
  readonly county?: string;
  readonly division?: string;
  readonly type?: BranchType;
  readonly status?: BranchStatus;
  /** Case-insensitive substring of the name or host organisation. */
  readonly q?: string;
}

/**
 * Works out which county (and which part of it) a list request means, from the filter and the
 * caller's scope: county and branch staff default to their own county, and township staff are
 * narrowed to their township; city and province staff must name a county.
 */
export function listScope(principal: Principal, filter: { county?: string; division?: string }): { county: string; division: string } {
  const county = filter.county ?? (['county', 'township', 'village'].includes(divisionLevel(principal.division)) ? countyOf(principal.division) : undefined);
  if (!county) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'query.county', issue: 'required', detail: 'name a county to list' }]);
  }
  if (divisionLevel(county) !== 'county') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county' });
  const division = filter.division ?? (isWithin(county, principal.division) ? principal.division : county);
  if (!isWithin(county, division)) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'query.division', issue: 'not_in_county', detail: 'division must lie in the county' }]);
  }
  return { county, division };
}

/**
 * A county's branches, filtered. Steps: resolve the scope (above), authorise `branch:read` on it
 * (403 OUT_OF_SCOPE for another county), one GSI1 Query for the county narrowed by division
 * prefix, then filter by type, status and text in memory (a county holds hundreds of branches).
 */
export async function listBranches(principal: Principal | undefined, filter: BranchFilter): Promise<{ county: string; items: BranchSummary[] }> {
  const reader = authorize(principal, 'branch:read');
  const { county, division } = listScope(reader, filter);
  authorize(principal, 'branch:read', { division });
  const prefix = division === county ? undefined : divisionPrefix(division);
  const q = filter.q?.trim().toLowerCase();
  const items = (await queryCountyBranches(county, prefix, branchSummaryAttributes))
    .filter((item) => (!filter.type || item.type === filter.type) && (!filter.status || item.status === filter.status))
    .filter((item) => !q || item.name.toLowerCase().includes(q) || item.hostOrganisation.toLowerCase().includes(q))
    .map(toBranchSummary);
  return { county, items };
}

/** One branch: 404 if unknown, 403 if outside the caller's scope. */
export async function getBranch(principal: Principal | undefined, branchId: string): Promise<Branch> {
  authorize(principal, 'branch:read');
  const item = await findBranchItem(branchId);
  if (!item) throw notFound('BRANCH_NOT_FOUND');
  authorize(principal, 'branch:read', { division: item.division });
  return toBranch(item);
}

/** A branch's history, oldest first, for the caller allowed to read the branch. */
export async function branchHistory(principal: Principal | undefined, branchId: string): Promise<{ branchId: string; items: BranchVersion[] }> {
  await getBranch(principal, branchId);
  return { branchId, items: await queryBranchVersions(branchId) };
}
