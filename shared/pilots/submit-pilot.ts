import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { tableName } from '../data/dynamo-client.js';
import { TransactionConflict, transactWrite } from '../data/transaction.js';
import { statusNames } from './vocabulary.js';
import { DomainError, versionConflict } from '../errors.js';
import { logger } from '../observability/logger.js';
import type { Pilot } from './pilot.js';
import { actorOf, eventItem, getPilotItem, isDecisionStep, type PilotItem } from './pilot-repository.js';
import { pilotNotFound, servePilot } from './draft-pilot.js';
import { checkPlan } from './plan-rules.js';
import { workflowEngine } from './workflow-engine.js';

/** The execution name of a pilot's run: unique per run, so starting it twice starts it once. */
export const executionName = (item: Pick<PilotItem, 'pilotId'>, run: number): string => `${item.pilotId}-${run}`;

/** Starts run `run` of the pilot's workflow; 503 WORKFLOW_UNAVAILABLE when the engine refuses. */
async function startRun(item: PilotItem, run: number, resumeAt?: string): Promise<void> {
  try {
    await workflowEngine().start(executionName(item, run), { pilotId: item.pilotId, county: item.county, run, ...(resumeAt ? { resumeAt } : {}) });
  } catch (error) {
    logger.error('Starting the pilot workflow failed', { county: item.county, run, error: (error as Error).name });
    throw new DomainError('WORKFLOW_UNAVAILABLE', 503);
  }
}

/**
 * County staff submit the plan to the city: the pilot workflow starts.
 *
 * Steps: authorise `pilot:plan`; read; a draft at `expectedVersion` with a valid plan whose review
 * deadline is ahead; ONE transaction: status running, step `submitted`, run + 1, planRevision 1,
 * a `submitted` event and the audit entry; then start the execution `<pilotId>-<run>`.
 *
 * If starting fails the pilot stays `submitted` and the request answers 503: submitting again
 * retries the same run (Step Functions starts a given name once), so a retry never starts two
 * workflows and never loses the submission.
 */
export async function submitPilot(principal: Principal | undefined, county: string, expectedVersion: number): Promise<Pilot> {
  const actor = authorize(principal, 'pilot:plan', { division: county });
  const stored = await getPilotItem(county);
  if (!stored) throw pilotNotFound();
  if (stored.status === 'running' && stored.step === 'submitted') {
    await startRun(stored, stored.run);
    return servePilot(county, principal);
  }
  if (stored.status !== 'draft') throw new DomainError('PILOT_STATE_INVALID', 409, { status: statusNames[stored.status] });
  if (stored.version !== expectedVersion) throw versionConflict(stored.version);
  checkPlan(stored.plan, { submitting: true });
  const now = new Date().toISOString();
  const run = stored.run + 1;
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: stored.PK, SK: stored.SK },
          UpdateExpression: 'SET #status = :running, step = :submitted, stepSince = :now, run = :run, planRevision = :one, version = :next, updatedAt = :now',
          ConditionExpression: 'version = :expected AND #status = :draft',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'running', ':submitted': 'submitted', ':now': now, ':run': run, ':one': 1, ':next': stored.version + 1, ':expected': stored.version, ':draft': 'draft' },
        },
      },
      eventItem(county, { at: now, kind: 'submitted', step: 'submitted', actor: actorOf(actor, 'county') }),
      auditItem({ actor, action: 'pilot.submit', entity: 'Pilot', entityId: stored.pilotId, division: county, before: { status: 'draft' }, after: { status: 'running' } }, now),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) throw versionConflict((await getPilotItem(county))?.version ?? stored.version);
    throw error;
  }
  await startRun(stored, run);
  return servePilot(county, principal);
}

/**
 * Province staff restart a faulted workflow at the step it had reached (a task kept failing, e.g.
 * during an outage). A new run fences off anything left of the old one: every workflow write is
 * conditional on the run number.
 *
 * Steps: authorise `pilot:resume`; the pilot must be faulted; ONE transaction: status running,
 * run + 1, fault removed, a `resumed` event and the audit entry; start the run at its step. If the
 * start fails the pilot is marked faulted again and the request answers 503.
 */
export async function resumePilot(principal: Principal | undefined, county: string): Promise<Pilot> {
  const actor = authorize(principal, 'pilot:resume', { division: county });
  const stored = await getPilotItem(county);
  if (!stored) throw pilotNotFound();
  if (stored.status !== 'faulted') throw new DomainError('PILOT_STATE_INVALID', 409, { status: statusNames[stored.status] });
  const now = new Date().toISOString();
  const run = stored.run + 1;
  const key = { PK: stored.PK, SK: stored.SK };
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #status = :running, run = :run, version = :next, updatedAt = :now REMOVE fault, taskToken',
          ConditionExpression: '#status = :faulted AND run = :previous',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'running', ':run': run, ':next': stored.version + 1, ':now': now, ':faulted': 'faulted', ':previous': stored.run },
        },
      },
      eventItem(county, { at: now, kind: 'resumed', step: stored.step, actor: actorOf(actor, 'province') }),
      auditItem({ actor, action: 'pilot.resume', entity: 'Pilot', entityId: stored.pilotId, division: county, before: { status: 'faulted', run: stored.run }, after: { status: 'running', run } }, now),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) throw new DomainError('PILOT_STATE_INVALID', 409, { status: statusNames[(await getPilotItem(county))?.status ?? 'running'] });
    throw error;
  }
  try {
    await startRun(stored, run, isDecisionStep(stored.step) ? stored.step : 'planReview');
  } catch (error) {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #status = :faulted, fault = :fault, updatedAt = :now',
          ConditionExpression: 'run = :run',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':faulted': 'faulted', ':fault': { error: 'WorkflowUnavailable', at: now }, ':now': now, ':run': run },
        },
      },
    ]).catch(() => undefined);
    throw error;
  }
  return servePilot(county, principal);
}
