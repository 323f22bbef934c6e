import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';

/**
 * Runs a Query to the end, following `LastEvaluatedKey` (a page stops at 1 MB, so one call alone
 * could silently drop items). For partitions known to be small — a county's branches, a
 * township's villages, ≤ 105 county tallies — not for unbounded ones: those page to the client.
 * `TableName` defaults to Boai's table.
 */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'> & { TableName?: string }): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page: QueryCommandOutput = await documentClient.send(
      new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
