import { DomainError } from '../errors.js';
import { deadlineInstant, type Plan, type PlanInput } from './pilot.js';
import { planPhases, stepNames } from './vocabulary.js';

/** A plan as stored: deadlines parsed to UTC instants. */
export function toPlan(input: PlanInput): Plan {
  return {
    summary: input.summary,
    targets: input.targets,
    deadlines: Object.fromEntries(planPhases.map((phase) => [phase, deadlineInstant(input.deadlines[phase])])) as Plan['deadlines'],
  };
}

/**
 * The rules a plan must meet before the city sees it: phase deadlines in order (review, then
 * deployment, publicity, evaluation, consolidation) and, when it is submitted, the review deadline
 * still ahead. 422 PILOT_PLAN_INVALID names the first problem.
 */
export function checkPlan(plan: Plan, options: { submitting: boolean; now?: Date }): void {
  const now = (options.now ?? new Date()).toISOString();
  for (let i = 1; i < planPhases.length; i++) {
    const earlier = planPhases[i - 1]!;
    const later = planPhases[i]!;
    if (plan.deadlines[later] < plan.deadlines[earlier]) {
      throw new DomainError('PILOT_PLAN_INVALID', 422, { reason: { zh: `“${stepNames[later].zh}”的截止日期早于“${stepNames[earlier].zh}”`, en: `the ${stepNames[later].en} deadline is before the ${stepNames[earlier].en} deadline` } }, [
        { field: `body.plan.deadlines.${later}`, issue: 'out_of_order', detail: `must not be before deadlines.${earlier}` },
      ]);
    }
  }
  if (options.submitting && plan.deadlines.planReview <= now) {
    throw new DomainError('PILOT_PLAN_INVALID', 422, { reason: { zh: '“实施方案审批”的截止日期已过', en: 'the plan review deadline has passed' } }, [
      { field: 'body.plan.deadlines.planReview', issue: 'past', detail: 'must be in the future when the plan is submitted' },
    ]);
  }
}
