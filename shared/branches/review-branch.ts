import * as z from 'zod/mini';
import { auditItem } from '../audit/audit-log.js';
import { type Action, authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { releaseSeat, tallyUpdates } from '../coverage/coverage-changes.js';
import { type TransactItem, TransactionConflict, transactWrite, withOptimisticRetry } from '../data/transaction.js';
import { DomainError, notFound, versionConflict } from '../errors.js';
import type { Branch, BranchStatus } from './branch.js';
import { activationItems } from './branch-activation.js';
import { type Actor, type BranchItem, findBranchItem, putBranchVersion, replaceBranch, toBranch } from './branch-repository.js';
import { branchChanges, holdsSeat, releaseName } from './branch-rules.js';

/** Body of approve: the version the officer looked at. */
export const approvalSchema = z.object({ expectedVersion: z.int().check(z.gte(1)) });
/** Body of reject and dissolve: the version looked at and a reason for the record. */
export const closureSchema = z.object({
  expectedVersion: z.int().check(z.gte(1)),
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
});

/**
 * Loads a branch for a state change: 404 if missing, then authorise `action` on its division
 * (so an officer of another county learns nothing beyond 403), then check status and version.
 */
export async function loadForChange(
  principal: Principal | undefined,
  action: Action,
  branchId: string,
  expectedVersion: number,
  allowed: readonly BranchStatus[],
): Promise<{ actor: Principal; item: BranchItem }> {
  const item = await findBranchItem(branchId);
  if (!item) throw notFound('BRANCH_NOT_FOUND');
  const actor = authorize(principal, action, { division: item.division });
  if (!allowed.includes(item.status)) throw new DomainError('BRANCH_STATE_INVALID', 409, { status: item.status });
  if (item.version !== expectedVersion) throw versionConflict(item.version);
  return { actor, item };
}

/**
 * The county approves a proposal: the branch becomes active and counts.
 *
 * Steps: load, authorise `branch:approve`, require `proposed` at the expected version; for a
 * territorial branch read who serves the division now; in ONE transaction save the branch as
 * active (version + 1), mark the division covered by it, end a serving commissioner's appointment
 * (reason `branchFounded`, the seat passes to the branch, coverage unchanged) or else count the
 * division as newly covered, add the branch to its type's tallies, write history and audit. A
 * concurrent change of the division's coverage re-runs the whole step.
 */
export async function approveBranch(principal: Principal | undefined, branchId: string, expectedVersion: number): Promise<Branch> {
  return withOptimisticRetry(async () => {
    const { actor, item } = await loadForChange(principal, 'branch:approve', branchId, expectedVersion, ['proposed']);
    const at = new Date().toISOString();
    const by: Actor = { userId: actor.userId, name: actor.name };
    const next: BranchItem = { ...item, status: 'active', approvedBy: by, approvedAt: at, version: item.version + 1, updatedAt: at };
    const items: TransactItem[] = [replaceBranch(next, item.version), ...(await activationItems(next, actor, at))];
    items.push(
      putBranchVersion(branchId, { version: next.version, action: 'approved', actor: by, at, changes: branchChanges(item, next) }),
      auditItem({ actor, action: 'branch.approve', entity: 'Branch', entityId: branchId, division: item.division, before: { status: item.status, version: item.version }, after: { status: next.status, version: next.version } }, at),
    );
    await transactOrConflict(items, branchId);
    return toBranch(next);
  });
}

/**
 * The county rejects a proposal with a reason: the branch is kept (status `rejected`) for the
 * record and its seat is released so another proposal can be made. Steps mirror approval.
 */
export async function rejectBranch(principal: Principal | undefined, branchId: string, expectedVersion: number, reason: string): Promise<Branch> {
  return closeBranch(principal, branchId, expectedVersion, reason, 'reject');
}

/**
 * The county dissolves an active branch with a reason. In one transaction: the branch becomes
 * `dissolved`, its seat and coverage are released, its type's tallies drop, history and audit
 * are written. A dissolved branch no longer counts anywhere.
 */
export async function dissolveBranch(principal: Principal | undefined, branchId: string, expectedVersion: number, reason: string): Promise<Branch> {
  return closeBranch(principal, branchId, expectedVersion, reason, 'dissolve');
}

async function closeBranch(
  principal: Principal | undefined,
  branchId: string,
  expectedVersion: number,
  reason: string,
  how: 'reject' | 'dissolve',
): Promise<Branch> {
  return withOptimisticRetry(() => closeOnce(principal, branchId, expectedVersion, reason, how));
}

async function closeOnce(
  principal: Principal | undefined,
  branchId: string,
  expectedVersion: number,
  reason: string,
  how: 'reject' | 'dissolve',
): Promise<Branch> {
  const { actor, item } = await loadForChange(
    principal,
    how === 'reject' ? 'branch:approve' : 'branch:dissolve',
    branchId,
    expectedVersion,
    how === 'reject' ? ['proposed'] : ['active'],
  );
  const at = new Date().toISOString();
  const by: Actor = { userId: actor.userId, name: actor.name };
  const next: BranchItem = {
    ...item,
    status: how === 'reject' ? 'rejected' : 'dissolved',
    closedReason: reason,
    closedBy: by,
    closedAt: at,
    version: item.version + 1,
    updatedAt: at,
  };
  const wasActive = item.status === 'active';
  const items: TransactItem[] = [replaceBranch(next, item.version)];
  items.push(holdsSeat(item.type) ? releaseSeat(item.division, branchId, wasActive) : releaseName(item.division, item.name, branchId));
  if (wasActive) items.push(...tallyUpdates(item.division, { covered: holdsSeat(item.type) ? -1 : 0, branches: { [item.type]: -1 } }));
  items.push(
    putBranchVersion(branchId, { version: next.version, action: how === 'reject' ? 'rejected' : 'dissolved', actor: by, at, changes: branchChanges(item, next), reason }),
    auditItem({ actor, action: `branch.${how}`, entity: 'Branch', entityId: branchId, division: item.division, before: { status: item.status, version: item.version }, after: { status: next.status, version: next.version, reason } }, at),
  );
  await transactOrConflict(items, branchId);
  return toBranch(next);
}

/**
 * Runs a branch transaction whose first item is the branch itself: if that item's condition
 * fails, someone saved in between — re-read and report the version now stored (409).
 */
export async function transactOrConflict(items: readonly TransactItem[], branchId: string): Promise<void> {
  try {
    await transactWrite(items);
  } catch (error) {
    if (error instanceof TransactionConflict && error.failedIndexes.includes(0)) {
      const now = await findBranchItem(branchId);
      // Same version means only the member-roll counters moved: retry the whole step.
      if (now && now.version === (items[0]?.Put?.ExpressionAttributeValues?.[':expected'] as number | undefined)) throw error;
      throw versionConflict(now?.version ?? 0);
    }
    throw error;
  }
}
