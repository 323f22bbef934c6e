/**
 * Keys of the OutboxMessage entity (docs/data-model.md, DESIGN §4.12).
 *
 * - `OUTBOX#<ULID>` / `#OUTBOX`: one message, written in the same transaction as the state change
 *   that causes it. The stream's INSERT of such an item is what the outbox relay delivers; the
 *   event source mapping filters on the prefix, so no other write wakes the relay.
 */
export const outboxKeys = {
  /** Every outbox partition key starts with this (the stream filter matches on it). */
  prefix: 'OUTBOX#',
  partition: (messageId: string) => `OUTBOX#${messageId}`,
  message: '#OUTBOX',
} as const;
