import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuildWebResult } from '../../web/build.js';

let outdir: string;
let built: BuildWebResult;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'boai-web-finder-'));
  built = await buildWeb({ outdir });
}, 60_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('branch finder page and portal chunks', () => {
  it('pre-renders /branches/ in Chinese with labelled pickers, linked from the home page', async () => {
    const page = await readFile(join(outdir, 'branches/index.html'), 'utf8');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toMatch(/<label[^>]*for="bf-city"[^>]*>市（州）<\/label>/);
    expect(page).toMatch(/<label[^>]*for="bf-county"/);
    expect(page).toMatch(/<label[^>]*for="bf-township"/);
    const home = await readFile(join(outdir, 'index.html'), 'utf8');
    expect(home).toContain('href="/branches/"');
  });

  it('keeps the finder script standalone, free of Preact and ECharts, within 60 KB gzipped', async () => {
    const finder = built.pages.find((entry) => entry.name === 'finder');
    expect(finder).toBeDefined();
    expect(finder?.imports ?? []).toEqual([]);
    expect(finder?.totalGzipBytes).toBeLessThan(60 * 1024);
    const script = await readFile(join(outdir, finder?.file ?? ''), 'utf8');
    expect(script).not.toContain('preact');
    expect(script).not.toContain('echarts');
    const page = await readFile(join(outdir, 'branches/index.html'), 'utf8');
    expect(page).toContain(`src="/${finder?.file}"`);
  });

  it('loads ECharts lazily: the portal entry carries none of it, a dynamic chunk does', async () => {
    const portal = built.entries.find((entry) => entry.name === 'portal');
    const script = await readFile(join(outdir, portal?.file ?? ''), 'utf8');
    expect(script).not.toMatch(/zrender|ECharts is not Loaded/);
    expect(portal?.lazy?.length).toBeGreaterThan(0);
    // Each chart (coverage, pilots) has a small lazy module; ECharts itself is the chunk they share.
    const chunks = await Promise.all((portal?.lazy ?? []).map((asset) => readFile(join(outdir, asset.file), 'utf8')));
    const echarts = chunks.filter((chunk) => /zrender/.test(chunk));
    expect(echarts).toHaveLength(1);
    expect(echarts[0]!.length).toBeGreaterThan(100_000);
    // The public home page stays standalone too.
    expect(built.entries.find((entry) => entry.name === 'public')?.imports ?? []).toEqual([]);
  });
});
