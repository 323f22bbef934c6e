import { ulid } from 'ulid';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { transactWrite, withOptimisticRetry } from '../data/transaction.js';
import { DomainError } from '../errors.js';
import { isPhotoContentType, photoExtensions, photoSize, sniffPhotoType, type PhotoContentType } from '../media/image-type.js';
import { type MediaStore, MediaStoreError, mediaStore } from '../media/media-store.js';
import { logger } from '../observability/logger.js';
import { type CasePhoto, type TypicalCase, caseLimits } from './case.js';
import { loadCaseFor } from './case-access.js';
import { type CaseItem, findCaseItem, replaceCase, toTypicalCase } from './case-repository.js';
import type { PhotoUpload } from './case-schemas.js';

/** 503 MEDIA_UNAVAILABLE: the photo store failed; nothing was saved. */
const mediaUnavailable = (): DomainError => new DomainError('MEDIA_UNAVAILABLE', 503);

/** The store, or 503 when it cannot even be set up (e.g. the S3 SDK failed to load). */
async function store(): Promise<MediaStore> {
  try {
    return await mediaStore();
  } catch (error) {
    logger.error('Media store unavailable', { error: error as Error });
    throw mediaUnavailable();
  }
}

/** A checked upload: its bytes, real type and pixel size. */
export interface CheckedPhoto {
  readonly bytes: Buffer;
  readonly contentType: PhotoContentType;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Checks an uploaded photo before anything is stored: the declared type must be JPEG, PNG or
 * WebP (415 PHOTO_TYPE_UNSUPPORTED), the decoded bytes at most 2 MB (413 PHOTO_TOO_LARGE) and
 * really of the declared type by their magic bytes (422 PHOTO_CONTENT_MISMATCH: a renamed file or
 * anything that is not an image). The pixel size comes from the image header, not the client.
 */
export function checkPhoto(upload: Pick<PhotoUpload, 'contentType' | 'data'>): CheckedPhoto {
  const declared = upload.contentType.toLowerCase();
  if (!isPhotoContentType(declared)) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', 415);
  // Base64 length tells the decoded size before decoding: refuse oversize input without allocating it.
  if (Math.floor((upload.data.length * 3) / 4) - (upload.data.match(/=+$/)?.[0].length ?? 0) > caseLimits.photoBytes) {
    throw new DomainError('PHOTO_TOO_LARGE', 413, { max: caseLimits.photoBytes });
  }
  const bytes = Buffer.from(upload.data, 'base64');
  if (sniffPhotoType(bytes) !== declared) throw new DomainError('PHOTO_CONTENT_MISMATCH', 422, { declared });
  const size = photoSize(bytes, declared);
  return { bytes, contentType: declared, ...(size ? { width: size.width, height: size.height } : {}) };
}

/**
 * Adds a photo to a case.
 *
 * Steps: check the upload (type, size, magic bytes); load the case and authorise `case:manage` on
 * its division; refuse a 13th photo (422 CASE_PHOTO_LIMIT); store the object under
 * `cases/<caseId>/<photoId>.<ext>` FIRST (a store failure is 503 MEDIA_UNAVAILABLE and nothing is
 * written); then, in one transaction, append the photo to the case (version + 1) and write the
 * audit entry. No `expectedVersion` is asked for, so a concurrent edit only makes the append re-read
 * and retry. If the item update finally fails, the stored object is deleted again (best effort; a
 * failure to delete leaves an unreferenced object, logged with its key): the case never points at
 * a photo that is not stored, and an upload either lands whole or not at all.
 */
export async function addCasePhoto(principal: Principal | undefined, caseId: string, upload: PhotoUpload): Promise<{ status: number; body: TypicalCase }> {
  authorize(principal, 'case:manage');
  const photo = checkPhoto(upload);
  const { actor, item: first } = await loadCaseFor(principal, 'case:manage', caseId);
  if (first.photos.length >= caseLimits.photos) throw new DomainError('CASE_PHOTO_LIMIT', 422, { max: caseLimits.photos });

  const photoId = ulid();
  const stored: CasePhoto = {
    photoId,
    key: `cases/${caseId}/${photoId}.${photoExtensions[photo.contentType]}`,
    ...(upload.caption ? { caption: upload.caption } : {}),
    ...(photo.width && photo.height ? { width: photo.width, height: photo.height } : {}),
    contentType: photo.contentType,
    bytes: photo.bytes.byteLength,
  };
  const media = await store();
  try {
    await media.put({ key: stored.key, body: photo.bytes, contentType: photo.contentType });
  } catch (error) {
    if (!(error instanceof MediaStoreError)) throw error;
    logger.warn('Photo not stored', { caseId, key: stored.key, cause: (error.cause as Error | undefined)?.name });
    throw mediaUnavailable();
  }

  try {
    const next = await withOptimisticRetry(async () => {
      const item = (await findCaseItem(caseId)) ?? first;
      if (item.photos.length >= caseLimits.photos) throw new DomainError('CASE_PHOTO_LIMIT', 422, { max: caseLimits.photos });
      const at = new Date().toISOString();
      const updated: CaseItem = { ...item, photos: [...item.photos, stored], version: item.version + 1, updatedBy: { userId: actor.userId, name: actor.name }, updatedAt: at };
      await transactWrite([
        replaceCase(updated, item.version),
        auditItem({ actor, action: 'case.addPhoto', entity: 'TypicalCase', entityId: caseId, division: item.division, after: { photoId, key: stored.key, bytes: stored.bytes, ...(stored.caption ? { caption: stored.caption } : {}) } }, at),
      ]);
      return updated;
    });
    return { status: 201, body: toTypicalCase(next) };
  } catch (error) {
    await media.remove(stored.key).catch((cleanup: unknown) => {
      logger.warn('Orphaned photo object left behind', { caseId, key: stored.key, cause: (cleanup as Error).name });
    });
    throw error;
  }
}

/**
 * Removes a photo from a case.
 *
 * Steps: load, authorise `case:manage` on the case's division; 404 CASE_PHOTO_NOT_FOUND for an
 * unknown photo; a published case keeps at least one photo (422 CASE_PHOTO_REQUIRED); in one
 * transaction drop the photo from the case (version + 1, retried on a concurrent edit) and write
 * the audit entry; only then delete the object. The item goes first so a public page never shows
 * a broken image; if the object delete fails it is logged with its key (an unreferenced object,
 * see docs/operations.md) and the removal still stands.
 */
export async function removeCasePhoto(principal: Principal | undefined, caseId: string, photoId: string): Promise<TypicalCase> {
  const { actor, item: first } = await loadCaseFor(principal, 'case:manage', caseId);
  const next = await withOptimisticRetry(async () => {
    const item = (await findCaseItem(caseId)) ?? first;
    const photo = item.photos.find((candidate) => candidate.photoId === photoId);
    if (!photo) throw new DomainError('CASE_PHOTO_NOT_FOUND', 404);
    if (item.status === 'published' && item.photos.length === 1) throw new DomainError('CASE_PHOTO_REQUIRED', 422);
    const at = new Date().toISOString();
    const updated: CaseItem = {
      ...item,
      photos: item.photos.filter((candidate) => candidate.photoId !== photoId),
      version: item.version + 1,
      updatedBy: { userId: actor.userId, name: actor.name },
      updatedAt: at,
    };
    await transactWrite([
      replaceCase(updated, item.version),
      auditItem({ actor, action: 'case.removePhoto', entity: 'TypicalCase', entityId: caseId, division: item.division, before: { photoId, key: photo.key, ...(photo.caption ? { caption: photo.caption } : {}) } }, at),
    ]);
    return { updated, key: photo.key };
  });
  try {
    await (await mediaStore()).remove(next.key);
  } catch (error) {
    logger.warn('Orphaned photo object left behind', { caseId, key: next.key, cause: (error as Error).name });
  }
  return toTypicalCase(next.updated);
}
