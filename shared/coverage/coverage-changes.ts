import type { BranchType } from '../branches/branch.js';
import { countyOf } from '../branches/branch-keys.js';
import { tableName } from '../data/dynamo-client.js';
import type { TransactItem } from '../data/transaction.js';
import { divisionLevel, parentDivision } from '../divisions/division-code.js';
import { branchCountAttribute, coverageKeys } from './coverage-keys.js';

/**
 * The transaction items that keep coverage true when a branch or commissioner changes state.
 * Every write that changes coverage adds these to its own TransactWrite, so the entity and the
 * aggregates move together or not at all (DESIGN §4.11: no recount on read).
 *
 * Invariants the conditions enforce, which make every transition computable without a read:
 * a township or village has at most one territorial branch holding its seat (proposed or active),
 * at most one serving commissioner, and never an active branch and a commissioner at once
 * (appointing needs no active branch; approving a branch ends the commissioner in the same
 * transaction). So "covered" changes exactly when the first or last of the two comes or goes.
 *
 * CSV imports reserve before they write, so a file lands whole or not at all: a branch row holds
 * the seat with `seatBranchId` plus `seatReservedUntil`, a commissioner row with
 * `pendingCommissionerId` plus `pendingUntil`. Reservations never count as coverage, block others
 * while live, and lapse by themselves (taken over after {@link reservationSeconds}) if the import
 * dies before writing or releasing them; writing the row removes the reservation marker.
 */

/** Changes to add to a division's tallies (township and county). */
export interface TallyDelta {
  readonly covered?: number;
  readonly commissioners?: number;
  readonly branches?: Partial<Record<BranchType, number>>;
}

const divisionKey = (division: string) => ({
  PK: coverageKeys.partition(parentDivision(division)!),
  SK: coverageKeys.division(division),
});

/** The township a township- or village-level division lies in, else undefined. */
function townshipOf(division: string): string | undefined {
  const level = divisionLevel(division);
  if (level === 'township') return division;
  if (level === 'village') return `${division.slice(0, 9)}000`;
  return undefined;
}

/**
 * ADD updates for the township tally (when the division is inside a township) and the county
 * tally. One update per tally item, because a transaction may touch an item only once.
 */
export function tallyUpdates(division: string, delta: TallyDelta): TransactItem[] {
  const level = divisionLevel(division);
  const county = countyOf(division);
  const branchDeltas = Object.entries(delta.branches ?? {}).filter(([, n]) => n !== 0) as [BranchType, number][];
  const build = (isCounty: boolean): TransactItem | undefined => {
    const adds: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const add = (attribute: string, amount: number) => {
      const n = Object.keys(names).length;
      names[`#a${n}`] = attribute;
      values[`:a${n}`] = amount;
      adds.push(`#a${n} :a${n}`);
    };
    if (delta.covered) {
      if (level === 'village') add('villagesCovered', delta.covered);
      else if (level === 'township' && isCounty) add('townshipsCovered', delta.covered);
      else if (level === 'township') add('townshipCovered', delta.covered);
    }
    if (delta.commissioners) add('commissioners', delta.commissioners);
    for (const [type, amount] of branchDeltas) add(branchCountAttribute(type), amount);
    if (adds.length === 0) return undefined;
    const township = townshipOf(division);
    const key = isCounty
      ? { PK: coverageKeys.partition(county), SK: coverageKeys.countyTally }
      : { PK: coverageKeys.partition(county), SK: coverageKeys.townshipTally(township!) };
    const sets = isCounty
      ? 'SET entity = :entity, code = :code, GSI1PK = :gsi1pk, GSI1SK = :code'
      : 'SET entity = :entity, code = :code';
    return {
      Update: {
        TableName: tableName(),
        Key: key,
        UpdateExpression: `${sets} ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...values,
          ':entity': 'CoverageTally',
          ':code': isCounty ? county : township,
          ...(isCounty ? { ':gsi1pk': coverageKeys.tallyIndex } : {}),
        },
      },
    };
  };
  const items = [townshipOf(division) ? build(false) : undefined, build(true)];
  return items.filter((item): item is TransactItem => item !== undefined);
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** How long an import's reservations hold if the import dies before finishing or releasing them. */
export const reservationSeconds = 15 * 60;

/** No live reservation of a commissioner seat by an import (a lapsed one counts as none). */
const noPendingCommissioner = '(attribute_not_exists(pendingCommissionerId) OR pendingUntil < :now)';

/**
 * Claims a territorial seat: for a proposal (held until rejected or dissolved) or, with
 * `reservedUntil` (epoch seconds), for an import row about to be written. Fails if another branch
 * holds the seat, unless that is an import reservation that has lapsed (its import died before
 * writing the branch or releasing the seat), which is taken over.
 */
export function claimSeat(division: string, branchId: string, reservedUntil?: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: reservedUntil
        ? 'SET entity = :entity, code = :code, seatBranchId = :branch, seatReservedUntil = :until'
        : 'SET entity = :entity, code = :code, seatBranchId = :branch REMOVE seatReservedUntil',
      // Claiming again for the same branch succeeds, so a retried claim whose first answer was
      // lost does not report its own seat as taken.
      ConditionExpression: 'attribute_not_exists(seatBranchId) OR seatReservedUntil < :now OR seatBranchId = :branch',
      ExpressionAttributeValues: {
        ':entity': 'DivisionCoverage',
        ':code': division,
        ':branch': branchId,
        ':now': nowSeconds(),
        ...(reservedUntil ? { ':until': reservedUntil } : {}),
      },
    },
  };
}

/** Releases the seat of a rejected proposal, a dissolved branch (and its coverage if it was active) or an unused import reservation. */
export function releaseSeat(division: string, branchId: string, wasActive: boolean): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: wasActive ? 'REMOVE seatBranchId, seatReservedUntil, branchId' : 'REMOVE seatBranchId, seatReservedUntil',
      // Not active: the seat is released only if the branch never became active there, so
      // releasing an import row whose transaction committed but whose answer was lost is a no-op.
      ConditionExpression: wasActive ? 'seatBranchId = :branch AND branchId = :branch' : 'seatBranchId = :branch AND attribute_not_exists(branchId)',
      ExpressionAttributeValues: { ':branch': branchId },
    },
  };
}

/**
 * Marks an approved territorial branch as covering its division. When a commissioner serves
 * there, the seat passes from them to the branch (their appointment ends in the same
 * transaction), so coverage does not change; otherwise the division becomes covered. A
 * commissioner import holding the division right now makes this fail (the approval retries, then
 * answers 409), so the import's next step cannot find a branch it did not expect.
 */
export function coverWithBranch(division: string, branchId: string, servingCommissionerId: string | undefined): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: servingCommissionerId
        ? 'SET branchId = :branch REMOVE commissionerId, seatReservedUntil'
        : 'SET branchId = :branch REMOVE seatReservedUntil',
      ConditionExpression: `seatBranchId = :branch AND attribute_not_exists(branchId) AND ${
        servingCommissionerId ? 'commissionerId = :commissioner' : 'attribute_not_exists(commissionerId)'
      } AND ${noPendingCommissioner}`,
      ExpressionAttributeValues: {
        ':branch': branchId,
        ':now': nowSeconds(),
        ...(servingCommissionerId ? { ':commissioner': servingCommissionerId } : {}),
      },
    },
  };
}

/**
 * Seats a newly appointed commissioner: the division must have neither an active branch, nor a
 * commissioner, nor a live import reservation for one.
 */
export function seatCommissioner(division: string, commissionerId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: 'SET entity = :entity, code = :code, commissionerId = :commissioner',
      ConditionExpression: `attribute_not_exists(commissionerId) AND attribute_not_exists(branchId) AND ${noPendingCommissioner}`,
      ExpressionAttributeValues: { ':entity': 'DivisionCoverage', ':code': division, ':commissioner': commissionerId, ':now': nowSeconds() },
    },
  };
}

/**
 * Reserves a commissioner seat for an import row: neither covered nor appointable by anyone else
 * until {@link confirmCommissionerSeat} or {@link releaseCommissionerSeat}, or until it lapses.
 * Unlike `commissionerId`, a reservation never counts as coverage.
 */
export function reserveCommissionerSeat(division: string, commissionerId: string, until: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: 'SET entity = :entity, code = :code, pendingCommissionerId = :commissioner, pendingUntil = :until',
      // Reserving again for the same appointment succeeds (a retry whose first answer was lost).
      ConditionExpression:
        'attribute_not_exists(commissionerId) AND attribute_not_exists(branchId) AND ' +
        '(attribute_not_exists(pendingCommissionerId) OR pendingUntil < :now OR pendingCommissionerId = :commissioner)',
      ExpressionAttributeValues: { ':entity': 'DivisionCoverage', ':code': division, ':commissioner': commissionerId, ':until': until, ':now': nowSeconds() },
    },
  };
}

/** Turns an import's reservation into the serving commissioner (in the row's transaction). */
export function confirmCommissionerSeat(division: string, commissionerId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: 'SET commissionerId = :commissioner REMOVE pendingCommissionerId, pendingUntil',
      ConditionExpression: 'pendingCommissionerId = :commissioner AND attribute_not_exists(commissionerId) AND attribute_not_exists(branchId)',
      ExpressionAttributeValues: { ':commissioner': commissionerId },
    },
  };
}

/** Drops an import's unused reservation. */
export function releaseCommissionerSeat(division: string, commissionerId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: 'REMOVE pendingCommissionerId, pendingUntil',
      ConditionExpression: 'pendingCommissionerId = :commissioner',
      ExpressionAttributeValues: { ':commissioner': commissionerId },
    },
  };
}

/** Whether a stored DivisionCoverage state has a seat a new branch cannot take (held, not a lapsed reservation). */
export function seatHeld(state: Record<string, unknown> | undefined): boolean {
  if (!state?.seatBranchId) return false;
  return state.seatReservedUntil === undefined || Number(state.seatReservedUntil) >= nowSeconds();
}

/** Whether a stored DivisionCoverage state has a commissioner or a live import reservation for one. */
export function commissionerSeatHeld(state: Record<string, unknown> | undefined): boolean {
  if (state?.commissionerId) return true;
  return Boolean(state?.pendingCommissionerId) && Number(state?.pendingUntil) >= nowSeconds();
}

/** Vacates a commissioner's seat (appointment ended with no successor). */
export function unseatCommissioner(division: string, commissionerId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: 'REMOVE commissionerId',
      ConditionExpression: 'commissionerId = :commissioner AND attribute_not_exists(branchId)',
      ExpressionAttributeValues: { ':commissioner': commissionerId },
    },
  };
}

/** Hands a commissioner's seat to a successor; coverage is unchanged. */
export function handOverCommissionerSeat(division: string, from: string, to: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: divisionKey(division),
      UpdateExpression: 'SET commissionerId = :to',
      ConditionExpression: 'commissionerId = :from',
      ExpressionAttributeValues: { ':from': from, ':to': to },
    },
  };
}
