import * as z from 'zod/mini';
import { importBranches, importSchema } from '../../shared/imports/import-branches.js';
import { importCommissioners } from '../../shared/imports/import-commissioners.js';
import { defineOperation } from '../../shared/http/chassis.js';

const dryRunQuery = z.object({ dryRun: z.optional(z.enum(['true', 'false'])) });

/** POST /api/branches/import */
export const importBranchesOperation = defineOperation({
  input: z.object({ query: dryRunQuery, body: importSchema }),
  handle: async ({ query, body }, { principal, language }) => ({
    body: await importBranches(principal, body.csv, query.dryRun === 'true', language),
  }),
});

/** POST /api/commissioners/import */
export const importCommissionersOperation = defineOperation({
  input: z.object({ query: dryRunQuery, body: importSchema }),
  handle: async ({ query, body }, { principal, language }) => ({
    body: await importCommissioners(principal, body.csv, query.dryRun === 'true', language),
  }),
});
