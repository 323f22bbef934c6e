import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { queryAll } from '../data/query-all.js';
import type { TransactItem } from '../data/transaction.js';
import { isWithin } from '../divisions/division-code.js';
import type { Actor, Pilot, PilotSummary, Plan, RecordedDecision, ReportedFigures, TimelineEvent } from './pilot.js';
import { pilotKeys } from './pilot-keys.js';
import { deciderFor, decisionSteps, outcomesOfStep, type DecisionStep, type Outcome, type PilotStep, type PlanPhase } from './vocabulary.js';

/**
 * A stored Pilot item (`PILOT#<county>` / `#PILOT`): the served fields a pilot keeps as they are,
 * plus the workflow's own state.
 */
export interface PilotItem
  extends Pick<Pilot, 'pilotId' | 'county' | 'countyName' | 'name' | 'status' | 'step' | 'stepSince' | 'plan' | 'planRevision' | 'version' | 'scorecard' | 'fault' | 'createdAt' | 'updatedAt'> {
  readonly PK: string;
  readonly SK: string;
  readonly entity: 'Pilot';
  readonly GSI1PK: string;
  readonly GSI1SK: string;
  /** The current decision step's deadline (UTC instant). */
  readonly stepDeadline?: string;
  /** Escalations of the current step (reset when the step changes). */
  readonly escalations?: number;
  readonly lastEscalatedAt?: string;
  readonly reportedFigures?: ReportedFigures;
  /** The current callback task's token; never served. */
  readonly taskToken?: string;
  /** The current wait (a ULID per entry or wake-up): late writes of an earlier wait cannot land. */
  readonly waitId?: string;
  /** Phase deadlines moved by a rectification (the plan keeps what the city approved). */
  readonly deadlineOverrides?: Partial<Record<PlanPhase, string>>;
  /** A decision on the current step not yet consumed by the workflow. */
  readonly decision?: RecordedDecision;
  /** Executions started for this pilot (names are `<pilotId>-<run>`). */
  readonly run: number;
  readonly createdBy: Actor;
}

/** The Actor a principal appears as on the timeline (the role that acted). */
export function actorOf(principal: Principal, role: string): Actor {
  return { userId: principal.userId, name: principal.name, role };
}

/** The pilot item alone (consistent read: every write path reads before it writes). */
export async function getPilotItem(county: string): Promise<PilotItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: { PK: pilotKeys.partition(county), SK: pilotKeys.pilot }, ConsistentRead: true }),
  );
  return Item as PilotItem | undefined;
}

/** The pilot and its timeline in one Query (the pilot item sorts first). */
export async function readPilot(county: string): Promise<{ item: PilotItem; events: TimelineEvent[] } | undefined> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': pilotKeys.partition(county) },
    ConsistentRead: true,
  });
  const item = items.find((entry) => entry.SK === pilotKeys.pilot) as PilotItem | undefined;
  if (!item) return undefined;
  const events = items
    .filter((entry) => String(entry.SK).startsWith(pilotKeys.eventPrefix))
    .map(({ PK: _pk, SK: _sk, entity: _entity, ...event }) => event as unknown as TimelineEvent);
  return { item, events };
}

/** Pilots of the counties under `prefix` (a city's or the province's code prefix), in code order. */
export async function listPilotItems(prefix: string): Promise<PilotItem[]> {
  const items: PilotItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pilotKeys.index, ':prefix': prefix },
        // The list never needs the plan's text or the token.
        ProjectionExpression: 'pilotId, county, countyName, #name, #status, step, stepSince, stepDeadline, scorecard.met, decision.step, updatedAt',
        ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as PilotItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The Put of a timeline event; add it to the write's transaction. */
export function eventItem(county: string, event: TimelineEvent): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { PK: pilotKeys.partition(county), SK: pilotKeys.event(event.at, ulid()), entity: 'PilotEvent', ...event },
    },
  };
}

/** True when `step` waits for a decision. */
export function isDecisionStep(step: PilotStep): step is DecisionStep {
  return (decisionSteps as readonly string[]).includes(step);
}

/** What `principal` may decide on the pilot now: the step's outcomes, if it is theirs to decide. */
export function allowedOutcomes(item: PilotItem, principal: Principal | undefined): readonly Outcome[] {
  if (!principal || item.status !== 'running' || !isDecisionStep(item.step) || item.decision) return [];
  const decider = deciderFor(item.step, item.county);
  if (!principal.roles.includes(decider) || !isWithin(principal.division, item.county)) return [];
  return outcomesOfStep[item.step];
}

/** A pilot as served to `principal`. */
export function toPilot(item: PilotItem, events: readonly TimelineEvent[], principal: Principal | undefined, now = new Date()): Pilot {
  const step = item.step;
  const pending =
    item.status === 'running' && isDecisionStep(step) && item.stepSince && item.stepDeadline
      ? {
          step,
          awaiting: deciderFor(step, item.county),
          since: item.stepSince,
          deadline: item.stepDeadline,
          overdue: now.toISOString() > item.stepDeadline,
          escalations: item.escalations ?? 0,
          ...(item.lastEscalatedAt ? { lastEscalatedAt: item.lastEscalatedAt } : {}),
          decided: item.decision?.step === step,
        }
      : undefined;
  return {
    pilotId: item.pilotId,
    county: item.county,
    countyName: item.countyName,
    name: item.name,
    status: item.status,
    step,
    ...(item.stepSince ? { stepSince: item.stepSince } : {}),
    plan: item.plan,
    deadlines: effectiveDeadlines(item),
    planRevision: item.planRevision,
    reportedFigures: item.reportedFigures ?? {},
    version: item.version,
    ...(pending ? { pending } : {}),
    allowedOutcomes: allowedOutcomes(item, principal),
    ...(item.scorecard ? { scorecard: item.scorecard } : {}),
    ...(item.fault ? { fault: item.fault } : {}),
    timeline: events,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** The deadline each phase runs against now: the plan's, or as a rectification moved it. */
export function effectiveDeadlines(item: Pick<PilotItem, 'plan' | 'deadlineOverrides'>): Plan['deadlines'] {
  return { ...item.plan.deadlines, ...item.deadlineOverrides };
}

/** A row of the pilot list. */
export function toPilotSummary(item: PilotItem, now = new Date()): PilotSummary {
  const waiting = item.status === 'running' && isDecisionStep(item.step) && item.stepDeadline;
  return {
    county: item.county,
    countyName: item.countyName,
    pilotId: item.pilotId,
    name: item.name,
    status: item.status,
    step: item.step,
    ...(item.stepSince ? { stepSince: item.stepSince } : {}),
    ...(waiting ? { deadline: item.stepDeadline, awaiting: deciderFor(item.step as DecisionStep, item.county), decided: item.decision?.step === item.step } : {}),
    overdue: Boolean(waiting && now.toISOString() > String(item.stepDeadline)),
    ...(item.scorecard ? { scorecardMet: item.scorecard.met } : {}),
    updatedAt: item.updatedAt,
  };
}

/** Every running pilot (the local runner resumes them after a restart). One GSI1 Query. */
export async function listRunningPilots(): Promise<PilotItem[]> {
  return queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: '#status = :running',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': pilotKeys.index, ':running': 'running' },
  }) as unknown as Promise<PilotItem[]>;
}
