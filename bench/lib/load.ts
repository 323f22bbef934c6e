/** Settings of one closed-loop load phase. */
export interface LoadOptions {
  /** Requests in flight at any time: each worker sends its next request when the last one ends. */
  readonly concurrency: number;
  /** Requests in this window are sent but not recorded (JIT, connection pools, handler load). */
  readonly warmupMs: number;
  readonly measureMs: number;
  /** A hard cap on requests per phase, on top of the time bound. */
  readonly maxRequests?: number;
  /** Give up on a request after this long (it counts as an error). */
  readonly requestTimeoutMs?: number;
}

/** What one phase measured (only requests started inside the measure window count). */
export interface LoadResult {
  readonly latenciesMs: number[];
  readonly errors: number;
  readonly firstError?: string;
  /** Successful requests per second over the measure window. */
  readonly throughput: number;
  readonly measureMs: number;
  /** Every request that ended, warm-up included (the denominator of CPU per request). */
  readonly completed: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`request timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs `request` from `concurrency` workers for warm-up + measure time. A request that throws is
 * an error; its latency is not recorded (it would flatter or distort the percentiles). Stops
 * issuing at the deadline (or the request cap) and waits for requests in flight.
 */
export async function runClosedLoop(request: () => Promise<void>, options: LoadOptions): Promise<LoadResult> {
  const maxRequests = options.maxRequests ?? 1_000_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  const start = performance.now();
  const measureStart = start + options.warmupMs;
  const end = measureStart + options.measureMs;
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  let completed = 0;

  const worker = async (): Promise<void> => {
    while (performance.now() < end && issued < maxRequests) {
      issued++;
      const sentAt = performance.now();
      let failed = false;
      try {
        await withTimeout(request(), requestTimeoutMs);
      } catch (error) {
        failed = true;
        if (sentAt >= measureStart) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
      completed++;
      if (!failed && sentAt >= measureStart) latenciesMs.push(performance.now() - sentAt);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    latenciesMs,
    errors,
    ...(firstError ? { firstError } : {}),
    throughput: options.measureMs > 0 ? latenciesMs.length / (options.measureMs / 1000) : 0,
    measureMs: options.measureMs,
    completed,
  };
}
