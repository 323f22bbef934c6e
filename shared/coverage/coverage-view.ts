import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../data/batch-get-all.js';
import { queryAll } from '../data/query-all.js';
import * as z from 'zod/mini';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { type BranchType, branchTypes, type TargetedType } from '../branches/branch.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { transactWrite } from '../data/transaction.js';
import { type DivisionLevel, divisionLevel, divisionPrefix } from '../divisions/division-code.js';
import { type Division, findDivisionWithChildren } from '../divisions/division-repository.js';
import { DomainError, divisionNotFound } from '../errors.js';
import { branchCountAttribute, coverageKeys } from './coverage-keys.js';

/** Coverage figures of one division (the same shape at every level). */
export interface Tally {
  readonly townships: { readonly total: number; readonly covered: number };
  readonly villages: { readonly total: number; readonly covered: number };
  readonly commissioners: number;
  readonly branches: Readonly<Record<BranchType, number>>;
  readonly targets: Readonly<Record<TargetedType, number>>;
}

/** A child row of the dashboard: a tally, or for a township's villages whether each is covered. */
export type CoverageChild = { code: string; name: string; level: DivisionLevel } & (
  | Tally
  | { covered: boolean; by: 'branch' | 'commissioner' | null }
);

/** What GET /api/coverage answers. */
export interface CoverageView {
  readonly division: { code: string; name: string; level: DivisionLevel };
  readonly summary: Tally;
  readonly children: CoverageChild[];
}

type Raw = Record<string, unknown>;
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0)) || 0;

function emptyTally(): { townships: { total: number; covered: number }; villages: { total: number; covered: number }; commissioners: number; branches: Record<BranchType, number>; targets: Record<TargetedType, number> } {
  return {
    townships: { total: 0, covered: 0 },
    villages: { total: 0, covered: 0 },
    commissioners: 0,
    branches: Object.fromEntries(branchTypes.map((type) => [type, 0])) as Record<BranchType, number>,
    targets: { school: 0, hospital: 0, enterprise: 0 },
  };
}

/** Adds a stored tally item's counters into `into` (roll-up). */
function addTally(into: ReturnType<typeof emptyTally>, item: Raw | undefined): void {
  if (!item) return;
  into.townships.covered += num(item.townshipsCovered) + num(item.townshipCovered);
  into.villages.covered += num(item.villagesCovered);
  into.commissioners += num(item.commissioners);
  for (const type of branchTypes) into.branches[type] += num(item[branchCountAttribute(type)]);
  const targets = item.targets as Partial<Record<TargetedType, number>> | undefined;
  into.targets.school += targets?.school ?? 0;
  into.targets.hospital += targets?.hospital ?? 0;
  into.targets.enterprise += targets?.enterprise ?? 0;
}

/** Reference totals of a division from its Division item (townshipCount/villageCount or childCount). */
function addTotals(into: ReturnType<typeof emptyTally>, division: Division): void {
  if (division.level === 'township') {
    into.townships.total += 1;
    into.villages.total += division.childCount;
  } else if (division.level === 'village') {
    into.villages.total += 1;
  } else {
    into.townships.total += division.townshipCount ?? 0;
    into.villages.total += division.villageCount ?? 0;
  }
}


/** County tallies under a province or city: one GSI1 Query (≤ 105 items for Hubei). */
async function countyTallies(prefix: string): Promise<Map<string, Raw>> {
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
    ExpressionAttributeValues: { ':pk': coverageKeys.tallyIndex, ':prefix': prefix },
  });
  return new Map(items.map((item) => [String(item.code), item]));
}

/** Everything in a county's coverage partition: its tally, township tallies and township states. */
async function countyPartition(county: string): Promise<Raw[]> {
  return queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': coverageKeys.partition(county) } });
}

/** A township's coverage: its villages' states (one Query), its tally and its own state (one batch read). */
async function townshipCoverage(township: string): Promise<{ villages: Raw[]; tally?: Raw; ownState?: Raw }> {
  const county = `${township.slice(0, 6)}000000`;
  const tallyKey = { PK: coverageKeys.partition(county), SK: coverageKeys.townshipTally(township) };
  const stateKey = { PK: coverageKeys.partition(county), SK: coverageKeys.division(township) };
  const [villages, items] = await Promise.all([
    queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': coverageKeys.partition(township) } }),
    batchGetAll([tallyKey, stateKey]),
  ]);
  const tally = items.find((item) => item.SK === tallyKey.SK);
  const ownState = items.find((item) => item.SK === stateKey.SK);
  return { villages, ...(tally ? { tally } : {}), ...(ownState ? { ownState } : {}) };
}

/**
 * Coverage of a division and of each child, from the maintained aggregates: reference totals
 * from Division items (one Query of the division and its children) and counters from tallies
 * (one more Query). No request counts branches or reads villages beyond one township's.
 *
 * Steps: authorise `coverage:read` on the division; by level — province/city: county tallies
 * from GSI1 rolled up per child; county: its coverage partition (county and township tallies,
 * township states); township: its partition of village states.
 */
export async function viewCoverage(principal: Principal | undefined, requested: string | undefined): Promise<CoverageView> {
  const reader = authorize(principal, 'coverage:read');
  const code = requested ?? reader.division;
  authorize(principal, 'coverage:read', { division: code });
  const level = divisionLevel(code);
  if (level === 'village') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'province/city/county/township' });
  // The division (names, reference totals) and its coverage items are read in parallel.
  const reads = level === 'province' || level === 'city'
    ? Promise.all([findDivisionWithChildren(code), countyTallies(divisionPrefix(code))] as const)
    : level === 'county'
      ? Promise.all([findDivisionWithChildren(code), countyPartition(code)] as const)
      : Promise.all([findDivisionWithChildren(code), townshipCoverage(code)] as const);
  const [tree, coverage] = await reads;
  if (!tree) throw divisionNotFound(code);
  const summary = emptyTally();
  addTotals(summary, tree.division);
  let children: CoverageChild[];
  // By level: county tallies (province, city), a county partition (county) or a township's reads.
  if (coverage instanceof Map) {
    const tallies = coverage;
    children = tree.children.map((child) => {
      const tally = emptyTally();
      addTotals(tally, child);
      const childPrefix = divisionPrefix(child.code);
      for (const [county, item] of tallies) if (county.startsWith(childPrefix)) addTally(tally, item);
      return { code: child.code, name: child.name, level: child.level, ...tally };
    });
    for (const item of tallies.values()) addTally(summary, item);
  } else if (Array.isArray(coverage)) {
    const items = coverage;
    addTally(summary, items.find((item) => item.SK === coverageKeys.countyTally));
    const byTownship = new Map(items.filter((item) => String(item.SK).startsWith(coverageKeys.townshipTallyPrefix)).map((item) => [String(item.code), item]));
    const states = new Map(items.filter((item) => String(item.SK).startsWith(coverageKeys.divisionPrefix)).map((item) => [String(item.code), item]));
    children = tree.children.map((child) => {
      const tally = emptyTally();
      addTotals(tally, child);
      addTally(tally, byTownship.get(child.code));
      // The township's own coverage lives in its state item; the tally's flag mirrors it.
      const state = states.get(child.code);
      tally.townships.covered = state?.branchId || state?.commissionerId ? 1 : 0;
      return { code: child.code, name: child.name, level: child.level, ...tally };
    });
  } else {
    addTally(summary, coverage.tally);
    summary.townships.covered = coverage.ownState?.branchId || coverage.ownState?.commissionerId ? 1 : 0;
    const byCode = new Map(coverage.villages.map((item) => [String(item.code), item]));
    children = tree.children.map((child) => {
      const state = byCode.get(child.code);
      const by = state?.branchId ? 'branch' : state?.commissionerId ? 'commissioner' : null;
      return { code: child.code, name: child.name, level: child.level, covered: by !== null, by };
    });
  }
  return { division: { code: tree.division.code, name: tree.division.name, level }, summary, children };
}

/**
 * Townships and villages with neither an active branch nor a commissioner. For a county: its
 * townships' states (one Query), then each township's villages and states (two Queries per
 * township, bounded parallelism); for a township: two Queries. Never all of Hubei's villages.
 */
export async function listUncovered(
  principal: Principal | undefined,
  code: string,
): Promise<{ division: string; items: { code: string; name: string; level: DivisionLevel; township?: string }[] }> {
  authorize(principal, 'coverage:read', { division: code });
  const level = divisionLevel(code);
  if (level !== 'county' && level !== 'township') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county/township' });
  const uncoveredChildren = async (parent: string) => {
    const [tree, states] = await Promise.all([
      findDivisionWithChildren(parent),
      queryAll({ KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': coverageKeys.partition(parent), ':prefix': coverageKeys.divisionPrefix } }),
    ]);
    if (!tree) throw divisionNotFound(parent);
    const covered = new Set(states.filter((item) => item.branchId || item.commissionerId).map((item) => String(item.code)));
    return { tree, uncovered: tree.children.filter((child) => !covered.has(child.code)) };
  };
  const top = await uncoveredChildren(code);
  if (level === 'township') {
    return { division: code, items: top.uncovered.map((child) => ({ code: child.code, name: child.name, level: child.level, township: code })) };
  }
  const items: { code: string; name: string; level: DivisionLevel; township?: string }[] = top.uncovered.map((child) => ({ code: child.code, name: child.name, level: child.level }));
  const townships = top.tree.children;
  let next = 0;
  const perTownship: { code: string; name: string; level: DivisionLevel; township?: string }[][] = [];
  await Promise.all(
    Array.from({ length: Math.min(6, townships.length) }, async () => {
      while (next < townships.length) {
        const index = next++;
        const township = townships[index]!;
        const { uncovered } = await uncoveredChildren(township.code);
        perTownship[index] = uncovered.map((child) => ({ code: child.code, name: child.name, level: child.level, township: township.code }));
      }
    }),
  );
  for (const list of perTownship) items.push(...(list ?? []));
  return { division: code, items };
}

/** Body of PUT /api/coverage/{county}/targets. */
export const targetsSchema = z.object({
  school: z.int().check(z.gte(0), z.lte(10_000)),
  hospital: z.int().check(z.gte(0), z.lte(10_000)),
  enterprise: z.int().check(z.gte(0), z.lte(10_000)),
});

/**
 * The county sets its targets for school, hospital and enterprise branches. Steps: authorise
 * `coverage:setTargets` on the county; SET the targets on the county tally (creating it if no
 * branch exists yet, counters untouched) and audit, in one transaction; answer the new view.
 */
export async function setTargets(principal: Principal | undefined, county: string, targets: z.infer<typeof targetsSchema>): Promise<Tally> {
  const actor = authorize(principal, 'coverage:setTargets', { division: county });
  if (divisionLevel(county) !== 'county' || county.startsWith('00')) throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county' });
  const before = (await documentClient.send(new GetCommand({ TableName: tableName(), Key: { PK: coverageKeys.partition(county), SK: coverageKeys.countyTally } }))).Item?.targets;
  const at = new Date().toISOString();
  await transactWrite([
    {
      Update: {
        TableName: tableName(),
        Key: { PK: coverageKeys.partition(county), SK: coverageKeys.countyTally },
        UpdateExpression: 'SET entity = :entity, code = :code, GSI1PK = :gsi1pk, GSI1SK = :code, targets = :targets',
        ExpressionAttributeValues: { ':entity': 'CoverageTally', ':code': county, ':gsi1pk': coverageKeys.tallyIndex, ':targets': targets },
      },
    },
    auditItem({ actor, action: 'coverage.setTargets', entity: 'CoverageTally', entityId: county, division: county, ...(before ? { before: { targets: before } } : {}), after: { targets } }, at),
  ]);
  return (await viewCoverage(principal, county)).summary;
}

