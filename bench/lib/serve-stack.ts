/**
 * Runs the local stack (DynamoDB Local + the API server) in its own process, so the load generator
 * in the bench process never shares the server's event loop.
 *
 * Protocol: prints ONE line `{"benchStack":{url,dynamoEndpoint,tableName,fixture?}}` on stdout when
 * ready (other stdout lines, e.g. handler logs, are to be ignored). With `BENCH_STACK_FIXTURE` set
 * to the name of a module in bench/fixtures/ (e.g. `coverage-data`), that module's `arrange()`
 * runs in this process once the stack is up (the data modules' client points at this stack's
 * DynamoDB Local here) and what it returns travels in the ready line as `fixture`. Stops DynamoDB Local and exits when
 * stdin closes (the bench ended or died), on SIGTERM/SIGINT, or after a hard lifetime cap.
 */
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { readyMarker } from './stack-process.js';

/** The whole bench stays under 3 minutes; a stack alive after 5 means its parent lost track of it. */
const maxLifetimeMs = 5 * 60_000;

let stack: LocalStack | undefined;
let stopping: Promise<never> | undefined;

/**
 * Stops the stack once and exits. Several triggers may fire (stdin 'end' then 'close', a signal):
 * every later call gets the same promise, so none of them can exit before DynamoDB Local is down.
 */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    const started = performance.now();
    try {
      await stack?.stop();
      process.stderr.write(`serve-stack: stopped in ${Math.round(performance.now() - started)} ms\n`);
    } catch (error) {
      process.stderr.write(`serve-stack: stop failed: ${String(error)}\n`);
      code = 1;
    }
    // local/dynamo.ts also SIGKILLs any Java child from its 'exit' hook, should stop() have failed.
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  // Registered before the (slow) start, so a bench that gives up mid-start still stops us.
  process.stdin.on('end', () => void shutdown(0));
  process.stdin.on('close', () => void shutdown(0));
  process.stdin.resume();
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  setTimeout(() => {
    process.stderr.write('serve-stack: lifetime cap reached, stopping\n');
    void shutdown(1);
  }, maxLifetimeMs).unref();

  stack = await startLocalStack({
    port: 0,
    inMemory: true,
    seed: 'minimal',
    buildWeb: false,
    accessLog: false,
    onProgress: (message) => process.stderr.write(`serve-stack: ${message}\n`),
  });
  if (stopping) return; // Told to stop while starting: shutdown() is already under way.
  const fixtureName = process.env.BENCH_STACK_FIXTURE;
  let fixture: unknown;
  if (fixtureName) {
    if (!/^[a-z][a-z-]*$/.test(fixtureName)) throw new Error(`bad fixture name ${fixtureName}`);
    const module = (await import(`../fixtures/${fixtureName}.js`)) as { arrange(log: (message: string) => void): Promise<unknown> };
    fixture = await module.arrange((message) => process.stderr.write(`serve-stack: ${message}\n`));
    if (stopping) return;
  }
  const { url, dynamoEndpoint, tableName } = stack;
  process.stdout.write(`${JSON.stringify({ [readyMarker]: { url, dynamoEndpoint, tableName, ...(fixture === undefined ? {} : { fixture }) } })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`serve-stack: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  void shutdown(1);
});
