/**
 * The media-store port: where uploaded photos live. One small interface, two adapters chosen by
 * the environment, so use cases never know which runtime they are in:
 *
 * - AWS: an S3 bucket (`MEDIA_BUCKET`, set by CDK on the `cases` function only), served by
 *   CloudFront under `/media/*` through Origin Access Control (`s3-media-store.ts`);
 * - local: a folder (`BOAI_LOCAL_MEDIA_DIR`, set by `local/stack.ts`), served by the local server
 *   under `/media/*` (`folder-media-store.ts`).
 *
 * Neither set is a deployment bug and fails loudly at first use.
 */

/** Environment variable naming the media bucket (AWS). */
export const mediaBucketEnv = 'MEDIA_BUCKET';
/** Environment variable naming the media folder (local runtime). */
export const localMediaDirEnv = 'BOAI_LOCAL_MEDIA_DIR';

/** URL path under which the site serves media objects: `/media/<key>`. */
export const mediaPathPrefix = '/media/';

/**
 * Cache-Control stored with every object. Keys are never reused (a new upload gets a new id), but
 * a photo may be removed at a person's request, so browsers and the edge keep it one day, not a
 * year; an urgent removal is a CloudFront invalidation of its path (docs/operations.md).
 */
export const mediaCacheControl = 'public, max-age=86400';

/**
 * Shape of every media key: folders of letters, digits, `_` and `-`, then a file with a photo
 * extension. No dots elsewhere, no leading slash, so a key can never climb out of its folder.
 */
export const mediaKeyPattern = /^(?:[A-Za-z0-9_-]+\/){0,4}[A-Za-z0-9_-]+\.(?:jpg|png|webp)$/;

/** The public URL path of a media key. */
export function mediaUrl(key: string): string {
  return `${mediaPathPrefix}${key}`;
}

/** One object to store. */
export interface MediaObject {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType: string;
}

/** Where photos are kept. Both methods throw {@link MediaStoreError} when the store fails. */
export interface MediaStore {
  /** Stores (or replaces) the object at `key`. */
  put(object: MediaObject): Promise<void>;
  /** Removes the object at `key`; removing a missing object is not an error. */
  remove(key: string): Promise<void>;
}

/** The store could not be reached or refused the operation; the caller answers 503. */
export class MediaStoreError extends Error {
  constructor(
    readonly operation: 'put' | 'remove',
    readonly key: string,
    cause: unknown,
  ) {
    super(`Media store ${operation} failed for ${key}: ${(cause as Error)?.name ?? 'Error'}`, { cause });
    this.name = 'MediaStoreError';
  }
}

/** A key that does not match {@link mediaKeyPattern}: a bug in the caller, never user input. */
export function assertMediaKey(key: string): void {
  if (!mediaKeyPattern.test(key)) throw new Error(`Not a media key: ${JSON.stringify(key)}`);
}

let cached: { config: string; store: Promise<MediaStore> } | undefined;

/**
 * The media store of this runtime, created on first use. The S3 adapter (and with it the S3 SDK)
 * is imported only then: most requests of the `cases` function never touch a photo, and loading
 * the SDK at start-up would cost every cold start. The choice is re-read when the environment
 * changes, so tests can switch stores.
 */
export function mediaStore(): Promise<MediaStore> {
  const bucket = process.env[mediaBucketEnv];
  const folder = process.env[localMediaDirEnv];
  const config = bucket ? `s3:${bucket}` : folder ? `folder:${folder}` : '';
  if (!config) {
    return Promise.reject(new Error(`No media store configured: set ${mediaBucketEnv} (AWS) or ${localMediaDirEnv} (local runtime)`));
  }
  if (cached?.config !== config) {
    const store = bucket
      ? import('./s3-media-store.js').then((module) => module.s3MediaStore(bucket))
      : import('./folder-media-store.js').then((module) => module.folderMediaStore(folder!));
    cached = { config, store };
  }
  return cached.store;
}
