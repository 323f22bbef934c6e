import { BatchWriteCommand, GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../data/batch-get-all.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { type DivisionLevel, divisionLevel, parentDivision } from './division-code.js';

/** An administrative division as stored and served. */
export interface Division {
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  /** Number of direct children in the reference data (0 for villages). */
  readonly childCount: number;
  /** Townships inside (province, city and county items): coverage denominators without counting. */
  readonly townshipCount?: number;
  /** Villages inside (province, city and county items). */
  readonly villageCount?: number;
}

/**
 * Keys of the Division entity. Each division's partition holds the division itself and a copy of
 * each direct child, so "a division and its children" is ONE Query (the public browser's hot path).
 * Reference data changes only by re-running the loader, which rewrites both copies.
 */
export const divisionKeys = {
  partition: (code: string) => `DIVISION#${code}`,
  /** Sort key of the division's own item; `#` sorts before `CHILD#`, so it comes first. */
  self: '#DIVISION',
  child: (code: string) => `CHILD#${code}`,
} as const;

/** A stored Division item (self or child copy). */
export interface DivisionItem {
  PK: string;
  SK: string;
  entity: 'Division';
  code: string;
  name: string;
  level: DivisionLevel;
  childCount: number;
  townshipCount?: number;
  villageCount?: number;
}

const toDivision = (item: Record<string, unknown>): Division => ({
  code: String(item.code),
  name: String(item.name),
  level: item.level as DivisionLevel,
  childCount: Number(item.childCount ?? 0),
  ...(item.villageCount !== undefined ? { townshipCount: Number(item.townshipCount ?? 0), villageCount: Number(item.villageCount) } : {}),
});

/** A division and its direct children, or undefined when the code is unknown. */
export async function findDivisionWithChildren(
  code: string,
): Promise<{ division: Division; children: Division[] } | undefined> {
  let division: Division | undefined;
  const children: Division[] = [];
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': divisionKeys.partition(code) },
        ProjectionExpression: 'SK, code, #name, #level, childCount, townshipCount, villageCount',
        ExpressionAttributeNames: { '#name': 'name', '#level': 'level' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.SK === divisionKeys.self) division = toDivision(item);
      else children.push(toDivision(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return division ? { division, children } : undefined;
}

/** A division's own record, or undefined when unknown (names for `/api/me` and scope labels). */
export async function findDivision(code: string): Promise<Division | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: { PK: divisionKeys.partition(code), SK: divisionKeys.self } }),
  );
  return Item ? toDivision(Item) : undefined;
}

/** Reference rows as shipped in `shared/divisions/hubei-divisions.json`: `[code, name]`. */
export type DivisionRow = readonly [code: string, name: string];

/**
 * Builds every item the reference data needs: one self item per division and one child copy
 * under its parent. Pure, so the loader and tests share it.
 */
export function divisionItems(rows: readonly DivisionRow[]): DivisionItem[] {
  const childCounts = new Map<string, number>();
  for (const [code] of rows) {
    const parent = parentDivision(code);
    if (parent) childCounts.set(parent, (childCounts.get(parent) ?? 0) + 1);
  }
  // Townships and villages inside each province, city and county: the coverage denominators.
  const descendants = new Map<string, { townships: number; villages: number }>();
  for (const [code] of rows) {
    const level = divisionLevel(code);
    if (level !== 'township' && level !== 'village') continue;
    for (const ancestor of [`${code.slice(0, 2)}0000000000`, `${code.slice(0, 4)}00000000`, `${code.slice(0, 6)}000000`]) {
      const counts = descendants.get(ancestor) ?? { townships: 0, villages: 0 };
      if (level === 'township') counts.townships += 1;
      else counts.villages += 1;
      descendants.set(ancestor, counts);
    }
  }
  const items: DivisionItem[] = [];
  for (const [code, name] of rows) {
    const level = divisionLevel(code);
    const counts = level === 'township' || level === 'village' ? undefined : (descendants.get(code) ?? { townships: 0, villages: 0 });
    const base = {
      entity: 'Division' as const,
      code,
      name,
      level,
      childCount: childCounts.get(code) ?? 0,
      ...(counts ? { townshipCount: counts.townships, villageCount: counts.villages } : {}),
    };
    items.push({ PK: divisionKeys.partition(code), SK: divisionKeys.self, ...base });
    const parent = parentDivision(code);
    if (parent) items.push({ PK: divisionKeys.partition(parent), SK: divisionKeys.child(code), ...base });
  }
  return items;
}

/** Options of {@link writeDivisionItems}. */
export interface WriteOptions {
  /** Parallel BatchWrite calls (default 8). */
  concurrency?: number;
  /** Called after each batch with items written so far and the total. */
  onProgress?: (written: number, total: number) => void;
  /** Stops taking new batches once aborted; batches in flight finish. */
  signal?: AbortSignal;
}

/**
 * Writes reference divisions with bounded parallel BatchWrite calls, retrying unprocessed items.
 * Idempotent: re-running overwrites the same keys. Returns the number of items written.
 */
export function loadDivisions(rows: readonly DivisionRow[], options: WriteOptions = {}): Promise<number> {
  return writeDivisionItems(divisionItems(rows), options);
}

/** Writes prepared Division items (see {@link divisionItems}), as {@link loadDivisions} does. */
export async function writeDivisionItems(items: readonly DivisionItem[], options: WriteOptions = {}): Promise<number> {
  const batches: DivisionItem[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let written = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length && !options.signal?.aborted) {
      const batch = batches[next++]!;
      let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed items while loading divisions');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await documentClient.send(
          new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }),
        );
        pending = (result.UnprocessedItems?.[tableName()] ?? []) as Record<string, unknown>[];
      }
      written += batch.length;
      options.onProgress?.(written, items.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return written;
}

/**
 * Several divisions by code (one {@link batchGetAll}); codes
 * not in the reference data are absent from the map. Used to check an import's rows at once.
 */
export async function findDivisions(codes: Iterable<string>): Promise<Map<string, Division>> {
  const items = await batchGetAll([...codes].map((code) => ({ PK: divisionKeys.partition(code), SK: divisionKeys.self })));
  return new Map(items.map((item) => [String(item.code), toDivision(item)]));
}
