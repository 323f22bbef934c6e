import { createDomainHandler } from '../../shared/http/chassis.js';
import { getMe } from './get-me.js';

/** Lambda entry of the `identity` function (see shared/http/routes.ts). */
export const handler = createDomainHandler('identity', {
  'GET /api/me': getMe,
});
