import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../data/query-all.js';
import type { Actor } from '../branches/branch-repository.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import type { Commissioner } from './commissioner.js';

/**
 * Keys of the Commissioner entity: `COMMISSIONER#<id>` / `#COMMISSIONER`; GSI1
 * `COMMISSIONERS#<county>` / `<division>#<id>` lists a county's appointments, narrowed by prefix.
 */
export const commissionerKeys = {
  partition: (commissionerId: string) => `COMMISSIONER#${commissionerId}`,
  self: '#COMMISSIONER',
  byCounty: (county: string) => `COMMISSIONERS#${county}`,
  byCountySort: (division: string, commissionerId: string) => `${division}#${commissionerId}`,
} as const;

/** A stored Commissioner item. */
export interface CommissionerItem extends Omit<Commissioner, 'appointedBy'> {
  readonly PK: string;
  readonly SK: string;
  readonly GSI1PK: string;
  readonly GSI1SK: string;
  readonly entity: 'Commissioner';
  readonly appointedBy: Actor;
  readonly endedBy?: Actor;
  /** The phone, sealed (`shared/privacy`). */
  readonly contactsSealed?: unknown;
  readonly importId?: string;
}

/** The served view of a stored commissioner. */
export function toCommissioner(item: CommissionerItem): Commissioner {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, entity: _e, contactsSealed: _c, importId: _i, endedBy: _b, ...rest } = item;
  return { ...rest, appointedBy: item.appointedBy.name };
}

/** One stored commissioner, or undefined. */
export async function findCommissionerItem(commissionerId: string): Promise<CommissionerItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: { PK: commissionerKeys.partition(commissionerId), SK: commissionerKeys.self },
      ConsistentRead: true,
    }),
  );
  return Item as CommissionerItem | undefined;
}

/** A county's appointments (all statuses), optionally within a division prefix. */
export async function queryCountyCommissioners(county: string, divisionPrefix?: string): Promise<CommissionerItem[]> {
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: divisionPrefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': commissionerKeys.byCounty(county), ...(divisionPrefix ? { ':prefix': divisionPrefix } : {}) },
  });
  return items as unknown as CommissionerItem[];
}

/** Put of a new appointment; fails if the id exists. */
export function putNewCommissioner(item: CommissionerItem): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...item }, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/**
 * Ends an appointment, only while it is still active at `expectedVersion` (so two officers
 * ending or replacing it at once cannot both succeed).
 */
export function endAppointment(
  item: CommissionerItem,
  ending: { reason: string; at: string; by: Actor; successorId?: string },
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: { PK: item.PK, SK: item.SK },
      UpdateExpression: `SET #status = :ended, endedReason = :reason, endedAt = :at, endedBy = :by, version = :next${
        ending.successorId ? ', successorId = :successor' : ''
      }`,
      ConditionExpression: '#status = :active AND version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':ended': 'ended',
        ':active': 'active',
        ':reason': ending.reason,
        ':at': ending.at,
        ':by': ending.by,
        ':version': item.version,
        ':next': item.version + 1,
        ...(ending.successorId ? { ':successor': ending.successorId } : {}),
      },
    },
  };
}
