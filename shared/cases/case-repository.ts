import { GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../audit/audit-log.js';
import { batchGetAll } from '../data/batch-get-all.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { queryAll } from '../data/query-all.js';
import { type TransactItem, TransactionConflict, transactWrite } from '../data/transaction.js';
import { divisionPrefix } from '../divisions/division-code.js';
import { versionConflict } from '../errors.js';
import { mediaUrl } from '../media/media-store.js';
import type { CasePhoto, CaseStatus, PublicCase, PublicCaseCard, PublicPhoto, ServedPhoto, TypicalCase, TypicalCaseSummary } from './case.js';
import { caseKeys, listingPrefixes, publishedCaseKeys } from './case-keys.js';

/** Who did something, as stored on the case (a name to show, an id to trace). */
export interface Actor {
  readonly userId: string;
  readonly name: string;
}

/** A stored TypicalCase item: the served fields (photos without URLs) plus who did what. */
export interface CaseItem
  extends Pick<TypicalCase, 'caseId' | 'county' | 'countyName' | 'division' | 'divisionName' | 'title' | 'summary' | 'body' | 'status' | 'publishedAt' | 'withdrawnReason' | 'withdrawnAt' | 'version' | 'createdAt' | 'updatedAt'> {
  readonly PK: string;
  readonly SK: string;
  readonly GSI1PK: string;
  readonly GSI1SK: string;
  readonly entity: 'TypicalCase';
  readonly photos: readonly CasePhoto[];
  readonly publishedBy?: Actor;
  readonly withdrawnBy?: Actor;
  readonly createdBy: Actor;
  readonly updatedBy: Actor;
}

/** Attributes the staff list reads: everything but the body, which only the detail needs. */
export const caseSummaryAttributes = [
  'caseId', 'county', 'countyName', 'division', 'divisionName', 'title', 'summary', 'photos', 'status',
  'publishedAt', 'withdrawnReason', 'withdrawnAt', 'version', 'createdBy', 'createdAt', 'updatedAt',
] as const;

/** Attributes a public list card needs (no author, no body). */
const publicCardAttributes = ['caseId', 'county', 'countyName', 'division', 'divisionName', 'title', 'summary', 'photos', 'status', 'publishedAt'] as const;

const servedPhoto = (photo: CasePhoto): ServedPhoto => ({ ...photo, url: mediaUrl(photo.key) });

/** The public view of a photo: URL, caption and size only. */
export function toPublicPhoto(photo: CasePhoto): PublicPhoto {
  return {
    photoId: photo.photoId,
    url: mediaUrl(photo.key),
    ...(photo.caption ? { caption: photo.caption } : {}),
    ...(photo.width && photo.height ? { width: photo.width, height: photo.height } : {}),
  };
}

/** The staff view of a stored case (list rows have no body: it is served as ''). */
export function toTypicalCase(stored: CaseItem | Record<string, unknown>): TypicalCase {
  const item = stored as Record<string, unknown>;
  return {
    caseId: String(item.caseId),
    county: String(item.county),
    countyName: String(item.countyName ?? item.county),
    division: String(item.division),
    divisionName: String(item.divisionName ?? item.division),
    title: String(item.title ?? ''),
    summary: String(item.summary ?? ''),
    body: String(item.body ?? ''),
    photos: ((item.photos as CasePhoto[] | undefined) ?? []).map(servedPhoto),
    status: item.status as CaseStatus,
    ...(item.publishedAt ? { publishedAt: String(item.publishedAt) } : {}),
    ...(item.withdrawnReason ? { withdrawnReason: String(item.withdrawnReason), withdrawnAt: String(item.withdrawnAt) } : {}),
    version: Number(item.version),
    createdBy: (item.createdBy as Actor | undefined)?.name ?? '',
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

/** A list row: the staff view without the body. */
export function toCaseSummary(stored: CaseItem | Record<string, unknown>): TypicalCaseSummary {
  const { body: _body, ...summary } = toTypicalCase(stored);
  return summary;
}

/** The public view of a published case: no author, version, status or withdrawal fields. */
export function toPublicCase(item: CaseItem): PublicCase {
  return {
    caseId: item.caseId,
    county: item.county,
    countyName: item.countyName,
    division: item.division,
    divisionName: item.divisionName,
    title: item.title,
    summary: item.summary,
    body: item.body,
    photos: item.photos.map(toPublicPhoto),
    publishedAt: String(item.publishedAt),
  };
}

function toPublicCard(item: Record<string, unknown>): PublicCaseCard {
  const photos = (item.photos as CasePhoto[] | undefined) ?? [];
  const cover = photos[0];
  return {
    caseId: String(item.caseId),
    county: String(item.county),
    countyName: String(item.countyName ?? item.county),
    division: String(item.division),
    divisionName: String(item.divisionName ?? item.division),
    title: String(item.title),
    summary: String(item.summary),
    publishedAt: String(item.publishedAt),
    ...(cover ? { cover: toPublicPhoto(cover) } : {}),
    photoCount: photos.length,
  };
}

/** One stored case (strongly consistent: every write reads through here), or undefined. */
export async function findCaseItem(caseId: string): Promise<CaseItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: { PK: caseKeys.partition(caseId), SK: caseKeys.self }, ConsistentRead: true }),
  );
  return Item as CaseItem | undefined;
}

/**
 * A county's cases without their bodies, newest first: one GSI1 Query paged through (a county
 * writes tens of cases over a pilot, not thousands).
 */
export async function queryCountyCases(county: string): Promise<Record<string, unknown>[]> {
  return queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': caseKeys.byCounty(county) },
    ScanIndexForward: false,
    ProjectionExpression: caseSummaryAttributes.map((_a, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(caseSummaryAttributes.map((a, i) => [`#p${i}`, a])),
  });
}

/** Put of a brand-new case; fails if the id exists. */
export function putNewCase(item: CaseItem): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...item }, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/** Put of a changed case, only if nobody saved since `expectedVersion` was read (optimistic concurrency). */
export function replaceCase(item: CaseItem, expectedVersion: number): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...item },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  };
}

/** The listing entries of a published case, one per level (see `case-keys.ts`). */
function entryKeys(item: Pick<CaseItem, 'county' | 'caseId' | 'publishedAt'>): { PK: string; SK: string }[] {
  const sort = publishedCaseKeys.sort(String(item.publishedAt), item.caseId);
  return listingPrefixes(item.county).map((prefix) => ({ PK: publishedCaseKeys.partition(prefix), SK: sort }));
}

/** Puts of a case's listing entries (on publish). */
export function putPublishedEntries(item: Pick<CaseItem, 'county' | 'caseId' | 'publishedAt'>): TransactItem[] {
  return entryKeys(item).map((key) => ({
    Put: { TableName: tableName(), Item: { ...key, entity: 'PublishedCaseEntry', caseId: item.caseId, county: item.county, publishedAt: item.publishedAt } },
  }));
}

/** Deletes of a case's listing entries (on withdrawal). */
export function deletePublishedEntries(item: Pick<CaseItem, 'county' | 'caseId' | 'publishedAt'>): TransactItem[] {
  return entryKeys(item).map((key) => ({ Delete: { TableName: tableName(), Key: key } }));
}

/**
 * Runs a case transaction whose first item is the case itself: if that item's condition fails,
 * someone saved in between — answer 409 VERSION_CONFLICT with the version now stored. Other
 * conflicts propagate as {@link TransactionConflict}.
 */
export async function transactCase(items: readonly TransactItem[], caseId: string): Promise<void> {
  try {
    await transactWrite(items);
  } catch (error) {
    if (error instanceof TransactionConflict && error.failedIndexes.includes(0)) {
      const now = await findCaseItem(caseId);
      throw versionConflict(now?.version ?? 0);
    }
    throw error;
  }
}

/**
 * One page of the published cases of a province, city or county, newest first: a Query of that
 * level's listing partition, then one BatchGet of the cases for the cards' fields. A case
 * withdrawn between the two reads is dropped. `cursor` is opaque and must come from the same
 * partition (400 INVALID_CURSOR otherwise).
 */
export async function queryPublishedCases(
  division: string,
  options: { limit: number; cursor?: string },
): Promise<{ items: PublicCaseCard[]; cursor?: string }> {
  const partition = publishedCaseKeys.partition(divisionPrefix(division));
  const page: QueryCommandOutput = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, partition) } : {}),
    }),
  );
  const ids = (page.Items ?? []).map((entry) => String(entry.caseId));
  const cases = ids.length
    ? await batchGetAll(ids.map((id) => ({ PK: caseKeys.partition(id), SK: caseKeys.self })), { projection: publicCardAttributes })
    : [];
  const byId = new Map(cases.map((item) => [String(item.caseId), item]));
  const items = ids.flatMap((id) => {
    const item = byId.get(id);
    return item && item.status === 'published' ? [toPublicCard(item)] : [];
  });
  return page.LastEvaluatedKey ? { items, cursor: encodeCursor(page.LastEvaluatedKey) } : { items };
}

/**
 * How many cases of `county` are published now. Used by the pilot workflow's publicity gate: a
 * strongly consistent `Select: COUNT` Query of the county's listing partition (no Scan, no items
 * transferred), so a case published a moment ago is counted.
 */
export async function countPublishedCases(county: string): Promise<number> {
  const partition = publishedCaseKeys.partition(divisionPrefix(`${county.slice(0, 6)}000000`));
  let count = 0;
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
