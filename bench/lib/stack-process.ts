import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './paths.js';
import { descendantsOf, isDynamoDbLocal, isStillRunning, type ProcessInfo, trackProcess } from './proc.js';

/** Key of the one JSON line serve-stack.ts prints when the stack is ready. */
export const readyMarker = 'benchStack';

/** A local stack running in a child process. */
export interface StackProcess {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** The stack child (the API server's process). */
  readonly pid: number;
  /** Its DynamoDB Local Java process(es). */
  readonly javaPids: readonly number[];
  /** What the fixture module's `arrange()` returned (see serve-stack.ts), when one was asked for. */
  readonly fixture?: unknown;
  /** Stops the child and its DynamoDB Local; resolves with DynamoDB Local processes that survived. */
  stop(): Promise<ProcessInfo[]>;
}

interface ReadyLine {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  fixture?: unknown;
}

function parseReady(line: string): ReadyLine | undefined {
  if (!line.includes(readyMarker)) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    const ready = typeof parsed === 'object' && parsed !== null && readyMarker in parsed ? (parsed as Record<string, unknown>)[readyMarker] : undefined;
    if (typeof ready !== 'object' || ready === null) return undefined;
    const { url, dynamoEndpoint, tableName, fixture } = ready as Record<string, unknown>;
    if (typeof url !== 'string' || typeof dynamoEndpoint !== 'string' || typeof tableName !== 'string') return undefined;
    return { url, dynamoEndpoint, tableName, ...(fixture === undefined ? {} : { fixture }) };
  } catch {
    return undefined;
  }
}

const waitForExit = (child: ChildProcessWithoutNullStreams, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/**
 * Ends the child politely (stdin EOF lets it stop DynamoDB Local itself), then firmly. Afterwards
 * kills, by pid, any recorded Java process that outlived it: a SIGKILLed parent cannot clean up.
 */
async function stopChild(child: ChildProcessWithoutNullStreams, java: readonly ProcessInfo[]): Promise<ProcessInfo[]> {
  child.stdin.end();
  if (!(await waitForExit(child, 10_000))) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5_000))) child.kill('SIGKILL');
  }
  const survivors = java.filter(isStillRunning);
  for (const info of survivors) {
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {
      // Gone in the meantime.
    }
  }
  return survivors;
}

/**
 * Starts bench/lib/serve-stack.ts under `node --import tsx` (no tsx CLI wrapper process, so our
 * child IS the server and signals reach it directly) and waits for its ready line. `fixture` names
 * a module in bench/fixtures/ whose `arrange()` the child runs before it reports ready.
 */
export async function startStackProcess(
  log: (message: string) => void,
  readyTimeoutMs = 90_000,
  options: { fixture?: string } = {},
): Promise<StackProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  delete env.BENCH_STACK_FIXTURE;
  if (options.fixture) env.BENCH_STACK_FIXTURE = options.fixture;
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'lib', 'serve-stack.ts')], {
    cwd: repoRoot,
    // The SDK's Node-version warning would be printed on every start (DESIGN §6).
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderrTail = (stderrTail + text).slice(-4000);
    for (const line of text.split('\n')) if (line.startsWith('serve-stack:')) log(line);
  });
  const lines = createInterface({ input: child.stdout });

  let ready: ReadyLine;
  try {
    ready = await new Promise<ReadyLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stack not ready within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
      // Every stdout line is read (and all but the ready line dropped) for the child's whole life,
      // so a chatty handler can never block on a full pipe.
      lines.on('line', (line) => {
        const parsed = parseReady(line);
        if (parsed) {
          clearTimeout(timer);
          resolve(parsed);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`stack process exited early (code ${code}, signal ${signal})`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    const java = descendantsOf(child.pid ?? -1).filter(isDynamoDbLocal);
    await stopChild(child, java);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderrTail}`);
  }

  // Recorded now, while the Java process is still our grandchild and can be told apart from
  // other engineers' Java processes.
  const java = descendantsOf(child.pid ?? -1).filter(isDynamoDbLocal);
  for (const info of java) trackProcess(info);
  log(`stack ready at ${ready.url} (DynamoDB Local ${ready.dynamoEndpoint}, java pid ${java.map((j) => j.pid).join(', ') || 'not found'})`);
  return { ...ready, pid: child.pid ?? -1, javaPids: java.map((j) => j.pid), stop: () => stopChild(child, java) };
}
