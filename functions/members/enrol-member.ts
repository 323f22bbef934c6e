import * as z from 'zod/mini';
import { isValidIdempotencyKey } from '../../shared/data/idempotency.js';
import { defineOperation } from '../../shared/http/chassis.js';
import { enrolMember as enrol } from '../../shared/members/enrol-member.js';
import { enrolmentSchema, ulidSchema } from '../../shared/members/member.js';

/** POST /api/branches/{branchId}/members: enrol with consent; `Idempotency-Key` makes retries safe. */
export const enrolMember = defineOperation({
  input: z.object({
    headers: z.object({ 'idempotency-key': z.optional(z.string().check(z.refine(isValidIdempotencyKey, 'must be 8-100 visible ASCII characters'))) }),
    path: z.object({ branchId: ulidSchema }),
    body: enrolmentSchema,
  }),
  handle: async ({ headers, path, body }, { principal }) =>
    enrol(principal, { branchId: path.branchId, enrolment: body, idempotencyKey: headers['idempotency-key'] }),
});
