import * as z from 'zod/mini';
import { branchFieldsSchema, branchStatuses, branchTypes } from '../../shared/branches/branch.js';
import { editBranch, branchEditSchema } from '../../shared/branches/edit-branch.js';
import { branchHistory, getBranch, listBranches } from '../../shared/branches/read-branches.js';
import { proposeBranch } from '../../shared/branches/register-branch.js';
import { approvalSchema, approveBranch, closureSchema, dissolveBranch, rejectBranch } from '../../shared/branches/review-branch.js';
import { divisionCodeSchema } from '../../shared/divisions/division-code.js';
import { defineOperation } from '../../shared/http/chassis.js';
import { idempotencyHeaders, ulidSchema } from '../../shared/http/common-inputs.js';

const branchPath = z.object({ branchId: ulidSchema });

/** GET /api/branches */
export const listBranchesOperation = defineOperation({
  input: z.object({
    query: z.object({
      county: z.optional(divisionCodeSchema),
      division: z.optional(divisionCodeSchema),
      type: z.optional(z.enum(branchTypes)),
      status: z.optional(z.enum(branchStatuses)),
      q: z.optional(z.string().check(z.maxLength(80))),
    }),
  }),
  handle: async ({ query }, { principal }) => ({ body: await listBranches(principal, query) }),
});

/** POST /api/branches */
export const proposeBranchOperation = defineOperation({
  input: z.object({ headers: idempotencyHeaders, body: branchFieldsSchema }),
  handle: async ({ headers, body }, { principal }) => proposeBranch(principal, body, headers['idempotency-key']),
});

/** GET /api/branches/{branchId} */
export const getBranchOperation = defineOperation({
  input: z.object({ path: branchPath }),
  handle: async ({ path }, { principal }) => ({ body: await getBranch(principal, path.branchId) }),
});

/** PATCH /api/branches/{branchId} */
export const editBranchOperation = defineOperation({
  input: z.object({ path: branchPath, body: branchEditSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await editBranch(principal, path.branchId, body) }),
});

/** POST /api/branches/{branchId}/approve */
export const approveBranchOperation = defineOperation({
  input: z.object({ path: branchPath, body: approvalSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await approveBranch(principal, path.branchId, body.expectedVersion) }),
});

/** POST /api/branches/{branchId}/reject */
export const rejectBranchOperation = defineOperation({
  input: z.object({ path: branchPath, body: closureSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await rejectBranch(principal, path.branchId, body.expectedVersion, body.reason) }),
});

/** POST /api/branches/{branchId}/dissolve */
export const dissolveBranchOperation = defineOperation({
  input: z.object({ path: branchPath, body: closureSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await dissolveBranch(principal, path.branchId, body.expectedVersion, body.reason) }),
});

/** GET /api/branches/{branchId}/history */
export const branchHistoryOperation = defineOperation({
  input: z.object({ path: branchPath }),
  handle: async ({ path }, { principal }) => ({ body: await branchHistory(principal, path.branchId) }),
});
