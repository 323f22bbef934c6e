import { ulid } from 'ulid';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { type StoredResponse, idempotent } from '../data/idempotency.js';
import { type TransactItem, transactWrite } from '../data/transaction.js';
import { DomainError } from '../errors.js';
import { type TypicalCase, missingForPublication } from './case.js';
import { caseKeys } from './case-keys.js';
import { type CaseItem, putNewCase, replaceCase, toTypicalCase, transactCase } from './case-repository.js';
import type { CaseCreate, CaseEdit } from './case-schemas.js';
import { loadCaseFor, resolvePlace } from './case-access.js';

/** Plain text as stored: Windows line ends made `\n`, outer blank space trimmed. */
export function normaliseText(text: string | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n').trim();
}

/** Audit entries keep texts short: the first 200 characters of a changed body say what changed. */
function forAudit(value: unknown): unknown {
  return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

/**
 * Writes a new typical case as a draft (county, city or province staff, inside their division).
 *
 * Steps: authorise `case:manage` on the case's division; resolve the division (county or below,
 * must exist) and its county; in ONE transaction put the case (status `draft`, version 1, GSI1 in
 * its county's list) and its audit entry, and remember the answer under the caller's
 * Idempotency-Key so a retried submit returns the same case instead of a second one.
 */
export async function createCase(principal: Principal | undefined, fields: CaseCreate, idempotencyKey: string | undefined): Promise<StoredResponse<TypicalCase>> {
  const actor = authorize(principal, 'case:manage', { division: fields.division });
  return idempotent<TypicalCase>({ callerId: actor.userId, key: idempotencyKey, payload: fields }, async (record) => {
    const place = await resolvePlace(fields.division);
    const caseId = ulid();
    const at = new Date().toISOString();
    const by = { userId: actor.userId, name: actor.name };
    const item: CaseItem = {
      PK: caseKeys.partition(caseId),
      SK: caseKeys.self,
      GSI1PK: caseKeys.byCounty(place.county),
      GSI1SK: caseKeys.byCountySort(caseId),
      entity: 'TypicalCase',
      caseId,
      ...place,
      title: normaliseText(fields.title),
      summary: normaliseText(fields.summary),
      body: normaliseText(fields.body),
      photos: [],
      status: 'draft',
      version: 1,
      createdBy: by,
      createdAt: at,
      updatedBy: by,
      updatedAt: at,
    };
    const served = toTypicalCase(item);
    const response = { status: 201, body: served };
    const items: TransactItem[] = [
      putNewCase(item),
      auditItem({ actor, action: 'case.create', entity: 'TypicalCase', entityId: caseId, division: item.division, after: { title: item.title, division: item.division, status: item.status } }, at),
    ];
    if (idempotencyKey) items.push(record(response));
    await transactWrite(items);
    return response;
  });
}

/**
 * Edits a case's texts, place, photo order or captions (any status).
 *
 * Steps: load, authorise `case:manage` on its division, require the expected version (409
 * VERSION_CONFLICT otherwise, so two officers editing at once cannot overwrite each other); a new
 * division must lie in the same county (422 CASE_COUNTY_FIXED) and in the caller's scope; a photo
 * list must name every current photo once (422 CASE_PHOTOS_MISMATCH); a published case must stay
 * publishable (422 CASE_INCOMPLETE); save with version + 1 and an audit entry of the changed
 * fields in one transaction. An edit that changes nothing writes nothing. A published case's
 * listing entries do not change (their keys hold only the county, publication time and id).
 */
export async function editCase(principal: Principal | undefined, caseId: string, edit: CaseEdit): Promise<TypicalCase> {
  const { actor, item } = await loadCaseFor(principal, 'case:manage', caseId, edit.expectedVersion);
  let place = { division: item.division, divisionName: item.divisionName, county: item.county, countyName: item.countyName };
  if (edit.division !== undefined && edit.division !== item.division) {
    authorize(principal, 'case:manage', { division: edit.division });
    place = await resolvePlace(edit.division);
    if (place.county !== item.county) throw new DomainError('CASE_COUNTY_FIXED', 422);
  }
  let photos = item.photos;
  if (edit.photos !== undefined) {
    const current = new Map(item.photos.map((photo) => [photo.photoId, photo]));
    const named = new Set(edit.photos.map((photo) => photo.photoId));
    if (named.size !== edit.photos.length || named.size !== current.size || edit.photos.some((photo) => !current.has(photo.photoId))) {
      throw new DomainError('CASE_PHOTOS_MISMATCH', 422);
    }
    photos = edit.photos.map(({ photoId, caption }) => {
      const { caption: _old, ...photo } = current.get(photoId)!;
      return caption ? { ...photo, caption } : photo;
    });
  }
  const changed: CaseItem = {
    ...item,
    ...place,
    ...(edit.title !== undefined ? { title: normaliseText(edit.title) } : {}),
    ...(edit.summary !== undefined ? { summary: normaliseText(edit.summary) } : {}),
    ...(edit.body !== undefined ? { body: normaliseText(edit.body) } : {}),
    photos,
  };
  const fields = ['division', 'title', 'summary', 'body', 'photos'] as const;
  const differs = fields.filter((field) => JSON.stringify(changed[field]) !== JSON.stringify(item[field]));
  if (differs.length === 0) return toTypicalCase(item);
  if (item.status === 'published') {
    const missing = missingForPublication(changed);
    if (missing.length) throw new DomainError('CASE_INCOMPLETE', 422, { missing: missing.join(', ') }, undefined, { missing });
  }
  const at = new Date().toISOString();
  const next: CaseItem = { ...changed, version: item.version + 1, updatedBy: { userId: actor.userId, name: actor.name }, updatedAt: at };
  const audited = (source: CaseItem) =>
    Object.fromEntries(differs.map((field) => [field, field === 'photos' ? source.photos.map((p) => ({ photoId: p.photoId, caption: p.caption })) : forAudit(source[field])]));
  await transactCase(
    [
      replaceCase(next, item.version),
      auditItem({ actor, action: 'case.edit', entity: 'TypicalCase', entityId: caseId, division: next.division, before: audited(item), after: audited(next) }, at),
    ],
    caseId,
  );
  return toTypicalCase(next);
}
