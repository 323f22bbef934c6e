import { ulid } from 'ulid';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { claimSeat } from '../coverage/coverage-changes.js';
import { type StoredResponse, idempotent } from '../data/idempotency.js';
import { type TransactItem, TransactionConflict, transactWrite } from '../data/transaction.js';
import { DomainError } from '../errors.js';
import type { Branch, BranchFields } from './branch.js';
import { newBranchItem } from './branch-activation.js';
import { putBranchVersion, putNewBranch, toBranch } from './branch-repository.js';
import { branchChanges, checkPlacement, checkStandards, claimName, holdsSeat, sealLeadership } from './branch-rules.js';

/**
 * Registers a proposed branch (county staff, or a township's branch staff inside their township).
 *
 * Steps: authorise `branch:propose` on the branch's division; check the type fits the division and
 * the checklist answers fit the province's checklist; seal leaders' phones; in ONE transaction
 * put the branch (status `proposed`, version 1), claim the division's seat for a territorial type
 * (409 BRANCH_SEAT_TAKEN if another branch holds it), write history entry 1 and the audit entry,
 * and remember the answer under the caller's Idempotency-Key so a retry returns the same branch.
 */
export async function proposeBranch(
  principal: Principal | undefined,
  fields: BranchFields,
  idempotencyKey: string | undefined,
): Promise<StoredResponse<Branch>> {
  const actor = authorize(principal, 'branch:propose', { division: fields.division });
  return idempotent<Branch>({ callerId: actor.userId, key: idempotencyKey, payload: fields }, async (record) => {
    const division = await checkPlacement(fields.type, fields.division);
    await checkStandards(fields.standards);
    const branchId = ulid();
    const { leadership, contactsSealed } = await sealLeadership(fields.leadership, branchId);
    const at = new Date().toISOString();
    const item = newBranchItem({
      branchId,
      fields,
      divisionName: division.name,
      status: 'proposed',
      by: { userId: actor.userId, name: actor.name },
      at,
      leadership,
      ...(contactsSealed ? { contactsSealed } : {}),
    });
    const branch = toBranch(item);
    const response = { status: 201, body: branch };
    const items: TransactItem[] = [putNewBranch(item)];
    const seatIndex = holdsSeat(fields.type) ? items.push(claimSeat(fields.division, branchId)) - 1 : -1;
    const nameIndex = holdsSeat(fields.type) ? -1 : items.push(claimName(fields.division, fields.name, branchId)) - 1;
    items.push(
      putBranchVersion(branchId, { version: 1, action: 'proposed', actor: item.proposedBy, at, changes: branchChanges(undefined, item) }),
      auditItem({ actor, action: 'branch.propose', entity: 'Branch', entityId: branchId, division: fields.division, after: branch as unknown as Record<string, unknown> }, at),
    );
    const recordIndex = idempotencyKey ? items.push(record(response)) - 1 : -1;
    try {
      await transactWrite(items);
    } catch (error) {
      // A concurrent twin with the same key committed first (its record exists, and it took the
      // seat): let `idempotent` answer with the twin's branch rather than BRANCH_SEAT_TAKEN.
      if (error instanceof TransactionConflict && error.failedIndexes.includes(recordIndex)) throw error;
      if (error instanceof TransactionConflict && error.failedIndexes.includes(seatIndex)) throw new DomainError('BRANCH_SEAT_TAKEN', 409);
      if (error instanceof TransactionConflict && error.failedIndexes.includes(nameIndex)) throw new DomainError('BRANCH_DUPLICATE', 409);
      throw error;
    }
    return response;
  });
}
