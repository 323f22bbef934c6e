import { DomainError, divisionNotFound } from '../errors.js';
import { divisionLevel, divisionPrefix } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import type { PublicBranch } from './branch.js';
import { countyOf } from './branch-keys.js';
import { queryCountyBranches } from './branch-repository.js';

/**
 * The public branch finder: active branches in a county or below, with public fields only (no
 * leaders, phones or counts). One GSI1 Query of the county narrowed by the division's prefix.
 */
export async function findPublicBranches(division: string): Promise<{ division: { code: string; name: string }; items: PublicBranch[] }> {
  const level = divisionLevel(division);
  if (level === 'province' || level === 'city') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county/township/village' });
  const found = await findDivision(division);
  if (!found) throw divisionNotFound(division);
  const county = countyOf(division);
  const publicAttributes = ['branchId', 'name', 'type', 'hostOrganisation', 'division', 'divisionName', 'foundedOn', 'sites', 'status'];
  const items = (await queryCountyBranches(county, level === 'county' ? undefined : divisionPrefix(division), publicAttributes))
    .filter((item) => item.status === 'active')
    .map((item) => ({
      branchId: item.branchId,
      name: item.name,
      type: item.type,
      hostOrganisation: item.hostOrganisation,
      division: item.division,
      divisionName: item.divisionName,
      ...(item.foundedOn ? { foundedOn: item.foundedOn } : {}),
      sites: item.sites,
    }));
  return { division: { code: found.code, name: found.name }, items };
}
