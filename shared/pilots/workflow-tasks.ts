import { parentDivision, provinceCode } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import { tableName } from '../data/dynamo-client.js';
import { TransactionConflict, transactWrite } from '../data/transaction.js';
import type { PilotTaskInput } from '../schemas/pilot-task.js';
import type { DecisionOutput } from './workflow-engine.js';
import type { Scorecard } from './pilot.js';
import { effectiveDeadlines, eventItem, getPilotItem, type PilotItem } from './pilot-repository.js';
import { computeScorecard } from './scorecard.js';
import { outboxPut, type OutboxMessage } from '../outbox/outbox-message.js';
import { continueAfterSeconds, deciderFor, escalationRepeatSeconds, isProvinceAdministered, phaseOfStep, planPhases, revisionSeconds, stepNames, wakeIntervalSeconds, type Decider, type DecisionStep, type PlanPhase } from './vocabulary.js';
import { ulid } from 'ulid';

/**
 * The Lambda tasks of the pilot workflow (`functions/pilot-workflow`). They keep the pilot's
 * state in DynamoDB — step, deadline, token, decisions, escalations, scorecards — so the portal
 * shows progress the same way in AWS and locally. Every write is conditional on the execution's
 * run number: an older execution of the same pilot (superseded by a resume) can no longer write.
 */

/** An error the state machine routes on by name (`Catch`/`Retry` `ErrorEquals`). */
export class WorkflowTaskError extends Error {
  constructor(name: WorkflowErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

/** Error names the state machine knows. */
export const workflowErrors = {
  /** This execution's run was superseded: it ends quietly. */
  stale: 'StaleExecution',
  /** A decision was recorded while no task waited: collect it instead of waiting. */
  decided: 'DecisionAlreadyRecorded',
  /** Throttling or a brief outage: retried with backoff. */
  transient: 'TransientFailure',
  /** The pilot is not where this task expects it: a fault. */
  inconsistent: 'PilotStateInconsistent',
} as const;
/** One of {@link workflowErrors}' values. */
export type WorkflowErrorName = (typeof workflowErrors)[keyof typeof workflowErrors];

async function loadRun(county: string, run: number): Promise<PilotItem> {
  const item = await getPilotItem(county);
  if (!item) throw new WorkflowTaskError(workflowErrors.inconsistent, `No pilot for ${county}`);
  if (item.run !== run) throw new WorkflowTaskError(workflowErrors.stale, `Run ${run} of ${county} was superseded by run ${item.run}`);
  return item;
}

/**
 * How long the callback task waits before waking: until the deadline; once it has passed, until
 * the next escalation is due (at once if none was sent). Never longer than a day (see
 * {@link wakeIntervalSeconds}) and at least a second.
 */
export function waitSeconds(state: { stepDeadline: string; escalations?: number | undefined; lastEscalatedAt?: string | undefined }, now = new Date()): number {
  const deadline = Date.parse(state.stepDeadline);
  let next =
    deadline > now.getTime()
      ? deadline
      : state.escalations && state.lastEscalatedAt
        ? Date.parse(state.lastEscalatedAt) + escalationRepeatSeconds * 1000
        : now.getTime();
  return Math.min(wakeIntervalSeconds, Math.max(1, Math.ceil((next - now.getTime()) / 1000)));
}

const waitOf = (item: PilotItem) => ({ stepDeadline: item.stepDeadline!, escalations: item.escalations, lastEscalatedAt: item.lastEscalatedAt });

/** What `Enter S` answers: how long to wait, until when, the wait's id, and whether to move on. */
export interface WaitPlan {
  readonly timeoutSeconds: number;
  readonly deadline: string;
  readonly waitId: string;
  /**
   * This execution is older than {@link continueAfterSeconds}: the state machine starts a new
   * execution of the same run at this step and ends this one, before the one-year limit.
   */
  readonly continueAsNew: boolean;
}

/** Whether an execution started at `startedAt` should hand over to a new one now. */
export function shouldContinueAsNew(startedAt: string | undefined, now = new Date()): boolean {
  return startedAt !== undefined && now.getTime() - Date.parse(startedAt) >= continueAfterSeconds * 1000;
}

/** The deadline a step runs against, and deadlines moved by a rectification being consumed. */
function deadlineOnEntry(item: PilotItem, step: DecisionStep, now: Date): { deadline: string; overrides?: Partial<Record<PlanPhase, string>> } {
  if (step === 'planRevision') return { deadline: new Date(now.getTime() + revisionSeconds * 1000).toISOString() };
  const current = effectiveDeadlines(item);
  const rectification = item.decision?.outcome === 'rectify' ? item.decision.deadline : undefined;
  if (step === 'deployment' && rectification) {
    // The later phases move by as much as deployment did, so they are not overdue on arrival.
    const delay = Math.max(0, Date.parse(rectification) - Date.parse(current.deployment));
    const later = planPhases.slice(planPhases.indexOf('deployment') + 1);
    const overrides: Partial<Record<PlanPhase, string>> = {
      ...item.deadlineOverrides,
      deployment: rectification,
      ...Object.fromEntries(later.map((phase) => [phase, new Date(Date.parse(current[phase]) + delay).toISOString()])),
    };
    return { deadline: rectification, overrides };
  }
  return { deadline: current[phaseOfStep[step]] };
}

/**
 * Enters a decision step, or re-enters it after a wake-up or a resume. Every entry is a new wait
 * with its own id: the callback task records its token only for that wait (a late write of an
 * earlier one cannot land).
 *
 * Steps: read the pilot (fenced by run). Re-entry (already at the step): record the new wait id.
 * A new step: the deadline is the plan's for the step's phase (planRevision: 14 days from the
 * rejection; deployment after a rectification: the evaluator's deadline, later phases moved by as
 * much); entering evaluation computes the KPI scorecard from live data. ONE transaction: step,
 * since, deadline, wait id, escalations reset, the consumed decision and old token removed
 * (conditions: same run, still at the step read); a `stepEntered` event. A retry whose first
 * attempt committed finds the pilot at the step and is answered as a re-entry.
 */
export async function enterStep(input: { county: string; run: number; step: DecisionStep; executionStartedAt?: string | undefined }): Promise<WaitPlan> {
  const continueAsNew = shouldContinueAsNew(input.executionStartedAt);
  const item = await loadRun(input.county, input.run);
  const waitId = ulid();
  const key = { PK: item.PK, SK: item.SK };
  if (item.step === input.step && item.stepDeadline) {
    await transactWrite([
      { Update: { TableName: tableName(), Key: key, UpdateExpression: 'SET waitId = :wait', ConditionExpression: 'run = :run AND step = :step', ExpressionAttributeValues: { ':wait': waitId, ':run': input.run, ':step': input.step } } },
    ]).catch((error: unknown) => {
      if (error instanceof TransactionConflict) throw new WorkflowTaskError(workflowErrors.stale, `Run ${input.run} of ${input.county} no longer at ${input.step}`);
      throw error;
    });
    return { timeoutSeconds: waitSeconds(waitOf(item)), deadline: item.stepDeadline, waitId, continueAsNew };
  }
  const now = new Date();
  const { deadline, overrides } = deadlineOnEntry(item, input.step, now);
  let scorecard: Scorecard | undefined;
  if (input.step === 'evaluation') scorecard = await computeScorecard(item.county, item.plan.targets, item.reportedFigures);
  const at = now.toISOString();
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression:
            `SET step = :step, stepSince = :now, stepDeadline = :deadline, waitId = :wait, escalations = :zero, version = version + :one, updatedAt = :now` +
            `${scorecard ? ', scorecard = :scorecard' : ''}${overrides ? ', deadlineOverrides = :overrides' : ''}` +
            ' REMOVE decision, taskToken, lastEscalatedAt',
          ConditionExpression: 'run = :run AND step = :previous',
          ExpressionAttributeValues: {
            ':step': input.step,
            ':now': at,
            ':deadline': deadline,
            ':wait': waitId,
            ':zero': 0,
            ':one': 1,
            ':run': input.run,
            ':previous': item.step,
            ...(scorecard ? { ':scorecard': scorecard } : {}),
            ...(overrides ? { ':overrides': overrides } : {}),
          },
        },
      },
      eventItem(item.county, { at, kind: 'stepEntered', step: input.step, deadline, ...(scorecard ? { scorecard } : {}) }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const current = await loadRun(input.county, input.run);
    if (current.step !== input.step || !current.stepDeadline) throw new WorkflowTaskError(workflowErrors.inconsistent, `Expected ${item.step}, found ${current.step}`);
    return enterStep(input);
  }
  return { timeoutSeconds: waitSeconds({ stepDeadline: deadline }), deadline, waitId, continueAsNew };
}

/**
 * The callback task's Lambda: records the task token so a decision can hand it back. Refuses
 * (DecisionAlreadyRecorded) when a decision on the step is already stored — the state machine
 * then collects it — so a decision made while no task waited is never lost.
 */
export async function awaitDecision(input: { county: string; run: number; step: DecisionStep; taskToken: string; waitId: string }): Promise<void> {
  const key = { PK: `PILOT#${input.county}`, SK: '#PILOT' };
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: 'run = :run AND step = :step AND waitId = :wait AND #status = :running AND attribute_not_exists(decision)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': input.taskToken, ':run': input.run, ':step': input.step, ':wait': input.waitId, ':running': 'running' },
        },
      },
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const item = await loadRun(input.county, input.run);
    if (item.decision?.step === input.step) throw new WorkflowTaskError(workflowErrors.decided, `A decision on ${input.step} is already recorded`);
    throw new WorkflowTaskError(workflowErrors.inconsistent, `Expected ${input.step} (running, wait ${input.waitId}), found ${item.step} (${item.status}, wait ${item.waitId ?? '-'})`);
  }
}

/** The decision recorded on the step (after DecisionAlreadyRecorded). */
export async function readDecision(input: { county: string; run: number; step: DecisionStep }): Promise<DecisionOutput> {
  const item = await loadRun(input.county, input.run);
  if (item.decision?.step !== input.step) throw new WorkflowTaskError(workflowErrors.inconsistent, `No decision recorded on ${input.step}`);
  return { step: item.decision.step, outcome: item.decision.outcome };
}

/** What a deadline check did: `escalated` when it recorded an escalation and queued its alert. */
export interface DeadlineCheck {
  readonly escalated: boolean;
}

/** A Shanghai wall-clock time `YYYY-MM-DD HH:mm` (UTC+8 all year). */
const shanghai = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The city a subscription filters on: the province for the counties it administers directly. */
const alertCity = (county: string): string => (isProvinceAdministered(county) ? provinceCode : (parentDivision(county) ?? county));

/** The alert for escalation number `escalation` of the pilot's current step (zh, then en). */
async function escalationAlert(item: PilotItem, step: DecisionStep, escalation: number, escalatedAt: string): Promise<OutboxMessage> {
  const deadline = item.stepDeadline!;
  const city = parentDivision(item.county) ?? item.county;
  const provinceAdministered = isProvinceAdministered(item.county);
  const [cityName, provinceName] = await Promise.all([
    provinceAdministered ? Promise.resolve('') : findDivision(city).then((division) => division?.name ?? city),
    findDivision(provinceCode).then((division) => division?.name ?? '湖北省'),
  ]);
  const days = Math.max(0, Math.floor((Date.parse(escalatedAt) - Date.parse(deadline)) / 86_400_000));
  const who: Record<Decider, { zh: string; en: string }> = {
    city: { zh: `${cityName}红十字会`, en: `${cityName} Red Cross (city)` },
    province: { zh: `${provinceName}红十字会`, en: `${provinceName} Red Cross (province)` },
    county: { zh: `${item.countyName}红十字会`, en: `${item.countyName} Red Cross (county)` },
    evaluator: { zh: '评估专家', en: 'the evaluator' },
  };
  const awaited = who[deciderFor(step, item.county)];
  const name = stepNames[step];
  const place = cityName ? `${cityName}${item.countyName}` : item.countyName;
  return {
    topic: 'workflowEscalations',
    // SNS subjects must be short single-line ASCII; the message carries the Chinese.
    subject: `Boai pilot overdue: ${item.county} ${step}`,
    message:
      `【博爱·试点逾期提醒】${place}「${item.name}」的“${name.zh}”环节已超过截止时间 ${shanghai(deadline)}（北京时间），逾期 ${days} 天，仍在等待${awaited.zh}作出决定。第 ${escalation} 次提醒。\n\n` +
      `[Boai pilot overdue] ${item.countyName}${cityName ? ` (${cityName})` : ''}: the ${name.en} step of "${item.name}" passed its deadline ${shanghai(deadline)} (Beijing time) ${days} day(s) ago and still awaits a decision by ${awaited.en}. Reminder ${escalation}.`,
    attributes: { county: item.county, city: alertCity(item.county), step },
  };
}

/**
 * The wait timed out. Escalates when the step's deadline has passed, no decision is recorded and
 * an escalation is due (the first at once, then every 7 days); otherwise it was a routine wake-up.
 *
 * Steps: read (fenced by run). Not due → `{ escalated: false }`. Else ONE transaction:
 * escalations + 1, lastEscalatedAt, the timed-out token removed (conditions: the wait that timed
 * out is the current one, the escalation count read, no decision), an `escalated` event and the alert in the outbox (DESIGN §4.12): the relay
 * delivers it to SNS, retrying until SNS accepts, so the escalation and its alert exist together
 * or not at all. A retry whose first attempt committed finds the escalation not due again.
 */
export async function checkDeadline(input: { county: string; run: number; step: DecisionStep; waitId: string }): Promise<DeadlineCheck> {
  const item = await loadRun(input.county, input.run);
  if (item.step !== input.step || !item.stepDeadline) throw new WorkflowTaskError(workflowErrors.inconsistent, `Expected ${input.step}, found ${item.step}`);
  if (item.decision?.step === input.step) return { escalated: false };
  const escalations = item.escalations ?? 0;
  const now = new Date();
  const at = now.toISOString();
  const due = at >= item.stepDeadline && (escalations === 0 || !item.lastEscalatedAt || now.getTime() >= Date.parse(item.lastEscalatedAt) + escalationRepeatSeconds * 1000);
  if (!due) return { escalated: false };
  const alert = await escalationAlert(item, input.step, escalations + 1, at);
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET escalations = :next, lastEscalatedAt = :at REMOVE taskToken',
          ConditionExpression: 'run = :run AND step = :step AND waitId = :wait AND escalations = :count AND attribute_not_exists(decision)',
          ExpressionAttributeValues: { ':next': escalations + 1, ':at': at, ':run': input.run, ':step': input.step, ':wait': input.waitId, ':count': escalations },
        },
      },
      eventItem(item.county, { at, kind: 'escalated', step: input.step, deadline: item.stepDeadline }),
      outboxPut(alert, at),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    // A decision arrived, or a retry's first attempt committed: nothing more to send.
    return { escalated: false };
  }
  return { escalated: true };
}

/**
 * A task kept failing after its retries, or the execution ended without finishing (failed,
 * timed out after a year, stopped): the pilot is marked faulted (the portal says so and province
 * staff can resume it), with its `fault` event and an alert in the outbox, in one transaction.
 * Only the error's name is stored; its cause goes to the log. A pilot already faulted in this
 * run is left as it is (a retried task, or the state machine's own `Faulted` end reported once
 * more by EventBridge): no second event, no second alert.
 */
export async function recordFault(input: { county: string; run: number; error?: { Error?: string | undefined; Cause?: string | undefined } | undefined }): Promise<void> {
  const at = new Date().toISOString();
  const error = (input.error?.Error ?? 'Unknown').slice(0, 100);
  const alert: OutboxMessage = {
    topic: 'workflowEscalations',
    subject: `Boai pilot workflow fault: ${input.county}`,
    message: `【博爱·试点工作流故障】${input.county} 的试点工作流因“${error}”停止，请省红十字会运维人员检查后在门户中恢复。\n\n[Boai pilot workflow fault] The pilot workflow of ${input.county} stopped (${error}). Operations: check, then resume it from the portal.`,
    attributes: { county: input.county, city: alertCity(input.county), step: 'fault' },
  };
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: `PILOT#${input.county}`, SK: '#PILOT' },
          UpdateExpression: 'SET #status = :faulted, fault = :fault, updatedAt = :at REMOVE taskToken',
          ConditionExpression: 'run = :run AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':faulted': 'faulted', ':fault': { error, at }, ':at': at, ':run': input.run, ':running': 'running' },
        },
      },
      eventItem(input.county, { at, kind: 'fault', reason: error }),
      outboxPut(alert, at),
    ]);
  } catch (failure) {
    if (!(failure instanceof TransactionConflict)) throw failure;
    const current = await getPilotItem(input.county);
    if (current?.run !== input.run || current.status !== 'faulted') throw new WorkflowTaskError(workflowErrors.stale, `Run ${input.run} of ${input.county} is not running`);
  }
}

/**
 * EventBridge (or the local runner) reports that an execution ended without completing the
 * pilot: FAILED, TIMED_OUT (a Standard execution lasts at most a year) or ABORTED. If that run
 * still owns a running pilot, the pilot is marked faulted, so province staff see it and can
 * resume it; the workflow's own `Faulted` end finds the pilot faulted already and changes nothing.
 */
export async function executionEnded(input: { status: string; input: string }): Promise<void> {
  let started: { county?: unknown; run?: unknown };
  try {
    started = JSON.parse(input.input) as { county?: unknown; run?: unknown };
  } catch {
    return;
  }
  if (typeof started.county !== 'string' || typeof started.run !== 'number') return;
  const name = `Execution${input.status.charAt(0)}${input.status.slice(1).toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`;
  try {
    await recordFault({ county: started.county, run: started.run, error: { Error: name } });
  } catch (error) {
    // Not running, or a newer run: nothing to mark.
    if (!(error instanceof WorkflowTaskError)) throw error;
  }
}

/** Consolidation declared: the pilot is complete, with a final scorecard. */
export async function completePilot(input: { county: string; run: number }): Promise<void> {
  const item = await loadRun(input.county, input.run);
  if (item.status === 'completed') return;
  const at = new Date().toISOString();
  const scorecard = await computeScorecard(item.county, item.plan.targets, item.reportedFigures);
  await transactWrite([
    {
      Update: {
        TableName: tableName(),
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: 'SET #status = :completed, step = :completed, stepSince = :at, scorecard = :scorecard, version = version + :one, updatedAt = :at REMOVE decision, taskToken, stepDeadline',
        ConditionExpression: 'run = :run AND step = :consolidation',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed', ':at': at, ':scorecard': scorecard, ':one': 1, ':run': input.run, ':consolidation': 'consolidation' },
      },
    },
    eventItem(item.county, { at, kind: 'completed', step: 'completed', scorecard }),
  ]);
}

/** Runs one task by its name (the Lambda handler's dispatch). */
export async function runWorkflowTask(input: PilotTaskInput): Promise<unknown> {
  switch (input.task) {
    case 'enterStep':
      return enterStep(input);
    case 'awaitDecision':
      await awaitDecision(input);
      return {};
    case 'readDecision':
      return readDecision(input);
    case 'checkDeadline':
      return checkDeadline(input);
    case 'recordFault':
      await recordFault(input);
      return {};
    case 'executionEnded':
      await executionEnded(input);
      return {};
    case 'complete':
      await completePilot(input);
      return {};
  }
}
