import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { FunctionName } from '../../shared/http/routes.js';
import { repoRoot } from './paths.js';

/**
 * The esbuild settings of a Lambda bundle: ONE place, so the CDK house construct can import the
 * same object and what the bench measures is what gets deployed. Entry and output paths are not
 * part of it; {@link bundleEntry} adds them.
 */
export const lambdaEsbuildOptions = {
  platform: 'node',
  format: 'esm',
  // Lambda's Node runtime treats `.mjs` as ESM without a package.json next to the handler.
  outExtension: { '.js': '.mjs' },
  bundle: true,
  minify: true,
  // An external `.map` file: stack traces can be mapped (NODE_OPTIONS=--enable-source-maps) without
  // making the code Lambda loads at init any larger.
  sourcemap: true,
  target: 'node22',
  // Prefer ESM builds of dependencies (what the CDK NodejsFunction does for ESM output): they tree-shake.
  mainFields: ['module', 'main'],
  // The Lambda Node runtime ships AWS SDK v3; bundling it would only add init time and bytes.
  external: ['@aws-sdk/*'],
  // CommonJS dependencies bundled into ESM still call `require` for Node built-ins; ESM has no
  // `require`, so recreate it at the top of the bundle.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
} satisfies BuildOptions;

/** What one bundle weighs, and where its bytes come from. */
export interface BundleResult {
  /** The ESM file Lambda would load (`<outdir>/index.mjs`). */
  readonly outfile: string;
  /** Minified size in bytes. */
  readonly bytes: number;
  /** Gzip (level 9) size in bytes: roughly what the deployment package costs to ship. */
  readonly gzipBytes: number;
  readonly metafile: Metafile;
}

/** Bundles any entry file into `<outdir>/index.mjs` with {@link lambdaEsbuildOptions}. */
export async function bundleEntry(entry: string, outdir: string): Promise<BundleResult> {
  // Start clean so a stale chunk or map from an earlier layout never gets measured.
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    ...lambdaEsbuildOptions,
    absWorkingDir: repoRoot,
    entryPoints: [{ in: entry, out: 'index' }],
    outdir,
  });
  const outfile = join(outdir, 'index.mjs');
  const code = await readFile(outfile);
  return { outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, metafile: result.metafile };
}

/** Bundles `functions/<fn>/index.ts` (the Lambda entry of one domain function) into `outdir`. */
export function bundleFunction(fn: FunctionName, outdir: string): Promise<BundleResult> {
  return bundleEntry(join(repoRoot, 'functions', fn, 'index.ts'), outdir);
}

/**
 * The inputs that contribute most bytes to the bundle's JS output, largest first. Uses the
 * output's `inputs[*].bytesInOutput` (after tree-shaking and minification), not the source sizes.
 */
export function topInputs(metafile: Metafile, outfile: string, count: number): { path: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([path]) => join(repoRoot, path) === outfile || path === outfile)?.[1];
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}
