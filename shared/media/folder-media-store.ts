import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { type MediaStore, MediaStoreError, assertMediaKey } from './media-store.js';

/**
 * The path of `key` inside `root`. Keys are checked against the key pattern (no dots but the
 * extension, no leading slash) and the resolved path must still lie inside the root: a key can
 * never name a file elsewhere on the machine.
 */
export function mediaFilePath(root: string, key: string): string {
  assertMediaKey(key);
  const base = resolve(root);
  const file = resolve(join(base, key));
  if (!file.startsWith(base + sep)) throw new Error(`Media key escapes the media folder: ${key}`);
  return file;
}

/**
 * The media store on a local folder (`npm start`, tests). Writes go to a temporary name first and
 * are renamed into place, so the local server never serves half a file.
 */
export function folderMediaStore(root: string): MediaStore {
  return {
    async put(object) {
      const file = mediaFilePath(root, object.key);
      try {
        await mkdir(dirname(file), { recursive: true });
        const partial = `${file}.${randomBytes(6).toString('hex')}.part`;
        await writeFile(partial, object.body);
        await rename(partial, file);
      } catch (error) {
        throw new MediaStoreError('put', object.key, error);
      }
    },
    async remove(key) {
      const file = mediaFilePath(root, key);
      try {
        await rm(file, { force: true });
      } catch (error) {
        throw new MediaStoreError('remove', key, error);
      }
    },
  };
}
