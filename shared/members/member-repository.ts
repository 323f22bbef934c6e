import { GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { branchKeys } from '../branches/branch-keys.js';
import type { BranchStatus } from '../branches/branch.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import type { SealedPersonalData } from '../privacy/personal-data.js';
import type { DuesStatus, Member, MemberKind, MemberStatus } from './member.js';

/**
 * Keys of the Member entity. Members live in their branch's partition (`branchKeys.partition`), so
 * a roll is one Query and an enrolment touches one partition:
 *
 * - `BRANCH#<branchId>` / `MEMBER#<memberId>`: the member (ULID, so the roll reads in joining order)
 * - `BRANCH#<branchId>` / `MEMBER_PHONE#<lookupHash>`: claims a phone in that branch; a conditional
 *   put makes "one member per phone per branch" hold under concurrency. Released when the member
 *   leaves, so the person may join again later.
 */
export const memberKeys = {
  partition: branchKeys.partition,
  member: (memberId: string) => `MEMBER#${memberId}`,
  /** `begins_with` prefix of member items (`MEMBER_PHONE#` does not match it: `_` ≠ `#`). */
  memberPrefix: 'MEMBER#',
  phone: (phoneHash: string) => `MEMBER_PHONE#${phoneHash}`,
} as const;

/** Lookup-hash purpose of member phones (see `lookupHash`). */
export const memberPhonePurpose = 'member.phone';

/** Branch statuses whose roll may change: a rejected or dissolved branch's roll is frozen. */
export const rollOpenStatuses: readonly BranchStatus[] = ['proposed', 'active'];

/** What the member roll needs of its branch (the branch item belongs to `shared/branches/`). */
export interface RollBranch {
  readonly branchId: string;
  readonly division: string;
  readonly status: BranchStatus;
  readonly memberRollIndividual: number;
  readonly memberRollGroup: number;
}

/** A stored Member item. `sealed` holds the clear name and phone; everything else is safe to serve. */
export interface MemberItem extends Member {
  readonly PK: string;
  readonly SK: string;
  readonly entity: 'Member';
  readonly branchId: string;
  /** `{ name, phone? }`, sealed with context {@link memberSealContext}. */
  readonly sealed: SealedPersonalData;
  /** Keyed hash of the normalised phone (not reversible without the HMAC key); names the phone claim. */
  readonly phoneHash?: string;
  readonly consent: { readonly purpose: string; readonly givenOn: string; readonly recordedBy: string; readonly recordedAt: string };
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The sealing context of a member's personal data: a sealed blob opens on its own record only. */
export const memberSealContext = (branchId: string, memberId: string) => `${memberKeys.partition(branchId)}/${memberKeys.member(memberId)}`;

/** The served (masked) view of a stored member. */
export function toMember(item: Record<string, unknown>): Member {
  return {
    memberId: String(item.memberId),
    kind: item.kind as MemberKind,
    nameMasked: String(item.nameMasked),
    ...(item.phoneMasked ? { phoneMasked: String(item.phoneMasked) } : {}),
    ...(item.organisation ? { organisation: String(item.organisation) } : {}),
    joinedOn: String(item.joinedOn),
    duesStatus: item.duesStatus as DuesStatus,
    ...(item.duesPaidThrough !== undefined ? { duesPaidThrough: Number(item.duesPaidThrough) } : {}),
    status: item.status as MemberStatus,
    ...(item.leftOn ? { leftOn: String(item.leftOn) } : {}),
    version: Number(item.version),
  };
}

/** The branch's roll-relevant fields (GetItem, consistent), or undefined when there is no such branch. */
export async function findRollBranch(branchId: string): Promise<RollBranch | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: { PK: branchKeys.partition(branchId), SK: branchKeys.self },
      ProjectionExpression: 'branchId, division, #status, memberRollIndividual, memberRollGroup',
      ExpressionAttributeNames: { '#status': 'status' },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    branchId,
    division: String(Item.division),
    status: Item.status as BranchStatus,
    memberRollIndividual: Number(Item.memberRollIndividual ?? 0),
    memberRollGroup: Number(Item.memberRollGroup ?? 0),
  };
}

/** One stored member (GetItem, consistent), or undefined. */
export async function findMemberItem(branchId: string, memberId: string): Promise<MemberItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: { PK: memberKeys.partition(branchId), SK: memberKeys.member(memberId) },
      ConsistentRead: true,
    }),
  );
  return Item as MemberItem | undefined;
}

/** Attributes a roll listing reads: never `sealed` (the listing has no use for ciphertext). */
const listedAttributes = ['memberId', 'kind', 'nameMasked', 'phoneMasked', 'organisation', 'joinedOn', 'duesStatus', 'duesPaidThrough', '#status', 'leftOn', 'version'];

/**
 * A branch's members in joining order, optionally only those with `status`: one Query on the
 * branch partition (`begins_with(SK, 'MEMBER#')`), paged through.
 */
export async function queryMembers(branchId: string, status?: MemberStatus): Promise<Member[]> {
  const members: Member[] = [];
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...(status ? { FilterExpression: '#status = :status' } : {}),
        ProjectionExpression: listedAttributes.join(', '),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': memberKeys.partition(branchId),
          ':prefix': memberKeys.memberPrefix,
          ...(status ? { ':status': status } : {}),
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) members.push(toMember(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return members;
}

// ---- transaction items -----------------------------------------------------------------------

/** Puts a new member; fails if the id exists (it never should: ULID). */
export function putNewMember(item: MemberItem): TransactItem {
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/** Claims `phoneHash` in the branch for `memberId`; fails when another member holds it. */
export function claimPhone(branchId: string, phoneHash: string, memberId: string): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { PK: memberKeys.partition(branchId), SK: memberKeys.phone(phoneHash), entity: 'MemberPhone', memberId },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Releases the member's phone claim (a claim already gone is fine; someone else's is not touched). */
export function releasePhone(branchId: string, phoneHash: string, memberId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: { PK: memberKeys.partition(branchId), SK: memberKeys.phone(phoneHash) },
      ConditionExpression: 'attribute_not_exists(PK) OR memberId = :memberId',
      ExpressionAttributeValues: { ':memberId': memberId },
    },
  };
}

const rollStatusCondition = {
  ConditionExpression: 'attribute_exists(PK) AND #status IN (:proposed, :active)',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':proposed': 'proposed', ':active': 'active' },
} as const;

/**
 * Adds `delta` to the branch's roll counter for `kind` (`memberRollIndividual`/`memberRollGroup`),
 * provided the branch still exists and its roll is open. ADD never clobbers a concurrent change.
 */
export function adjustRoll(branchId: string, kind: MemberKind, delta: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: { PK: branchKeys.partition(branchId), SK: branchKeys.self },
      UpdateExpression: 'ADD #counter :delta',
      ConditionExpression: rollStatusCondition.ConditionExpression,
      ExpressionAttributeNames: {
        ...rollStatusCondition.ExpressionAttributeNames,
        '#counter': kind === 'individual' ? 'memberRollIndividual' : 'memberRollGroup',
      },
      ExpressionAttributeValues: { ...rollStatusCondition.ExpressionAttributeValues, ':delta': delta },
    },
  };
}

/** Checks, inside a transaction, that the branch exists and its roll is open (writes nothing). */
export function rollOpenCheck(branchId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: { PK: branchKeys.partition(branchId), SK: branchKeys.self },
      ...rollStatusCondition,
    },
  };
}

/** Sets `changes` on an active member at `expectedVersion`, bumping the version. */
export function updateActiveMember(
  branchId: string,
  memberId: string,
  expectedVersion: number,
  changes: Readonly<Record<string, string | number>>,
): TransactItem {
  const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':active': 'active' };
  const sets = ['#version = #version + :one'];
  for (const [index, [field, value]] of Object.entries(changes).entries()) {
    names[`#f${index}`] = field;
    values[`:v${index}`] = value;
    sets.push(`#f${index} = :v${index}`);
  }
  return {
    Update: {
      TableName: tableName(),
      Key: { PK: memberKeys.partition(branchId), SK: memberKeys.member(memberId) },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#version = :expected AND #status = :active',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
