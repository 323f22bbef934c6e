import * as z from 'zod/mini';
import { divisionCodeSchema } from '../divisions/division-code.js';
import { decisionSteps } from '../pilots/vocabulary.js';

/**
 * What the pilot workflow's Lambda tasks receive from the state machine: the contract between the
 * ASL built in `infra/constructs/pilot-workflow.ts` and `functions/pilot-workflow/` (samples in
 * `events/step-functions/`). Every task carries the county and the execution's run number, which
 * fences off an older execution of the same pilot (every workflow write is conditional on it).
 */
const base = {
  county: divisionCodeSchema,
  run: z.int().check(z.gte(1)),
};
const step = z.enum(decisionSteps);
/** The wait a callback task or deadline check belongs to (a ULID from `enterStep`). */
const waitId = z.string().check(z.minLength(1), z.maxLength(40));

export const pilotTaskInputSchema = z.discriminatedUnion('task', [
  /** Enter (or re-enter after a wake-up) a decision step; answers how long to wait. */
  z.object({ task: z.literal('enterStep'), ...base, step, executionStartedAt: z.optional(z.iso.datetime({ offset: true })) }),
  /** Record the callback task's token: the decision API hands it back. */
  z.object({
    task: z.literal('awaitDecision'),
    ...base,
    step,
    taskToken: z.string().check(z.minLength(1)),
    waitId,
    /** How long the task waits (passed for the engine's TimeoutSecondsPath; unused by the Lambda). */
    timeoutSeconds: z.optional(z.int().check(z.gte(1))),
  }),
  /** Read a decision recorded while no task was waiting. */
  z.object({ task: z.literal('readDecision'), ...base, step }),
  /** The wait timed out: escalate if the deadline has passed and an escalation is due. */
  z.object({ task: z.literal('checkDeadline'), ...base, step, waitId }),
  /** A task kept failing: record the fault on the pilot. */
  z.object({ task: z.literal('recordFault'), ...base, error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })) }),
  /** Consolidation declared: the pilot is complete. */
  z.object({ task: z.literal('complete'), ...base }),
  /**
   * EventBridge: an execution ended without completing (the pilot is in `input`, the execution's
   * input as a JSON string).
   */
  z.object({ task: z.literal('executionEnded'), status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']), input: z.string().check(z.maxLength(32_768)) }),
]);
/** Parsed {@link pilotTaskInputSchema}. */
export type PilotTaskInput = z.infer<typeof pilotTaskInputSchema>;
