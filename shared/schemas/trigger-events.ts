import { APIGatewayProxyEventV2Schema, DynamoDBStreamSchema, SnsSchema } from '@aws-lambda-powertools/parser/schemas';
import * as z from 'zod/mini';
import { divisionCodeSchema } from '../divisions/division-code.js';

/**
 * Schemas of every trigger type Boai's functions receive. The AWS envelopes come from Powertools
 * parser (maintained against AWS's formats); the workflow task input is Boai's own contract.
 * `events/<trigger>/*.json` fixtures are checked against these by test/unit/events.test.ts.
 */
export const pilotPhases = ['planReview', 'deployment', 'publicity', 'evaluation', 'consolidation'] as const;

/** Input a pilot-workflow Lambda task receives from the state machine. */
export const pilotTaskInputSchema = z.object({
  pilotId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')),
  countyCode: divisionCodeSchema,
  phase: z.enum(pilotPhases),
  /** Present on `.waitForTaskToken` tasks: handed back with the decision. */
  taskToken: z.optional(z.string().check(z.minLength(1))),
  deadline: z.optional(z.iso.datetime()),
});

/** Trigger type → schema; the events/ folder has one sub-folder per key. */
export const triggerSchemas = {
  'api-gateway': APIGatewayProxyEventV2Schema,
  'dynamodb-stream': DynamoDBStreamSchema,
  sns: SnsSchema,
  'step-functions': pilotTaskInputSchema,
} as const;
