import { ulid } from 'ulid';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { tableName } from '../data/dynamo-client.js';
import { TransactionConflict, transactWrite } from '../data/transaction.js';
import { divisionLevel } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import { statusNames } from './vocabulary.js';
import { DomainError, divisionNotFound, versionConflict } from '../errors.js';
import type { Pilot, PlanInput } from './pilot.js';
import { pilotKeys } from './pilot-keys.js';
import { actorOf, eventItem, getPilotItem, readPilot, toPilot, type PilotItem } from './pilot-repository.js';
import { checkPlan, toPlan } from './plan-rules.js';

/** 404 PILOT_NOT_FOUND. */
export const pilotNotFound = (): DomainError => new DomainError('PILOT_NOT_FOUND', 404);

/** The pilot with its timeline, as `principal` sees it; 404 if the county has none. */
export async function servePilot(county: string, principal: Principal | undefined): Promise<Pilot> {
  const stored = await readPilot(county);
  if (!stored) throw pilotNotFound();
  return toPilot(stored.item, stored.events, principal);
}

/**
 * County staff draft their county's pilot.
 *
 * Steps: authorise `pilot:plan` on the county; the code must be a county that exists; deadlines
 * in order; then ONE transaction: the Pilot (condition: none yet for the county → else 409
 * PILOT_EXISTS), a `drafted` timeline event and the audit entry.
 */
export async function draftPilot(principal: Principal | undefined, input: { county: string; name: string; plan: PlanInput }): Promise<Pilot> {
  const actor = authorize(principal, 'pilot:plan', { division: input.county });
  if (divisionLevel(input.county) !== 'county') throw new DomainError('DIVISION_LEVEL_INVALID', 400, { expected: 'county' });
  const county = await findDivision(input.county);
  if (!county) throw divisionNotFound(input.county);
  const plan = toPlan(input.plan);
  checkPlan(plan, { submitting: false });
  const now = new Date().toISOString();
  const item: PilotItem = {
    PK: pilotKeys.partition(input.county),
    SK: pilotKeys.pilot,
    entity: 'Pilot',
    GSI1PK: pilotKeys.index,
    GSI1SK: input.county,
    pilotId: ulid(),
    county: input.county,
    countyName: county.name,
    name: input.name,
    status: 'draft',
    step: 'draft',
    plan,
    planRevision: 0,
    reportedFigures: {},
    version: 1,
    run: 0,
    createdBy: actorOf(actor, 'county'),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await transactWrite([
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(PK)' } },
      eventItem(input.county, { at: now, kind: 'drafted', actor: actorOf(actor, 'county') }),
      auditItem({ actor, action: 'pilot.draft', entity: 'Pilot', entityId: item.pilotId, division: input.county, after: { name: item.name, plan } }, now),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict && error.failedIndexes.includes(0)) throw new DomainError('PILOT_EXISTS', 409);
    throw error;
  }
  return servePilot(input.county, principal);
}

/**
 * County staff edit the plan while it is a draft (a submitted plan is revised through the
 * `planRevision` decision instead, so the city always reviews what it approves).
 *
 * Steps: authorise; read; 409 PILOT_STATE_INVALID unless draft; deadlines in order; ONE
 * transaction: the update (condition: still draft at `expectedVersion` → else 409
 * VERSION_CONFLICT) and the audit entry.
 */
export async function editPlan(
  principal: Principal | undefined,
  county: string,
  input: { expectedVersion: number; name?: string | undefined; plan: PlanInput },
): Promise<Pilot> {
  const actor = authorize(principal, 'pilot:plan', { division: county });
  const stored = await getPilotItem(county);
  if (!stored) throw pilotNotFound();
  if (stored.status !== 'draft') throw new DomainError('PILOT_STATE_INVALID', 409, { status: statusNames[stored.status] });
  if (stored.version !== input.expectedVersion) throw versionConflict(stored.version);
  const plan = toPlan(input.plan);
  checkPlan(plan, { submitting: false });
  const now = new Date().toISOString();
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: { PK: stored.PK, SK: stored.SK },
          UpdateExpression: 'SET #plan = :plan, #name = :name, version = :next, updatedAt = :now',
          ConditionExpression: 'version = :expected AND #status = :draft',
          ExpressionAttributeNames: { '#plan': 'plan', '#name': 'name', '#status': 'status' },
          ExpressionAttributeValues: { ':plan': plan, ':name': input.name ?? stored.name, ':next': stored.version + 1, ':now': now, ':expected': stored.version, ':draft': 'draft' },
        },
      },
      auditItem({ actor, action: 'pilot.editPlan', entity: 'Pilot', entityId: stored.pilotId, division: county, before: { name: stored.name, plan: stored.plan }, after: { name: input.name ?? stored.name, plan } }, now),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) {
      const current = await getPilotItem(county);
      if (current && current.status !== 'draft') throw new DomainError('PILOT_STATE_INVALID', 409, { status: statusNames[current.status] });
      throw versionConflict(current?.version ?? stored.version);
    }
    throw error;
  }
  return servePilot(county, principal);
}
