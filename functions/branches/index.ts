import { createDomainHandler } from '../../shared/http/chassis.js';
import { listAuditOperation, readStandardsOperation, saveStandardsOperation } from './admin-operations.js';
import {
  approveBranchOperation,
  branchHistoryOperation,
  dissolveBranchOperation,
  editBranchOperation,
  getBranchOperation,
  listBranchesOperation,
  proposeBranchOperation,
  rejectBranchOperation,
} from './branch-operations.js';
import {
  appointCommissionerOperation,
  endCommissionerOperation,
  getCommissionerOperation,
  listCommissionersOperation,
  replaceCommissionerOperation,
} from './commissioner-operations.js';
import { importBranchesOperation, importCommissionersOperation } from './import-operations.js';

/** Lambda entry of the `branches` function (see shared/http/routes.ts). */
export const handler = createDomainHandler('branches', {
  'GET /api/branches': listBranchesOperation,
  'POST /api/branches': proposeBranchOperation,
  'POST /api/branches/import': importBranchesOperation,
  'GET /api/branches/{branchId}': getBranchOperation,
  'PATCH /api/branches/{branchId}': editBranchOperation,
  'POST /api/branches/{branchId}/approve': approveBranchOperation,
  'POST /api/branches/{branchId}/reject': rejectBranchOperation,
  'POST /api/branches/{branchId}/dissolve': dissolveBranchOperation,
  'GET /api/branches/{branchId}/history': branchHistoryOperation,
  'GET /api/branch-standards': readStandardsOperation,
  'PUT /api/branch-standards': saveStandardsOperation,
  'GET /api/commissioners': listCommissionersOperation,
  'POST /api/commissioners': appointCommissionerOperation,
  'POST /api/commissioners/import': importCommissionersOperation,
  'GET /api/commissioners/{commissionerId}': getCommissionerOperation,
  'POST /api/commissioners/{commissionerId}/replace': replaceCommissionerOperation,
  'POST /api/commissioners/{commissionerId}/end': endCommissionerOperation,
  'GET /api/audit': listAuditOperation,
});
