import * as z from 'zod/mini';
import { browseDivisions } from '../../shared/divisions/browse-divisions.js';
import { divisionCodeSchema } from '../../shared/divisions/division-code.js';
import { defineOperation } from '../../shared/http/chassis.js';

/**
 * GET /api/divisions?parent=CODE: public reference data, so clients and CloudFront may cache it
 * for five minutes.
 */
export const listChildDivisions = defineOperation({
  input: z.object({ query: z.object({ parent: z.optional(divisionCodeSchema) }) }),
  handle: async ({ query }) => ({
    body: await browseDivisions(query.parent),
    headers: { 'cache-control': 'public, max-age=300' },
  }),
});
