/**
 * Keys of the OutboxMessage entity (docs/data-model.md, DESIGN §4.12).
 *
 * - `OUTBOX#<ULID>` / `#OUTBOX`: one message, written in the same transaction as the state change
 *   that causes it. The stream's INSERT of such an item is what the outbox relay delivers; the
 *   event source mapping filters on the prefix, so no other write wakes the relay.
 * - GSI1 `OUTBOX_PENDING` / `<createdAt>#<ULID>`: set on the Put, removed on delivery, so the
 *   index holds only undelivered messages, oldest first; the sweep reads it.
 */
export const outboxKeys = {
  /** Every outbox partition key starts with this (the stream filter matches on it). */
  prefix: 'OUTBOX#',
  partition: (messageId: string) => `OUTBOX#${messageId}`,
  message: '#OUTBOX',
  /** GSI1 partition of undelivered messages (sparse: delivery removes the item from it). */
  pending: 'OUTBOX_PENDING',
  pendingSort: (createdAt: string, messageId: string) => `${createdAt}#${messageId}`,
} as const;
