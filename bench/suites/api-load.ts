import { Agent, get } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { localCredentials, localRegion } from '../../local/dynamo.js';
import { type LoadResult, runClosedLoop } from '../lib/load.js';
import { passFail, table } from '../lib/markdown.js';
import type { ProcessInfo } from '../lib/proc.js';
import { cpuTimeMs } from '../lib/proc.js';
import { type StackProcess, startStackProcess } from '../lib/stack-process.js';
import { formatMs, formatRatio, median, percentile } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

/** 罗田县 (Luotian), a pilot county seeded by `seed: 'minimal'`, with about a dozen townships. */
const parentCode = '421123000000';
/** The API may add at most this much to the median latency of the DynamoDB query it wraps. */
const targetRatio = 1.5;

/**
 * The exact Query `findDivisionWithChildren` sends (shared/divisions/division-repository.ts), so
 * the direct path does the same DynamoDB work as the API path and the ratio isolates the API's
 * own cost (HTTP server, event mapping, middy, zod, JSON).
 */
const divisionQuery = (tableName: string): QueryCommandInput => ({
  TableName: tableName,
  KeyConditionExpression: 'PK = :pk',
  ExpressionAttributeValues: { ':pk': `DIVISION#${parentCode}` },
  ProjectionExpression: 'SK, code, #name, #level, childCount',
  ExpressionAttributeNames: { '#name': 'name', '#level': 'level' },
});

/** GET a URL over the given agent; resolves with the number of children in a 200 response. */
function getChildren(url: string, agent: Agent, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
        try {
          const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          const children = typeof body === 'object' && body !== null && 'children' in body ? body.children : undefined;
          if (!Array.isArray(children) || children.length === 0) return reject(new Error('200 without children'));
          resolve(children.length);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`HTTP timeout after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** CPU milliseconds used by each process involved in a request. */
interface CpuUse {
  readonly bench: number;
  readonly server: number;
  readonly dynamoLocal: number;
}

type Path = 'API' | 'direct';

/** One path at one concurrency, accumulated over its interleaved slices. */
interface Phase {
  readonly concurrency: number;
  readonly path: Path;
  readonly latenciesMs: number[];
  errors: number;
  firstError?: string;
  measuredMs: number;
  /** Requests that ended in the slices, the denominator of CPU per request. */
  completed: number;
  cpu: CpuUse;
}

/** Slices per path and level: enough to interleave (ABBA…), few enough to stay long each. */
const slicesPerPath = 4;

/** CPU used so far by the bench, the stack child and DynamoDB Local (ms). */
function cpuSnapshot(stack: StackProcess): CpuUse {
  const { user, system } = process.cpuUsage();
  return {
    bench: (user + system) / 1000,
    server: cpuTimeMs(stack.pid),
    dynamoLocal: stack.javaPids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0),
  };
}

const formatCpu = (ms: number): string => (Number.isFinite(ms) ? ms.toFixed(2) : '—');

/** Adds one slice's result and CPU use to its phase. */
function addSlice(phase: Phase, result: LoadResult, before: CpuUse, after: CpuUse): void {
  phase.latenciesMs.push(...result.latenciesMs);
  phase.errors += result.errors;
  phase.firstError ??= result.firstError;
  phase.measuredMs += result.measureMs;
  phase.completed += result.completed;
  phase.cpu = {
    bench: phase.cpu.bench + after.bench - before.bench,
    server: phase.cpu.server + after.server - before.server,
    dynamoLocal: phase.cpu.dynamoLocal + after.dynamoLocal - before.dynamoLocal,
  };
}

export const apiLoadSuite: Suite = {
  name: 'api-load',
  async run(context) {
    const { concurrency: levels, warmupSeconds, measureSeconds } = context.options;
    context.log('api-load: starting the local stack in a child process…');
    const stack = await startStackProcess(context.log);
    const apiUrl = `${stack.url}/api/divisions?parent=${parentCode}`;
    const phases: Phase[] = [];
    let childCount = 0;
    let survivors: ProcessInfo[] = [];
    try {
      for (const [index, concurrency] of levels.entries()) {
        // Same socket budget on both paths: maxSockets = concurrency, keep-alive on (the SDK's
        // default agent is keep-alive too, with maxSockets 50; explicit keeps the paths equal at
        // any concurrency).
        const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
        const dynamoAgent = new Agent({ keepAlive: true, maxSockets: concurrency });
        const documentClient = DynamoDBDocumentClient.from(
          new DynamoDBClient({
            endpoint: stack.dynamoEndpoint,
            region: localRegion,
            credentials: localCredentials,
            maxAttempts: 1, // A retry would hide an error and blur the latency.
            requestHandler: { httpAgent: dynamoAgent },
          }),
        );
        const query = divisionQuery(stack.tableName);
        try {
          // Sanity: both paths see the same children before any timing (the first API call also
          // loads the handler module in the server, which may take a while).
          childCount = await getChildren(apiUrl, agent, 30_000);
          const direct = await documentClient.send(new QueryCommand(query));
          if ((direct.Items?.length ?? 0) !== childCount + 1) {
            throw new Error(`API returned ${childCount} children but the Query returned ${direct.Items?.length ?? 0} items`);
          }
          const requests: Record<Path, () => Promise<void>> = {
            API: async () => void (await getChildren(apiUrl, agent, 5_000)),
            direct: async () => {
              const page = await documentClient.send(new QueryCommand(query));
              if ((page.Items?.length ?? 0) < 2) throw new Error('Query returned no children');
            },
          };

          // Warm-up, not recorded: fills both socket pools at this concurrency. DynamoDB Local is
          // a JVM whose JIT keeps improving over thousands of requests, so the first level warms
          // twice as long.
          const warmupMs = warmupSeconds * 1000 * (index === 0 ? 2 : 1);
          context.log(`api-load: concurrency ${concurrency}: warm-up ${(2 * warmupMs) / 1000} s, then ${2 * measureSeconds} s measured…`);
          for (const path of ['API', 'direct'] as const) {
            await runClosedLoop(requests[path], { concurrency, warmupMs, measureMs: 0 });
          }

          // Measure in interleaved slices (API, direct, direct, API, API, direct…) rather than one
          // long run per path: JIT warm-up and other processes' load drift over seconds on a shared
          // machine, and interleaving spreads that drift over both paths alike.
          const level: Record<Path, Phase> = {
            API: { concurrency, path: 'API', latenciesMs: [], errors: 0, measuredMs: 0, completed: 0, cpu: { bench: 0, server: 0, dynamoLocal: 0 } },
            direct: { concurrency, path: 'direct', latenciesMs: [], errors: 0, measuredMs: 0, completed: 0, cpu: { bench: 0, server: 0, dynamoLocal: 0 } },
          };
          const sliceMs = (measureSeconds * 1000) / slicesPerPath;
          for (let slice = 0; slice < slicesPerPath; slice++) {
            const order: Path[] = slice % 2 === 0 ? ['API', 'direct'] : ['direct', 'API'];
            for (const path of order) {
              const before = cpuSnapshot(stack);
              // No warm-up per slice: the sockets are open and the loop is already primed.
              const result = await runClosedLoop(requests[path], { concurrency, warmupMs: 0, measureMs: sliceMs });
              addSlice(level[path], result, before, cpuSnapshot(stack));
            }
          }
          phases.push(level.API, level.direct);
        } finally {
          agent.destroy();
          documentClient.destroy();
          dynamoAgent.destroy();
        }
      }
    } finally {
      survivors = await stack.stop();
    }

    const rows = phases.map((phase) => {
      const perRequest = (ms: number): string => formatCpu(ms / Math.max(1, phase.completed));
      return [
        String(phase.concurrency),
        phase.path,
        String(phase.latenciesMs.length),
        String(phase.errors),
        (phase.latenciesMs.length / (phase.measuredMs / 1000)).toFixed(0),
        formatMs(median(phase.latenciesMs)),
        formatMs(percentile(phase.latenciesMs, 99)),
        perRequest(phase.cpu.bench),
        perRequest(phase.cpu.server),
        perRequest(phase.cpu.dynamoLocal),
      ];
    });
    const ratioRows = levels.map((concurrency) => {
      const p50 = (path: Path): number => {
        const phase = phases.find((p) => p.concurrency === concurrency && p.path === path);
        return phase ? median(phase.latenciesMs) : Number.NaN;
      };
      const ratio = p50('API') / p50('direct');
      const pass = ratio <= targetRatio;
      context.check({ subject: `API p50 / direct p50 at concurrency ${concurrency}`, target: `≤ ${targetRatio}×`, actual: formatRatio(ratio), pass });
      return [String(concurrency), formatMs(p50('API')), formatMs(p50('direct')), formatRatio(ratio), passFail(pass)];
    });
    const errorNotes = phases
      .filter((p) => p.firstError !== undefined)
      .map((p) => `- ${p.path} at concurrency ${p.concurrency}: first error: ${p.firstError ?? ''}`);

    return [
      '## API load vs direct DynamoDB',
      '',
      `Stack (DynamoDB Local in memory, seed \`minimal\`) in a child process; load generated from the bench process. ` +
        `**API** = \`GET /api/divisions?parent=${parentCode}\` (${childCount} children) over keep-alive HTTP; ` +
        '**direct** = the same Query (`PK = DIVISION#…`, same projection) sent to DynamoDB Local with a DocumentClient. ' +
        `Closed loop with maxSockets = concurrency on both paths. Per concurrency: ${warmupSeconds} s warm-up per path (doubled for the first level, to warm the JVM), ` +
        `then ${measureSeconds} s measured per path in ${slicesPerPath} interleaved slices (API, direct, direct, API, …) so drift hits both paths alike. ` +
        'Errors = non-200, missing children, timeouts (5 s) or SDK errors; their latency is not recorded. ' +
        "CPU ms/req = user+system CPU of each process during the measured slices / requests completed, showing where a request's work goes " +
        '(server = the stack child running the API handlers; idle on the direct path).',
      '',
      table(
        ['concurrency', 'path', 'requests', 'errors', 'req/s', 'p50 (ms)', 'p99 (ms)', 'CPU ms/req bench', 'CPU ms/req server', 'CPU ms/req DynamoDB Local'],
        rows,
        ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
      table(['concurrency', 'API p50 (ms)', 'direct p50 (ms)', 'API / direct', `≤ ${targetRatio}×`], ratioRows, ['r', 'r', 'r', 'r', 'l']),
      '',
      ...(errorNotes.length > 0 ? [...errorNotes, ''] : []),
      survivors.length === 0
        ? 'Stack stopped; its DynamoDB Local process exited.'
        : `**Warning**: DynamoDB Local outlived the stack and was killed by pid: ${survivors.map((s) => s.pid).join(', ')}.`,
      '',
    ].join('\n');
  },
};
