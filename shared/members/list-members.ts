import type { Principal } from '../auth/principal.js';
import type { MemberRoll, MemberStatus } from './member.js';
import { queryMembers } from './member-repository.js';
import { authorisedRollBranch } from './member-roll.js';

/**
 * A branch's member roll, masked.
 *
 * Steps: authorise `member:read` on the branch's division (see `authorisedRollBranch`; reading a
 * frozen roll is fine); Query the branch partition for members (optionally by status), without
 * their sealed data; counts are the branch's active-roll counters.
 */
export async function listMembers(principal: Principal | undefined, branchId: string, status?: MemberStatus): Promise<MemberRoll> {
  const { branch } = await authorisedRollBranch(principal, 'member:read', branchId);
  const items = await queryMembers(branchId, status);
  return { branchId, counts: { individual: branch.memberRollIndividual, group: branch.memberRollGroup }, items };
}
