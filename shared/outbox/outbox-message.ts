import { ulid } from 'ulid';
import { tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import type { AlertTopic } from './alert-topics.js';
import { outboxKeys } from './outbox-keys.js';

/**
 * The outbox (DESIGN §4.12): a notification is an item written in the same transaction as the
 * state change that causes it, and the outbox relay (`functions/outbox-relay`, fed by the table's
 * stream) publishes it to SNS, retrying until SNS accepts; a sweep every 15 minutes delivers what
 * the stream could not (`sweepOutbox`). A state change without its notification, or a
 * notification for a change that did not happen, cannot be stored.
 */

/** What a subscriber receives: SNS Subject, Message and string MessageAttributes. */
export interface OutboxMessage {
  readonly topic: AlertTopic;
  /** Short single-line text (SNS subjects are limited to 100 printable ASCII characters). */
  readonly subject: string;
  /** The text, Chinese first then English; never personal data (the outbox is not encrypted per field). */
  readonly message: string;
  /** String attributes subscription filter policies match on (county, city, step…). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A stored OutboxMessage item (`OUTBOX#<ULID>` / `#OUTBOX`). */
export interface OutboxItem extends OutboxMessage {
  readonly PK: string;
  readonly SK: string;
  readonly entity: 'OutboxMessage';
  readonly messageId: string;
  readonly createdAt: string;
  /** `OUTBOX_PENDING` until delivered (or rejected): the sparse index of undelivered messages. */
  readonly GSI1PK?: string;
  /** `<createdAt>#<messageId>`: oldest first. */
  readonly GSI1SK?: string;
  /** Set by the relay once SNS accepted the message; a redelivered stream record then skips it. */
  readonly deliveredAt?: string;
  /** Set instead when SNS refused the message itself (a malformed message: a bug, never retried). */
  readonly rejectedAt?: string;
  /** The error SNS refused it with. */
  readonly rejection?: string;
  /** SNS's id of the published message. */
  readonly snsMessageId?: string;
  /** TTL (epoch seconds), set on delivery only: an undelivered message is never expired away. */
  readonly expiresAt?: number;
}

/** How long a delivered message is kept for inspection before TTL removes it. */
export const deliveredRetentionSeconds = 7 * 24 * 3600;

/**
 * The Put of one outbox message, for the caller's transaction (`transactWrite`). The ULID key is
 * new on each call; a retried use case whose first attempt committed fails its own conditions
 * before this Put can land twice.
 */
export function outboxPut(message: OutboxMessage, at: string): TransactItem {
  const messageId = ulid();
  const item: OutboxItem = {
    PK: outboxKeys.partition(messageId),
    SK: outboxKeys.message,
    entity: 'OutboxMessage',
    messageId,
    createdAt: at,
    GSI1PK: outboxKeys.pending,
    GSI1SK: outboxKeys.pendingSort(at, messageId),
    ...message,
  };
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
}
