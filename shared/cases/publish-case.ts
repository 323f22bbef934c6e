import { auditItem } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../errors.js';
import { type TypicalCase, missingForPublication } from './case.js';
import { loadCaseFor } from './case-access.js';
import { type CaseItem, deletePublishedEntries, putPublishedEntries, replaceCase, toTypicalCase, transactCase } from './case-repository.js';

/**
 * Publishes a case on the public site.
 *
 * Steps: load, authorise `case:manage` on its division, require the expected version (409
 * VERSION_CONFLICT) and a draft or withdrawn case (409 CASE_STATE_INVALID); require a title, a
 * summary, a body and at least one photo (422 CASE_INCOMPLETE with `missing[]`); in ONE transaction
 * save it as `published` (publishedAt now, version + 1), put its three listing entries (province,
 * city, county: what the public list and the pilot's publicity gate read) and the audit entry.
 */
export async function publishCase(principal: Principal | undefined, caseId: string, expectedVersion: number): Promise<TypicalCase> {
  const { actor, item } = await loadCaseFor(principal, 'case:manage', caseId, expectedVersion);
  if (item.status === 'published') throw new DomainError('CASE_STATE_INVALID', 409, { status: item.status });
  const missing = missingForPublication(item);
  if (missing.length) throw new DomainError('CASE_INCOMPLETE', 422, { missing: missing.join(', ') }, undefined, { missing });
  const at = new Date().toISOString();
  const by = { userId: actor.userId, name: actor.name };
  const { withdrawnReason: _reason, withdrawnAt: _at, withdrawnBy: _by, ...rest } = item;
  const next: CaseItem = { ...rest, status: 'published', publishedAt: at, publishedBy: by, version: item.version + 1, updatedBy: by, updatedAt: at };
  await transactCase(
    [
      replaceCase(next, item.version),
      ...putPublishedEntries(next),
      auditItem({ actor, action: 'case.publish', entity: 'TypicalCase', entityId: caseId, division: item.division, before: { status: item.status, version: item.version }, after: { status: next.status, version: next.version, publishedAt: at } }, at),
    ],
    caseId,
  );
  return toTypicalCase(next);
}

/**
 * Withdraws a published case from the public site with a reason.
 *
 * Steps: load, authorise `case:manage`, require the expected version and a published case (409
 * CASE_STATE_INVALID otherwise); in ONE transaction save it as `withdrawn` (reason, who, when;
 * version + 1), delete its listing entries and write the audit entry. It can be edited and
 * published again later; the public detail answers 404 from now on (edge caches within 5 minutes).
 */
export async function withdrawCase(principal: Principal | undefined, caseId: string, expectedVersion: number, reason: string): Promise<TypicalCase> {
  const { actor, item } = await loadCaseFor(principal, 'case:manage', caseId, expectedVersion);
  if (item.status !== 'published') throw new DomainError('CASE_STATE_INVALID', 409, { status: item.status });
  const at = new Date().toISOString();
  const by = { userId: actor.userId, name: actor.name };
  const next: CaseItem = { ...item, status: 'withdrawn', withdrawnReason: reason, withdrawnAt: at, withdrawnBy: by, version: item.version + 1, updatedBy: by, updatedAt: at };
  await transactCase(
    [
      replaceCase(next, item.version),
      ...deletePublishedEntries(item),
      auditItem({ actor, action: 'case.unpublish', entity: 'TypicalCase', entityId: caseId, division: item.division, before: { status: item.status, version: item.version }, after: { status: next.status, version: next.version, reason } }, at),
    ],
    caseId,
  );
  return toTypicalCase(next);
}
