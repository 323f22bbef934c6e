import { APIGatewayProxyEventV2Schema, DynamoDBStreamSchema, SnsSchema } from '@aws-lambda-powertools/parser/schemas';
import { pilotTaskInputSchema } from '../../shared/schemas/pilot-task.js';

/**
 * Schema of every trigger type Boai's functions receive, keyed by the `events/` sub-folder that
 * holds its fixtures. AWS envelopes come from Powertools parser (kept in step with AWS's formats);
 * the workflow task input is Boai's own contract.
 */
export const triggerSchemas = {
  'api-gateway': APIGatewayProxyEventV2Schema,
  'dynamodb-stream': DynamoDBStreamSchema,
  sns: SnsSchema,
  'step-functions': pilotTaskInputSchema,
} as const;
