import { type Action, authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound } from '../errors.js';
import { findRollBranch, type RollBranch, rollOpenStatuses } from './member-repository.js';

/**
 * The branch whose roll a use case works on, with the caller authorised for it.
 *
 * Steps: authorise the role for `action` first (a caller without it learns nothing, not even
 * whether the branch exists); read the branch → 404 BRANCH_NOT_FOUND; authorise the branch's
 * division against the caller's scope → 403 OUT_OF_SCOPE; for writes, a branch that is neither
 * proposed nor active → 409 BRANCH_STATE_INVALID (unless `requireOpenRoll: false`: enrolment checks
 * it after its idempotency replay, so a retried enrolment still gets its first answer).
 */
export async function authorisedRollBranch(
  principal: Principal | undefined,
  action: Extract<Action, 'member:read' | 'member:manage'>,
  branchId: string,
  options: { requireOpenRoll?: boolean } = {},
): Promise<{ actor: Principal; branch: RollBranch }> {
  authorize(principal, action);
  const branch = await findRollBranch(branchId);
  if (!branch) throw notFound('BRANCH_NOT_FOUND');
  const actor = authorize(principal, action, { division: branch.division });
  if (action === 'member:manage' && options.requireOpenRoll !== false && !rollOpenStatuses.includes(branch.status)) {
    throw new DomainError('BRANCH_STATE_INVALID', 409, { status: branch.status });
  }
  return { actor, branch };
}

/** Today's calendar date in Asia/Shanghai (`YYYY-MM-DD`), the day staff mean by "today". */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
