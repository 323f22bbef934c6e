import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod/mini';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { countyOf } from '../branches/branch-keys.js';
import type { Actor } from '../branches/branch-repository.js';
import { handOverCommissionerSeat, seatCommissioner, tallyUpdates, unseatCommissioner } from '../coverage/coverage-changes.js';
import { coverageKeys } from '../coverage/coverage-keys.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { type StoredResponse, idempotent } from '../data/idempotency.js';
import { type TransactItem, TransactionConflict, transactWrite } from '../data/transaction.js';
import { divisionLevel, parentDivision } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import { DomainError, notFound, versionConflict } from '../errors.js';
import { maskPhone, normalizePhone } from '../privacy/masking.js';
import { sealPersonalData } from '../privacy/personal-data.js';
import { type Appointment, type Commissioner, appointeeSchema } from './commissioner.js';
import { type CommissionerItem, commissionerKeys, endAppointment, findCommissionerItem, putNewCommissioner, toCommissioner } from './commissioner-repository.js';

/** Body of the replace route. */
export const replacementSchema = z.object({
  expectedVersion: z.int().check(z.gte(1)),
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
  successor: z.extend(appointeeSchema, { boardSeat: z.optional(appointeeSchema.shape.boardSeat) }),
});
/** Body of the end route. */
export const endingSchema = z.object({
  expectedVersion: z.int().check(z.gte(1)),
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
});

/** Builds a new appointment item (phone sealed, masked copy in the clear). */
export async function newCommissionerItem(
  appointment: Appointment,
  by: Actor,
  at: string,
  options: { commissionerId?: string; divisionName?: string; predecessorId?: string; importId?: string } = {},
): Promise<CommissionerItem> {
  const level = divisionLevel(appointment.division);
  if (level !== 'township' && level !== 'village') throw new DomainError('COMMISSIONER_LEVEL_INVALID', 422);
  const divisionName = options.divisionName ?? (await findDivision(appointment.division))?.name;
  if (!divisionName) throw new DomainError('DIVISION_NOT_FOUND', 422, { code: appointment.division });
  const commissionerId = options.commissionerId ?? ulid();
  let phoneMasked: string | undefined;
  let contactsSealed: unknown;
  if (appointment.phone) {
    const phone = normalizePhone(appointment.phone);
    if (!phone) {
      throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body.phone', issue: 'invalid_phone', detail: 'not a mainland mobile or landline number' }]);
    }
    phoneMasked = maskPhone(phone);
    contactsSealed = await sealPersonalData({ phone }, { context: commissionerKeys.partition(commissionerId) });
  }
  const county = countyOf(appointment.division);
  return {
    PK: commissionerKeys.partition(commissionerId),
    SK: commissionerKeys.self,
    GSI1PK: commissionerKeys.byCounty(county),
    GSI1SK: commissionerKeys.byCountySort(appointment.division, commissionerId),
    entity: 'Commissioner',
    commissionerId,
    name: appointment.name,
    ...(appointment.title ? { title: appointment.title } : {}),
    ...(phoneMasked ? { phoneMasked, contactsSealed } : {}),
    division: appointment.division,
    divisionName,
    county,
    boardSeat: appointment.boardSeat,
    boardDivision: parentDivision(appointment.division)!,
    termStart: appointment.termStart,
    ...(appointment.termEnd ? { termEnd: appointment.termEnd } : {}),
    status: 'active',
    ...(options.predecessorId ? { predecessorId: options.predecessorId } : {}),
    version: 1,
    appointedBy: by,
    appointedAt: at,
    ...(options.importId ? { importId: options.importId } : {}),
  };
}

/** The transaction items that appoint `item` to its division's seat (coverage +1). */
export function appointmentItems(item: CommissionerItem, actor: Principal, at: string): { items: TransactItem[]; seatIndex: number } {
  return {
    items: [
      putNewCommissioner(item),
      seatCommissioner(item.division, item.commissionerId),
      ...tallyUpdates(item.division, { covered: 1, commissioners: 1 }),
      auditItem({ actor, action: 'commissioner.appoint', entity: 'Commissioner', entityId: item.commissionerId, division: item.division, after: toCommissioner(item) as unknown as Record<string, unknown> }, at),
    ],
    seatIndex: 1,
  };
}

/**
 * The county appoints a commissioner for a township or village with no branch.
 *
 * Steps: authorise `commissioner:manage` on the division; check level and existence; seal the
 * phone; in ONE transaction put the appointment, take the division's commissioner seat (409
 * COMMISSIONER_SEAT_TAKEN if someone serves, 409 BRANCH_EXISTS if an active branch covers it),
 * count the division covered and the commissioner in the tallies, audit, and remember the answer
 * under the Idempotency-Key.
 */
export async function appointCommissioner(
  principal: Principal | undefined,
  appointment: Appointment,
  idempotencyKey: string | undefined,
): Promise<StoredResponse<Commissioner>> {
  const actor = authorize(principal, 'commissioner:manage', { division: appointment.division });
  return idempotent<Commissioner>({ callerId: actor.userId, key: idempotencyKey, payload: appointment }, async (record) => {
    const at = new Date().toISOString();
    const item = await newCommissionerItem(appointment, { userId: actor.userId, name: actor.name }, at);
    const response = { status: 201, body: toCommissioner(item) };
    const { items, seatIndex } = appointmentItems(item, actor, at);
    const recordIndex = idempotencyKey ? items.push(record(response)) - 1 : -1;
    try {
      await transactWrite(items);
    } catch (error) {
      // A concurrent twin with the same key committed first: `idempotent` answers with its record.
      if (error instanceof TransactionConflict && error.failedIndexes.includes(recordIndex)) throw error;
      if (error instanceof TransactionConflict && error.failedIndexes.includes(seatIndex)) throw await seatError(appointment.division);
      throw error;
    }
    return response;
  });
}

/** Which of the seat's conditions failed, read from the division's coverage state: an active branch, or a commissioner (serving or being imported). */
export async function seatError(division: string): Promise<DomainError> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: { PK: coverageKeys.partition(parentDivision(division)!), SK: coverageKeys.division(division) },
      ConsistentRead: true,
    }),
  );
  return new DomainError(Item?.branchId ? 'BRANCH_EXISTS' : 'COMMISSIONER_SEAT_TAKEN', 409);
}

async function loadActive(principal: Principal | undefined, commissionerId: string, expectedVersion: number): Promise<{ actor: Principal; item: CommissionerItem }> {
  const item = await findCommissionerItem(commissionerId);
  if (!item) throw notFound('COMMISSIONER_NOT_FOUND');
  const actor = authorize(principal, 'commissioner:manage', { division: item.division });
  if (item.status !== 'active') throw new DomainError('COMMISSIONER_STATE_INVALID', 409);
  if (item.version !== expectedVersion) throw versionConflict(item.version);
  return { actor, item };
}

/**
 * Replaces a commissioner: in ONE transaction the appointment ends (reason given), the successor
 * is appointed with a link both ways, and the seat passes over; coverage does not change.
 */
export async function replaceCommissioner(
  principal: Principal | undefined,
  commissionerId: string,
  input: z.infer<typeof replacementSchema>,
): Promise<{ ended: Commissioner; successor: Commissioner }> {
  const { actor, item } = await loadActive(principal, commissionerId, input.expectedVersion);
  const at = new Date().toISOString();
  const by = { userId: actor.userId, name: actor.name };
  const successor = await newCommissionerItem(
    { ...input.successor, boardSeat: input.successor.boardSeat ?? item.boardSeat, division: item.division },
    by,
    at,
    { divisionName: item.divisionName, predecessorId: item.commissionerId },
  );
  const ended: CommissionerItem = { ...item, status: 'ended', endedReason: input.reason, endedAt: at, endedBy: by, successorId: successor.commissionerId, version: item.version + 1 };
  await commitOrConflict(
    [
      endAppointment(item, { reason: input.reason, at, by, successorId: successor.commissionerId }),
      putNewCommissioner(successor),
      handOverCommissionerSeat(item.division, item.commissionerId, successor.commissionerId),
      auditItem({ actor, action: 'commissioner.replace', entity: 'Commissioner', entityId: item.commissionerId, division: item.division, before: { commissionerId: item.commissionerId, name: item.name }, after: { commissionerId: successor.commissionerId, name: successor.name, reason: input.reason } }, at),
    ],
    commissionerId,
  );
  return { ended: toCommissioner(ended), successor: toCommissioner(successor) };
}

/** Ends an appointment with no successor: the division is no longer covered by it. */
export async function endCommissioner(principal: Principal | undefined, commissionerId: string, input: z.infer<typeof endingSchema>): Promise<Commissioner> {
  const { actor, item } = await loadActive(principal, commissionerId, input.expectedVersion);
  const at = new Date().toISOString();
  const by = { userId: actor.userId, name: actor.name };
  const ended: CommissionerItem = { ...item, status: 'ended', endedReason: input.reason, endedAt: at, endedBy: by, version: item.version + 1 };
  await commitOrConflict(
    [
      endAppointment(item, { reason: input.reason, at, by }),
      unseatCommissioner(item.division, item.commissionerId),
      ...tallyUpdates(item.division, { covered: -1, commissioners: -1 }),
      auditItem({ actor, action: 'commissioner.end', entity: 'Commissioner', entityId: item.commissionerId, division: item.division, before: { status: 'active' }, after: { status: 'ended', reason: input.reason } }, at),
    ],
    commissionerId,
  );
  return toCommissioner(ended);
}

async function commitOrConflict(items: TransactItem[], commissionerId: string): Promise<void> {
  try {
    await transactWrite(items);
  } catch (error) {
    if (error instanceof TransactionConflict) {
      const now = await findCommissionerItem(commissionerId);
      if (now?.status !== 'active') throw new DomainError('COMMISSIONER_STATE_INVALID', 409);
      throw versionConflict(now.version);
    }
    throw error;
  }
}
