import { createDomainHandler } from '../../shared/http/chassis.js';
import { findPublicBranchesOperation, listUncoveredOperation, setTargetsOperation, viewCoverageOperation } from './operations.js';

/** Lambda entry of the `coverage` function: read models without personal data, and targets. */
export const handler = createDomainHandler('coverage', {
  'GET /api/coverage': viewCoverageOperation,
  'GET /api/coverage/uncovered': listUncoveredOperation,
  'PUT /api/coverage/{county}/targets': setTargetsOperation,
  'GET /api/public/branches': findPublicBranchesOperation,
});
