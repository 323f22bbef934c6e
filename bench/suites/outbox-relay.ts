import { runFixture } from '../lib/child-process.js';
import { table } from '../lib/markdown.js';
import { formatMs, percentile } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

interface OutboxRun {
  readonly single: number;
  readonly burst: number;
  readonly backlog: number;
  readonly singleMs: number[];
  readonly burstMs: number[];
  readonly burstWallMs: number;
  readonly lost: number;
  readonly catchUpMs: number;
  readonly republished: number;
}

/** Runs bench/fixtures/outbox-relay-run.ts in a child (its own DynamoDB Local). */
const drive = (): Promise<OutboxRun> => runFixture<OutboxRun>('outbox-relay-run.ts', 'benchOutbox');

const p = (values: readonly number[], q: number) => (values.length ? formatMs(percentile(values, q)) : '—');

/**
 * The local outbox relay (DynamoDB Local's stream → the relay handler → the local "SNS"): how
 * long an alert takes from its transaction to being published, alone and in a burst, and how long
 * a restarted relay takes to reach new alerts behind a backlog of other writes. Reports only.
 */
export const outboxRelaySuite: Suite = {
  name: 'outbox-relay',
  async run(context) {
    context.log('outbox-relay: messages one at a time, a burst, then a restart behind a backlog…');
    const run = await drive();
    const sent = run.single + run.burst;
    context.check({ subject: 'outbox messages published', target: 'all, once', actual: `${sent - run.lost} / ${sent}, ${run.republished} again after restart`, pass: run.lost === 0 && run.republished === 0 });
    return [
      '## Outbox relay (local)',
      '',
      `The local relay as \`npm start\` runs it: DynamoDB Local in memory, its stream polled every 200 ms, the real relay handler in-process. Latency is from a transaction's answer (a state change and its outbox message) until the message is published. In AWS the Lambda event source mapping polls the stream instead; these figures show the local peer, not Lambda. All times in ms.`,
      '',
      table(
        ['messages', 'commit → published p50 / p99', 'wall (ms)'],
        [
          [`${run.single}, one at a time`, `${p(run.singleMs, 50)} / ${p(run.singleMs, 99)}`, '—'],
          [`${run.burst}, written at once`, `${p(run.burstMs, 50)} / ${p(run.burstMs, 99)}`, formatMs(run.burstWallMs)],
        ],
      ),
      '',
      `A restarted relay reads the stream from its oldest record: behind ${run.backlog.toLocaleString('en')} other writes it published a new message ${formatMs(run.catchUpMs)} ms after starting, and published ${run.republished} of the ${sent} messages delivered before the restart again (each is skipped by its \`deliveredAt\`). Lost: ${run.lost}.`,
      '',
    ].join('\n');
  },
};
