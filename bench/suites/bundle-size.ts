import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchBundles } from '../lib/bundles.js';
import { topInputs } from '../lib/lambda-bundle.js';
import { passFail, table } from '../lib/markdown.js';
import { repoRoot } from '../lib/paths.js';
import { formatKb } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

/** DESIGN target: a domain Lambda's minified bundle (SDK external) stays small for fast cold starts. */
const functionTargetBytes = 200 * 1024;
/** DESIGN §3: public pages open on cheap phones over slow networks. */
const publicJsTargetGzipBytes = 60 * 1024;

/** The fields of web/dist/meta.json the bench reads (written by web/build.ts). */
interface WebEntry {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly totalGzipBytes?: number;
}

/** Chunks an entry loads on demand (the portal's chart), listed as rows of their own. */
function lazyChunks(raw: unknown): WebEntry[] {
  const lazy = typeof raw === 'object' && raw !== null && 'lazy' in raw && Array.isArray(raw.lazy) ? (raw.lazy as unknown[]) : [];
  return lazy.flatMap((chunk) => {
    const { file, bytes, gzipBytes } = (typeof chunk === 'object' && chunk !== null ? chunk : {}) as Record<string, unknown>;
    if (typeof file !== 'string' || typeof bytes !== 'number' || typeof gzipBytes !== 'number') return [];
    return [{ name: `↳ lazy ${file.replace(/^assets\//, '').replace(/-[A-Z0-9]{8}\.js$/, '.js')}`, bytes, gzipBytes }];
  });
}

/** Reads meta.json defensively: another build writes it and its shape may grow. */
function readWebEntries(file: string): WebEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const entries = typeof parsed === 'object' && parsed !== null && 'entries' in parsed ? parsed.entries : undefined;
  if (!Array.isArray(entries)) throw new Error(`${file}: no "entries" array`);
  // Standalone public pages (the branch finder, typical cases) are listed apart from the two main entries.
  const pages = typeof parsed === 'object' && parsed !== null && 'pages' in parsed && Array.isArray(parsed.pages) ? (parsed.pages as unknown[]) : [];
  return [...entries, ...pages].flatMap((raw: unknown, index): WebEntry[] => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const { name, bytes, gzipBytes, totalGzipBytes } = entry;
    if (typeof name !== 'string' || typeof bytes !== 'number' || typeof gzipBytes !== 'number') {
      throw new Error(`${file}: entries[${index}] lacks name/bytes/gzipBytes`);
    }
    return [{ name, bytes, gzipBytes, ...(typeof totalGzipBytes === 'number' ? { totalGzipBytes } : {}) }, ...lazyChunks(raw)];
  });
}

/** Which npm package (or `(own code)`) an esbuild input path belongs to. */
function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match?.[1] ?? '(own code)';
}

export const bundleSizeSuite: Suite = {
  name: 'bundle-size',
  async run(context) {
    context.log('bundle-size: bundling functions…');
    const { functions } = await benchBundles();
    const rows: string[][] = [];
    const details: string[] = [];
    for (const [fn, bundle] of functions) {
      const pass = bundle.bytes <= functionTargetBytes;
      rows.push([fn, String(bundle.bytes), formatKb(bundle.bytes), formatKb(bundle.gzipBytes), '≤ 200 KB', passFail(pass)]);
      context.check({ subject: `${fn} bundle (minified)`, target: '≤ 200 KB', actual: formatKb(bundle.bytes), pass });

      const inputs = topInputs(bundle.metafile, bundle.outfile, Number.POSITIVE_INFINITY);
      const byPackage = new Map<string, number>();
      for (const input of inputs) byPackage.set(packageOf(input.path), (byPackage.get(packageOf(input.path)) ?? 0) + input.bytes);
      const packages = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5);
      details.push(
        `**${fn}**: top inputs ${inputs
          .slice(0, 5)
          .map((i) => `\`${i.path}\` ${formatKb(i.bytes)}`)
          .join(', ')}; by package ${packages.map(([name, bytes]) => `${name} ${formatKb(bytes)}`).join(', ')}`,
      );
    }

    const sections = [
      '## Bundle sizes',
      '',
      'Lambda bundles built with `lambdaEsbuildOptions` (bench/lib/lambda-bundle.ts, from the settings BoaiFunction deploys with: ESM, minified, node24, `@aws-sdk/*` external) into `.cache/bench/bundles/<fn>/index.mjs`. Gzip at level 9. 1 KB = 1024 bytes.',
      '',
      table(['function', 'minified bytes', 'minified', 'gzipped', 'target', 'result'], rows, ['l', 'r', 'r', 'r', 'l', 'l']),
      '',
      'Bytes in output by input (after tree-shaking):',
      '',
      ...details.map((line) => `- ${line}`),
      '',
    ];

    const metaFile = join(repoRoot, 'web', 'dist', 'meta.json');
    let webEntries: WebEntry[] | undefined;
    let webProblem = '_web/dist/meta.json not found: run `npm run build:web` first to include web sizes._';
    if (existsSync(metaFile)) {
      try {
        webEntries = readWebEntries(metaFile);
      } catch (error) {
        // Another engineer's build writes this file; a bad one is worth a note, not a broken bench.
        webProblem = `_Could not read web/dist/meta.json: ${error instanceof Error ? error.message : String(error)}_`;
      }
    }
    if (webEntries) {
      const webRows = webEntries.map((entry) => {
        // Only the public pages have a size budget; the staff portal may be heavier (DESIGN §3).
        const isPublic = entry.name !== 'portal';
        const pass = entry.gzipBytes <= publicJsTargetGzipBytes;
        if (isPublic) context.check({ subject: `web ${entry.name} JS (gzipped)`, target: '≤ 60 KB', actual: formatKb(entry.gzipBytes), pass });
        return [
          entry.name,
          formatKb(entry.bytes),
          formatKb(entry.gzipBytes),
          entry.totalGzipBytes === undefined ? '—' : formatKb(entry.totalGzipBytes),
          isPublic ? '≤ 60 KB gz' : '—',
          isPublic ? passFail(pass) : '—',
        ];
      });
      sections.push(
        '### Web bundles (web/dist/meta.json)',
        '',
        table(['entry', 'JS minified', 'JS gzipped', 'JS+CSS gzipped', 'target', 'result'], webRows, ['l', 'r', 'r', 'r', 'l', 'l']),
        '',
      );
    } else {
      sections.push('### Web bundles', '', webProblem, '');
    }
    return sections.join('\n');
  },
};
