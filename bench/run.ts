/**
 * `npm run bench [-- <suite filter>…] [--runs N] [--concurrency 1,8,32] [--warmup S] [--measure S]`
 *
 * Runs the bench suites in sequence and prints one markdown report (also written to
 * .cache/bench/latest.md). Positional arguments keep only suites whose name contains one of them
 * (`npm run bench -- cold`). The bench reports targets, it does not assert them: it exits 0 when
 * targets fail, and non-zero only when the harness itself breaks (a suite threw, or a DynamoDB
 * Local process it started survived).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { passFail, table } from './lib/markdown.js';
import { latestReportPath, repoRoot } from './lib/paths.js';
import { leftoverDynamoDbLocal } from './lib/proc.js';
import type { BenchOptions, Suite, TargetCheck } from './lib/suite.js';
import { apiLoadSuite } from './suites/api-load.js';
import { bundleSizeSuite } from './suites/bundle-size.js';
import { coldInitSuite } from './suites/cold-init.js';
import { coverageLoadSuite } from './suites/coverage-load.js';
import { outboxRelaySuite } from './suites/outbox-relay.js';
import { pilotWorkflowSuite } from './suites/pilot-workflow.js';

/** In run order: sizes first (cheap, and they build the bundles cold-init reuses), load last. */
const suites: readonly Suite[] = [bundleSizeSuite, coldInitSuite, apiLoadSuite, coverageLoadSuite, pilotWorkflowSuite, outboxRelaySuite];

const defaults: BenchOptions = { coldRuns: 15, concurrency: [1, 8, 32], warmupSeconds: 2, measureSeconds: 8 };

/** Parses a positive number flag, refusing values that would make a run unbounded or empty. */
function positive(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new Error(`--${name} must be a number in (0, ${max}], got ${raw}`);
  return value;
}

function parseCli(argv: readonly string[]): { filters: string[]; options: BenchOptions } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      runs: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
    },
  });
  const concurrency =
    values.concurrency === undefined
      ? defaults.concurrency
      : values.concurrency.split(',').map((level) => Math.round(positive('concurrency', level, 0, 256)));
  return {
    filters: positionals,
    options: {
      coldRuns: Math.round(positive('runs', values.runs, defaults.coldRuns, 100)),
      concurrency,
      warmupSeconds: positive('warmup', values.warmup, defaults.warmupSeconds, 30),
      measureSeconds: positive('measure', values.measure, defaults.measureSeconds, 60),
    },
  };
}

/** `2026-05-01 14:03:07` in China time, as the report is read there (DESIGN §1). */
function shanghaiNow(): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date());
}

function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

function header(options: BenchOptions): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  return [
    '# Boai bench',
    '',
    `- date: ${shanghaiNow()} (Asia/Shanghai)`,
    `- node: ${process.version} (${process.platform}/${process.arch})`,
    `- CPUs: ${availableParallelism()} × ${cpu}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (shared machine: compare runs with care)`,
    `- commit: ${gitRevision()}`,
    `- options: cold runs ${options.coldRuns}, concurrency ${options.concurrency.join(', ')}, warm-up ${options.warmupSeconds} s, measure ${options.measureSeconds} s`,
  ].join('\n');
}

async function main(): Promise<number> {
  // The bench process creates SDK clients too (direct DynamoDB load); the SDK's Node-version
  // warning is noise here (DESIGN §6). Clients read it at construction, after these imports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { filters, options } = parseCli(process.argv.slice(2));
  const selected = filters.length === 0 ? suites : suites.filter((suite) => filters.some((filter) => suite.name.includes(filter)));
  if (selected.length === 0) {
    process.stderr.write(`No suite matches ${filters.join(', ')}. Suites: ${suites.map((s) => s.name).join(', ')}\n`);
    return 2;
  }

  const started = performance.now();
  const checks: TargetCheck[] = [];
  const sections: string[] = [];
  let harnessBroke = false;
  for (const suite of selected) {
    const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
    log(`suite ${suite.name}`);
    const suiteStarted = performance.now();
    try {
      sections.push(
        await suite.run({
          options,
          log,
          check: (result) => checks.push({ suite: suite.name, ...result }),
        }),
      );
    } catch (error) {
      // Keep going: one broken suite should not hide the others' numbers.
      harnessBroke = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      sections.push(`## ${suite.name}\n\n**Suite failed to run** (harness error):\n\n\`\`\`\n${message}\n\`\`\`\n`);
    }
    log(`suite ${suite.name} done in ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s`);
  }

  const leftovers = leftoverDynamoDbLocal();
  for (const info of leftovers) {
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (leftovers.length > 0) harnessBroke = true;

  const summary =
    checks.length === 0
      ? '_No targets checked._'
      : table(
          ['suite', 'subject', 'target', 'actual', 'result'],
          checks.map((c) => [c.suite, c.subject, c.target, c.actual, passFail(c.pass)]),
        );
  const report = [
    header(options),
    '',
    '## Summary',
    '',
    summary,
    '',
    ...sections,
    '---',
    '',
    `Total time ${((performance.now() - started) / 1000).toFixed(1)} s. ` +
      (leftovers.length === 0
        ? 'No DynamoDB Local process started by this bench is left running.'
        : `**DynamoDB Local processes left running were killed: pids ${leftovers.map((l) => l.pid).join(', ')}.**`),
    '',
  ].join('\n');

  mkdirSync(dirname(latestReportPath), { recursive: true });
  writeFileSync(latestReportPath, report);
  process.stdout.write(report);
  process.stderr.write(`[bench] report written to ${latestReportPath}\n`);
  return harnessBroke ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
