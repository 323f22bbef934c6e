/**
 * Keys of the Branch entity and of what lives in a branch's partition (DESIGN §4.4, docs/data-model.md).
 *
 * - `BRANCH#<id>` / `#BRANCH`: the branch (current state); GSI1 `BRANCHES#<county>` /
 *   `<division>#<id>` lists a county's branches, narrowed to a township or village by prefix.
 * - `BRANCH#<id>` / `VERSION#<000001>`: one history entry per change.
 * - `BRANCH#<id>` / `MEMBER#<id>`: the member roll (owned by `shared/members/`).
 * - `BRANCH#<id>` / `MEMBER_PHONE#<hash>`: one member per phone per branch.
 */
export const branchKeys = {
  partition: (branchId: string) => `BRANCH#${branchId}`,
  self: '#BRANCH',
  version: (version: number) => `VERSION#${String(version).padStart(6, '0')}`,
  versionPrefix: 'VERSION#',
  /** GSI1 partition of a county's branches. */
  byCounty: (county: string) => `BRANCHES#${county}`,
  /** GSI1 sort key: division first so a township's or village's branches are a prefix. */
  byCountySort: (division: string, branchId: string) => `${division}#${branchId}`,
} as const;

/** The 12-digit code of the county a division belongs to (the county Red Cross it reports to). */
export function countyOf(division: string): string {
  return `${division.slice(0, 6)}000000`;
}

/**
 * Keys of the BranchName claim: one item per school, hospital, enterprise, institution or other
 * branch that is proposed or active, so the same name cannot stand twice in one division, even
 * when two officers (or two imports) register it at the same moment. Territorial branches need
 * none: their division's seat already makes them unique.
 */
export const branchNameKeys = {
  partition: (county: string) => `BRANCHNAME#${county}`,
  sort: (division: string, name: string) => `${division}#${name.replace(/\s+/g, '')}`,
} as const;
