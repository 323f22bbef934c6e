import { ensureTable, localCredentials, localRegion, startDynamoLocal } from '../../local/dynamo.js';

/**
 * For a bench fixture (a child process): starts an in-memory DynamoDB Local with the table
 * `boai-bench` and points this process's environment at it, as `npm start` does. Data modules
 * must be imported only after this resolves: they create their client from the environment.
 */
export async function startFixtureTable(extra: Readonly<Record<string, string>> = {}): Promise<{ stop: () => Promise<void> }> {
  const dynamo = await startDynamoLocal();
  Object.assign(process.env, {
    TABLE_NAME: 'boai-bench',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...extra,
  });
  try {
    await ensureTable(dynamo.endpoint, 'boai-bench');
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return { stop: () => dynamo.stop() };
}
