import * as z from 'zod/mini';
import { defineOperation } from '../../shared/http/chassis.js';
import { changeMember as change } from '../../shared/members/change-member.js';
import { ulidSchema } from '../../shared/http/common-inputs.js';
import { memberChangeSchema } from '../../shared/members/member.js';

/** PATCH /api/branches/{branchId}/members/{memberId}: dues or leaving, at `expectedVersion`. */
export const changeMember = defineOperation({
  input: z.object({
    path: z.object({ branchId: ulidSchema, memberId: ulidSchema }),
    body: memberChangeSchema,
  }),
  handle: async ({ path, body }, { principal }) => ({
    body: await change(principal, { branchId: path.branchId, memberId: path.memberId, change: body }),
  }),
});
