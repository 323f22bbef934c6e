/**
 * What the pilot screens read from the API's refusals (pure, unit-tested): per-field problems of a
 * plan, the unmet KPIs of a refused completion, and the codes that change what a screen does.
 */
import { ApiError } from '../../common/api.js';
import { isRecord, issuesByField } from '../errors.js';
import type { PortalKey } from '../messages.js';
import { kpiKeys, type KpiKey, type Scorecard } from './types.js';

const hasCode = (error: unknown, status: number, code: string): error is ApiError => error instanceof ApiError && error.status === status && error.code === code;

/**
 * Field → issue code of a refusal that names fields: 400 VALIDATION_FAILED and COMMENTS_REQUIRED,
 * 422 PILOT_PLAN_INVALID (deadlines out of order or past). Fields are normalised as forms name
 * them (`plan.deadlines.planReview`); the first issue of a field wins.
 */
export function fieldIssues(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return {};
  return issuesByField(isRecord(error.details) ? error.details.issues : undefined, (issue) => (typeof issue.issue === 'string' ? issue.issue : ''));
}

/** Words for the issue codes the pilot API names; anything else gets the portal's "please check". */
const issueKeys: Readonly<Record<string, PortalKey>> = {
  required: 'pilot.form.error.required',
  out_of_order: 'pilot.form.error.order',
  past: 'pilot.form.error.past',
  too_big: 'pilot.form.error.tooBig',
};

/**
 * Field → message, in the user's language: the API's `detail` is English for developers, so the
 * screen words the issue code itself.
 */
export function fieldMessages(error: unknown, tr: (key: PortalKey) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldIssues(error)).map(([field, issue]) => [field, tr(issueKeys[issue] ?? 'common.fieldError')]));
}

const isKpiKey = (value: unknown): value is KpiKey => typeof value === 'string' && (kpiKeys as readonly string[]).includes(value);

/** The KPIs a 422 PILOT_TARGETS_UNMET names (keys or `{ key }` objects) and its scorecard; undefined for other errors. */
export function unmetTargets(error: unknown): { keys: KpiKey[]; scorecard?: Scorecard } | undefined {
  if (!(error instanceof ApiError) || error.code !== 'PILOT_TARGETS_UNMET') return undefined;
  const details: Record<string, unknown> = isRecord(error.details) ? error.details : {};
  const listed = Array.isArray(details.unmet) ? details.unmet : [];
  const keys = listed.map((item) => (isRecord(item) ? item.key : item)).filter(isKpiKey);
  const card = details.scorecard;
  const scorecard = isRecord(card) && Array.isArray(card.kpis) ? (card as unknown as Scorecard) : undefined;
  // Without a list, the scorecard's unmet rows are what was refused.
  const fromCard = scorecard ? scorecard.kpis.filter((kpi) => !kpi.met).map((kpi) => kpi.key) : [];
  return { keys: keys.length ? [...new Set(keys)] : fromCard, ...(scorecard ? { scorecard } : {}) };
}

/** 422 PILOT_NO_CASES: publicity cannot end without a published typical case. */
export const isNoCases = (error: unknown): boolean => error instanceof ApiError && error.code === 'PILOT_NO_CASES';

/** 409 DECISION_NOT_PENDING: someone decided first (or the step moved on). */
export const isNotPending = (error: unknown): boolean => hasCode(error, 409, 'DECISION_NOT_PENDING');

/** 404 PILOT_NOT_FOUND: the county has no pilot yet. */
export const isNoPilot = (error: unknown): boolean => hasCode(error, 404, 'PILOT_NOT_FOUND');

/** 409 PILOT_EXISTS: the county's pilot was created meanwhile (another tab, a retried request). */
export const isPilotExists = (error: unknown): boolean => hasCode(error, 409, 'PILOT_EXISTS');
