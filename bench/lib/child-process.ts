import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** What a bounded child run produced. */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Spawn to exit, as seen by the parent (process start, module load and exit). */
  readonly wallMs: number;
}

/**
 * Runs a command to completion, killing it (by its own pid) if it outlives `timeoutMs`, so a
 * hung child can never stall the bench.
 */
export function runChild(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs: number }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      // Wall time ends at exit, not at 'close': pipe draining is the parent's business.
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      child.once('close', () => resolve({ code, signal, stdout, stderr, wallMs }));
    });
  });
}

/**
 * Runs a bench fixture (`bench/fixtures/<file>`) under tsx in a child process and answers the
 * value of the one stdout line that is a JSON object with `key`. A fixture starts its own
 * DynamoDB Local, so its load never mixes with the parent's.
 */
export async function runFixture<T>(file: string, key: string, env: Readonly<Record<string, string>> = {}, timeoutMs = 240_000): Promise<T> {
  const run = await runChild(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'fixtures', file)], {
    cwd: repoRoot,
    env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeoutMs,
  });
  const line = run.stdout.split('\n').find((text) => text.includes(`"${key}"`));
  if (run.code !== 0 || !line) throw new Error(`${file} failed (code ${run.code}, signal ${run.signal}):\n${run.stderr}`);
  return (JSON.parse(line) as Record<string, T>)[key]!;
}
