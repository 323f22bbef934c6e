import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

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
