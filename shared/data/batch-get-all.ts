import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';

/** A table key. */
export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/**
 * Reads many items by key: BatchGetItem 100 keys per call, unprocessed keys retried with backoff
 * (an error if DynamoDB keeps returning them, never a silent gap). Duplicate keys are read once.
 * Missing items are simply absent from the result.
 */
export async function batchGetAll(
  keys: readonly ItemKey[],
  options: { consistent?: boolean; projection?: readonly string[] } = {},
): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((key) => [`${key.PK}\u0000${key.SK}`, key])).values()];
  const projection = options.projection
    ? {
        ProjectionExpression: options.projection.map((_name, i) => `#p${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(options.projection.map((name, i) => [`#p${i}`, name])),
      }
    : {};
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + 100).map((key) => ({ PK: key.PK, SK: key.SK }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed keys');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const result = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: options.consistent ?? false, ...projection } } }),
      );
      items.push(...(result.Responses?.[tableName()] ?? []));
      pending = (result.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
}
