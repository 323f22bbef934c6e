import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../errors.js';
import { documentClient, tableName } from './dynamo-client.js';
import { type TransactItem, TransactionConflict } from './transaction.js';

/**
 * Keys of the IdempotencyRecord entity: one per (caller, Idempotency-Key). The record is written
 * in the SAME transaction as the write it guards, so there is no window where the write happened
 * but the record did not (Powertools' idempotency utility writes its record separately, before and
 * after the handler, which is why Boai keeps its own here).
 */
export const idempotencyKeys = {
  partition: (callerId: string, key: string) => `IDEMPOTENCY#${callerId}#${key}`,
  sort: '#IDEMPOTENCY',
} as const;

/**
 * How long a record is kept. DESIGN §4.10: payment providers retry for about 25 hours, so every
 * record outlives that; DynamoDB's TTL deletes it some time after `expiresAt`.
 */
export const idempotencyTtlSeconds = 30 * 60 * 60;

/** A client's retry token plus what identifies "the same request". */
export interface IdempotencyRequest {
  /** Who is retrying: a user id, or a public form's client id. */
  readonly callerId: string;
  /** The client's `Idempotency-Key`; absent means the write is not guarded. */
  readonly key: string | undefined;
  /** The request as sent; a replay with a different payload is refused. */
  readonly payload: unknown;
}

/** A response remembered for replay. */
export interface StoredResponse<T> {
  readonly status: number;
  readonly body: T;
}

const hashOf = (payload: unknown): string => createHash('sha256').update(JSON.stringify(payload) ?? '').digest('base64url');

async function findStored<T>(request: IdempotencyRequest & { key: string }): Promise<StoredResponse<T> | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: { PK: idempotencyKeys.partition(request.callerId, request.key), SK: idempotencyKeys.sort },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  if (Item.requestHash !== hashOf(request.payload)) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 422);
  return { status: Number(Item.status), body: Item.response as T };
}

/**
 * Runs a guarded write at most once per (caller, key).
 *
 * Steps: without a key, just run. With one: a stored response for the same payload is returned
 * as is (a different payload → 422 IDEMPOTENCY_KEY_REUSED); otherwise `write` runs and must put
 * `record(response)` into its transaction. If that transaction fails because a concurrent twin
 * committed first, the twin's stored response is returned instead of an error.
 */
export async function idempotent<T>(
  request: IdempotencyRequest,
  write: (record: (response: StoredResponse<T>) => TransactItem) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T>> {
  const { key } = request;
  if (!key) return write(() => undefined as never);
  const keyed = { ...request, key };
  const earlier = await findStored<T>(keyed);
  if (earlier) return earlier;
  const record = (response: StoredResponse<T>): TransactItem => ({
    Put: {
      TableName: tableName(),
      Item: {
        PK: idempotencyKeys.partition(request.callerId, key),
        SK: idempotencyKeys.sort,
        entity: 'IdempotencyRecord',
        requestHash: hashOf(request.payload),
        status: response.status,
        response: response.body,
        expiresAt: Math.floor(Date.now() / 1000) + idempotencyTtlSeconds,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  try {
    return await write(record);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const twin = await findStored<T>(keyed);
    if (twin) return twin;
    throw error;
  }
}
