import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localPersonalDataKey, personalDataKeyFile } from '../../local/personal-data-key.js';

describe('the local personal-data key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'boai-pdkey-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is made once as 32 random bytes in a file only its owner can read, then reused', () => {
    const first = localPersonalDataKey(dataDir);
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    const path = join(dataDir, personalDataKeyFile);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first);
    expect(localPersonalDataKey(dataDir)).toBe(first);
  });

  it('is ephemeral without a data folder (in-memory stacks)', () => {
    expect(localPersonalDataKey(undefined)).not.toBe(localPersonalDataKey(undefined));
  });

  it('refuses a damaged key file instead of replacing it (the data it sealed would be lost), without printing it', () => {
    writeFileSync(join(dataDir, personalDataKeyFile), 'c2hvcnQ=\n');
    expect(() => localPersonalDataKey(dataDir)).toThrow(/npm run reset/);
    expect(() => localPersonalDataKey(dataDir)).not.toThrow(/c2hvcnQ/);
  });
});
