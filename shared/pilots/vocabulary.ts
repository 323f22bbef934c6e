/**
 * Pilot (试点) vocabulary: the steps of the workflow, who decides each and what they may decide,
 * and the KPIs of an implementation plan. No zod here: the portal imports these values too.
 *
 * The steps follow the source document: the county's implementation plan is approved by the city
 * (planReview, looping through planRevision on rejection), then deployment (部署实施), publicity
 * (宣传推广), evaluation (评估验收, which may order rectification: back to deployment) and
 * consolidation (巩固深化).
 */

/** Steps that wait for a decision (each is a `.waitForTaskToken` task in the state machine). */
export const decisionSteps = ['planReview', 'planRevision', 'deployment', 'publicity', 'evaluation', 'consolidation'] as const;
/** One of {@link decisionSteps}. */
export type DecisionStep = (typeof decisionSteps)[number];

/**
 * Every step a pilot can be at: a draft plan, `submitted` (the workflow is starting; it enters
 * planReview within moments), a decision step, or completed.
 */
export const pilotSteps = ['draft', 'submitted', ...decisionSteps, 'completed'] as const;
/** One of {@link pilotSteps}. */
export type PilotStep = (typeof pilotSteps)[number];

/** draft → running (the workflow owns it) → completed; faulted when a workflow task kept failing. */
export const pilotStatuses = ['draft', 'running', 'completed', 'faulted'] as const;
/** One of {@link pilotStatuses}. */
export type PilotStatus = (typeof pilotStatuses)[number];

/** The phases of the plan that carry a deadline (planRevision shares planReview's). */
export const planPhases = ['planReview', 'deployment', 'publicity', 'evaluation', 'consolidation'] as const;
/** One of {@link planPhases}. */
export type PlanPhase = (typeof planPhases)[number];

/** The phase whose deadline a decision step runs against. */
export const phaseOfStep: Readonly<Record<DecisionStep, PlanPhase>> = {
  planReview: 'planReview',
  planRevision: 'planReview',
  deployment: 'deployment',
  publicity: 'publicity',
  evaluation: 'evaluation',
  consolidation: 'consolidation',
};

/**
 * Who decides a step: the city reviews the plan, an evaluator accepts, the county does the rest.
 * Counties the province administers directly (仙桃, 潜江, 天门, 神农架: the statistical "city"
 * 4290 is no Red Cross society) have their plans reviewed by the province ({@link deciderFor}).
 */
export type Decider = 'city' | 'county' | 'evaluator' | 'province';
/** The usual decider of each step. */
export const deciderOfStep: Readonly<Record<DecisionStep, Decider>> = {
  planReview: 'city',
  planRevision: 'county',
  deployment: 'county',
  publicity: 'county',
  evaluation: 'evaluator',
  consolidation: 'county',
};

/** True for a county-level division the province administers directly (NBS city code 90). */
export function isProvinceAdministered(county: string): boolean {
  return county.slice(2, 4) === '90';
}

/** The decider of `step` for `county`. */
export function deciderFor(step: DecisionStep, county: string): Decider {
  const decider = deciderOfStep[step];
  return decider === 'city' && isProvinceAdministered(county) ? 'province' : decider;
}

/** How long a county has to revise a plan the city sent back. */
export const revisionSeconds = 14 * 24 * 60 * 60;

/** Decision outcomes. */
export const outcomes = ['approve', 'reject', 'resubmit', 'declareComplete', 'accept', 'rectify'] as const;
/** One of {@link outcomes}. */
export type Outcome = (typeof outcomes)[number];

/** What may be decided at each step. */
export const outcomesOfStep: Readonly<Record<DecisionStep, readonly Outcome[]>> = {
  planReview: ['approve', 'reject'],
  planRevision: ['resubmit'],
  deployment: ['declareComplete'],
  publicity: ['declareComplete'],
  evaluation: ['accept', 'rectify'],
  consolidation: ['declareComplete'],
};

/** Outcomes that must say why (a rejection, a rectification order) or summarise (consolidation). */
export function commentsRequired(step: DecisionStep, outcome: Outcome): boolean {
  return outcome === 'reject' || outcome === 'rectify' || step === 'consolidation';
}

/** KPIs of an implementation plan, in display order. */
export const kpiKeys = [
  'townshipCoveragePct',
  'villageCoveragePct',
  'schoolBranches',
  'hospitalBranches',
  'enterpriseBranches',
  'boaiHomes',
  'firstAiders',
  'aeds',
  'volunteers',
  'fundsRaisedFen',
] as const;
/** One of {@link kpiKeys}. */
export type KpiKey = (typeof kpiKeys)[number];

/** How a KPI is measured. */
export type KpiUnit = 'percent' | 'count' | 'fen';
/** The unit of each KPI. */
export const kpiUnits: Readonly<Record<KpiKey, KpiUnit>> = {
  townshipCoveragePct: 'percent',
  villageCoveragePct: 'percent',
  schoolBranches: 'count',
  hospitalBranches: 'count',
  enterpriseBranches: 'count',
  boaiHomes: 'count',
  firstAiders: 'count',
  aeds: 'count',
  volunteers: 'count',
  fundsRaisedFen: 'fen',
};

/**
 * KPIs the county reports itself until the module that measures them lands (first-aid training,
 * AEDs, donations). The scorecard marks them `reported`.
 */
export const reportedKpis = ['firstAiders', 'aeds', 'fundsRaisedFen'] as const;
/** One of {@link reportedKpis}. */
export type ReportedKpi = (typeof reportedKpis)[number];

/** Kinds of timeline events. */
export const timelineKinds = ['drafted', 'submitted', 'stepEntered', 'decision', 'refused', 'escalated', 'fault', 'resumed', 'completed'] as const;

/** One of {@link timelineKinds}. */
export type TimelineKind = (typeof timelineKinds)[number];

/** Names of the steps in both languages (error messages, alerts; the portal has its own labels). */
export const stepNames: Readonly<Record<PilotStep, { readonly zh: string; readonly en: string }>> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已提交', en: 'submitted' },
  planReview: { zh: '实施方案审批', en: 'plan review' },
  planRevision: { zh: '实施方案修改', en: 'plan revision' },
  deployment: { zh: '部署实施', en: 'deployment' },
  publicity: { zh: '宣传推广', en: 'publicity' },
  evaluation: { zh: '评估验收', en: 'evaluation' },
  consolidation: { zh: '巩固深化', en: 'consolidation' },
  completed: { zh: '已完成', en: 'completed' },
};

/** Names of the statuses in both languages. */
export const statusNames: Readonly<Record<PilotStatus, { readonly zh: string; readonly en: string }>> = {
  draft: { zh: '草稿', en: 'a draft' },
  running: { zh: '进行中', en: 'running' },
  completed: { zh: '已完成', en: 'completed' },
  faulted: { zh: '工作流故障', en: 'stopped by a workflow fault' },
};

/** Names of the outcomes in both languages. */
export const outcomeNames: Readonly<Record<Outcome, { readonly zh: string; readonly en: string }>> = {
  approve: { zh: '批准', en: 'approve' },
  reject: { zh: '退回修改', en: 'send back' },
  resubmit: { zh: '重新提交', en: 'resubmit' },
  declareComplete: { zh: '申报完成', en: 'declare complete' },
  accept: { zh: '验收通过', en: 'accept' },
  rectify: { zh: '整改', en: 'order rectification' },
};

/** How long an overdue step waits between escalations. */
export const escalationRepeatSeconds = 7 * 24 * 60 * 60;
/**
 * The longest a callback task waits before the workflow wakes to check its deadline. A day keeps
 * each wait far below Node's 24.8-day timer limit (the local runner) and means a decision whose
 * hand-off failed is picked up within a day at worst.
 */
export const wakeIntervalSeconds = 24 * 60 * 60;

/**
 * A Standard execution lasts at most a year. One older than this continues in a new execution
 * at its next step entry; the daily wake-up makes sure there is one well before the year is out.
 */
export const continueAfterSeconds = 330 * 24 * 60 * 60;
