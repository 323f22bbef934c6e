import * as z from 'zod/mini';
import { readAuditLog } from '../../shared/audit/audit-log.js';
import { readStandards, saveStandards, standardsInputSchema } from '../../shared/branches/branch-standards.js';
import { divisionCodeSchema } from '../../shared/divisions/division-code.js';
import { defineOperation } from '../../shared/http/chassis.js';

/** GET /api/branch-standards */
export const readStandardsOperation = defineOperation({
  input: z.object({}),
  handle: async (_input, { principal }) => ({ body: await readStandards(principal) }),
});

/** PUT /api/branch-standards */
export const saveStandardsOperation = defineOperation({
  input: z.object({ body: standardsInputSchema }),
  handle: async ({ body }, { principal }) => ({ body: await saveStandards(principal, body.items) }),
});

/** GET /api/audit: a county's (or the caller's own scope's) audit entries, newest first. */
export const listAuditOperation = defineOperation({
  input: z.object({
    query: z.object({
      division: z.optional(divisionCodeSchema),
      limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))),
      cursor: z.optional(z.string().check(z.maxLength(2000))),
    }),
  }),
  handle: async ({ query }, { principal }) => ({ body: await readAuditLog(principal, query) }),
});
