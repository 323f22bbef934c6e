import { runFixture } from '../lib/child-process.js';
import { table } from '../lib/markdown.js';
import { formatMs, percentile } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

interface PilotRun {
  readonly pilots: number;
  readonly concurrency: number;
  readonly synthMs: number;
  readonly wallMs: number;
  readonly submitToStepMs: number[];
  readonly decisionApiMs: number[];
  readonly decisionToStepMs: number[];
  readonly fullRunMs: number[];
  readonly failures: string[];
}

/** Runs bench/fixtures/pilot-workflow-run.ts in a child (its own DynamoDB Local). */
const drive = (pilots: number, concurrency: number): Promise<PilotRun> =>
  runFixture<PilotRun>('pilot-workflow-run.ts', 'benchPilots', { BENCH_PILOTS: String(pilots), BENCH_PILOT_CONCURRENCY: String(concurrency) });

const p = (values: readonly number[], q: number) => (values.length ? formatMs(percentile(values, q)) : '—');

/**
 * The pilot workflow on the local runner: how long the workflow itself takes to move a pilot on
 * after a decision, how long decisions take to answer, and a whole pilot from submission to
 * completion, one pilot at a time and eight at once. Reports; asserts nothing.
 */
export const pilotWorkflowSuite: Suite = {
  name: 'pilot-workflow',
  async run(context) {
    const runs: PilotRun[] = [];
    for (const [pilots, concurrency] of [
      [6, 1],
      [24, 8],
    ] as const) {
      context.log(`pilot-workflow: ${pilots} pilots through every step, ${concurrency} at a time…`);
      runs.push(await drive(pilots, concurrency));
    }
    const rows = runs.map((run) => [
      `${run.concurrency}`,
      `${run.pilots - run.failures.length} / ${run.pilots}`,
      `${p(run.decisionApiMs, 50)} / ${p(run.decisionApiMs, 99)}`,
      `${p(run.decisionToStepMs, 50)} / ${p(run.decisionToStepMs, 99)}`,
      `${p(run.submitToStepMs, 50)} / ${p(run.submitToStepMs, 99)}`,
      `${p(run.fullRunMs, 50)} / ${p(run.fullRunMs, 99)}`,
      formatMs(run.wallMs),
    ]);
    for (const run of runs) {
      context.check({
        subject: `pilots completed (${run.concurrency} at a time)`,
        target: 'all',
        actual: `${run.pilots - run.failures.length} / ${run.pilots}`,
        pass: run.failures.length === 0,
      });
    }
    const failures = runs.flatMap((run) => run.failures).slice(0, 5);
    return [
      '## Pilot workflow (local runner)',
      '',
      `Each pilot goes through every step (plan review, deployment, publicity with a typical case published, evaluation, consolidation) on the ASL CDK synthesizes, run by aws-local-stepfunctions with the task Lambda in-process and DynamoDB Local in memory; decisions are the API handlers, invoked in-process. "Decision → next step" is from a decision's answer until the pilot shows the next step (polled every 5 ms): the token hand-back, the state transitions and the next step's Lambda task. Synthesizing the ASL from the CDK app took ${formatMs(runs[0]?.synthMs ?? 0)} ms. All times in ms.`,
      '',
      table(['pilots at once', 'completed', 'decision API p50 / p99', 'decision → next step p50 / p99', 'submit → plan review p50 / p99', 'whole pilot p50 / p99', 'wall (ms)'], rows),
      ...(failures.length ? ['', `Failures: ${failures.join('; ')}`] : []),
      '',
    ].join('\n');
  },
};
