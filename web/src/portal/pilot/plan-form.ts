/**
 * The implementation-plan form as text (what the inputs hold) and the plan body the API takes
 * (pure, unit-tested). Funds are typed in yuan and sent as integer fen; deadlines are typed as
 * Shanghai calendar dates and sent as `YYYY-MM-DD` (the API reads the end of that day). Field
 * names are the API's paths (`plan.targets.aeds`), so a 400's `issues[]` land next to their input.
 * The county's reported figures (`PUT …/figures`) are read the same way.
 */
import type { PortalKey } from '../messages.js';
import { dateInputOf, fenToYuanText, yuanToFen } from './labels.js';
import { kpiKeys, kpiUnits, planPhases, reportedKpis, type KpiKey, type Pilot, type Plan, type PlanPhase, type ReportedKpi, type Targets } from './types.js';

export interface PlanFormState {
  name: string;
  summary: string;
  /** Counts and percentages as typed; `fundsRaisedFen` holds yuan. */
  targets: Record<KpiKey, string>;
  /** `YYYY-MM-DD` per phase. */
  deadlines: Record<PlanPhase, string>;
}

/** The body's `plan`. */
export interface PlanBody {
  summary: string;
  targets: Targets;
  deadlines: Record<PlanPhase, string>;
}

const fill = <K extends string>(keys: readonly K[], value: string): Record<K, string> => Object.fromEntries(keys.map((key) => [key, value])) as Record<K, string>;

export function emptyPlanForm(name = ''): PlanFormState {
  return { name, summary: '', targets: fill(kpiKeys, ''), deadlines: fill(planPhases, '') };
}

export function planToForm(name: string, plan: Plan): PlanFormState {
  const targets = fill(kpiKeys, '');
  for (const key of kpiKeys) {
    const value = plan.targets[key];
    targets[key] = typeof value !== 'number' ? '' : kpiUnits[key] === 'fen' ? fenToYuanText(value) : String(value);
  }
  const deadlines = fill(planPhases, '');
  for (const phase of planPhases) deadlines[phase] = dateInputOf(plan.deadlines[phase]);
  return { name, summary: plan.summary, targets, deadlines };
}

/** Field name of a target's input (the API's path). */
export const targetField = (key: KpiKey): string => `plan.targets.${key}`;
/** Field name of a deadline's input. */
export const deadlineField = (phase: PlanPhase): string => `plan.deadlines.${phase}`;

/** Why a field was refused before sending (a dictionary key; the screen translates it). */
export type PlanProblem = Extract<PortalKey, `pilot.form.error.${string}`>;

/**
 * The largest value the API takes for each target and reported figure (restated from the zod
 * schemas in `shared/pilots/pilot.ts`, which the portal does not import: zod stays out of its
 * bundle). Funds in fen: at most ¥10 billion.
 */
export const kpiMax: Readonly<Record<KpiKey, number>> = {
  townshipCoveragePct: 100,
  villageCoveragePct: 100,
  schoolBranches: 100_000,
  hospitalBranches: 100_000,
  enterpriseBranches: 100_000,
  boaiHomes: 100_000,
  firstAiders: 10_000_000,
  aeds: 100_000,
  volunteers: 10_000_000,
  fundsRaisedFen: 1_000_000_000_000,
};

/** A whole number ≥ 0 from text, or undefined. */
function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : undefined;
}

/**
 * The plan to send, or the problems found: a name and summary, every target a whole number
 * (percentages at most 100, funds in yuan with at most two decimals), every deadline a date and
 * none before the phase before it. The server checks again (and refuses deadlines in the past).
 */
export function readPlanForm(form: PlanFormState, options: { needsName: boolean }): { plan: PlanBody; errors: Record<string, PlanProblem> } {
  const errors: Record<string, PlanProblem> = {};
  if (options.needsName && !form.name.trim()) errors.name = 'pilot.form.error.required';
  if (!form.summary.trim()) errors['plan.summary'] = 'pilot.form.error.required';

  const targets = {} as Record<KpiKey, number>;
  for (const key of kpiKeys) {
    const text = form.targets[key];
    const unit = kpiUnits[key];
    const value = unit === 'fen' ? yuanToFen(text) : wholeNumber(text);
    if (!text.trim()) errors[targetField(key)] = 'pilot.form.error.required';
    else if (value === undefined) errors[targetField(key)] = unit === 'fen' ? 'pilot.form.error.money' : 'pilot.form.error.whole';
    else if (unit === 'percent' && value > 100) errors[targetField(key)] = 'pilot.form.error.percent';
    else if (value > kpiMax[key]) errors[targetField(key)] = 'pilot.form.error.tooBig';
    targets[key] = value ?? 0;
  }

  const deadlines = {} as Record<PlanPhase, string>;
  let previous = '';
  for (const phase of planPhases) {
    const date = form.deadlines[phase].trim();
    deadlines[phase] = date;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      errors[deadlineField(phase)] = 'pilot.form.error.date';
      continue;
    }
    // ISO dates compare correctly as text.
    if (previous && date < previous) errors[deadlineField(phase)] = 'pilot.form.error.order';
    previous = date;
  }
  return { plan: { summary: form.summary.trim(), targets, deadlines }, errors };
}

/** Text of each reported figure as the inputs hold it (funds in yuan). */
export function figuresText(pilot: Pick<Pilot, 'reportedFigures'>): Record<ReportedKpi, string> {
  const result = {} as Record<ReportedKpi, string>;
  for (const key of reportedKpis) {
    const value = pilot.reportedFigures[key];
    result[key] = typeof value !== 'number' ? '' : kpiUnits[key] === 'fen' ? fenToYuanText(value) : String(value);
  }
  return result;
}

/** What {@link figuresBody} found wrong with the inputs. */
export interface FiguresProblems {
  /** Per input: not a number of the right kind, or beyond {@link kpiMax}. */
  fields: Partial<Record<ReportedKpi, 'pilot.form.error.whole' | 'pilot.form.error.money' | 'pilot.form.error.tooBig'>>;
  /** Every input is blank: there is nothing to save (the API refuses an empty report). */
  empty: boolean;
}

/**
 * The body of `PUT …/figures` from the inputs: blank inputs are left out (the stored figure
 * stays), funds go as fen; the problems found instead, per input.
 */
export function figuresBody(values: Record<ReportedKpi, string>): { body: Partial<Record<ReportedKpi, number>>; problems: FiguresProblems } {
  const body: Partial<Record<ReportedKpi, number>> = {};
  const fields: FiguresProblems['fields'] = {};
  let filled = 0;
  for (const key of reportedKpis) {
    const text = values[key].trim();
    if (!text) continue;
    filled += 1;
    const money = kpiUnits[key] === 'fen';
    const value = money ? yuanToFen(text) : /^\d+$/.test(text) ? Number(text) : undefined;
    if (value === undefined || !Number.isSafeInteger(value)) fields[key] = /^\d{16,}/.test(text.replace(/[,，\s¥￥]/g, '')) ? 'pilot.form.error.tooBig' : money ? 'pilot.form.error.money' : 'pilot.form.error.whole';
    else if (value > kpiMax[key]) fields[key] = 'pilot.form.error.tooBig';
    else body[key] = value;
  }
  return { body, problems: { fields, empty: filled === 0 } };
}
