/**
 * The esbuild settings of every Boai Lambda bundle, in one place: `BoaiFunction` hands them to
 * NodejsFunction and `npm run bench` hands them to esbuild directly, so what the bench measures is
 * what gets deployed. Output is always ESM (`index.mjs`) for Node on the Lambda runtime.
 */
export const lambdaBundling = {
  /** Matches the nodejs24.x runtime. */
  target: 'node24',
  minify: true,
  /** An external `.map` file; NODE_OPTIONS=--enable-source-maps maps stack traces. */
  sourceMap: true,
  /** Sources are in the repo; leaving them out of the map halves its size. */
  sourcesContent: false,
  /** Prefer dependencies' ESM builds: they tree-shake. */
  mainFields: ['module', 'main'],
  /** The Lambda Node runtime ships AWS SDK v3; bundling it would only add bytes and init time. */
  externalModules: ['@aws-sdk/*'],
  /**
   * CommonJS dependencies bundled into ESM still call `require`; Node's ESM scope has none, so the
   * banner defines one (aliased to avoid clashing with names in bundled code).
   */
  banner:
    "import { createRequire as __boaiCreateRequire } from 'node:module'; const require = __boaiCreateRequire(import.meta.url);",
} as const;
