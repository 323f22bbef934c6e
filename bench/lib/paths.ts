import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `bench/lib/`). */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Everything the bench writes lives under the git-ignored `.cache/bench`. Bundles must stay inside
 * the repository so Node's module resolution walks up to `node_modules` and finds `@aws-sdk/*`,
 * which the bundles keep external exactly like in Lambda (where the runtime provides SDK v3).
 */
export const benchCacheDir = join(repoRoot, '.cache', 'bench');
export const bundlesDir = join(benchCacheDir, 'bundles');
export const latestReportPath = join(benchCacheDir, 'latest.md');
