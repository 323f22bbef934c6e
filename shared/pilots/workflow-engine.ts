import { logger } from '../observability/logger.js';

/** What a pilot execution starts with (the state machine's input). */
export interface PilotExecutionInput {
  readonly pilotId: string;
  readonly county: string;
  /** The run this execution is (every workflow write is conditional on it: a fencing token). */
  readonly run: number;
  /**
   * Re-enter this step instead of starting at planReview: a resumed pilot (after a fault, after a
   * local restart) or one continued in a new execution (a Standard execution lasts at most a year;
   * a pilot may take longer).
   */
  readonly resumeAt?: string;
}

/** What a decision hands back through the task token (the callback task's result). */
export interface DecisionOutput {
  readonly step: string;
  readonly outcome: string;
}

/** Whether a decision reached a waiting task. */
export type Delivery = 'delivered' | 'stale';

/**
 * The workflow engine as use cases see it: Step Functions in AWS, the local runner on one machine
 * (`local/workflow-runner.ts` installs itself with {@link useWorkflowEngine}).
 */
export interface WorkflowEngine {
  /** Starts an execution; starting the same name again is not an error (idempotent, as in AWS). */
  start(name: string, input: PilotExecutionInput): Promise<void>;
  /**
   * Hands a decision to the task waiting on `taskToken`. `stale` when that task no longer waits
   * (it timed out to check its deadline, or the execution is gone): the decision is already
   * recorded, and the workflow collects it when it waits again.
   */
  sendDecision(taskToken: string, output: DecisionOutput): Promise<Delivery>;
}

/** Errors Step Functions answers for a token whose task no longer waits. */
const staleTokenErrors = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Step Functions through the SDK (loaded on first use: only the `pilots` function needs it, and
 * only on submit and decide). The state machine's ARN comes from `PILOT_STATE_MACHINE_ARN`.
 */
export function stepFunctionsEngine(): WorkflowEngine {
  const client = import('@aws-sdk/client-sfn').then((sfn) => ({ sfn, client: new sfn.SFNClient({}) }));
  const arn = (): string => {
    const value = process.env.PILOT_STATE_MACHINE_ARN;
    if (!value) throw new Error('PILOT_STATE_MACHINE_ARN is not set');
    return value;
  };
  return {
    async start(name, input) {
      const { sfn, client: sfnClient } = await client;
      try {
        await sfnClient.send(new sfn.StartExecutionCommand({ stateMachineArn: arn(), name, input: JSON.stringify(input) }));
      } catch (error) {
        // Same name and input as a running execution is answered with success by Step Functions;
        // a finished one with this name means that run already happened.
        if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      }
    },
    async sendDecision(taskToken, output) {
      const { sfn, client: sfnClient } = await client;
      try {
        await sfnClient.send(new sfn.SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return 'delivered';
      } catch (error) {
        if (staleTokenErrors.has((error as Error).name)) return 'stale';
        throw error;
      }
    },
  };
}

let installed: WorkflowEngine | undefined;
let cloud: WorkflowEngine | undefined;

/** The engine in use: the one installed by the local runtime, else Step Functions. */
export function workflowEngine(): WorkflowEngine {
  if (installed) return installed;
  cloud ??= stepFunctionsEngine();
  return cloud;
}

/** True when an engine was installed with {@link useWorkflowEngine} (the local runner). */
export function hasInstalledEngine(): boolean {
  return installed !== undefined;
}

/** Installs an engine (the local runner does, before serving); `undefined` uninstalls it. */
export function useWorkflowEngine(next: WorkflowEngine | undefined): void {
  installed = next;
}

/**
 * Hands a recorded decision to the waiting task, never failing the request: the decision is
 * already stored, and a task that misses it collects it when it next waits (at the latest after
 * its daily wake-up). Failures are logged without the token.
 */
export async function handOver(taskToken: string | undefined, output: DecisionOutput, county: string): Promise<Delivery> {
  if (!taskToken) return 'stale';
  try {
    return await workflowEngine().sendDecision(taskToken, output);
  } catch (error) {
    logger.warn('Decision hand-over failed; the workflow collects it on its next wait', { county, step: output.step, error: (error as Error).name });
    return 'stale';
  }
}
