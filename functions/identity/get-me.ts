import * as z from 'zod/mini';
import { defineOperation } from '../../shared/http/chassis.js';
import { describeMe } from '../../shared/identity/describe-me.js';

/** GET /api/me: the portal shell's data for the signed-in user. */
export const getMe = defineOperation({
  input: z.object({}),
  handle: async (_input, { principal }) => ({ body: await describeMe(principal) }),
});
