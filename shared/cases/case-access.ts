import { type Action, authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { divisionLevel } from '../divisions/division-code.js';
import { findDivisions } from '../divisions/division-repository.js';
import { DomainError, divisionNotFound, versionConflict } from '../errors.js';
import { countyOfDivision } from './case-keys.js';
import { type CaseItem, findCaseItem } from './case-repository.js';

/** 404 for a case id nobody knows (or that the public may not see). */
export const caseNotFound = (): DomainError => new DomainError('CASE_NOT_FOUND', 404);

/**
 * Loads a case for a staff action: 404 if missing, then authorise `action` on the case's division
 * (an officer of another county learns nothing beyond 403), then, when given, check the version
 * the caller edited (409 VERSION_CONFLICT).
 */
export async function loadCaseFor(
  principal: Principal | undefined,
  action: Action,
  caseId: string,
  expectedVersion?: number,
): Promise<{ actor: Principal; item: CaseItem }> {
  authorize(principal, action);
  const item = await findCaseItem(caseId);
  if (!item) throw caseNotFound();
  const actor = authorize(principal, action, { division: item.division });
  if (expectedVersion !== undefined && item.version !== expectedVersion) throw versionConflict(item.version);
  return { actor, item };
}

/** A case's place: the division where the story happened and the county it belongs to, with names. */
export interface CasePlace {
  readonly division: string;
  readonly divisionName: string;
  readonly county: string;
  readonly countyName: string;
}

/**
 * Resolves where a case happened: the division must be a county or lie below one (400
 * DIVISION_LEVEL_INVALID for a province or city) and exist in the reference data (404
 * DIVISION_NOT_FOUND). One BatchGet reads the division and its county together.
 */
export async function resolvePlace(division: string): Promise<CasePlace> {
  const level = divisionLevel(division);
  if (level === 'province' || level === 'city') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county/township/village' });
  const county = countyOfDivision(division);
  const found = await findDivisions(new Set([division, county]));
  const place = found.get(division);
  if (!place) throw divisionNotFound(division);
  return { division, divisionName: place.name, county, countyName: found.get(county)?.name ?? county };
}
