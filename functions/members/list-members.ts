import * as z from 'zod/mini';
import { defineOperation } from '../../shared/http/chassis.js';
import { listMembers as listRoll } from '../../shared/members/list-members.js';
import { ulidSchema } from '../../shared/http/common-inputs.js';
import { memberStatuses } from '../../shared/members/member.js';

/** GET /api/branches/{branchId}/members?status=: the roll, masked, with the active counts. */
export const listMembers = defineOperation({
  input: z.object({
    path: z.object({ branchId: ulidSchema }),
    query: z.object({ status: z.optional(z.enum(memberStatuses)) }),
  }),
  handle: async ({ path, query }, { principal }) => ({ body: await listRoll(principal, path.branchId, query.status) }),
});
