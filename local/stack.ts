import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTable, localCredentials, localRegion, startDynamoLocal } from './dynamo.js';
import { LocalCognito } from './local-cognito.js';
import { localPersonalDataKey } from './personal-data-key.js';
import { createLocalServer } from './server.js';
import { type LocalOutboxRelay, startLocalOutboxRelay } from './outbox-relay.js';
import { type LocalWorkflow, startLocalWorkflow } from './workflow-runner.js';

/** The repository root (this file lives in `local/`). */
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Default git-ignored data folder of `npm start`. */
export const defaultDataDir = join(repoRoot, '.local');

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1; `0.0.0.0` lets a phone on the LAN open it. */
  readonly host?: string;
  /** Keep nothing on disk: in-memory DynamoDB Local and signing key (tests, bench). */
  readonly inMemory?: boolean;
  /** Data folder when not in memory (default `.local/`). */
  readonly dataDir?: string;
  /** `demo`: all Hubei divisions plus demo data; `minimal`: the pilot counties only (fast). */
  readonly seed?: 'demo' | 'minimal';
  /** Rebuild web/dist before serving (default true). */
  readonly buildWeb?: boolean;
  readonly accessLog?: boolean;
  readonly onProgress?: (message: string) => void;
}

/** A running local Boai. */
export interface LocalStack {
  readonly url: string;
  readonly port: number;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** Resolves when all reference data is in (at once, except on a first full start). */
  readonly referenceDataReady: Promise<void>;
  /** The local workflow runner. */
  readonly workflow: LocalWorkflow;
  /** The local outbox relay (its outbox holds the messages "published" to SNS so far). */
  readonly outboxRelay: LocalOutboxRelay;
  stop(): Promise<void>;
}

/** A friendlier error for a port already in use. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `Port ${port} is already in use. Stop the program using it, or choose another port: PORT=${port + 1} npm start\n` +
              `端口 ${port} 已被占用：请关闭占用该端口的程序，或换一个端口：PORT=${port + 1} npm start`,
          ),
        );
      } else reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolveListen(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Starts the whole system on one machine (DESIGN §2): DynamoDB Local with the table from the one
 * table definition, reference and demo data on first start, the local Cognito stand-in, and one
 * HTTP server for the API (the route table's handlers) and the web site.
 *
 * One stack per process: handlers read TABLE_NAME and DYNAMODB_ENDPOINT from the environment
 * when first loaded, exactly as in Lambda.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => undefined);
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? defaultDataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  // Fail fast on a taken port, before spending seconds on Java.
  const probe = createServer();
  const requestedPort = options.port ?? 3000;
  const host = options.host ?? '127.0.0.1';
  if (requestedPort !== 0) {
    await listen(probe, requestedPort, host);
    await new Promise((done) => probe.close(done));
  }

  // Kept beside the data when there is a data folder (wiped with it by `npm run reset`); a
  // throwaway folder otherwise, removed on stop like the in-memory data.
  const mediaDir = dataDir ? join(dataDir, 'media') : mkdtempSync(join(tmpdir(), 'boai-media-'));
  const removeTempMedia = () => {
    if (!dataDir) rmSync(mediaDir, { recursive: true, force: true });
  };

  // The workflow's ASL is synthesized from the CDK app while Java starts (about two seconds).
  const definitionReady = import('./workflow-definition.js').then((module) => module.synthesizePilotWorkflow());
  definitionReady.catch(() => undefined);
  progress('Starting DynamoDB Local 正在启动 DynamoDB Local…');
  const dynamo = await startDynamoLocal(dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {});
  const tableName = 'boai-local';
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'boai-local',
    // The local stand-in for the KMS keys (kept in the data folder, wiped with it by `npm run reset`).
    BOAI_LOCAL_PERSONAL_DATA_KEY: localPersonalDataKey(dataDir),
    // The local stand-in for the media bucket: photos of typical cases, served under /media/*.
    BOAI_LOCAL_MEDIA_DIR: mediaDir,
  });
  let server: Server | undefined;
  let workflow: LocalWorkflow | undefined;
  let outboxRelay: LocalOutboxRelay | undefined;
  const seeding = new AbortController();
  try {
    await ensureTable(dynamo.endpoint, tableName);
    // Before the seed: the demo pilots are moved along by the workflow like any other.
    // The stream's peer of the relay's event source mapping: alerts the workflow (or anything)
    // writes to the outbox are "published" to .local/outbox.jsonl and the console.
    outboxRelay = await startLocalOutboxRelay({ ...(dataDir ? { outboxFile: join(dataDir, 'outbox.jsonl') } : {}), onEvent: progress });
    workflow = await startLocalWorkflow({ definition: await definitionReady, onEvent: progress });
    // Imported only now: the data modules create their DynamoDB client from the environment above.
    const { seed } = await import('./seed.js');
    const seeded = await seed(options.seed === 'minimal' ? 'pilot' : 'all', progress, seeding.signal);
    const referenceDataReady = (seeded.background ?? Promise.resolve()).catch((error: unknown) => {
      if (!seeding.signal.aborted) progress(`Loading divisions failed 行政区划载入失败: ${(error as Error).message}`);
    });
    // Pilots that were waiting when the last run stopped wait again, at the step they reached.
    const resumed = await workflow.resumeRunning();
    if (resumed > 0) progress(`Pilot workflows resumed 试点工作流已恢复: ${resumed}`);

    if (options.buildWeb !== false) {
      progress('Building web pages 正在构建网页…');
      const { buildWeb } = await import('../web/build.js');
      await buildWeb({});
    }
    const cognito = await LocalCognito.create('http://127.0.0.1/local-cognito', dataDir ? join(dataDir, 'local-cognito-key.json') : undefined);
    server = createLocalServer({ webRoot: join(repoRoot, 'web', 'dist'), mediaRoot: mediaDir, cognito, accessLog: options.accessLog ?? false });
    const port = await listen(server, requestedPort, host);
    const url = `http://127.0.0.1:${port}`;
    cognito.useIssuer(`${url}/local-cognito`);
    const running = server;
    const runningWorkflow = workflow;
    const runningRelay = outboxRelay;
    return {
      url,
      port,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      referenceDataReady,
      workflow,
      outboxRelay,
      stop: async () => {
        // An interrupted first load resumes on the next start (its marker is not written yet).
        seeding.abort();
        await referenceDataReady;
        await runningWorkflow.stop();
        await runningRelay.stop();
        running.closeAllConnections();
        await new Promise((done) => running.close(done));
        await dynamo.stop();
        removeTempMedia();
      },
    };
  } catch (error) {
    seeding.abort();
    server?.close();
    await workflow?.stop();
    await outboxRelay?.stop();
    await dynamo.stop();
    removeTempMedia();
    throw error;
  }
}
