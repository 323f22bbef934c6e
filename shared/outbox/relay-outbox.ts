import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { logger } from '../observability/logger.js';
import { alertPublisher } from './alert-publisher.js';
import { outboxKeys } from './outbox-keys.js';
import { deliveredRetentionSeconds, type OutboxItem } from './outbox-message.js';

/**
 * The outbox relay (DESIGN §4.12): delivers the OutboxMessage items the table's stream reports,
 * in stream order, at least once. The Lambda event source mapping (and locally
 * `local/outbox-relay.ts`) passes only the records {@link isOutboxInsert} accepts.
 */

/** True for the stream record of a newly written outbox message: the only records the relay takes. */
export function isOutboxInsert(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && (record.dynamodb?.Keys?.PK?.S ?? '').startsWith(outboxKeys.prefix);
}

/** What happened to one message. */
export type Delivery = 'delivered' | 'alreadyDelivered' | 'gone';

/**
 * Delivers one message: read it (consistent), publish it unless it was delivered already (a
 * record the stream hands over again after a later record of its batch failed), then mark it
 * delivered with a TTL. If the process dies between publishing and marking, the message is
 * published again on the retry: subscribers may, rarely, get it twice, never not at all.
 */
export async function deliverOutboxMessage(partitionKey: string): Promise<Delivery> {
  const key = { PK: partitionKey, SK: outboxKeys.message };
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const item = Item as OutboxItem | undefined;
  if (!item) return 'gone';
  if (item.deliveredAt) return 'alreadyDelivered';
  const snsMessageId = await alertPublisher()({ topic: item.topic, subject: item.subject, message: item.message, attributes: item.attributes });
  const now = new Date();
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET deliveredAt = :at, snsMessageId = :id, expiresAt = :expires',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deliveredAt)',
        ExpressionAttributeValues: { ':at': now.toISOString(), ':id': snsMessageId, ':expires': Math.floor(now.getTime() / 1000) + deliveredRetentionSeconds },
      }),
    );
  } catch (error) {
    // Another delivery of the same record marked it first: it is delivered, which is what counts.
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  return 'delivered';
}

/**
 * One batch of stream records, oldest first. Stops at the first message that cannot be delivered
 * and reports it as the batch's failure: the event source mapping (ReportBatchItemFailures)
 * checkpoints everything before it and hands that record and the rest over again, so order is
 * kept and nothing after a failure is skipped. Message texts are not logged; ids, topics and
 * error names are.
 */
export async function relayOutbox(records: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    if (!isOutboxInsert(record)) continue;
    const partitionKey = record.dynamodb!.Keys!.PK!.S!;
    try {
      const delivery = await deliverOutboxMessage(partitionKey);
      logger.info('Outbox message relayed', { message: partitionKey, delivery });
    } catch (error) {
      logger.warn('Outbox message not delivered; the stream hands it over again', { message: partitionKey, error: (error as Error).name });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
