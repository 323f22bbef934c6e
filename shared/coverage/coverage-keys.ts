/**
 * Keys of the coverage aggregates (docs/data-model.md, "Coverage"). Coverage is maintained by the
 * writes that change it, inside their own transactions, so reads never count anything:
 *
 * - `COVERAGE#<parent>` / `DIVISION#<code>`: DivisionCoverage of a township (parent = its county)
 *   or village (parent = its township): which territorial branch holds the division's seat
 *   (`seatBranchId`, proposed or active), which active branch covers it (`branchId`), which
 *   commissioner serves it (`commissionerId`). A township's or county's children are one Query.
 * - `COVERAGE#<county>` / `#TALLY`: CoverageTally of the county (townships and villages covered,
 *   commissioners, active branches by type, targets); GSI1 `COVERAGE_TALLY` / `<county>` lists
 *   all 105 county tallies in one Query for the city and province roll-ups.
 * - `COVERAGE#<county>` / `TALLY#<township>`: CoverageTally of a township.
 */
export const coverageKeys = {
  partition: (parent: string) => `COVERAGE#${parent}`,
  division: (code: string) => `DIVISION#${code}`,
  divisionPrefix: 'DIVISION#',
  countyTally: '#TALLY',
  townshipTally: (township: string) => `TALLY#${township}`,
  townshipTallyPrefix: 'TALLY#',
  /** GSI1 partition holding every county tally. */
  tallyIndex: 'COVERAGE_TALLY',
} as const;

/** Tally attribute holding the number of active branches of a type, e.g. `activeBranches_school`. */
export const branchCountAttribute = (type: string): string => `activeBranches_${type}`;
