import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import { divisionLevel } from '../divisions/division-code.js';
import { DomainError } from '../errors.js';

/**
 * Keys of the AuditEntry entity (DESIGN §4.8): every staff write leaves one, in the same
 * transaction as the write. Entries are grouped by the county the target belongs to (targets
 * above county level use their own code), newest last by sort key, so "what happened in this
 * county" is one Query read backwards.
 */
export const auditKeys = {
  partition: (division: string) => `AUDIT#${auditDivisionOf(division)}`,
  sort: (at: string, id: string) => `${at}#${id}`,
} as const;

/** The division an audit entry is filed under: the target's county, or the target itself above. */
export function auditDivisionOf(division: string): string {
  const level = divisionLevel(division);
  return level === 'township' || level === 'village' ? `${division.slice(0, 6)}000000` : division;
}

/** What an audit entry records. `before`/`after` must hold masked values only, never clear personal data. */
export interface AuditInput {
  readonly actor: Principal;
  /** Verb in `entity.verb` form, e.g. `branch.approve`. */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  /** The target's division (decides the audit partition). */
  readonly division: string;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
}

/** An audit entry as served. */
export interface AuditEntry {
  readonly at: string;
  readonly actor: { readonly userId: string; readonly name: string; readonly username: string };
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly division: string;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
}

/** The Put that records `input` at time `at`; add it to the write's transaction. */
export function auditItem(input: AuditInput, at: string): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        PK: auditKeys.partition(input.division),
        SK: auditKeys.sort(at, ulid()),
        entity: 'AuditEntry',
        at,
        actor: { userId: input.actor.userId, name: input.actor.name, username: input.actor.username },
        action: input.action,
        target: input.entity,
        entityId: input.entityId,
        division: input.division,
        ...(input.before ? { before: input.before } : {}),
        ...(input.after ? { after: input.after } : {}),
      },
    },
  };
}

/** One page of a county's audit entries, newest first. `cursor` is opaque (base64url JSON). */
export async function listAuditEntries(
  division: string,
  options: { limit: number; cursor?: string },
): Promise<{ items: AuditEntry[]; cursor?: string }> {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': auditKeys.partition(division) },
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, auditKeys.partition(division)) } : {}),
    }),
  );
  const items = (page.Items ?? []).map((item) => ({
    at: String(item.at),
    actor: item.actor as AuditEntry['actor'],
    action: String(item.action),
    entity: String(item.target),
    entityId: String(item.entityId),
    division: String(item.division),
    ...(item.before ? { before: item.before as Record<string, unknown> } : {}),
    ...(item.after ? { after: item.after as Record<string, unknown> } : {}),
  }));
  return page.LastEvaluatedKey ? { items, cursor: encodeCursor(page.LastEvaluatedKey) } : { items };
}

/** Opaque pagination cursor for a DynamoDB LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Inverse of {@link encodeCursor}. A cursor that does not decode, or that points into another
 * partition than the one being read (a tampered cursor could otherwise page through someone
 * else's data), is a 400 INVALID_CURSOR.
 */
export function decodeCursor(cursor: string, expectedPartition: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Exactly the table's key (PK, SK as strings): anything else DynamoDB would refuse with a 500.
    const key = value as Record<string, unknown>;
    if (
      key && typeof key === 'object' && !Array.isArray(key) &&
      Object.keys(key).length === 2 && key.PK === expectedPartition && typeof key.SK === 'string' && key.SK.length > 0
    ) {
      return { PK: key.PK, SK: key.SK };
    }
  } catch {
    // Not base64url JSON: answered below like any other bad cursor.
  }
  throw new DomainError('INVALID_CURSOR', 400);
}

/**
 * Reads audit entries for a staff member. Steps: authorise `audit:read` (province, city and
 * county staff); default to the caller's own division; authorise the named division against the
 * caller's scope (a county officer reads only their county); one page, newest first.
 */
export async function readAuditLog(
  principal: Principal | undefined,
  query: { division?: string; limit?: number; cursor?: string },
): Promise<{ items: AuditEntry[]; cursor?: string }> {
  const reader = authorize(principal, 'audit:read');
  const division = query.division ?? reader.division;
  authorize(principal, 'audit:read', { division });
  return listAuditEntries(division, { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) });
}
