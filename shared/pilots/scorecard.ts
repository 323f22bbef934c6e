import { batchGetAll } from '../data/batch-get-all.js';
import { queryAll } from '../data/query-all.js';
import { branchKeys } from '../branches/branch-keys.js';
import { branchCountAttribute, coverageKeys } from '../coverage/coverage-keys.js';
import { divisionKeys } from '../divisions/division-repository.js';
import type { KpiScore, ReportedFigures, Scorecard, Targets } from './pilot.js';
import { kpiKeys, kpiUnits, reportedKpis, type KpiKey, type ReportedKpi } from './vocabulary.js';

/** What a county measures now, per live KPI. */
export type LiveFigures = Readonly<Record<Exclude<KpiKey, ReportedKpi>, number>>;

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0)) || 0;
/** One decimal, rounded down, so 79.96 % never shows as a met 80 %. */
const percent = (part: number, whole: number): number => (whole > 0 ? Math.floor((part / whole) * 1000) / 10 : 0);

/**
 * The live KPIs of a county from Boai's own data: coverage and branch counts from the maintained
 * coverage tally and the county's Division item (one BatchGet), 博爱家园 sites and branch-reported
 * volunteers from the county's active branches (one GSI1 Query, only the two attributes needed).
 */
export async function measureCounty(county: string): Promise<LiveFigures> {
  const divisionKey = { PK: divisionKeys.partition(county), SK: divisionKeys.self };
  const tallyKey = { PK: coverageKeys.partition(county), SK: coverageKeys.countyTally };
  const [items, branches] = await Promise.all([
    batchGetAll([divisionKey, tallyKey], { consistent: true }),
    queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      FilterExpression: '#status = :active',
      ProjectionExpression: 'sites, volunteerCount',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': branchKeys.byCounty(county), ':active': 'active' },
    }),
  ]);
  const division = items.find((item) => item.PK === divisionKey.PK);
  const tally = items.find((item) => item.PK === tallyKey.PK);
  let boaiHomes = 0;
  let volunteers = 0;
  for (const branch of branches) {
    const sites = (branch.sites as { kind?: string }[] | undefined) ?? [];
    boaiHomes += sites.filter((site) => site.kind === 'boaiHome').length;
    volunteers += num(branch.volunteerCount);
  }
  return {
    townshipCoveragePct: percent(num(tally?.townshipsCovered), num(division?.townshipCount)),
    villageCoveragePct: percent(num(tally?.villagesCovered), num(division?.villageCount)),
    schoolBranches: num(tally?.[branchCountAttribute('school')]),
    hospitalBranches: num(tally?.[branchCountAttribute('hospital')]),
    enterpriseBranches: num(tally?.[branchCountAttribute('enterprise')]),
    boaiHomes,
    volunteers,
  };
}

/**
 * Scores live and reported figures against the plan's targets. A KPI is met when its figure
 * reaches the target; a target of 0 asks nothing and is met. Reported KPIs without a figure count
 * as 0 (`source: none`), so an unreported target is unmet rather than silently passed.
 */
export function scoreAgainst(targets: Targets, live: LiveFigures, reported: ReportedFigures, at = new Date()): Scorecard {
  const kpis: KpiScore[] = kpiKeys.map((key) => {
    const isReported = (reportedKpis as readonly string[]).includes(key);
    const figure = isReported ? reported[key as ReportedKpi] : live[key as Exclude<KpiKey, ReportedKpi>];
    const actual = figure ?? 0;
    const target = targets[key];
    return {
      key,
      target,
      actual,
      unit: kpiUnits[key],
      source: isReported ? (figure === undefined ? 'none' : 'reported') : 'live',
      met: actual >= target,
    };
  });
  return { computedAt: at.toISOString(), met: kpis.every((kpi) => kpi.met), kpis };
}

/** The county's scorecard now. */
export async function computeScorecard(county: string, targets: Targets, reported: ReportedFigures | undefined): Promise<Scorecard> {
  return scoreAgainst(targets, await measureCounty(county), reported ?? {});
}
