import { auditItem } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { type TransactItem, TransactionConflict, transactWrite } from '../data/transaction.js';
import { DomainError, notFound, validationFailed, versionConflict } from '../errors.js';
import { auditedMember } from './enrol-member.js';
import type { Member, MemberChange } from './member.js';
import {
  adjustRoll,
  findMemberItem,
  findRollBranch,
  releasePhone,
  rollOpenCheck,
  toMember,
  updateActiveMember,
} from './member-repository.js';
import { authorisedRollBranch, shanghaiToday } from './member-roll.js';

/** A member change as the API received it. */
export interface ChangeRequest {
  readonly branchId: string;
  readonly memberId: string;
  readonly change: MemberChange;
}

/**
 * Record a member's dues or their leaving (退会).
 *
 * Steps: authorise `member:manage` on the branch's division (roll must be open); read the member
 * (404 MEMBER_NOT_FOUND); a member who left → 409 MEMBER_STATE_INVALID; `expectedVersion` not the
 * stored one → 409 VERSION_CONFLICT; leaving defaults `leftOn` to today (Asia/Shanghai) and refuses
 * a date before joining or in the future (400). Then ONE transaction: the member update (version
 * and status conditions), and when leaving `ADD -1` to the branch's roll counter and the release of
 * the phone claim (so the person may join again), otherwise a condition check that the roll is
 * still open; plus the audit entry with masked before/after. A lost race is re-read and answered
 * with the precise 409.
 */
export async function changeMember(principal: Principal | undefined, request: ChangeRequest): Promise<Member> {
  const { branchId, memberId, change } = request;
  const { actor, branch } = await authorisedRollBranch(principal, 'member:manage', branchId);
  const stored = await findMemberItem(branchId, memberId);
  if (!stored) throw notFound('MEMBER_NOT_FOUND');
  if (stored.status !== 'active') throw new DomainError('MEMBER_STATE_INVALID', 409);
  if (stored.version !== change.expectedVersion) throw versionConflict(stored.version);

  const now = new Date().toISOString();
  const leaving = change.status === 'left';
  const changes: Record<string, string | number> = { updatedAt: now };
  if (change.duesStatus !== undefined) changes.duesStatus = change.duesStatus;
  if (change.duesPaidThrough !== undefined) changes.duesPaidThrough = change.duesPaidThrough;
  if (leaving) {
    const leftOn = change.leftOn ?? shanghaiToday();
    if (leftOn < stored.joinedOn || leftOn > shanghaiToday()) {
      throw validationFailed([{ field: 'body.leftOn', issue: 'out_of_range', detail: 'must be between joinedOn and today' }]);
    }
    changes.status = 'left';
    changes.leftOn = leftOn;
  }

  const before = toMember(stored as unknown as Record<string, unknown>);
  const { updatedAt: _updatedAt, ...applied } = changes;
  const after: Member = { ...before, ...applied, version: stored.version + 1 } as Member;
  const changed = Object.keys(applied);
  const pick = (member: Member) =>
    Object.fromEntries(Object.entries(auditedMember(member)).filter(([field]) => changed.includes(field)));

  const items: TransactItem[] = [updateActiveMember(branchId, memberId, stored.version, changes)];
  if (leaving) {
    items.push(adjustRoll(branchId, stored.kind, -1));
    if (stored.phoneHash) items.push(releasePhone(branchId, stored.phoneHash, memberId));
  } else {
    items.push(rollOpenCheck(branchId));
  }
  items.push(
    auditItem(
      {
        actor,
        action: leaving ? 'member.leave' : 'member.dues',
        entity: 'Member',
        entityId: memberId,
        division: branch.division,
        before: { branchId, ...pick(before) },
        after: { branchId, ...pick(after) },
      },
      now,
    ),
  );
  try {
    await transactWrite(items);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    if (error.failedIndexes.includes(0)) {
      const current = await findMemberItem(branchId, memberId);
      if (!current) throw notFound('MEMBER_NOT_FOUND');
      if (current.status !== 'active') throw new DomainError('MEMBER_STATE_INVALID', 409);
      throw versionConflict(current.version);
    }
    if (error.failedIndexes.includes(1)) {
      const current = await findRollBranch(branchId);
      if (!current) throw notFound('BRANCH_NOT_FOUND');
      throw new DomainError('BRANCH_STATE_INVALID', 409, { status: current.status });
    }
    throw error;
  }
  return after;
}
