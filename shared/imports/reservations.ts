import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import { type RowProblem, forEachLimited, importRejected } from './csv-rows.js';

/** Sends one UpdateItem built as a transaction item (reservations are single-item writes). */
export async function sendUpdate(item: TransactItem): Promise<void> {
  await documentClient.send(new UpdateCommand(item.Update as ConstructorParameters<typeof UpdateCommand>[0]));
}

/** A release whose condition no longer holds has nothing to release (the row landed or lapsed). */
export function ignoreLostCondition(error: unknown): void {
  if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
}

/**
 * Phase 1 of an import: reserves something for every row (a division's seat), or for none.
 * A row whose reservation's condition fails becomes a row problem; if any does, or anything else
 * fails, `releaseUnused` runs and the import is rejected (422 with those rows) or the error
 * rethrown. Reservations are idempotent per row, so a retried write is not a false conflict.
 */
export async function reserveAllOrNone<T extends { line: number }>(
  rows: readonly T[],
  options: { reserve: (row: T) => TransactItem; lost: (row: T) => RowProblem; releaseUnused: () => Promise<void> },
): Promise<void> {
  const lost: RowProblem[] = [];
  try {
    await forEachLimited(rows, 8, async (row) => {
      try {
        await sendUpdate(options.reserve(row));
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        lost.push(options.lost(row));
      }
    });
  } catch (error) {
    await options.releaseUnused();
    throw error;
  }
  if (lost.length > 0) {
    await options.releaseUnused();
    throw importRejected(lost);
  }
}
