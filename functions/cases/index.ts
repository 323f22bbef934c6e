import { createDomainHandler } from '../../shared/http/chassis.js';
import {
  addPhotoOperation,
  createCaseOperation,
  editCaseOperation,
  getCaseOperation,
  getPublicCaseOperation,
  listCasesOperation,
  listPublicCasesOperation,
  publishCaseOperation,
  removePhotoOperation,
  withdrawCaseOperation,
} from './operations.js';

/** Lambda entry of the `cases` function: typical cases (典型案例) for staff and the public. */
export const handler = createDomainHandler('cases', {
  'GET /api/cases': listCasesOperation,
  'POST /api/cases': createCaseOperation,
  'GET /api/cases/{caseId}': getCaseOperation,
  'PATCH /api/cases/{caseId}': editCaseOperation,
  'POST /api/cases/{caseId}/photos': addPhotoOperation,
  'DELETE /api/cases/{caseId}/photos/{photoId}': removePhotoOperation,
  'POST /api/cases/{caseId}/publish': publishCaseOperation,
  'POST /api/cases/{caseId}/unpublish': withdrawCaseOperation,
  'GET /api/public/cases': listPublicCasesOperation,
  'GET /api/public/cases/{caseId}': getPublicCaseOperation,
});
