import { join } from 'node:path';
import type { LambdaDomain } from '../../infra/constructs/boai-function.js';
import { functionNames } from '../../shared/http/routes.js';
import { type BundleResult, bundleEntry, bundleFunction } from './lambda-bundle.js';
import { bundlesDir, repoRoot } from './paths.js';

/** Every domain function's bundle, the pilot workflow's task function and the outbox relay, plus the cold-init baseline (`bare`). */
export interface BenchBundles {
  readonly functions: ReadonlyMap<LambdaDomain, BundleResult>;
  readonly bare: BundleResult;
}

let building: Promise<BenchBundles> | undefined;

/**
 * Bundles all functions once per bench run. Memoised because several suites need the bundles
 * but any one of them may run alone (`npm run bench -- cold`).
 */
export function benchBundles(): Promise<BenchBundles> {
  building ??= (async () => {
    const functions = new Map<LambdaDomain, BundleResult>();
    // One at a time: esbuild is multi-threaded already and the machine is shared.
    for (const fn of [...functionNames, 'pilot-workflow' as const, 'outbox-relay' as const]) functions.set(fn, await bundleFunction(fn, join(bundlesDir, fn)));
    const bare = await bundleEntry(join(repoRoot, 'bench', 'fixtures', 'bare-handler.ts'), join(bundlesDir, 'bare'));
    return { functions, bare };
  })();
  return building;
}
