import * as z from 'zod/mini';
import { appointmentSchema, commissionerStatuses } from '../../shared/commissioners/commissioner.js';
import { appointCommissioner, endCommissioner, endingSchema, replaceCommissioner, replacementSchema } from '../../shared/commissioners/manage-commissioners.js';
import { getCommissioner, listCommissioners } from '../../shared/commissioners/read-commissioners.js';
import { divisionCodeSchema } from '../../shared/divisions/division-code.js';
import { defineOperation } from '../../shared/http/chassis.js';
import { idempotencyHeaders, ulidSchema } from '../../shared/http/common-inputs.js';

const commissionerPath = z.object({ commissionerId: ulidSchema });

/** GET /api/commissioners */
export const listCommissionersOperation = defineOperation({
  input: z.object({
    query: z.object({
      county: z.optional(divisionCodeSchema),
      division: z.optional(divisionCodeSchema),
      status: z.optional(z.enum(commissionerStatuses)),
    }),
  }),
  handle: async ({ query }, { principal }) => ({ body: await listCommissioners(principal, query) }),
});

/** POST /api/commissioners */
export const appointCommissionerOperation = defineOperation({
  input: z.object({ headers: idempotencyHeaders, body: appointmentSchema }),
  handle: async ({ headers, body }, { principal }) => appointCommissioner(principal, body, headers['idempotency-key']),
});

/** GET /api/commissioners/{commissionerId} */
export const getCommissionerOperation = defineOperation({
  input: z.object({ path: commissionerPath }),
  handle: async ({ path }, { principal }) => ({ body: await getCommissioner(principal, path.commissionerId) }),
});

/** POST /api/commissioners/{commissionerId}/replace */
export const replaceCommissionerOperation = defineOperation({
  input: z.object({ path: commissionerPath, body: replacementSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await replaceCommissioner(principal, path.commissionerId, body) }),
});

/** POST /api/commissioners/{commissionerId}/end */
export const endCommissionerOperation = defineOperation({
  input: z.object({ path: commissionerPath, body: endingSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await endCommissioner(principal, path.commissionerId, body) }),
});
