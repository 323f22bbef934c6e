import { pathToFileURL } from 'node:url';
import { benchBundles } from '../lib/bundles.js';
import { runChild } from '../lib/child-process.js';
import { passFail, table } from '../lib/markdown.js';
import { repoRoot } from '../lib/paths.js';
import { formatMs, formatRatio, median, percentile } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

/** A domain function may take at most this much longer to init than the bare SDK baseline. */
const targetRatio = 1.3;

/**
 * Runs in the fresh child (plain `node`, no tsx, like Lambda): times `await import(bundle)` until
 * `handler` exists. `performance.now()` counts from the process's time origin, so the first
 * reading is also Node's own bootstrap time. Exits explicitly so a stray timer in a module cannot
 * stretch the wall time.
 */
const probeSource = `
const bootMs = performance.now();
const module = await import(process.argv[1]);
if (typeof module.handler !== 'function') {
  process.stderr.write('module has no handler export');
  process.exit(2);
}
const importMs = performance.now() - bootMs;
process.stdout.write(JSON.stringify({ bootMs, importMs }), () => process.exit(0));
`;

/**
 * The environment a Lambda would have, and nothing from ours (no NODE_OPTIONS from tsx). The
 * endpoint is a closed port on loopback: nothing connects during init, and if a module did, it
 * would fail fast instead of reaching AWS.
 */
const lambdaLikeEnv: NodeJS.ProcessEnv = {
  TABLE_NAME: 'bench',
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
};

interface Sample {
  readonly importMs: number;
  readonly wallMs: number;
}

async function coldImport(bundle: string): Promise<Sample> {
  const run = await runChild(process.execPath, ['--input-type=module', '-e', probeSource, pathToFileURL(bundle).href], {
    cwd: repoRoot,
    env: lambdaLikeEnv,
    timeoutMs: 20_000,
  });
  if (run.code !== 0) throw new Error(`cold import of ${bundle} failed (code ${run.code}, signal ${run.signal}):\n${run.stderr}`);
  const parsed: unknown = JSON.parse(run.stdout);
  const importMs = typeof parsed === 'object' && parsed !== null && 'importMs' in parsed ? parsed.importMs : undefined;
  if (typeof importMs !== 'number') throw new Error(`cold import of ${bundle}: unexpected output ${run.stdout}`);
  return { importMs, wallMs: run.wallMs };
}

export const coldInitSuite: Suite = {
  name: 'cold-init',
  async run(context) {
    const { functions, bare } = await benchBundles();
    const modules: { name: string; outfile: string }[] = [
      { name: 'bare (SDK only)', outfile: bare.outfile },
      ...[...functions].map(([fn, bundle]) => ({ name: fn, outfile: bundle.outfile })),
    ];
    const samples = new Map<string, Sample[]>(modules.map((m) => [m.name, []]));

    // One unrecorded import each first: the first read of a bundle (and of node_modules/@aws-sdk)
    // comes from disk, later ones from the page cache, as on a warm Lambda host.
    for (const module of modules) await coldImport(module.outfile);
    const runs = context.options.coldRuns;
    for (let run = 0; run < runs; run++) {
      context.log(`cold-init: round ${run + 1}/${runs}`);
      // Alternate the order each round so machine drift (other engineers' load) hits all modules alike.
      const order = run % 2 === 0 ? modules : [...modules].reverse();
      for (const module of order) samples.get(module.name)?.push(await coldImport(module.outfile));
    }

    const bareImport = median((samples.get(modules[0]?.name ?? '') ?? []).map((s) => s.importMs));
    const rows = modules.map((module, index) => {
      const taken = samples.get(module.name) ?? [];
      const imports = taken.map((s) => s.importMs);
      const walls = taken.map((s) => s.wallMs);
      const isBaseline = index === 0;
      const ratio = median(imports) / bareImport;
      const pass = ratio <= targetRatio;
      if (!isBaseline) {
        context.check({ subject: `${module.name} cold init vs bare`, target: `≤ ${targetRatio}×`, actual: formatRatio(ratio), pass });
      }
      return [
        module.name,
        formatMs(median(imports)),
        formatMs(percentile(imports, 90)),
        formatMs(median(walls)),
        formatMs(percentile(walls, 90)),
        isBaseline ? '1.00× (baseline)' : formatRatio(ratio),
        isBaseline ? '—' : passFail(pass),
      ];
    });

    return [
      '## Cold init',
      '',
      `Each bundle imported in a fresh \`node\` process (${process.version}, no tsx), ${runs} runs per module after one unrecorded warm-up, order alternated per round. ` +
        '`import` = `performance.now()` around `await import(bundle)` inside the child until `handler` exists; `wall` = spawn to exit as seen by the parent. ' +
        'Ratio = median import(function) / median import(bare); bare = the same SDK clients created at module scope and a trivial handler, bundled the same way.',
      '',
      table(
        ['module', 'import p50 (ms)', 'import p90 (ms)', 'wall p50 (ms)', 'wall p90 (ms)', 'ratio vs bare', `≤ ${targetRatio}×`],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
      '',
    ].join('\n');
  },
};
