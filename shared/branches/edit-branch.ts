import * as z from 'zod/mini';
import { auditItem } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { TransactionConflict, withOptimisticRetry } from '../data/transaction.js';
import { DomainError } from '../errors.js';
import { type Branch, branchFieldsSchema } from './branch.js';
import { type BranchItem, putBranchVersion, replaceBranch, toBranch } from './branch-repository.js';
import { branchChanges, checkStandards, claimName, holdsSeat, releaseName, sameBranchKey, sealLeadership } from './branch-rules.js';
import { loadForChange, transactOrConflict } from './review-branch.js';

/** Body of PATCH /api/branches/{id}: the version edited plus any fields to change. */
export const branchEditSchema = z.extend(z.partial(branchFieldsSchema), { expectedVersion: z.int().check(z.gte(1)) });
/** Parsed {@link branchEditSchema}. */
export type BranchEdit = z.infer<typeof branchEditSchema>;

/**
 * The county edits a proposed or active branch.
 *
 * Steps: load, authorise `branch:edit`, require proposed/active at the expected version (409
 * VERSION_CONFLICT otherwise, so two officers editing at once cannot overwrite each other);
 * refuse changing the type or division (they decide coverage seats: reject or dissolve and
 * register anew instead); check checklist answers; re-seal leaders' phones when leadership
 * changes; save with version + 1 and a history entry listing each changed field, and audit it,
 * in one transaction. An edit that changes nothing writes nothing.
 */
export async function editBranch(principal: Principal | undefined, branchId: string, edit: BranchEdit): Promise<Branch> {
  return withOptimisticRetry(async () => {
    const { actor, item } = await loadForChange(principal, 'branch:edit', branchId, edit.expectedVersion, ['proposed', 'active']);
    for (const field of ['type', 'division'] as const) {
      if (edit[field] !== undefined && edit[field] !== item[field]) throw new DomainError('BRANCH_FIELD_FIXED', 422, { field });
    }
    await checkStandards(edit.standards);
    const sealed = edit.leadership !== undefined ? await sealLeadership(edit.leadership, branchId, item) : undefined;
    const at = new Date().toISOString();
    const { contactsSealed: _previousContacts, ...unsealed } = item;
    const changed: BranchItem = {
      ...(sealed ? unsealed : item),
      ...(edit.name !== undefined ? { name: edit.name } : {}),
      ...(edit.hostOrganisation !== undefined ? { hostOrganisation: edit.hostOrganisation } : {}),
      ...(edit.foundedOn !== undefined ? { foundedOn: edit.foundedOn } : {}),
      ...(sealed ? { leadership: sealed.leadership, ...(sealed.contactsSealed ? { contactsSealed: sealed.contactsSealed } : {}) } : {}),
      ...(edit.memberCount !== undefined ? { memberCount: edit.memberCount } : {}),
      ...(edit.volunteerCount !== undefined ? { volunteerCount: edit.volunteerCount } : {}),
      ...(edit.sites !== undefined ? { sites: edit.sites } : {}),
      ...(edit.standards !== undefined ? { standards: edit.standards } : {}),
    };
    const changes = branchChanges(item, changed);
    if (changes.length === 0) return toBranch(item);
    const next: BranchItem = { ...changed, version: item.version + 1, updatedAt: at };
    const by = { userId: actor.userId, name: actor.name };
    const before = Object.fromEntries(changes.map((change) => [change.field, change.before]));
    const after = Object.fromEntries(changes.map((change) => [change.field, change.after]));
    // A seatless branch renamed moves its name claim (a clash is 409 BRANCH_DUPLICATE).
    const renamed = !holdsSeat(item.type) && sameBranchKey(item.division, item.name) !== sameBranchKey(item.division, next.name);
    const items = [
      replaceBranch(next, item.version),
      putBranchVersion(branchId, { version: next.version, action: 'edited', actor: by, at, changes }),
      auditItem({ actor, action: 'branch.edit', entity: 'Branch', entityId: branchId, division: item.division, before, after }, at),
      ...(renamed ? [releaseName(item.division, item.name, branchId), claimName(item.division, next.name, branchId)] : []),
    ];
    try {
      await transactOrConflict(items, branchId);
    } catch (error) {
      if (renamed && error instanceof TransactionConflict && error.failedIndexes.includes(items.length - 1)) throw new DomainError('BRANCH_DUPLICATE', 409);
      throw error;
    }
    return toBranch(next);
  });
}
