/** One target a suite checked, collected into the summary at the top of the report. */
export interface TargetCheck {
  readonly suite: string;
  /** What was measured, e.g. `divisions bundle (minified)`. */
  readonly subject: string;
  /** The target as text, e.g. `≤ 200 KB`. */
  readonly target: string;
  readonly actual: string;
  readonly pass: boolean;
}

/** Knobs shared by suites; small values keep development runs short on a shared machine. */
export interface BenchOptions {
  /** Fresh-process imports per module in the cold-init suite. */
  readonly coldRuns: number;
  /** Concurrency levels of the load suite (each level runs API then direct). */
  readonly concurrency: readonly number[];
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
}

/** What the runner hands each suite. */
export interface SuiteContext {
  readonly options: BenchOptions;
  /** Records a target result for the summary; the suite still shows it in its own table. */
  check(result: Omit<TargetCheck, 'suite'>): void;
  /** Progress on stderr, so stdout stays pure markdown. */
  log(message: string): void;
}

/**
 * A bench suite: measures one thing and returns a markdown section (starting with a `##` heading).
 * It reports, it does not assert: a missed target is a FAIL row, not a thrown error. Throwing
 * means the harness itself broke.
 */
export interface Suite {
  readonly name: string;
  run(context: SuiteContext): Promise<string>;
}
