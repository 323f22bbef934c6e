import { Agent, request as httpRequest } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { demoPassword } from '../../local/demo-accounts.js';
import { localCredentials, localRegion } from '../../local/dynamo.js';
import type { CoverageFixture } from '../fixtures/coverage-data.js';
import { runClosedLoop } from '../lib/load.js';
import { table } from '../lib/markdown.js';
import { cpuTimeMs, type ProcessInfo } from '../lib/proc.js';
import { type StackProcess, startStackProcess } from '../lib/stack-process.js';
import { formatKb, formatMs, percentile } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const province = '420000000000';
const county = '421123000000';

/** The two routes under load, each as the demo account that uses it. */
const routes = [
  { name: 'coverage (province)', path: `/api/coverage?division=${province}`, username: 'province.admin' },
  { name: 'branches (罗田县)', path: `/api/branches?county=${county}`, username: 'county.luotian' },
] as const;
type RouteName = (typeof routes)[number]['name'];

interface Reply {
  readonly status: number;
  readonly body: Buffer;
}

function send(url: string, options: { method?: string; token?: string; body?: string; agent?: Agent; timeoutMs?: number }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        ...(options.agent ? { agent: options.agent } : {}),
        timeout: options.timeoutMs ?? 5_000,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`HTTP timeout after ${options.timeoutMs ?? 5_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An ID token from the local Cognito stand-in, as the portal signs in. */
async function signIn(baseUrl: string, username: string): Promise<string> {
  const reply = await send(`${baseUrl}/local-cognito/sign-in`, { method: 'POST', body: JSON.stringify({ username, password: demoPassword }) });
  if (reply.status !== 200) throw new Error(`sign-in as ${username}: HTTP ${reply.status}`);
  return (JSON.parse(reply.body.toString('utf8')) as { idToken: string }).idToken;
}

/** Items, pages and read capacity of one Query, paged through as the repositories do. */
async function countQuery(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<{ items: number; pages: number; rcu: number; bytes: number }> {
  let items = 0;
  let pages = 0;
  let rcu = 0;
  let bytes = 0;
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page: QueryCommandOutput = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, ReturnConsumedCapacity: 'TOTAL' }));
    pages += 1;
    items += page.Items?.length ?? 0;
    rcu += page.ConsumedCapacity?.CapacityUnits ?? Number.NaN;
    bytes += Buffer.byteLength(JSON.stringify(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, pages, rcu, bytes };
}

/** Checks the answers against what the fixture wrote; throws (harness error) when they disagree. */
function checkAnswers(fixture: CoverageFixture, coverage: Reply, branches: Reply): string[] {
  const problems: string[] = [];
  if (coverage.status !== 200) problems.push(`coverage: HTTP ${coverage.status}: ${coverage.body.toString('utf8').slice(0, 500)}`);
  if (branches.status !== 200) problems.push(`branches: HTTP ${branches.status}: ${branches.body.toString('utf8').slice(0, 500)}`);
  if (problems.length > 0) return problems;
  const view = JSON.parse(coverage.body.toString('utf8')) as {
    summary: { townships: { total: number; covered: number }; villages: { total: number; covered: number }; commissioners: number; branches: Record<string, number> };
    children: { level: string; villages: { total: number }; townships: { total: number }; branches: Record<string, number> }[];
  };
  const { expected } = fixture;
  const same = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
  };
  same('city children', view.children.length, expected.cities);
  same('children are cities', view.children.every((child) => child.level === 'city'), true);
  same('summary.townships', view.summary.townships, expected.townships);
  same('summary.villages', view.summary.villages, expected.villages);
  same('summary.commissioners', view.summary.commissioners, expected.commissioners);
  same('summary.branches', view.summary.branches, expected.branches);
  same('Σ children villages.total', view.children.reduce((sum, child) => sum + child.villages.total, 0), expected.villages.total);
  same('Σ children townships.total', view.children.reduce((sum, child) => sum + child.townships.total, 0), expected.townships.total);
  same(
    'Σ children branches',
    view.children.reduce((sum, child) => sum + Object.values(child.branches).reduce((a, b) => a + b, 0), 0),
    Object.values(expected.branches).reduce((a, b) => a + b, 0),
  );
  const list = JSON.parse(branches.body.toString('utf8')) as { county: string; items: { county: string; branchId: string }[] };
  same('branch list county', list.county, county);
  same('branch list length', list.items.length, fixture.bigCountyBranches);
  same('branches all in the county', list.items.every((item) => item.county === county), true);
  same('branch ids unique', new Set(list.items.map((item) => item.branchId)).size, list.items.length);
  return problems;
}

interface Phase {
  readonly route: RouteName;
  readonly concurrency: number;
  readonly latenciesMs: number[];
  readonly errors: number;
  readonly firstError?: string;
  readonly measureMs: number;
  readonly completed: number;
  readonly serverCpuMs: number;
  readonly dynamoCpuMs: number;
}

const cpuOf = (stack: StackProcess) => ({ server: cpuTimeMs(stack.pid), dynamo: stack.javaPids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0) });

export const coverageLoadSuite: Suite = {
  name: 'coverage-load',
  async run(context) {
    const { concurrency: levels, warmupSeconds, measureSeconds } = context.options;
    context.log('coverage-load: starting the local stack and arranging data (about 1.5 min)…');
    const stack = await startStackProcess(context.log, 240_000, { fixture: 'coverage-data' });
    const fixture = stack.fixture as CoverageFixture;
    const phases: Phase[] = [];
    const sizes = new Map<RouteName, number>();
    const reads = new Map<RouteName, { items: number; pages: number; rcu: number; bytes: number; queries: number }>();
    let survivors: ProcessInfo[] = [];
    try {
      const tokens = new Map<string, string>();
      for (const route of routes) if (!tokens.has(route.username)) tokens.set(route.username, await signIn(stack.url, route.username));

      // Correctness before timing (the first calls also load the handler modules).
      const [coverage, branches] = await Promise.all(routes.map((route) => send(`${stack.url}${route.path}`, { token: tokens.get(route.username)!, timeoutMs: 30_000 })));
      const problems = checkAnswers(fixture, coverage!, branches!);
      if (problems.length > 0) throw new Error(`API answers are wrong, nothing timed:\n- ${problems.join('\n- ')}`);
      sizes.set(routes[0].name, coverage!.body.length);
      sizes.set(routes[1].name, branches!.body.length);

      // The DynamoDB work behind each request: the same Queries the use cases send, counted once.
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: localRegion, credentials: localCredentials }));
      try {
        const divisionPartition = await countQuery(client, {
          TableName: stack.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `DIVISION#${province}` },
          ProjectionExpression: 'SK, code, #name, #level, childCount, townshipCount, villageCount',
          ExpressionAttributeNames: { '#name': 'name', '#level': 'level' },
        });
        const tallies = await countQuery(client, {
          TableName: stack.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
          ExpressionAttributeValues: { ':pk': 'COVERAGE_TALLY', ':prefix': '42' },
        });
        reads.set(routes[0].name, {
          items: divisionPartition.items + tallies.items,
          pages: divisionPartition.pages + tallies.pages,
          rcu: divisionPartition.rcu + tallies.rcu,
          bytes: divisionPartition.bytes + tallies.bytes,
          queries: 2,
        });
        const countyBranches = await countQuery(client, {
          TableName: stack.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `BRANCHES#${county}` },
        });
        reads.set(routes[1].name, { ...countyBranches, queries: 1 });
      } finally {
        client.destroy();
      }

      for (const [index, concurrency] of levels.entries()) {
        const warmupMs = warmupSeconds * 1000 * (index === 0 ? 2 : 1);
        context.log(`coverage-load: concurrency ${concurrency}: ${routes.length} routes × (${warmupMs / 1000} s warm-up + ${measureSeconds} s measured)…`);
        for (const route of routes) {
          const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
          const url = `${stack.url}${route.path}`;
          const token = tokens.get(route.username)!;
          const expectedBytes = sizes.get(route.name)!;
          // Same data throughout, so the exact size is a cheap check that each answer is whole.
          const request = async () => {
            const reply = await send(url, { token, agent });
            if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.body.toString('utf8').slice(0, 200)}`);
            if (reply.body.length !== expectedBytes) throw new Error(`answer of ${reply.body.length} bytes, expected ${expectedBytes}`);
          };
          try {
            await runClosedLoop(request, { concurrency, warmupMs, measureMs: 0 });
            const before = cpuOf(stack);
            const result = await runClosedLoop(request, { concurrency, warmupMs: 0, measureMs: measureSeconds * 1000 });
            const after = cpuOf(stack);
            phases.push({
              route: route.name,
              concurrency,
              latenciesMs: result.latenciesMs,
              errors: result.errors,
              ...(result.firstError ? { firstError: result.firstError } : {}),
              measureMs: result.measureMs,
              completed: result.completed,
              serverCpuMs: after.server - before.server,
              dynamoCpuMs: after.dynamo - before.dynamo,
            });
          } finally {
            agent.destroy();
          }
        }
      }
    } finally {
      survivors = await stack.stop();
    }

    const rows = phases.map((phase) => {
      const per = (ms: number) => (Number.isFinite(ms) ? (ms / Math.max(1, phase.completed)).toFixed(1) : '—');
      return [
        phase.route,
        String(phase.concurrency),
        String(phase.latenciesMs.length),
        String(phase.errors),
        (phase.latenciesMs.length / (phase.measureMs / 1000)).toFixed(0),
        formatMs(percentile(phase.latenciesMs, 50)),
        formatMs(percentile(phase.latenciesMs, 95)),
        formatMs(percentile(phase.latenciesMs, 99)),
        per(phase.serverCpuMs),
        per(phase.dynamoCpuMs),
      ];
    });
    for (const phase of phases) {
      context.check({ subject: `${phase.route} errors at concurrency ${phase.concurrency}`, target: '0', actual: String(phase.errors), pass: phase.errors === 0 });
    }
    const workRows = routes.map((route) => {
      const read = reads.get(route.name);
      return [
        route.name,
        formatKb(sizes.get(route.name) ?? Number.NaN),
        String(read?.queries ?? '—'),
        String(read?.pages ?? '—'),
        String(read?.items ?? '—'),
        read ? formatKb(read.bytes) : '—',
        read && Number.isFinite(read.rcu) ? read.rcu.toFixed(1) : '—',
      ];
    });
    const errorNotes = phases.filter((p) => p.firstError !== undefined).map((p) => `- ${p.route} at concurrency ${p.concurrency}: first error: ${p.firstError ?? ''}`);
    const branchTotal = Object.values(fixture.expected.branches).reduce((a, b) => a + b, 0);

    return [
      '## Coverage dashboard and branch list under load',
      '',
      'Stack (DynamoDB Local in memory, seed `minimal` = demo dataset of 罗田县/英山县) in a child process, then ' +
        `\`bench/fixtures/coverage-data.ts\` in that process (${fixture.arrangeSeconds.toFixed(0)} s, not timed): ` +
        `${fixture.divisionItemsWritten} division items rewritten from all of Hubei (every non-village item, so all ${fixture.counties} counties carry their township/village counts, ` +
        `plus ${fixture.villageItemsOutsidePilot} village items outside the pilot counties; the other ~26,000 villages are not loaded, these routes never read them); ` +
        `then through the use cases, as a county principal per county: ${fixture.branchesImported} active branches imported (\`importBranches\`) and ${fixture.commissioners} commissioners appointed (\`appointCommissioner\`) ` +
        `— in every county 2 township, 3 village and 1 school branch plus 2 commissioners; in 罗田县 every free township and village seat plus schools/hospitals/enterprises up to ` +
        `${fixture.bigCountyBranches} branches (${fixture.demoBranchesInBigCounty} from the demo dataset). Province totals: ${branchTotal} active branches, ${fixture.expected.commissioners} serving commissioners, ` +
        `${fixture.expected.townships.covered}/${fixture.expected.townships.total} townships and ${fixture.expected.villages.covered}/${fixture.expected.villages.total} villages covered.`,
      '',
      `Before timing, both answers were checked: the province dashboard has ${fixture.expected.cities} city children and its summary equals the fixture's expected totals ` +
        `(townships.total ${fixture.expected.townships.total}, villages.total ${fixture.expected.villages.total}, covered counts, commissioners, branches by type; children sum to the same totals); ` +
        `the 罗田县 list has all ${fixture.bigCountyBranches} branches, each once. ` +
        `**coverage (province)** = \`GET /api/coverage?division=${province}\` as province.admin; **branches (罗田县)** = \`GET /api/branches?county=${county}\` as county.luotian; ` +
        'ID tokens from the local Cognito sign-in. Closed loop over keep-alive HTTP on loopback, maxSockets = concurrency; per route and level ' +
        `${warmupSeconds} s warm-up (doubled at the first level) then ${measureSeconds} s measured. Errors = non-200, an answer of a different size than the checked one, or a 5 s timeout. ` +
        'CPU ms/req = user+system CPU of the stack child (API server + handlers) and of DynamoDB Local during the measured window / requests completed.',
      '',
      table(
        ['route', 'concurrency', 'requests', 'errors', 'req/s', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'CPU ms/req server', 'CPU ms/req DynamoDB Local'],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
      'DynamoDB work per request: the Queries the use case sends, re-run once from the bench with `ReturnConsumedCapacity` ' +
        '(coverage: the province Division partition + the GSI1 `COVERAGE_TALLY` Query; branches: the GSI1 `BRANCHES#<county>` Query). ' +
        'Item size = the items as JSON, a proxy for what DynamoDB sends.',
      '',
      table(['route', 'response body', 'Queries', 'pages', 'items read', 'items (JSON)', 'RCU (eventually consistent)'], workRows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']),
      '',
      ...(errorNotes.length > 0 ? [...errorNotes, ''] : []),
      survivors.length === 0
        ? 'Stack stopped; its DynamoDB Local process exited.'
        : `**Warning**: DynamoDB Local outlived the stack and was killed by pid: ${survivors.map((s) => s.pid).join(', ')}.`,
      '',
    ].join('\n');
  },
};
