/**
 * Builds the static web site into web/dist (served by S3 + CloudFront in AWS, and by the local
 * server on one machine):
 *
 *   index.html             public home (pre-rendered in Chinese; tiny plain-DOM script)
 *   branches/index.html    public branch finder 找红会 (plain DOM, like the home page)
 *   cases/index.html       public typical cases 典型案例 (plain DOM; list and one case via ?id=)
 *   portal/index.html      staff portal (Preact); its chart code is a lazily loaded chunk
 *   assets/*-[hash].js|css content-hashed, so they can be cached forever; HTML must not be
 *   favicon.svg …          everything in web/static, copied as is
 *   meta.json              raw and gzipped bytes per entry, read by the bench
 *
 * `npm run build:web` runs this file; the local server and tests import {@link buildWeb}.
 */
import { build, type Metafile } from 'esbuild';
import { cp, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { renderPublicPage } from './src/public/page.js';
import { renderPortalPage } from './src/portal/page.js';
import { renderFinderPage } from './src/public/finder-page.js';
import { renderCasesPage } from './src/public/cases-page.js';
import type { PageAssets } from './src/common/html.js';

const webDir = dirname(fileURLToPath(import.meta.url));

export interface BuildWebOptions {
  /** Output folder; default web/dist. Replaced as a whole once the new build is complete. */
  outdir?: string;
  /** Minify JS and CSS; default true (the bench measures minified sizes). */
  minify?: boolean;
}

/** Size of one built file. */
export interface AssetSize {
  /** Path relative to the output folder, e.g. `assets/public-AB12CD34.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** One page entry: its script's sizes at the top level (the bench reads these), plus its stylesheet. */
export interface EntrySize extends AssetSize {
  name: EntryName;
  css?: AssetSize;
  /** Chunks the entry imports statically (code splitting): downloaded on first visit too. */
  imports?: AssetSize[];
  /** Chunks the entry loads on demand (dynamic `import()`), e.g. the portal's chart code. */
  lazy?: AssetSize[];
  /** Script + static chunks + stylesheet, gzipped: what a first visit downloads besides the HTML. */
  totalGzipBytes: number;
}

/** Contents of meta.json. */
export interface WebBuildMeta {
  /** The home page and the portal (the bench's rows). */
  entries: EntrySize[];
  /** Further public pages (the branch finder, typical cases), each held to the same 60 KB gzipped budget as the home page. */
  pages: EntrySize[];
  /** Every emitted asset (HTML included), for a fuller picture. */
  files: AssetSize[];
}

export interface BuildWebResult extends WebBuildMeta {
  outdir: string;
}

const entryPoints = {
  public: join(webDir, 'src/public/main.ts'),
  portal: join(webDir, 'src/portal/main.tsx'),
  finder: join(webDir, 'src/public/finder.ts'),
  cases: join(webDir, 'src/public/cases.ts'),
} as const;

export type EntryName = keyof typeof entryPoints;

/**
 * Public pages are built without code splitting so each page's script stands alone (no chunk
 * shared with the portal, nothing extra to fetch on a slow phone); the portal is split so that
 * ECharts arrives only when a chart is shown.
 */
const buildGroups: ReadonlyArray<{ entries: readonly EntryName[]; splitting: boolean }> = [
  { entries: ['public', 'finder', 'cases'], splitting: false },
  { entries: ['portal'], splitting: true },
];

async function sizeOf(outdir: string, file: string): Promise<AssetSize> {
  const content = await readFile(join(outdir, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/** Finds the JS output (and its CSS bundle) esbuild produced for an entry point (metafile paths are cwd-relative). */
function outputsFor(metafile: Metafile, outdir: string, entry: string): { js: string; css?: string; imports: string[]; lazy: string[] } {
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (info.entryPoint && resolve(info.entryPoint) === entry) {
      const js = relative(outdir, resolve(output));
      const css = info.cssBundle ? relative(outdir, resolve(info.cssBundle)) : undefined;
      const imports = new Set<string>();
      const lazy = new Set<string>();
      collectChunks(metafile, output, imports, lazy, new Set());
      return { js, ...(css ? { css } : {}), imports: [...imports].map((file) => relative(outdir, resolve(file))), lazy: [...lazy].map((file) => relative(outdir, resolve(file))) };
    }
  }
  throw new Error(`esbuild produced no output for ${entry}`);
}

/** Walks an output's chunk imports: static ones load with the page, dynamic ones (and theirs) on demand. */
function collectChunks(metafile: Metafile, output: string, imports: Set<string>, lazy: Set<string>, seen: Set<string>, dynamic = false): void {
  for (const item of metafile.outputs[output]?.imports ?? []) {
    if (item.external || seen.has(item.path)) continue;
    seen.add(item.path);
    const isLazy = dynamic || item.kind === 'dynamic-import';
    (isLazy ? lazy : imports).add(item.path);
    collectChunks(metafile, item.path, imports, lazy, seen, isLazy);
  }
  for (const file of imports) lazy.delete(file);
}

/** URL path of a file in the output folder (always forward slashes, rooted at the site). */
function urlOf(file: string): string {
  return `/${file.split('\\').join('/')}`;
}

/**
 * Replaces `target` with the finished `built` folder. A running local server keeps serving the old
 * site until the swap, and two builds at once (a test starting a stack while `npm start` runs) never
 * write into the same folder; the last one to finish wins.
 */
async function swapIn(built: string, target: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const old = `${built}-old-${attempt}`;
    try {
      await rename(target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      await rename(built, target);
      await rm(old, { recursive: true, force: true });
      return;
    } catch (error) {
      // Another build put its folder in place between our two renames: move it aside and retry.
      const code = (error as NodeJS.ErrnoException).code;
      await rm(old, { recursive: true, force: true });
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 5) throw error;
    }
  }
}

/** Builds the site and writes meta.json; returns what it wrote. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuildWebResult> {
  const finalDir = resolve(options.outdir ?? join(webDir, 'dist'));
  const minify = options.minify ?? true;
  // Build beside the target, under a `.cache/` folder (git-ignored), then swap it in.
  const outdir = join(dirname(finalDir), '.cache', `${basename(finalDir)}-${process.pid}-${Date.now()}`);
  await mkdir(outdir, { recursive: true });
  try {
    const meta = await buildInto(outdir, minify);
    await swapIn(outdir, finalDir);
    return { outdir: finalDir, ...meta };
  } finally {
    await rm(outdir, { recursive: true, force: true });
    // Remove the .cache folder too when no other build is using it (rmdir refuses if not empty).
    await rmdir(dirname(outdir)).catch(() => undefined);
  }
}

/** Bundles, renders the pages and measures sizes inside `outdir` (a fresh folder). */
async function buildInto(outdir: string, minify: boolean): Promise<WebBuildMeta> {
  const results = await Promise.all(buildGroups.map((group) => bundle(outdir, minify, group.entries, group.splitting)));
  const metafile: Metafile = { inputs: {}, outputs: {} };
  for (const result of results) {
    Object.assign(metafile.inputs, result.inputs);
    Object.assign(metafile.outputs, result.outputs);
  }
  return writePages(outdir, metafile);
}

async function bundle(outdir: string, minify: boolean, names: readonly EntryName[], splitting: boolean): Promise<Metafile> {
  const result = await build({
    entryPoints: names.map((name) => ({ in: entryPoints[name], out: `assets/${name}` })),
    outdir,
    splitting,
    chunkNames: 'assets/chunk-[name]-[hash]',
    entryNames: '[dir]/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    bundle: true,
    format: 'esm',
    // Modern enough for optional chaining without transpiling, old enough for WeChat's X5/XWeb
    // and iOS 14.5+ WebViews still common on cheap phones in 2026.
    target: ['es2020', 'chrome87', 'safari14.1'],
    platform: 'browser',
    minify,
    sourcemap: false,
    metafile: true,
    write: true,
    // Keep Chinese text as UTF-8 instead of \uXXXX escapes: about half the bytes.
    charset: 'utf8',
    legalComments: 'eof',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    tsconfig: join(webDir, '..', 'tsconfig.json'),
  });
  return result.metafile;
}

async function writePages(outdir: string, metafile: Metafile): Promise<WebBuildMeta> {
  const result = { metafile };
  const pages: Record<EntryName, (assets: PageAssets) => string> = {
    public: (assets) => renderPublicPage('zh', assets),
    portal: (assets) => renderPortalPage('zh', assets),
    finder: (assets) => renderFinderPage('zh', assets),
    cases: (assets) => renderCasesPage('zh', assets),
  };
  const htmlFiles: Record<EntryName, string> = { public: 'index.html', portal: 'portal/index.html', finder: 'branches/index.html', cases: 'cases/index.html' };

  const entries: EntrySize[] = [];
  const extraPages: EntrySize[] = [];
  for (const name of Object.keys(entryPoints) as EntryName[]) {
    const outputs = outputsFor(result.metafile, outdir, entryPoints[name]);
    const assets: PageAssets = outputs.css ? { script: urlOf(outputs.js), stylesheet: urlOf(outputs.css) } : { script: urlOf(outputs.js) };
    const htmlPath = join(outdir, htmlFiles[name]);
    await mkdir(dirname(htmlPath), { recursive: true });
    await writeFile(htmlPath, pages[name](assets));
    const js = await sizeOf(outdir, outputs.js);
    const css = outputs.css ? await sizeOf(outdir, outputs.css) : undefined;
    const imports = await Promise.all(outputs.imports.map((file) => sizeOf(outdir, file)));
    const lazy = await Promise.all(outputs.lazy.map((file) => sizeOf(outdir, file)));
    const staticGzip = imports.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
    (name === 'public' || name === 'portal' ? entries : extraPages).push({
      name,
      ...js,
      ...(css ? { css } : {}),
      ...(imports.length ? { imports } : {}),
      ...(lazy.length ? { lazy } : {}),
      totalGzipBytes: js.gzipBytes + staticGzip + (css?.gzipBytes ?? 0),
    });
  }

  const staticDir = join(webDir, 'static');
  if (existsSync(staticDir)) await cp(staticDir, outdir, { recursive: true });

  const emitted = [...Object.keys(result.metafile.outputs).map((output) => relative(outdir, resolve(output))), ...Object.values(htmlFiles)];
  const files = await Promise.all(emitted.sort().map((file) => sizeOf(outdir, file)));
  const meta: WebBuildMeta = { entries, pages: extraPages, files };
  await writeFile(join(outdir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const executedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (executedDirectly) {
  const started = Date.now();
  const built = await buildWeb();
  for (const entry of [...built.entries, ...built.pages]) {
    const css = entry.css ? `, css ${formatKb(entry.css.bytes)} (${formatKb(entry.css.gzipBytes)} gz)` : '';
    const lazy = entry.lazy?.length ? `, lazy ${entry.lazy.map((chunk) => `${chunk.file} ${formatKb(chunk.gzipBytes)} gz`).join(', ')}` : '';
    console.log(`${entry.name.padEnd(7)} js ${formatKb(entry.bytes)} (${formatKb(entry.gzipBytes)} gz)${css}${lazy}`);
  }
  console.log(`built ${relative(process.cwd(), built.outdir) || '.'} in ${Date.now() - started} ms`);
}
