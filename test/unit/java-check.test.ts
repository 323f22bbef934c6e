import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkJava } from '../../local/java.js';

const originalPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = originalPath;
});

/** A folder whose only `java` prints the given version banner, as `java -version` does (stderr). */
function fakeJava(banner: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'boai-java-'));
  writeFileSync(join(dir, 'java'), `#!/bin/sh\necho '${banner}' 1>&2\n`);
  chmodSync(join(dir, 'java'), 0o755);
  return dir;
}

describe('Java check before starting DynamoDB Local', () => {
  it('explains how to install Java when it is missing', () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'boai-empty-'));
    expect(() => checkJava()).toThrow(/Java 17\+ is required.*not found[\s\S]*apt-get install -y openjdk-17/);
  });

  it('refuses Java 8 and 11 with the version found', () => {
    process.env.PATH = fakeJava('java version "1.8.0_392"');
    expect(() => checkJava()).toThrow(/found: java version "1.8.0_392"/);
    process.env.PATH = fakeJava('openjdk version "11.0.21" 2023-10-17');
    expect(() => checkJava()).toThrow(/Java 17\+ is required/);
  });

  it('accepts Java 17 and 21', () => {
    process.env.PATH = fakeJava('openjdk version "17.0.15" 2025-04-15');
    expect(checkJava()).toBe(17);
    process.env.PATH = fakeJava('openjdk version "21" 2023-09-19');
    expect(checkJava()).toBe(21);
  });
});
