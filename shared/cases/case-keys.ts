/**
 * Keys of the TypicalCase entity and its public listing entries (docs/data-model.md).
 *
 * - `CASE#<caseId>` / `#CASE`: the case (current state, photos inline). GSI1 `CASES#<county>` /
 *   `<caseId>` lists a county's cases for staff, newest first (a ULID sorts by creation time).
 * - `PUBLISHED_CASES#<prefix>` / `<publishedAt>#<caseId>`: one PublishedCaseEntry per level while a
 *   case is published — province (`42`), city (`4211`) and county (`421123`) — so "published cases
 *   in a province, city or county, newest first" is one Query of one partition, paged with
 *   `LastEvaluatedKey`, and a county's published cases can be counted with a key condition only.
 *   Publishing puts the three entries and withdrawing deletes them, in the case's own transaction.
 */
import { divisionPrefix } from '../divisions/division-code.js';

export const caseKeys = {
  partition: (caseId: string) => `CASE#${caseId}`,
  self: '#CASE',
  /** GSI1 partition of a county's cases. */
  byCounty: (county: string) => `CASES#${county}`,
  /** GSI1 sort key: the ULID, so the newest case sorts last (read backwards). */
  byCountySort: (caseId: string) => caseId,
} as const;

export const publishedCaseKeys = {
  /** Partition of a province's, city's or county's published cases, by the division's code prefix. */
  partition: (prefix: string) => `PUBLISHED_CASES#${prefix}`,
  sort: (publishedAt: string, caseId: string) => `${publishedAt}#${caseId}`,
} as const;

/** The 12-digit code of the county a division belongs to. */
export function countyOfDivision(division: string): string {
  return `${division.slice(0, 6)}000000`;
}

/**
 * Listing partitions a published case of `county` appears in: its province's, its city's and its
 * own. (Hubei's directly administered county-level cities, e.g. 仙桃市 429004, sit under the
 * `4290` pseudo-city, which the division browser shows as a city too.)
 */
export function listingPrefixes(county: string): [string, string, string] {
  return [county.slice(0, 2), county.slice(0, 4), divisionPrefix(county)];
}
