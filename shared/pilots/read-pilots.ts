import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { tableName } from '../data/dynamo-client.js';
import { transactWrite } from '../data/transaction.js';
import { auditItem } from '../audit/audit-log.js';
import { type DivisionLevel, divisionLevel, divisionPrefix } from '../divisions/division-code.js';
import { findDivision } from '../divisions/division-repository.js';
import { statusNames } from './vocabulary.js';
import { DomainError, divisionNotFound } from '../errors.js';
import type { FiguresInput, Pilot, PilotSummary, Scorecard } from './pilot.js';
import { getPilotItem, listPilotItems, toPilotSummary } from './pilot-repository.js';
import { pilotNotFound, servePilot } from './draft-pilot.js';
import { computeScorecard } from './scorecard.js';

/**
 * The pilots of a division: one row per county that has a pilot, in code order.
 *
 * Steps: authorise `pilot:read` on the division (default: the caller's scope; a county or lower
 * scope lists its own county); one GSI1 Query narrowed to the division's code prefix.
 */
export async function listPilots(
  principal: Principal | undefined,
  requested: string | undefined,
): Promise<{ division: { code: string; name: string; level: DivisionLevel }; items: PilotSummary[] }> {
  const reader = authorize(principal, 'pilot:read');
  let code = requested ?? reader.division;
  const level = divisionLevel(code);
  if (level === 'township' || level === 'village') code = `${code.slice(0, 6)}000000`;
  authorize(principal, 'pilot:read', { division: code });
  const division = await findDivision(code);
  if (!division) throw divisionNotFound(code);
  const items = await listPilotItems(divisionPrefix(code));
  const now = new Date();
  return { division: { code, name: division.name, level: divisionLevel(code) }, items: items.map((item) => toPilotSummary(item, now)) };
}

/** One county's pilot with its timeline; `pilot:read` on the county. */
export async function getPilot(principal: Principal | undefined, county: string): Promise<Pilot> {
  authorize(principal, 'pilot:read', { division: county });
  return servePilot(county, principal);
}

/** The scorecard now, from live data (`pilot:read`). */
export async function liveScorecard(principal: Principal | undefined, county: string): Promise<Scorecard> {
  authorize(principal, 'pilot:read', { division: county });
  const item = await getPilotItem(county);
  if (!item) throw pilotNotFound();
  return computeScorecard(county, item.plan.targets, item.reportedFigures);
}

/**
 * County staff report the figures that no Boai module measures yet (first-aiders, AEDs, funds).
 *
 * Steps: authorise `pilot:plan`; the pilot must exist and not be completed; ONE transaction: the
 * figures merged over the previous ones (SET per figure, so two officers reporting different
 * figures at once both keep theirs) and the audit entry.
 */
export async function reportFigures(principal: Principal | undefined, county: string, figures: FiguresInput): Promise<Pilot> {
  const actor = authorize(principal, 'pilot:plan', { division: county });
  const item = await getPilotItem(county);
  if (!item) throw pilotNotFound();
  if (item.status === 'completed') throw new DomainError('PILOT_STATE_INVALID', 409, { status: statusNames.completed });
  const entries = Object.entries(figures).filter(([, value]) => value !== undefined);
  if (entries.length === 0) throw new DomainError('VALIDATION_FAILED', 400, {}, [{ field: 'body', issue: 'empty', detail: 'report at least one figure' }]);
  const now = new Date().toISOString();
  const names: Record<string, string> = { '#figures': 'reportedFigures' };
  const values: Record<string, unknown> = { ':now': now, ':by': actor.name };
  const sets = entries.map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:f${i}`] = value;
    return `#figures.#f${i} = :f${i}`;
  });
  await transactWrite([
    {
      Update: {
        TableName: tableName(),
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: `SET ${sets.join(', ')}, #figures.updatedAt = :now, #figures.updatedBy = :by, updatedAt = :now`,
        // Every pilot is drafted with an empty `reportedFigures` map, so the nested SETs have a parent.
        ConditionExpression: 'attribute_exists(reportedFigures)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    auditItem({ actor, action: 'pilot.reportFigures', entity: 'Pilot', entityId: item.pilotId, division: county, before: { ...(item.reportedFigures ?? {}) }, after: Object.fromEntries(entries) }, now),
  ]);
  return servePilot(county, principal);
}
