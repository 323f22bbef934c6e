import { createDomainHandler } from '../../shared/http/chassis.js';
import { listChildDivisions } from './list-child-divisions.js';

/** Lambda entry of the `divisions` function (see shared/http/routes.ts). */
export const handler = createDomainHandler('divisions', {
  'GET /api/divisions': listChildDivisions,
});
