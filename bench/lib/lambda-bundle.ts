import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { lambdaBundling } from '../../infra/constructs/lambda-bundling.js';
import type { LambdaDomain } from '../../infra/constructs/boai-function.js';
import { repoRoot } from './paths.js';

/**
 * esbuild options equivalent to what `BoaiFunction` (NodejsFunction) runs: the shared settings
 * from infra/constructs/lambda-bundling.ts plus what NodejsFunction adds for ESM output. Entry and
 * output paths are not part of it; {@link bundleEntry} adds them.
 */
export const lambdaEsbuildOptions = {
  platform: 'node',
  format: 'esm',
  // Lambda's Node runtime treats `.mjs` as ESM without a package.json next to the handler.
  outExtension: { '.js': '.mjs' },
  bundle: true,
  minify: lambdaBundling.minify,
  sourcemap: lambdaBundling.sourceMap,
  sourcesContent: lambdaBundling.sourcesContent,
  target: lambdaBundling.target,
  mainFields: [...lambdaBundling.mainFields],
  external: [...lambdaBundling.externalModules],
  banner: { js: lambdaBundling.banner },
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
export function bundleFunction(fn: LambdaDomain, outdir: string): Promise<BundleResult> {
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
