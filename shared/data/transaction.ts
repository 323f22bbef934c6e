import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo-client.js';

/** One item of a TransactWriteItems call, as lib-dynamodb takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A write that lost a race: one of the transaction's conditions failed. `index` is the position
 * of the failed item, so the caller can tell "seat taken" from "version moved" and answer the
 * right 409, or re-read and try again.
 */
export class TransactionConflict extends Error {
  readonly failedIndexes: readonly number[];
  constructor(failedIndexes: readonly number[]) {
    super(`Transaction condition failed at item(s) ${failedIndexes.join(', ')}`);
    this.name = 'TransactionConflict';
    this.failedIndexes = failedIndexes;
  }
}

/**
 * Runs a TransactWriteItems call: all items or none (DESIGN §4.12 and "nothing half written").
 * A condition failure becomes {@link TransactionConflict}; contention between two transactions
 * on the same items (`TransactionConflict` reason) is retried a few times with jitter, because it
 * says nothing about the data, only about timing. Other errors propagate (the chassis maps
 * throttling to 503).
 */
export async function transactWrite(items: readonly TransactItem[], clientRequestToken?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [...items],
          ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) && (error as Error).name !== 'TransactionCanceledException') throw error;
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (failed.length > 0) throw new TransactionConflict(failed);
      const contended = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!contended || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}

/**
 * Re-runs a read-decide-write use case when its optimistic conditions lose a race (at most
 * `attempts` times). Use it where the decision depends on state that a concurrent writer may
 * change between the read and the transaction (coverage flags, counters); a conflict that
 * persists is rethrown for the caller to map to 409.
 */
export async function withOptimisticRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof TransactionConflict) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15 * attempt));
    }
  }
}
