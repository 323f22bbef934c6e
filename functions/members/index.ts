import { createDomainHandler } from '../../shared/http/chassis.js';
import { changeMember } from './change-member.js';
import { enrolMember } from './enrol-member.js';
import { listMembers } from './list-members.js';

/** Lambda entry of the `members` function (see shared/http/routes.ts). */
export const handler = createDomainHandler('members', {
  'GET /api/branches/{branchId}/members': listMembers,
  'POST /api/branches/{branchId}/members': enrolMember,
  'PATCH /api/branches/{branchId}/members/{memberId}': changeMember,
});
