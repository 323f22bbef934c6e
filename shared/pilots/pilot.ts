import * as z from 'zod/mini';
import { divisionCodeSchema } from '../divisions/division-code.js';
import { decisionSteps, kpiKeys, outcomes, planPhases, type Decider, type DecisionStep, type KpiKey, type KpiUnit, type Outcome, type PilotStatus, type PilotStep, type PlanPhase, type ReportedKpi, type TimelineKind } from './vocabulary.js';

/**
 * Pilot (试点) input schemas and served shapes. The vocabulary (steps, outcomes, KPIs) lives in
 * `vocabulary.ts`, which has no zod, so the portal can import it too.
 */
export * from './vocabulary.js';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const count = (max: number) => z.int().check(z.gte(0), z.lte(max));

/**
 * A deadline as entered: a calendar date `YYYY-MM-DD`, meaning the end of that day in
 * Asia/Shanghai (what a county officer means by "by 30 June"), or an ISO 8601 time with an offset.
 * Parsed to a UTC instant by {@link deadlineInstant}.
 */
export const deadlineSchema = z.union([
  z.string().check(
    z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
    // 2027-02-30 matches the pattern but is no day: it must survive a round trip.
    // (zod runs every check, so this one must also survive strings the pattern refused.)
    z.refine((date) => {
      const day = new Date(`${date}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(date);
    }, 'must be a calendar date'),
  ),
  z.iso.datetime({ offset: true }),
]);

/**
 * The UTC instant of a deadline. China has kept UTC+8 all year since 1991, so the end of a
 * Shanghai calendar day is a fixed offset: no time-zone library needed.
 */
export function deadlineInstant(deadline: string): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? new Date(`${deadline}T23:59:59.999+08:00`) : new Date(deadline);
  return instant.toISOString();
}

/** Targets of an implementation plan (percentages 0–100, counts, money in fen). */
export const targetsSchema = z.object({
  townshipCoveragePct: count(100),
  villageCoveragePct: count(100),
  schoolBranches: count(100_000),
  hospitalBranches: count(100_000),
  enterpriseBranches: count(100_000),
  boaiHomes: count(100_000),
  firstAiders: count(10_000_000),
  aeds: count(100_000),
  volunteers: count(10_000_000),
  /** Fen; at most ¥10 billion. */
  fundsRaisedFen: count(1_000_000_000_000),
});
/** Parsed {@link targetsSchema}. */
export type Targets = z.infer<typeof targetsSchema>;

/** An implementation plan (实施方案) as entered. */
export const planInputSchema = z.object({
  summary: text(4000),
  targets: targetsSchema,
  deadlines: z.object({
    planReview: deadlineSchema,
    deployment: deadlineSchema,
    publicity: deadlineSchema,
    evaluation: deadlineSchema,
    consolidation: deadlineSchema,
  }),
});
/** Parsed {@link planInputSchema}. */
export type PlanInput = z.infer<typeof planInputSchema>;

/** A plan as stored and served: deadlines as UTC instants. */
export interface Plan {
  readonly summary: string;
  readonly targets: Targets;
  readonly deadlines: Readonly<Record<PlanPhase, string>>;
}

/** Body of POST /api/pilots. */
export const draftPilotSchema = z.object({
  county: divisionCodeSchema,
  name: text(120),
  plan: planInputSchema,
});

/** Body of PUT /api/pilots/{county}/plan. */
export const editPlanSchema = z.object({
  expectedVersion: z.int().check(z.gte(1)),
  name: z.optional(text(120)),
  plan: planInputSchema,
});

/** Body of POST /api/pilots/{county}/decisions. */
export const decisionSchema = z.object({
  step: z.enum(decisionSteps),
  outcome: z.enum(outcomes),
  comments: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  /** The revised plan (`resubmit`). */
  plan: z.optional(planInputSchema),
  /** The rectification deadline (`rectify`): deployment runs against it again. */
  deadline: z.optional(deadlineSchema),
});
/** Parsed {@link decisionSchema}. */
export type DecisionInput = z.infer<typeof decisionSchema>;

/** Body of PUT /api/pilots/{county}/figures: what the county reports for KPIs with no live source. */
export const figuresSchema = z.object({
  firstAiders: z.optional(count(10_000_000)),
  aeds: z.optional(count(100_000)),
  fundsRaisedFen: z.optional(count(1_000_000_000_000)),
});
/** Parsed {@link figuresSchema}. */
export type FiguresInput = z.infer<typeof figuresSchema>;

/** Figures reported by the county, with when they were last updated. */
export type ReportedFigures = Partial<Record<ReportedKpi, number>> & { readonly updatedAt?: string; readonly updatedBy?: string };

/** One KPI of a scorecard. */
export interface KpiScore {
  readonly key: KpiKey;
  readonly target: number;
  readonly actual: number;
  readonly unit: KpiUnit;
  /** `live`: measured from Boai's data now; `reported`: the county's own figure; `none`: no source yet. */
  readonly source: 'live' | 'reported' | 'none';
  readonly met: boolean;
}

/** A KPI scorecard against the plan's targets. */
export interface Scorecard {
  readonly computedAt: string;
  readonly met: boolean;
  readonly kpis: readonly KpiScore[];
}

/** Who did something, as the timeline shows it. */
export interface Actor {
  readonly userId: string;
  readonly name: string;
  readonly role: string;
}

/** A decision recorded on a step (kept until the workflow moves past the step). */
export interface RecordedDecision {
  readonly step: DecisionStep;
  readonly outcome: Outcome;
  readonly comments?: string;
  /** For `rectify`: deployment's new deadline (UTC instant). */
  readonly deadline?: string;
  readonly actor: Actor;
  readonly at: string;
}

/** One timeline entry, oldest first. */
export interface TimelineEvent {
  readonly at: string;
  readonly kind: TimelineKind;
  readonly step?: PilotStep;
  readonly outcome?: Outcome;
  readonly comments?: string;
  readonly actor?: Actor;
  readonly deadline?: string;
  readonly scorecard?: Scorecard;
  /** For `refused`: the unmet KPIs or the missing typical cases. */
  readonly reason?: string;
  readonly unmet?: readonly KpiKey[];
}

/** The step awaiting a decision, as served (the task token never leaves the server). */
export interface PendingDecision {
  readonly step: DecisionStep;
  readonly awaiting: Decider;
  readonly since: string;
  readonly deadline: string;
  readonly overdue: boolean;
  readonly escalations: number;
  readonly lastEscalatedAt?: string;
  /** A decision was recorded and is being handed to the workflow. */
  readonly decided: boolean;
}

/** A pilot as served. */
export interface Pilot {
  readonly pilotId: string;
  readonly county: string;
  readonly countyName: string;
  readonly name: string;
  readonly status: PilotStatus;
  readonly step: PilotStep;
  readonly stepSince?: string;
  readonly plan: Plan;
  /** The deadline each phase runs against now: the plan's, moved by a rectification. */
  readonly deadlines: Plan['deadlines'];
  /** How many times the plan was submitted (1 on the first submission). */
  readonly planRevision: number;
  readonly reportedFigures: ReportedFigures;
  readonly version: number;
  readonly pending?: PendingDecision;
  /** What the caller may decide now (empty when nothing is theirs to decide). */
  readonly allowedOutcomes: readonly Outcome[];
  readonly scorecard?: Scorecard;
  readonly fault?: { readonly error: string; readonly at: string };
  readonly timeline: readonly TimelineEvent[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A row of the pilot list. */
export interface PilotSummary {
  readonly county: string;
  readonly countyName: string;
  readonly pilotId: string;
  readonly name: string;
  readonly status: PilotStatus;
  readonly step: PilotStep;
  readonly stepSince?: string;
  readonly deadline?: string;
  /** Who the current step waits for (a running pilot at a decision step). */
  readonly awaiting?: Decider;
  /** A decision on the current step was recorded and is being handed to the workflow. */
  readonly decided?: boolean;
  readonly overdue: boolean;
  readonly scorecardMet?: boolean;
  readonly updatedAt: string;
}

/** A decision step's phase deadline. Re-exported for the task handlers. */
export type { DecisionStep };
