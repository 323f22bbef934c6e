import { createDomainHandler } from '../../shared/http/chassis.js';
import { health } from './health.js';

/** Lambda entry of the `platform` function (see shared/http/routes.ts). */
export const handler = createDomainHandler('platform', {
  'GET /api/health': health,
});
