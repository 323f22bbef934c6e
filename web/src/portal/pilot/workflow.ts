/**
 * Readings of a pilot's workflow state the screens share (pure, unit-tested): which phase is
 * current, whether the Step Functions execution is still moving after a write, who may do what,
 * and how many counties are at each step.
 */
import { ancestorAt, levelOfCode } from '../../common/divisions.js';
import type { Me } from '../me.js';
import type { Role } from '../../../../shared/auth/roles.js';
import type { Decider } from '../../../../shared/pilots/vocabulary.js';
import { phaseOfStep, pilotSteps, planPhases, type PilotStatus, type PilotStep, type PlanPhase, type TimelineEvent } from './types.js';

/** A step as lists show it: a faulted workflow reads as 故障 whatever step it stopped at. */
export type DisplayStep = PilotStep | 'faulted';

export function displayStep(pilot: { status: PilotStatus; step: PilotStep }): DisplayStep {
  return pilot.status === 'faulted' ? 'faulted' : pilot.step;
}

/** Every display step in workflow order (filters, the per-step table). */
export const displaySteps: readonly DisplayStep[] = [...pilotSteps, 'faulted'];

/**
 * Index of the current phase among {@link planPhases}: -1 before submission, 5 when completed.
 * `submitted` counts as plan review (the workflow enters it within moments), plan revision as
 * plan review too (it loops inside that phase).
 */
export function currentPhaseIndex(step: PilotStep | string): number {
  if (step === 'draft') return -1;
  if (step === 'submitted') return 0;
  if (step === 'completed') return planPhases.length;
  const phase = (phaseOfStep as Readonly<Record<string, PlanPhase>>)[step];
  return phase ? planPhases.indexOf(phase) : -1;
}

export type PhaseState = 'done' | 'current' | 'upcoming';

export function phaseState(phase: PlanPhase, step: PilotStep | string): PhaseState {
  const current = currentPhaseIndex(step);
  const index = planPhases.indexOf(phase);
  return index < current ? 'done' : index === current ? 'current' : 'upcoming';
}

interface MotionView {
  status: PilotStatus;
  step: PilotStep;
  pending?: { decided: boolean } | undefined;
}

/**
 * True while the workflow is between decisions: running with nobody awaited yet (it is entering
 * the next step) or with a decision recorded but not yet handed over to the state machine.
 */
export function inMotion(pilot: MotionView): boolean {
  return pilot.status === 'running' && (pilot.pending === undefined || pilot.pending.decided);
}

/**
 * True once a pilot written at `fromStep` has visibly moved on: it is no longer in motion and
 * (when the step the write acted on is known) it has left that step or stopped running.
 */
export function workflowSettled(pilot: MotionView, fromStep?: PilotStep): boolean {
  if (inMotion(pilot)) return false;
  return fromStep === undefined || pilot.step !== fromStep || pilot.status !== 'running';
}

/** What the signed-in user may do in the pilot screens; the server decides (403 otherwise). */
export interface PilotAccess {
  /** County staff's own county: they go straight to it. */
  ownCounty: string | undefined;
  /** Draft, edit and submit the plan, report figures (county staff in their county). */
  canPlan: boolean;
  /** Restart a faulted workflow (province staff). */
  canResume: boolean;
}

export function pilotAccess(me: Pick<Me, 'roles' | 'division'>): PilotAccess {
  const level = levelOfCode(me.division.code);
  const county = me.roles.includes('county') && level === 'county';
  return { ownCounty: county ? ancestorAt(me.division.code, 'county') : undefined, canPlan: county, canResume: me.roles.includes('province') };
}

/** Steps always shown in the per-step count; the transient and broken ones only when they occur. */
const alwaysCounted: ReadonlySet<DisplayStep> = new Set(['draft', 'planReview', 'planRevision', 'deployment', 'publicity', 'evaluation', 'consolidation', 'completed']);

/** How many counties are at each step, in workflow order. */
export function countByStep(items: ReadonlyArray<{ status: PilotStatus; step: PilotStep }>): Array<{ step: DisplayStep; count: number }> {
  const counts = new Map<DisplayStep, number>();
  for (const item of items) {
    const step = displayStep(item);
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  return displaySteps.filter((step) => alwaysCounted.has(step) || (counts.get(step) ?? 0) > 0).map((step) => ({ step, count: counts.get(step) ?? 0 }));
}

type TimelineView = { timeline: readonly TimelineEvent[] };

/**
 * Why the county is doing this step again: the city's latest send-back while the plan is under
 * revision, or the evaluator's latest rectification order while deployment runs again after it
 * (until the pilot moves past deployment). Undefined otherwise.
 */
export function sentBackBy(pilot: TimelineView & { status: PilotStatus; step: PilotStep }): TimelineEvent | undefined {
  if (pilot.status !== 'running' && pilot.status !== 'faulted') return undefined;
  const outcome = pilot.step === 'planRevision' ? 'reject' : pilot.step === 'deployment' ? 'rectify' : undefined;
  if (!outcome) return undefined;
  for (let index = pilot.timeline.length - 1; index >= 0; index -= 1) {
    const event = pilot.timeline[index];
    if (!event) continue;
    if (event.kind === 'decision' && event.outcome === outcome) return event;
    // An earlier deployment that was completed normally (no rectification since) ends the search.
    if (outcome === 'rectify' && event.kind === 'stepEntered' && event.step !== 'deployment') return undefined;
  }
  return undefined;
}

/** True while deployment runs again after the evaluator ordered rectification (整改中). */
export const isRectifying = (pilot: TimelineView & { status: PilotStatus; step: PilotStep }): boolean => pilot.step === 'deployment' && sentBackBy(pilot) !== undefined;

/**
 * The role that decides for each `awaiting` value: the city reviews plans (the province for the
 * counties it administers directly), evaluators evaluate, the county does the rest.
 */
const decidingRole: Readonly<Record<Decider, Role>> = { city: 'city', county: 'county', evaluator: 'evaluator', province: 'province' };

/** True when the pilot waits for a decision the viewer's role takes and nobody has taken it yet. */
export function awaitsMe(pilot: { status: PilotStatus; awaiting?: Decider | undefined; decided?: boolean | undefined }, roles: readonly string[]): boolean {
  return pilot.status === 'running' && pilot.awaiting !== undefined && !pilot.decided && roles.includes(decidingRole[pilot.awaiting]);
}

/** How long a pilot may sit at `submitted` before the county is offered to start the workflow again. */
export const startRetryAfterMs = 20_000;

/** True when the workflow did not start: the pilot stays at `submitted` longer than {@link startRetryAfterMs}. */
export function startStuck(pilot: { status: PilotStatus; step: PilotStep; stepSince?: string | undefined; updatedAt: string }, now = Date.now()): boolean {
  if (pilot.step !== 'submitted' || pilot.status !== 'running') return false;
  const since = Date.parse(pilot.stepSince ?? pilot.updatedAt);
  return Number.isFinite(since) && now - since >= startRetryAfterMs;
}
