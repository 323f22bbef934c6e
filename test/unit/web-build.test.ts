import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuildWebResult } from '../../web/build.js';

let outdir: string;
let built: BuildWebResult;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'boai-web-'));
  built = await buildWeb({ outdir });
}, 60_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('buildWeb', () => {
  it('writes both pages, linking their hashed assets', async () => {
    const home = await readFile(join(outdir, 'index.html'), 'utf8');
    const portal = await readFile(join(outdir, 'portal/index.html'), 'utf8');
    const publicEntry = built.entries.find((entry) => entry.name === 'public');
    const portalEntry = built.entries.find((entry) => entry.name === 'portal');
    expect(home).toContain(`src="/${publicEntry?.file}"`);
    expect(portal).toContain(`src="/${portalEntry?.file}"`);
    expect(publicEntry?.file).toMatch(/^assets\/public-[A-Z0-9]+\.js$/);
  });

  it('pre-renders the home page in Chinese so it reads before any script runs', async () => {
    const home = await readFile(join(outdir, 'index.html'), 'utf8');
    expect(home).toContain('<html lang="zh-CN">');
    expect(home).toContain('找到身边的红十字会');
    expect(home).toContain('应急救援');
    expect(home).toContain('href="/portal/"');
  });

  it('keeps the public script within the 60 KB gzipped budget and free of Preact', async () => {
    const publicEntry = built.entries.find((entry) => entry.name === 'public');
    expect(publicEntry?.gzipBytes).toBeLessThan(60 * 1024);
    const script = await readFile(join(outdir, publicEntry?.file ?? ''), 'utf8');
    expect(script).not.toContain('__PREACT');
    expect(script).not.toContain('preact');
  });

  it('records raw and gzipped sizes in meta.json', async () => {
    const meta = JSON.parse(await readFile(join(outdir, 'meta.json'), 'utf8')) as BuildWebResult;
    expect(meta.entries.map((entry) => entry.name)).toEqual(['public', 'portal']);
    for (const entry of meta.entries) {
      expect(entry.bytes).toBeGreaterThan(entry.gzipBytes);
      expect(entry.gzipBytes).toBeGreaterThan(0);
    }
  });
});
