import * as z from 'zod/mini';
import { defineOperation } from '../../shared/http/chassis.js';
import { checkHealth } from '../../shared/platform/check-health.js';

/** GET /api/health: 200 when the table answers, 503 otherwise (so probes see the failure). */
export const health = defineOperation({
  input: z.object({}),
  handle: async () => {
    const result = await checkHealth();
    return { status: result.status === 'ok' ? 200 : 503, body: result };
  },
});
