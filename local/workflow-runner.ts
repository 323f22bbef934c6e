/**
 * The local workflow runner (DESIGN §2, §6): executes the pilot state machine's synthesized ASL
 * with aws-local-stepfunctions and plays the parts AWS plays in the cloud.
 *
 * - Lambda tasks call `functions/pilot-workflow`'s handler in-process, by the state's resource
 *   (the task function's stand-in ARN), so no state is named here.
 * - `.waitForTaskToken` tasks, which the library does not support natively: the override mints a
 *   token, passes it to the task Lambda (which records it on the pilot) and pauses until the
 *   decision API hands it back through {@link LocalWorkflow.sendDecision}. The state's
 *   `TimeoutSecondsPath` still applies, so deadlines and escalations behave as in AWS.
 * - A `states:startExecution` task (an old execution continuing as a new one, before Step
 *   Functions' one-year limit) starts that execution here once the current one has ended.
 * - The state machine publishes nothing itself: its alerts go through the table's outbox, which
 *   the local outbox relay (`local/outbox-relay.ts`) delivers, as in AWS.
 * - An execution that fails is reported to the task Lambda as EventBridge reports it in AWS, so
 *   the pilot is marked faulted rather than left "running".
 * - Restarting `npm start` loses no progress: the pilots' state is in DynamoDB, and
 *   {@link LocalWorkflow.resumeRunning} starts each running pilot again at its recorded step.
 */
import type { Context } from 'aws-lambda';
import { ulid } from 'ulid';
import type { DecisionOutput, Delivery, PilotExecutionInput, WorkflowEngine } from '../shared/pilots/workflow-engine.js';
import { lambdaContext } from './api-gateway.js';
import type { LocalPilotWorkflowDefinition } from './workflow-definition.js';

// aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks (DESIGN §6).
if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Options of {@link startLocalWorkflow}. */
export interface LocalWorkflowOptions {
  /** Called for executions that fail (printing them, in `npm start`). */
  readonly onEvent?: (line: string) => void;
  /** A definition already synthesized (tests share one); default: synthesize now. */
  readonly definition?: LocalPilotWorkflowDefinition;
  /**
   * Replaces every Retry interval with this many milliseconds (aws-local-stepfunctions'
   * `retryIntervalOverrides`), so tests of retry paths do not wait out real back-off.
   */
  readonly retryIntervalMs?: number;
  /**
   * When an execution started (what `$$.Execution.StartTime` gives the Enter tasks), by its
   * name; default: now. Tests make an execution look nearly a year old with it.
   */
  readonly executionStartedAt?: (name: string) => string;
}

/** What the context object's `$$.Task.Token` holds locally; each callback task replaces it. */
const tokenPlaceholder = 'local-task-token';
const waitForTaskToken = ':states:::lambda:invoke.waitForTaskToken';
const startExecution = ':states:::states:startExecution';

type Json = Record<string, unknown>;
type TaskOverride = (input: Json) => Promise<unknown>;
type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The local runner; also the {@link WorkflowEngine} the use cases talk to. */
export class LocalWorkflow implements WorkflowEngine {
  private readonly waiting = new Map<string, { resolve: (output: DecisionOutput) => void; county: string }>();
  private readonly tokenOfCounty = new Map<string, string>();
  private readonly executions = new Map<string, { abort: () => void; done: Promise<void> }>();
  private handler: Promise<TaskHandler> | undefined;
  private stopped = false;
  /** Names of the executions started so far, oldest first. */
  readonly started: string[] = [];

  private constructor(
    private readonly machine: { run: (input: Json, options: Json) => { abort: () => void; result: Promise<unknown> } },
    private readonly definition: LocalPilotWorkflowDefinition,
    private readonly options: LocalWorkflowOptions,
  ) {}

  /** Loads the library (after the polyfill) and prepares the machine. */
  static async create(options: LocalWorkflowOptions = {}): Promise<LocalWorkflow> {
    const definition = options.definition ?? (await (await import('./workflow-definition.js')).synthesizePilotWorkflow());
    const { StateMachine } = await import('aws-local-stepfunctions');
    // The ASL is validated as in AWS (paths and ARNs); the stand-in ARNs are well formed.
    const machine = new StateMachine(definition.definition as never);
    return new LocalWorkflow(machine as never, definition, options);
  }

  /** Executions running now (each waits at a decision step or is between states). */
  get running(): number {
    return this.executions.size;
  }

  /**
   * Starts an execution. One per pilot run: starting a run that is already executing does
   * nothing, as Step Functions does for a name it already runs.
   */
  async start(name: string, input: PilotExecutionInput): Promise<void> {
    this.launch(name, input);
  }

  /** Starts the execution unless that run is already executing; true when it started. */
  private launch(name: string, input: PilotExecutionInput): boolean {
    const key = `${input.county}#${input.run}`;
    if (this.executions.has(key) || this.stopped) return false;
    this.started.push(name);
    const startedAt = this.options.executionStartedAt?.(name) ?? new Date().toISOString();
    const execution = this.machine.run(input as unknown as Json, {
      overrides: {
        taskResourceLocalHandlers: this.overrides(startedAt),
        ...(this.options.retryIntervalMs !== undefined ? { retryIntervalOverrides: this.retryOverrides(this.options.retryIntervalMs) } : {}),
      },
      context: {
        Execution: { Id: `arn:aws-cn:states:cn-north-1:000000000000:execution:PilotWorkflow:${name}`, Name: name },
        Task: { Token: tokenPlaceholder },
      },
      noThrowOnAbort: true,
    });
    const done = execution.result
      .then(() => undefined)
      .catch(async (error: unknown) => {
        const cause = (error as { cause?: { name?: string; message?: string } }).cause;
        this.options.onEvent?.(`Pilot workflow ${name} stopped 试点工作流已停止: ${cause?.name ?? (error as Error).name} ${cause?.message ?? ''}`);
        // What EventBridge reports in AWS: the execution failed, so its pilot must not stay "running".
        await this.invoke({ task: 'executionEnded', status: 'FAILED', input: JSON.stringify(input) }).catch(() => undefined);
      })
      .finally(() => this.executions.delete(key));
    this.executions.set(key, { abort: execution.abort, done });
    return true;
  }

  /** Hands a decision to the callback task waiting on `taskToken`. */
  async sendDecision(taskToken: string, output: DecisionOutput): Promise<Delivery> {
    const waiter = this.waiting.get(taskToken);
    if (!waiter) return 'stale';
    this.waiting.delete(taskToken);
    if (this.tokenOfCounty.get(waiter.county) === taskToken) this.tokenOfCounty.delete(waiter.county);
    waiter.resolve(output);
    return 'delivered';
  }

  /**
   * Starts every running pilot that has no execution here at its recorded step (after a
   * restart); returns how many. The run number stays the same: the executions of the previous
   * process are gone with it.
   */
  async resumeRunning(): Promise<number> {
    const { listRunningPilots } = await import('../shared/pilots/pilot-repository.js');
    const { executionName } = await import('../shared/pilots/submit-pilot.js');
    let started = 0;
    for (const item of await listRunningPilots()) {
      const resumeAt = item.step === 'submitted' ? 'planReview' : item.step;
      if (this.launch(executionName(item, item.run), { pilotId: item.pilotId, county: item.county, run: item.run, resumeAt })) started += 1;
    }
    return started;
  }

  /** Stops every execution (their pilots stay where they are in DynamoDB). */
  async stop(): Promise<void> {
    this.stopped = true;
    const running = [...this.executions.values()];
    for (const execution of running) execution.abort();
    await Promise.allSettled(running.map((execution) => execution.done));
    this.waiting.clear();
    this.tokenOfCounty.clear();
  }

  private retryOverrides(ms: number): Record<string, number> {
    const states = (this.definition.definition.States ?? {}) as Record<string, Json>;
    return Object.fromEntries(Object.entries(states).filter(([, state]) => Array.isArray(state.Retry)).map(([name]) => [name, ms]));
  }

  /**
   * One override per Task state, chosen by what the state invokes. aws-local-stepfunctions sets
   * `$$.Execution.StartTime` to the moment it starts running, whatever the context says, so a
   * task's `executionStartedAt` is replaced with the start this runner keeps for the execution.
   */
  private overrides(startedAt: string): Record<string, TaskOverride> {
    const states = (this.definition.definition.States ?? {}) as Record<string, Json>;
    const overrides: Record<string, TaskOverride> = {};
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      const resource = String(state.Resource);
      const parameters = (state.Parameters ?? {}) as Json;
      if (resource === this.definition.tasksFunctionArn) overrides[name] = (input) => this.invoke('executionStartedAt' in input ? { ...input, executionStartedAt: startedAt } : input);
      else if (resource.endsWith(waitForTaskToken) && parameters.FunctionName === this.definition.tasksFunctionArn) overrides[name] = (input) => this.awaitCallback(input);
      else if (resource.endsWith(startExecution)) overrides[name] = (input) => this.continueAsNew(input);
      else throw new Error(`The local workflow runner has no stand-in for state "${name}" (${resource})`);
    }
    return overrides;
  }

  private async invoke(payload: unknown): Promise<unknown> {
    this.handler ??= import('../functions/pilot-workflow/index.js').then((module) => module.handler as unknown as TaskHandler);
    const handler = await this.handler;
    return handler(payload, lambdaContext('boai-pilot-workflow', ulid(), 30_000));
  }

  /**
   * An execution hands its run over to a new one: started as soon as the current execution of
   * that run has ended (it ends right after this task), as Step Functions would run both briefly.
   */
  private async continueAsNew(input: Json): Promise<{ ExecutionArn: string; StartDate: string }> {
    const name = String(input.Name);
    const next = input.Input as PilotExecutionInput;
    const current = this.executions.get(`${next.county}#${next.run}`);
    void (current?.done ?? Promise.resolve()).then(() => this.launch(name, next));
    return { ExecutionArn: `arn:aws-cn:states:cn-north-1:000000000000:execution:PilotWorkflow:${name}`, StartDate: new Date().toISOString() };
  }

  private async awaitCallback(input: Json): Promise<DecisionOutput> {
    const payload = { ...(input.Payload as Json) };
    const token = `local-${ulid()}`;
    if (payload.taskToken !== tokenPlaceholder) throw new Error('The callback task does not pass $$.Task.Token as taskToken');
    payload.taskToken = token;
    const county = String(payload.county);
    let resolve!: (output: DecisionOutput) => void;
    const promise = new Promise<DecisionOutput>((settle) => {
      resolve = settle;
    });
    // The county's previous token belonged to a wait that timed out: forget it (AWS: TaskTimedOut).
    const previous = this.tokenOfCounty.get(county);
    if (previous) this.waiting.delete(previous);
    this.waiting.set(token, { resolve, county });
    this.tokenOfCounty.set(county, token);
    try {
      await this.invoke(payload);
    } catch (error) {
      this.waiting.delete(token);
      throw error;
    }
    return promise;
  }
}

/** Creates the runner and installs it as the workflow engine the use cases call. */
export async function startLocalWorkflow(options: LocalWorkflowOptions = {}): Promise<LocalWorkflow> {
  const workflow = await LocalWorkflow.create(options);
  const { useWorkflowEngine } = await import('../shared/pilots/workflow-engine.js');
  useWorkflowEngine(workflow);
  return workflow;
}
