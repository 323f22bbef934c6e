/**
 * Typical cases on the web: the public page's build (pre-rendered Chinese, linked from the home
 * page and the finder, a standalone script within the 60 KB budget) and the portal's pure helpers
 * (photo downscale size, list filter, request bodies).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuildWebResult } from '../../web/build.js';
import { dictionary } from '../../web/src/common/i18n.js';
import { portalDictionary } from '../../web/src/portal/messages.js';
import { base64OfDataUrl, createBody, editBody, filterCases, fitWithin, formFromCase, maxPhotoSide, move, photoQuality } from '../../web/src/portal/pilot/case-helpers.js';
import { caseEn, caseZh } from '../../web/src/portal/pilot/case-messages.js';

let outdir: string;
let built: BuildWebResult;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'boai-web-cases-'));
  built = await buildWeb({ outdir });
}, 60_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('the public typical cases page', () => {
  it('is pre-rendered in Chinese with labelled pickers and linked from the home page and the finder', async () => {
    const page = await readFile(join(outdir, 'cases/index.html'), 'utf8');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toMatch(/<h1[^>]*data-i18n="cases.heading"[^>]*>典型案例<\/h1>/);
    expect(page).toMatch(/<label[^>]*for="cs-city"[^>]*>市（州）<\/label>/);
    expect(page).toMatch(/<label[^>]*for="cs-county"/);
    expect(page).toContain('href="/cases/" aria-current="page"');
    // No inline script or handler: the CSP allows scripts from the site only.
    expect(page).not.toMatch(/\son[a-z]+="/);
    for (const other of ['index.html', 'branches/index.html']) expect(await readFile(join(outdir, other), 'utf8'), other).toContain('href="/cases/"');
  });

  it('has a standalone script, free of Preact, within 60 KB gzipped with its stylesheet', async () => {
    const cases = built.pages.find((entry) => entry.name === 'cases');
    expect(cases).toBeDefined();
    expect(cases?.imports ?? []).toEqual([]);
    expect(cases?.totalGzipBytes).toBeLessThan(60 * 1024);
    const script = await readFile(join(outdir, cases?.file ?? ''), 'utf8');
    expect(script).not.toContain('preact');
    expect(await readFile(join(outdir, 'cases/index.html'), 'utf8')).toContain(`src="/${cases?.file}"`);
    const meta = JSON.parse(await readFile(join(outdir, 'meta.json'), 'utf8')) as { pages: { name: string }[] };
    expect(meta.pages.map((page) => page.name)).toContain('cases');
  });

  it('says "1 typical case", not "1 typical cases", in English', () => {
    expect(dictionary.en['cases.shownOne']).toBe('{name}: showing {count} typical case');
    expect(dictionary.en['cases.shown']).toBe('{name}: showing {count} typical cases');
    expect(caseEn['caseAdmin.photoCountOne']).toBe('{count} photo');
    expect(caseEn['caseAdmin.countOne']).toBe('{count} typical case');
  });

  it('has every public string in Chinese and English', () => {
    const keys = Object.keys(dictionary.zh).filter((key) => key.startsWith('cases.') || key === 'public.nav.cases');
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) expect(dictionary.en[key as keyof typeof dictionary.en], key).toMatch(/\S/);
  });
});

describe('the portal typical cases helpers', () => {
  it('reduces photos so the longer side is at most 1280 px at JPEG quality 0.8, never enlarging', () => {
    expect(maxPhotoSide).toBe(1280);
    expect(photoQuality).toBe(0.8);
    expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(1080, 2400)).toEqual({ width: 576, height: 1280 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(10_000, 3)).toEqual({ width: 1280, height: 1 });
    expect(() => fitWithin(0, 10)).toThrow();
  });

  it('filters the list by text in title or summary and by status', () => {
    const items = [
      { title: '义诊进村', summary: '老人量血压', status: 'draft' as const },
      { title: '山洪转移', summary: '连夜转移群众', status: 'published' as const },
    ];
    expect(filterCases(items, '血压', '').map((item) => item.title)).toEqual(['义诊进村']);
    expect(filterCases(items, '', 'published').map((item) => item.title)).toEqual(['山洪转移']);
    expect(filterCases(items, '  ', '')).toHaveLength(2);
    expect(filterCases(items, '义诊', 'published')).toEqual([]);
  });

  it('sends the county when no township is chosen, and only changed fields with the version on edit', () => {
    const county = '421123000000';
    expect(createBody(county, { division: '', title: ' 标题 ', summary: '', body: '' })).toEqual({ division: county, title: '标题', summary: '', body: '' });
    const loaded = { county, division: county, title: '标题', summary: '摘要', body: '正文', version: 4 };
    const form = formFromCase(loaded);
    expect(form.division).toBe('');
    expect(editBody(loaded, form)).toEqual({ expectedVersion: 4 });
    expect(editBody(loaded, { ...form, division: '421123100000', body: '新正文 ' })).toEqual({ expectedVersion: 4, division: '421123100000', body: '新正文' });
  });

  it('reads base64 from a data URL and reorders photos', () => {
    expect(base64OfDataUrl('data:image/jpeg;base64,/9j/4AAQ')).toBe('/9j/4AAQ');
    expect(() => base64OfDataUrl('data:text/plain,hello')).toThrow();
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('merges its strings into the portal dictionary, in both languages', () => {
    expect(Object.keys(caseEn).sort()).toEqual(Object.keys(caseZh).sort());
    for (const key of Object.keys(caseZh) as (keyof typeof caseZh)[]) {
      expect(portalDictionary.zh[key], key).toBe(caseZh[key]);
      expect(portalDictionary.en[key], key).toBe(caseEn[key]);
      expect(caseEn[key], key).not.toMatch(/\p{Script=Han}/u);
    }
  });
});
