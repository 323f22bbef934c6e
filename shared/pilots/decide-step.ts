import { auditItem } from '../audit/audit-log.js';
import { authorize, type Action } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { countPublishedCases } from '../cases/case-repository.js';
import { tableName } from '../data/dynamo-client.js';
import { TransactionConflict, transactWrite } from '../data/transaction.js';
import { DomainError, forbidden } from '../errors.js';
import { isWithin } from '../divisions/division-code.js';
import { deadlineInstant, type DecisionInput, type Pilot, type RecordedDecision, type Scorecard } from './pilot.js';
import { actorOf, eventItem, getPilotItem, readPilot, toPilot, type PilotItem } from './pilot-repository.js';
import { pilotNotFound } from './draft-pilot.js';
import { checkPlan, toPlan } from './plan-rules.js';
import { computeScorecard } from './scorecard.js';
import { commentsRequired, deciderFor, outcomeNames, outcomesOfStep, stepNames, type Decider, type DecisionStep } from './vocabulary.js';
import { handOver } from './workflow-engine.js';

/** The policy action behind each decider. */
const actionOf: Readonly<Record<Decider, Action>> = { city: 'pilot:reviewPlan', province: 'pilot:reviewPlan', county: 'pilot:plan', evaluator: 'pilot:evaluate' };

const notPending = (step: DecisionStep): DomainError => new DomainError('DECISION_NOT_PENDING', 409, { step: stepNames[step] });

/**
 * The gates a declaration must pass, checked against live data when it is made. A refusal is kept
 * on the timeline (the city sees early declarations) and answered 422 with what is missing.
 */
async function checkGate(item: PilotItem, step: DecisionStep, principal: Principal, now: string): Promise<{ scorecard?: Scorecard }> {
  if (step === 'deployment') {
    const scorecard = await computeScorecard(item.county, item.plan.targets, item.reportedFigures);
    if (scorecard.met) return { scorecard };
    const unmet = scorecard.kpis.filter((kpi) => !kpi.met).map((kpi) => kpi.key);
    await transactWrite([
      eventItem(item.county, { at: now, kind: 'refused', step, outcome: 'declareComplete', actor: actorOf(principal, 'county'), reason: 'targetsUnmet', unmet, scorecard }),
      auditItem({ actor: principal, action: 'pilot.declarationRefused', entity: 'Pilot', entityId: item.pilotId, division: item.county, after: { step, reason: 'targetsUnmet', unmet } }, now),
    ]);
    throw new DomainError('PILOT_TARGETS_UNMET', 422, { count: unmet.length }, undefined, { unmet, scorecard });
  }
  if (step === 'publicity') {
    const cases = await countPublishedCases(item.county);
    if (cases > 0) return {};
    await transactWrite([
      eventItem(item.county, { at: now, kind: 'refused', step, outcome: 'declareComplete', actor: actorOf(principal, 'county'), reason: 'noTypicalCases' }),
      auditItem({ actor: principal, action: 'pilot.declarationRefused', entity: 'Pilot', entityId: item.pilotId, division: item.county, after: { step, reason: 'noTypicalCases' } }, now),
    ]);
    throw new DomainError('PILOT_NO_CASES', 422);
  }
  return {};
}

/**
 * A decision on the step the pilot waits at, handed back to the workflow.
 *
 * Steps:
 * 1. Authorise the step's decider (city: `pilot:reviewPlan`, evaluator: `pilot:evaluate`, county:
 *    `pilot:plan`) on the county → 403 otherwise.
 * 2. The outcome must belong to the step (422 OUTCOME_INVALID); comments where required, a
 *    revised plan for `resubmit`, a deadline for `rectify` (400/422).
 * 3. The pilot must be running at that step with no decision yet → else 409 DECISION_NOT_PENDING.
 * 4. Gates for declarations (deployment: live KPIs meet targets; publicity: a typical case is
 *    published) → 422, the refusal kept on the timeline.
 * 5. ONE transaction: the decision recorded on the pilot (conditions as in 3, so of two racing
 *    decisions one wins and the other gets 409), plus for `resubmit` the new plan; a `decision`
 *    event; the audit entry.
 * 6. Hand the decision to the waiting task with its token, read after the write: if the task
 *    is between waits (it woke to check its deadline) it finds the recorded decision itself.
 */
export async function decideStep(principal: Principal | undefined, county: string, input: DecisionInput): Promise<Pilot> {
  const { step, outcome } = input;
  const decider = deciderFor(step, county);
  const actor = authorize(principal, actionOf[decider], { division: county });
  // The policy lets city and province review plans; which one reviews this county's is fixed.
  if (!actor.roles.includes(decider)) throw forbidden();
  if (!outcomesOfStep[step].includes(outcome)) throw new DomainError('OUTCOME_INVALID', 422, { step: stepNames[step], outcome: outcomeNames[outcome] });
  const comments = input.comments?.trim() ?? '';
  if (commentsRequired(step, outcome) && comments === '') {
    throw new DomainError('COMMENTS_REQUIRED', 400, {}, [{ field: 'body.comments', issue: 'required', detail: 'comments are required for this decision' }]);
  }
  if (outcome === 'resubmit' && !input.plan) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body.plan', issue: 'required', detail: 'the revised plan is required' }]);
  }
  // Only a resubmission changes the plan, and only a rectification sets a deadline: anything else
  // would let a decider rewrite what the city approved without review.
  if (outcome !== 'resubmit' && input.plan) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body.plan', issue: 'not_allowed', detail: 'a plan is accepted only with resubmit' }]);
  }
  if (outcome === 'rectify' && !input.deadline) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body.deadline', issue: 'required', detail: 'the rectification deadline is required' }]);
  }
  if (outcome !== 'rectify' && input.deadline) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body.deadline', issue: 'not_allowed', detail: 'a deadline is accepted only with rectify' }]);
  }
  const now = new Date().toISOString();
  const rectifyBy = input.deadline ? deadlineInstant(input.deadline) : undefined;
  if (rectifyBy && rectifyBy <= now) {
    throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body.deadline', issue: 'past', detail: 'the rectification deadline must be in the future' }]);
  }
  const revised = input.plan ? toPlan(input.plan) : undefined;
  if (revised) checkPlan(revised, { submitting: true });

  const item = await getPilotItem(county);
  if (!item) throw pilotNotFound();
  // Separation of duties: whoever drafted the plan (an account may hold several roles) does not
  // review it.
  if (step === 'planReview' && (item.createdBy.userId === actor.userId || (actor.roles.includes('county') && isWithin(actor.division, county)))) throw forbidden();
  if (item.status !== 'running' || item.step !== step || item.decision) throw notPending(step);
  const gate = await checkGate(item, step, actor, now);

  const decision: RecordedDecision = {
    step,
    outcome,
    ...(comments ? { comments } : {}),
    ...(rectifyBy ? { deadline: rectifyBy } : {}),
    actor: actorOf(actor, decider),
    at: now,
  };
  const set = ['decision = :decision', 'version = version + :one', 'updatedAt = :now'];
  const values: Record<string, unknown> = { ':decision': decision, ':one': 1, ':now': now, ':running': 'running', ':step': step };
  if (revised) {
    set.push('#plan = :plan', 'planRevision = planRevision + :one');
    values[':plan'] = revised;
  }
  if (gate.scorecard) {
    set.push('scorecard = :scorecard');
    values[':scorecard'] = gate.scorecard;
  }
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: '#status = :running AND step = :step AND attribute_not_exists(decision)',
          // `plan` is a DynamoDB reserved word.
          ExpressionAttributeNames: { '#status': 'status', ...(revised ? { '#plan': 'plan' } : {}) },
          ExpressionAttributeValues: values,
        },
      },
      eventItem(county, {
        at: now,
        kind: 'decision',
        step,
        outcome,
        actor: decision.actor,
        ...(comments ? { comments } : {}),
        ...(rectifyBy ? { deadline: rectifyBy } : {}),
        ...(gate.scorecard ? { scorecard: gate.scorecard } : {}),
      }),
      auditItem({
        actor,
        action: `pilot.${outcome}`,
        entity: 'Pilot',
        entityId: item.pilotId,
        division: county,
        before: { step, ...(revised ? { plan: item.plan } : {}) },
        after: { step, outcome, ...(comments ? { comments } : {}), ...(revised ? { plan: revised } : {}) },
      }, now),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) throw notPending(step);
    throw error;
  }
  // One read serves both: the token to hand back and the answer (taken before the hand-over,
  // so it shows the decision recorded; the portal follows the workflow from there).
  const current = await readPilot(county);
  if (!current) throw pilotNotFound();
  await handOver(current.item.decision?.step === step ? current.item.taskToken : undefined, { step, outcome }, county);
  return toPilot(current.item, current.events, principal);
}
