import * as z from 'zod/mini';
import { defineOperation } from '../../shared/http/chassis.js';
import { enrolMember as enrol } from '../../shared/members/enrol-member.js';
import { idempotencyHeaders, ulidSchema } from '../../shared/http/common-inputs.js';
import { enrolmentSchema } from '../../shared/members/member.js';

/** POST /api/branches/{branchId}/members: enrol with consent; `Idempotency-Key` makes retries safe. */
export const enrolMember = defineOperation({
  input: z.object({
    headers: idempotencyHeaders,
    path: z.object({ branchId: ulidSchema }),
    body: enrolmentSchema,
  }),
  handle: async ({ headers, path, body }, { principal }) =>
    enrol(principal, { branchId: path.branchId, enrolment: body, idempotencyKey: headers['idempotency-key'] }),
});
