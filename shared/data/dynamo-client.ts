import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The shared DocumentClient. In AWS it uses the function's role and region; locally
 * `DYNAMODB_ENDPOINT` points it at DynamoDB Local. Created at module load so the work happens in
 * the Lambda init phase, not on the first request.
 */
export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
    maxAttempts: 3,
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);

/** The physical table name; a missing name is a deployment bug, so fail loudly at first use. */
export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}
