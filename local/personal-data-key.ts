import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the local personal-data master key inside the data folder (`.local/`). */
export const personalDataKeyFile = 'personal-data.key';

/**
 * The local stand-in for the KMS personal-data key (DESIGN §4.9): 32 random bytes, base64, made
 * once and kept in the data folder beside DynamoDB Local's files (mode 0600, git-ignored with
 * `.local/`). It must live exactly as long as the data it seals: `npm run reset` removes the whole
 * folder, key and data together. Without a data folder (in-memory stacks) the key is ephemeral,
 * like the data. The value goes into the environment only; never print or log it.
 */
export function localPersonalDataKey(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString('base64');
  const path = join(dataDir, personalDataKeyFile);
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8').trim();
    if (Buffer.from(stored, 'base64').length !== 32) {
      throw new Error(`${path} is not a 32-byte base64 key. Run \`npm run reset\` to start over with fresh data and a new key.`);
    }
    return stored;
  }
  const key = randomBytes(32).toString('base64');
  // `wx`: never overwrite a key another process wrote meanwhile; mode applies on creation.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
