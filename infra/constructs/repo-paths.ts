/**
 * Absolute paths into the repository, resolved from this file rather than from `process.cwd()`,
 * so `cdk synth` (run from the repo root) and vitest (run from anywhere) see the same files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding `package.json` and `cdk.json`). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The lock file NodejsFunction uses to find the project root and pin bundled dependencies. */
export const lockFilePath: string = path.join(repoRoot, 'package-lock.json');

/** The TypeScript config esbuild reads (paths, JSX settings) when bundling functions. */
export const tsconfigPath: string = path.join(repoRoot, 'tsconfig.json');

/** Default folder holding one `<fn>/index.ts` entry per domain Lambda. */
export const defaultFunctionsDir: string = path.join(repoRoot, 'functions');

/** Default folder holding the built static site (`npm run build:web`). */
export const defaultWebAssetPath: string = path.join(repoRoot, 'web', 'dist');

/** Resolves `p` against the repo root unless it is already absolute. */
export function fromRepoRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.join(repoRoot, p);
}

/** True when `dir` exists and holds an `index.html` (a built site, not an empty folder). */
export function isBuiltSite(dir: string): boolean {
  return existsSync(path.join(dir, 'index.html'));
}
