import * as z from 'zod/mini';
import { findPublicBranches } from '../../shared/branches/find-public-branches.js';
import { listUncovered, setTargets, targetsSchema, viewCoverage } from '../../shared/coverage/coverage-view.js';
import { divisionCodeSchema } from '../../shared/divisions/division-code.js';
import { defineOperation } from '../../shared/http/chassis.js';

/** GET /api/coverage */
export const viewCoverageOperation = defineOperation({
  input: z.object({ query: z.object({ division: z.optional(divisionCodeSchema) }) }),
  handle: async ({ query }, { principal }) => ({ body: await viewCoverage(principal, query.division) }),
});

/** GET /api/coverage/uncovered */
export const listUncoveredOperation = defineOperation({
  input: z.object({ query: z.object({ division: divisionCodeSchema }) }),
  handle: async ({ query }, { principal }) => ({ body: await listUncovered(principal, query.division) }),
});

/** PUT /api/coverage/{county}/targets */
export const setTargetsOperation = defineOperation({
  input: z.object({ path: z.object({ county: divisionCodeSchema }), body: targetsSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await setTargets(principal, path.county, body) }),
});

/** GET /api/public/branches: public, cacheable for five minutes like reference data. */
export const findPublicBranchesOperation = defineOperation({
  input: z.object({ query: z.object({ division: divisionCodeSchema }) }),
  handle: async ({ query }) => ({ body: await findPublicBranches(query.division), headers: { 'cache-control': 'public, max-age=300' } }),
});
