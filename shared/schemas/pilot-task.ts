import * as z from 'zod/mini';
import { divisionCodeSchema } from '../divisions/division-code.js';

/** Phases of the pilot workflow (seed: plan approval → deployment → publicity → evaluation → consolidation). */
export const pilotPhases = ['planReview', 'deployment', 'publicity', 'evaluation', 'consolidation'] as const;

/**
 * Input a pilot-workflow Lambda task receives from the state machine: the contract between the
 * synthesized ASL and the task handlers (`events/step-functions/` holds a sample).
 */
export const pilotTaskInputSchema = z.object({
  pilotId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')),
  countyCode: divisionCodeSchema,
  phase: z.enum(pilotPhases),
  /** Present on `.waitForTaskToken` tasks: handed back with the decision. */
  taskToken: z.optional(z.string().check(z.minLength(1))),
  deadline: z.optional(z.iso.datetime()),
});
