import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { logger } from '../observability/logger.js';
import { alertPublisher, isRejection } from './alert-publisher.js';
import { outboxKeys } from './outbox-keys.js';
import { deliveredRetentionSeconds, type OutboxItem } from './outbox-message.js';

/**
 * The outbox relay (DESIGN §4.12): delivers the OutboxMessage items the table's stream reports,
 * at least once, and sweeps up what the stream could not deliver. The Lambda event source
 * mapping (and locally `local/outbox-relay.ts`) passes only the records {@link isOutboxInsert}
 * accepts. Every message has its own partition key, so the stream keeps no order between
 * messages: subscribers get each alert once it can be sent, not in the order written.
 */

/** True for the stream record of a newly written outbox message: the only records the relay takes. */
export function isOutboxInsert(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && (record.dynamodb?.Keys?.PK?.S ?? '').startsWith(outboxKeys.prefix);
}

/** What happened to one message. */
export type OutboxDelivery = 'delivered' | 'alreadyDelivered' | 'rejected' | 'gone';

/** Marks a message delivered or rejected: leaves the pending index; a delivered one expires in 7 days. */
async function mark(key: { PK: string; SK: string }, set: Record<string, string | number>): Promise<void> {
  const names = Object.keys(set);
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET ${names.map((name) => `${name} = :${name}`).join(', ')} REMOVE GSI1PK, GSI1SK`,
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deliveredAt) AND attribute_not_exists(rejectedAt)',
      ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, set[name]])),
    }),
  );
}

/**
 * Marks after SNS has answered. A failed mark is retried a few times; if it still fails, the
 * message counts as handled anyway (SNS has it): failing the record would publish it again.
 * Another delivery that marked it first is fine too.
 */
async function markAfterPublish(key: { PK: string; SK: string }, set: Record<string, string | number>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mark(key, set);
      return;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return;
      if (attempt >= 3) {
        logger.error('Outbox message handled but not marked; it stays in the pending index and the sweep may send it again', { message: key.PK, error: (error as Error).name });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Delivers one message: read it (consistent), publish it unless it was delivered already (a
 * record the stream hands over again, or one the sweep got to first), then mark it. If the
 * process dies between publishing and marking, the message is published again on the retry:
 * subscribers may, rarely, get it twice (the `outboxId` attribute tells them), never not at all.
 * A message SNS refuses as malformed is marked rejected (logged as an error) instead of being
 * retried forever. Throws when SNS is unavailable: the caller retries.
 */
export async function deliverOutboxMessage(partitionKey: string): Promise<OutboxDelivery> {
  const key = { PK: partitionKey, SK: outboxKeys.message };
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const item = Item as OutboxItem | undefined;
  if (!item) return 'gone';
  if (item.deliveredAt || item.rejectedAt) return 'alreadyDelivered';
  let snsMessageId: string;
  try {
    snsMessageId = await alertPublisher()({ topic: item.topic, subject: item.subject, message: item.message, attributes: item.attributes }, item.messageId);
  } catch (error) {
    if (!isRejection(error)) throw error;
    logger.error('SNS rejected an outbox message; it is kept, marked rejected, and not retried', { message: partitionKey, topic: item.topic, error: (error as Error).name });
    await markAfterPublish(key, { rejectedAt: new Date().toISOString(), rejection: (error as Error).name });
    return 'rejected';
  }
  const now = new Date();
  await markAfterPublish(key, { deliveredAt: now.toISOString(), snsMessageId, expiresAt: Math.floor(now.getTime() / 1000) + deliveredRetentionSeconds });
  return 'delivered';
}

/**
 * One batch of stream records, oldest first. Stops at the first message that cannot be delivered
 * and reports it as the batch's failure: the event source mapping (ReportBatchItemFailures)
 * checkpoints everything before it and hands that record and the rest over again. Message texts
 * are not logged; keys, topics and error names are.
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

/** Messages older than this that are still pending are the sweep's: the stream had its chance. */
export const sweepAfterSeconds = 15 * 60;
/** At most this many messages per sweep (the next sweep takes the rest). */
const sweepLimit = 100;

/** What a sweep did. */
export interface SweepResult {
  readonly delivered: number;
  readonly failed: number;
}

/**
 * The sweep (every 15 minutes, EventBridge; locally the relay's timer): delivers messages still
 * pending {@link sweepAfterSeconds} after they were written, oldest first, from the sparse
 * pending index. It catches what the stream could not deliver: a record that outlived its
 * retries (the mapping gives up after a day), or one stuck behind another on its shard. A
 * message that fails is left for the next sweep; one failure does not stop the others.
 */
export async function sweepOutbox(now = new Date()): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - sweepAfterSeconds * 1000).toISOString();
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pending AND GSI1SK < :cutoff',
      ExpressionAttributeValues: { ':pending': outboxKeys.pending, ':cutoff': cutoff },
      ProjectionExpression: 'PK',
      Limit: sweepLimit,
    }),
  );
  let delivered = 0;
  let failed = 0;
  for (const { PK } of Items as { PK: string }[]) {
    try {
      if ((await deliverOutboxMessage(PK)) === 'delivered') delivered += 1;
    } catch (error) {
      failed += 1;
      logger.warn('Outbox sweep could not deliver a message; the next sweep tries again', { message: PK, error: (error as Error).name });
    }
  }
  if (Items.length > 0) logger.info('Outbox sweep', { pending: Items.length, delivered, failed });
  return { delivered, failed };
}
