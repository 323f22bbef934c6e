import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../data/query-all.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import type { Branch, BranchStatus, BranchType, Leader, Site, StandardEvidence } from './branch.js';
import { branchKeys } from './branch-keys.js';

/** Who did something, as stored on records and history (never a phone or other contact). */
export interface Actor {
  readonly userId: string;
  readonly name: string;
}

/** A stored Branch item: the served {@link Branch} plus keys and sealed contacts. */
export interface BranchItem extends Omit<Branch, 'memberRoll' | 'proposedBy' | 'approvedBy' | 'closedBy'> {
  readonly PK: string;
  readonly SK: string;
  readonly GSI1PK: string;
  readonly GSI1SK: string;
  readonly entity: 'Branch';
  /** Leaders' phones, sealed (`shared/privacy`), keyed `leader<index>`; absent when none given. */
  readonly contactsSealed?: unknown;
  readonly memberRollIndividual: number;
  readonly memberRollGroup: number;
  readonly proposedBy: Actor;
  readonly approvedBy?: Actor;
  readonly closedBy?: Actor;
  /** Import that created the branch, for tracing a bulk registration. */
  readonly importId?: string;
}

/** A history entry: one change of a branch. */
export interface BranchVersion {
  readonly version: number;
  readonly action: 'proposed' | 'imported' | 'edited' | 'approved' | 'rejected' | 'dissolved';
  readonly actor: Actor;
  readonly at: string;
  readonly changes: readonly { readonly field: string; readonly before?: unknown; readonly after?: unknown }[];
  readonly reason?: string;
}

/**
 * What the branch list reads and serves: everything a row, a filter or a CSV export shows. Sites,
 * checklist answers and sealed contacts stay out (the detail route has them), which keeps a
 * 600-branch county's list to a fraction of the bytes and read units.
 */
export const branchSummaryAttributes = [
  'branchId', 'name', 'type', 'hostOrganisation', 'division', 'divisionName', 'county', 'status', 'foundedOn',
  'leadership', 'memberCount', 'volunteerCount', 'memberRollIndividual', 'memberRollGroup', 'version',
  'proposedBy', 'proposedAt', 'approvedBy', 'approvedAt', 'closedReason', 'closedBy', 'closedAt', 'updatedAt',
] as const;

/** A branch as listed: {@link Branch} without sites and checklist answers. */
export type BranchSummary = Omit<Branch, 'sites' | 'standards'>;

/** The list view of a stored branch (read with {@link branchSummaryAttributes}). */
export function toBranchSummary(stored: BranchItem | Record<string, unknown>): BranchSummary {
  const { sites: _sites, standards: _standards, ...summary } = toBranch(stored);
  return summary;
}

/** The served view of a stored branch. */
export function toBranch(stored: BranchItem | Record<string, unknown>): Branch {
  const item = stored as Record<string, unknown>;
  const actorName = (actor: unknown) => (actor as Actor | undefined)?.name;
  return {
    branchId: String(item.branchId),
    name: String(item.name),
    type: item.type as BranchType,
    hostOrganisation: String(item.hostOrganisation),
    division: String(item.division),
    divisionName: String(item.divisionName ?? item.division),
    county: String(item.county),
    status: item.status as BranchStatus,
    ...(item.foundedOn ? { foundedOn: String(item.foundedOn) } : {}),
    leadership: (item.leadership as Leader[] | undefined) ?? [],
    memberCount: Number(item.memberCount ?? 0),
    volunteerCount: Number(item.volunteerCount ?? 0),
    memberRoll: { individual: Number(item.memberRollIndividual ?? 0), group: Number(item.memberRollGroup ?? 0) },
    sites: (item.sites as Site[] | undefined) ?? [],
    standards: (item.standards as StandardEvidence[] | undefined) ?? [],
    version: Number(item.version),
    proposedBy: actorName(item.proposedBy) ?? '',
    proposedAt: String(item.proposedAt),
    ...(item.approvedBy ? { approvedBy: actorName(item.approvedBy)!, approvedAt: String(item.approvedAt) } : {}),
    ...(item.closedReason ? { closedReason: String(item.closedReason), closedBy: actorName(item.closedBy) ?? '', closedAt: String(item.closedAt) } : {}),
    updatedAt: String(item.updatedAt),
  };
}

/** One stored branch item, or undefined. */
export async function findBranchItem(branchId: string): Promise<BranchItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: { PK: branchKeys.partition(branchId), SK: branchKeys.self }, ConsistentRead: true }),
  );
  return Item as BranchItem | undefined;
}

/**
 * A county's branches, optionally only those in a division (township or village prefix). One
 * GSI1 Query, paged through: a county has hundreds of branches, not tens of thousands.
 */
export async function queryCountyBranches(county: string, divisionPrefix?: string, attributes?: readonly string[]): Promise<BranchItem[]> {
  const projection = attributes
    ? { ProjectionExpression: attributes.map((_a, i) => `#p${i}`).join(', '), ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#p${i}`, a])) }
    : {};
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: divisionPrefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': branchKeys.byCounty(county), ...(divisionPrefix ? { ':prefix': divisionPrefix } : {}) },
    ...projection,
  });
  return items as unknown as BranchItem[];
}

/** A branch's history, oldest first. */
export async function queryBranchVersions(branchId: string): Promise<BranchVersion[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': branchKeys.partition(branchId), ':prefix': branchKeys.versionPrefix },
  });
  return items.map((item) => ({
    version: Number(item.version),
    action: item.action as BranchVersion['action'],
    actor: item.actor as Actor,
    at: String(item.at),
    changes: (item.changes as BranchVersion['changes'] | undefined) ?? [],
    ...(item.reason ? { reason: String(item.reason) } : {}),
  }));
}

/** Put of a brand-new branch item; fails if the id exists (a replayed import row). */
export function putNewBranch(item: BranchItem): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...item }, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/**
 * Put of a changed branch item, only if nobody saved since `expectedVersion` was read
 * (optimistic concurrency; the item's own `version` is the counter). Member-roll counters are
 * written by the member roll in its own transactions; carrying them over from a read could undo
 * a concurrent enrolment, so an update must not overwrite them: callers pass the item as read
 * and this condition also pins the counters to the values read.
 */
export function replaceBranch(item: BranchItem, expectedVersion: number): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...item },
      ConditionExpression: 'version = :expected AND memberRollIndividual = :individual AND memberRollGroup = :group',
      ExpressionAttributeValues: {
        ':expected': expectedVersion,
        ':individual': item.memberRollIndividual,
        ':group': item.memberRollGroup,
      },
    },
  };
}

/** Put of one history entry; the version number is unique per branch. */
export function putBranchVersion(branchId: string, entry: BranchVersion): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { PK: branchKeys.partition(branchId), SK: branchKeys.version(entry.version), entity: 'BranchVersion', branchId, ...entry },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
