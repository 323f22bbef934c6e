import { parentDivision } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import { tableName } from '../data/dynamo-client.js';
import { TransactionConflict, transactWrite } from '../data/transaction.js';
import type { PilotTaskInput } from '../schemas/pilot-task.js';
import type { DecisionOutput } from './workflow-engine.js';
import type { Scorecard } from './pilot.js';
import { eventItem, getPilotItem, type PilotItem } from './pilot-repository.js';
import { computeScorecard } from './scorecard.js';
import { deciderOfStep, escalationRepeatSeconds, phaseOfStep, stepNames, wakeIntervalSeconds, type DecisionStep } from './vocabulary.js';

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
  const next =
    deadline > now.getTime()
      ? deadline
      : state.escalations && state.lastEscalatedAt
        ? Date.parse(state.lastEscalatedAt) + escalationRepeatSeconds * 1000
        : now.getTime();
  return Math.min(wakeIntervalSeconds, Math.max(1, Math.ceil((next - now.getTime()) / 1000)));
}

/**
 * Enters a decision step, or re-enters it after a wake-up or a resume.
 *
 * Steps: read the pilot (fenced by run). Re-entry (already at the step): nothing to write. A new
 * step: the deadline is the plan's for the step's phase (deployment after a rectification: the
 * evaluator's rectification deadline); entering evaluation computes the KPI scorecard from live
 * data. ONE transaction: step, since, deadline and escalations reset, the consumed decision and
 * old token removed (conditions: same run, still at the step read); a `stepEntered` event. A
 * retry whose first attempt committed finds the pilot at the step and answers the same.
 */
export async function enterStep(input: { county: string; run: number; step: DecisionStep }): Promise<{ timeoutSeconds: number; deadline: string }> {
  const item = await loadRun(input.county, input.run);
  if (item.step === input.step && item.stepDeadline) {
    return { timeoutSeconds: waitSeconds({ stepDeadline: item.stepDeadline, escalations: item.escalations, lastEscalatedAt: item.lastEscalatedAt }), deadline: item.stepDeadline };
  }
  const now = new Date().toISOString();
  const consumed = item.decision;
  const deadline =
    input.step === 'deployment' && consumed?.outcome === 'rectify' && consumed.deadline ? consumed.deadline : item.plan.deadlines[phaseOfStep[input.step]];
  let scorecard: Scorecard | undefined;
  if (input.step === 'evaluation') scorecard = await computeScorecard(item.county, item.plan.targets, item.reportedFigures);
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: `SET step = :step, stepSince = :now, stepDeadline = :deadline, escalations = :zero, version = version + :one, updatedAt = :now${scorecard ? ', scorecard = :scorecard' : ''} REMOVE decision, taskToken, lastEscalatedAt`,
          ConditionExpression: 'run = :run AND step = :previous',
          ExpressionAttributeValues: {
            ':step': input.step,
            ':now': now,
            ':deadline': deadline,
            ':zero': 0,
            ':one': 1,
            ':run': input.run,
            ':previous': item.step,
            ...(scorecard ? { ':scorecard': scorecard } : {}),
          },
        },
      },
      eventItem(item.county, { at: now, kind: 'stepEntered', step: input.step, deadline, ...(scorecard ? { scorecard } : {}) }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const current = await loadRun(input.county, input.run);
    if (current.step !== input.step || !current.stepDeadline) throw new WorkflowTaskError(workflowErrors.inconsistent, `Expected ${item.step}, found ${current.step}`);
    return { timeoutSeconds: waitSeconds({ stepDeadline: current.stepDeadline, escalations: current.escalations, lastEscalatedAt: current.lastEscalatedAt }), deadline: current.stepDeadline };
  }
  return { timeoutSeconds: waitSeconds({ stepDeadline: deadline }), deadline };
}

/**
 * The callback task's Lambda: records the task token so a decision can hand it back. Refuses
 * (DecisionAlreadyRecorded) when a decision on the step is already stored — the state machine
 * then collects it — so a decision made while no task waited is never lost.
 */
export async function awaitDecision(input: { county: string; run: number; step: DecisionStep; taskToken: string }): Promise<void> {
  const key = { PK: `PILOT#${input.county}`, SK: '#PILOT' };
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: 'run = :run AND step = :step AND #status = :running AND attribute_not_exists(decision)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': input.taskToken, ':run': input.run, ':step': input.step, ':running': 'running' },
        },
      },
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const item = await loadRun(input.county, input.run);
    if (item.decision?.step === input.step) throw new WorkflowTaskError(workflowErrors.decided, `A decision on ${input.step} is already recorded`);
    throw new WorkflowTaskError(workflowErrors.inconsistent, `Expected ${input.step} (running), found ${item.step} (${item.status})`);
  }
}

/** The decision recorded on the step (after DecisionAlreadyRecorded). */
export async function readDecision(input: { county: string; run: number; step: DecisionStep }): Promise<DecisionOutput> {
  const item = await loadRun(input.county, input.run);
  if (item.decision?.step !== input.step) throw new WorkflowTaskError(workflowErrors.inconsistent, `No decision recorded on ${input.step}`);
  return { step: item.decision.step, outcome: item.decision.outcome };
}

/** What the escalation alert says; published to SNS by the state machine. */
export interface EscalationAlert {
  readonly escalate: boolean;
  readonly subject?: string;
  readonly message?: string;
  readonly county?: string;
  readonly city?: string;
  readonly step?: string;
  /** The escalation this alert announces (its number and time), to undo it if SNS refuses it. */
  readonly escalation?: number;
  readonly escalatedAt?: string;
  /** `''` when this is the step's first escalation. */
  readonly previousEscalatedAt?: string;
}

/** A Shanghai wall-clock time `YYYY-MM-DD HH:mm` (UTC+8 all year). */
const shanghai = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');


/**
 * The wait timed out. Escalates when the step's deadline has passed and an escalation is due
 * (the first at once, then every 7 days); otherwise it was a routine wake-up.
 *
 * Steps: read (fenced by run); not overdue or not due → `{ escalate: false }`. Else ONE
 * transaction: escalations + 1, lastEscalatedAt, the timed-out token removed (condition: the
 * escalation count read, so a retried task cannot escalate twice), an `escalated` event; answer
 * the alert text (zh and en) and the attributes a subscription can filter on (county, city,
 * step). If a retry finds its own escalation already recorded it answers the alert again: an
 * alert may, rarely, arrive twice, but never not at all.
 */
export async function checkDeadline(input: { county: string; run: number; step: DecisionStep }): Promise<EscalationAlert> {
  const item = await loadRun(input.county, input.run);
  if (item.step !== input.step || !item.stepDeadline) throw new WorkflowTaskError(workflowErrors.inconsistent, `Expected ${input.step}, found ${item.step}`);
  const now = new Date();
  const escalations = item.escalations ?? 0;
  const due =
    now.toISOString() >= item.stepDeadline &&
    (escalations === 0 || !item.lastEscalatedAt || now.getTime() >= Date.parse(item.lastEscalatedAt) + escalationRepeatSeconds * 1000);
  if (!due) return { escalate: false };
  let at = now.toISOString();
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET escalations = :next, lastEscalatedAt = :at REMOVE taskToken',
          ConditionExpression: 'run = :run AND step = :step AND escalations = :count',
          ExpressionAttributeValues: { ':next': escalations + 1, ':at': at, ':run': input.run, ':step': input.step, ':count': escalations },
        },
      },
      eventItem(item.county, { at, kind: 'escalated', step: input.step, deadline: item.stepDeadline }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const current = await loadRun(input.county, input.run);
    const recent = current.lastEscalatedAt && now.getTime() - Date.parse(current.lastEscalatedAt) < 60_000;
    if (!recent || current.escalations !== escalations + 1) return { escalate: false };
    at = current.lastEscalatedAt!;
  }
  const city = parentDivision(item.county) ?? item.county;
  const cityName = (await findDivision(city))?.name ?? city;
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(item.stepDeadline)) / 86_400_000));
  const decider = deciderOfStep[input.step];
  const who = {
    city: { zh: `${cityName}红十字会`, en: `${cityName} Red Cross (city)` },
    county: { zh: `${item.countyName}红十字会`, en: `${item.countyName} Red Cross (county)` },
    evaluator: { zh: '评估专家', en: 'the evaluator' },
  }[decider];
  const name = stepNames[input.step];
  const message =
    `【博爱·试点逾期提醒】${cityName}${item.countyName}「${item.name}」的“${name.zh}”环节已超过截止时间 ${shanghai(item.stepDeadline)}（北京时间），逾期 ${days} 天，仍在等待${who.zh}作出决定。第 ${escalations + 1} 次提醒。\n\n` +
    `[Boai pilot overdue] ${item.countyName} (${cityName}): the ${name.en} step of "${item.name}" passed its deadline ${shanghai(item.stepDeadline)} (Beijing time) ${days} day(s) ago and still awaits a decision by ${who.en}. Reminder ${escalations + 1}.`;
  return {
    escalate: true,
    // SNS subjects must be short single-line text; the message carries the Chinese.
    subject: `Boai pilot overdue: ${item.county} ${input.step}`,
    message,
    county: item.county,
    city,
    step: input.step,
    escalation: escalations + 1,
    escalatedAt: at,
    // Always present ('' for none): a JSONPath to a missing field fails the state.
    previousEscalatedAt: item.lastEscalatedAt ?? '',
  };
}

/**
 * SNS refused an escalation alert even after the state machine's retries (DESIGN §4.12: a failed
 * publish loses nothing). The escalation is undone — count and time as before — so the next
 * wake-up, which is then due at once, escalates and publishes again; an `alertFailed` event tells
 * the portal. Does nothing if the pilot has moved on since.
 */
export async function alertFailed(input: { county: string; run: number; step: DecisionStep; escalation: number; escalatedAt: string; previousEscalatedAt?: string | undefined }): Promise<void> {
  const at = new Date().toISOString();
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: `PILOT#${input.county}`, SK: '#PILOT' },
          UpdateExpression: input.previousEscalatedAt ? 'SET escalations = :previous, lastEscalatedAt = :previousAt' : 'SET escalations = :previous REMOVE lastEscalatedAt',
          ConditionExpression: 'run = :run AND step = :step AND escalations = :escalation AND lastEscalatedAt = :escalatedAt',
          ExpressionAttributeValues: {
            ':previous': input.escalation - 1,
            ...(input.previousEscalatedAt ? { ':previousAt': input.previousEscalatedAt } : {}),
            ':run': input.run,
            ':step': input.step,
            ':escalation': input.escalation,
            ':escalatedAt': input.escalatedAt,
          },
        },
      },
      eventItem(input.county, { at, kind: 'alertFailed', step: input.step }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
  }
}

/**
 * A task kept failing after its retries: the pilot is marked faulted (the portal says so and
 * province staff can resume it) and the alert text is answered for the state machine to publish.
 * Only the error's name is stored; its cause goes to the log.
 */
export async function recordFault(input: { county: string; run: number; error?: { Error?: string | undefined; Cause?: string | undefined } | undefined }): Promise<EscalationAlert> {
  const at = new Date().toISOString();
  const error = (input.error?.Error ?? 'Unknown').slice(0, 100);
  await transactWrite([
    {
      Update: {
        TableName: tableName(),
        Key: { PK: `PILOT#${input.county}`, SK: '#PILOT' },
        UpdateExpression: 'SET #status = :faulted, fault = :fault, updatedAt = :at REMOVE taskToken',
        ConditionExpression: 'run = :run',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':faulted': 'faulted', ':fault': { error, at }, ':at': at, ':run': input.run },
      },
    },
    eventItem(input.county, { at, kind: 'fault', reason: error }),
  ]).catch((failure: unknown) => {
    if (failure instanceof TransactionConflict) throw new WorkflowTaskError(workflowErrors.stale, `Run ${input.run} of ${input.county} was superseded`);
    throw failure;
  });
  return {
    escalate: true,
    subject: `Boai pilot workflow fault: ${input.county}`,
    message: `【博爱·试点工作流故障】${input.county} 的试点工作流因“${error}”停止，请省红十字会运维人员检查后在门户中恢复。\n\n[Boai pilot workflow fault] The pilot workflow of ${input.county} stopped (${error}). Operations: check, then resume it from the portal.`,
    county: input.county,
    city: parentDivision(input.county) ?? input.county,
    step: 'fault',
  };
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
    case 'alertFailed':
      await alertFailed(input);
      return {};
    case 'recordFault':
      return recordFault(input);
    case 'complete':
      await completePilot(input);
      return {};
  }
}
