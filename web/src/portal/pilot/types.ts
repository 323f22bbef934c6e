/**
 * Wire types of the pilot API (docs/api.md "Pilot workflow") as the portal reads them. Shapes come
 * from `shared/pilots/pilot.ts` as types only (its values would pull zod into the portal bundle);
 * the vocabulary (steps, outcomes, KPIs) comes from the zod-free `shared/pilots/vocabulary.ts`.
 */
import type { DivisionLevel } from '../../common/api.js';
import type { PilotSummary } from '../../../../shared/pilots/pilot.js';

export type {
  KpiScore,
  PendingDecision,
  Pilot,
  PilotSummary,
  Plan,
  ReportedFigures,
  Scorecard,
  Targets,
  TimelineEvent,
} from '../../../../shared/pilots/pilot.js';

export {
  commentsRequired,
  decisionSteps,
  kpiKeys,
  kpiUnits,
  outcomes,
  phaseOfStep,
  pilotSteps,
  planPhases,
  reportedKpis,
  timelineKinds,
  type DecisionStep,
  type KpiKey,
  type KpiUnit,
  type Outcome,
  type PilotStatus,
  type PilotStep,
  type PlanPhase,
  type ReportedKpi,
  type TimelineKind,
} from '../../../../shared/pilots/vocabulary.js';

/** `GET /api/pilots`. */
export interface PilotList {
  division: { code: string; name: string; level: DivisionLevel };
  items: PilotSummary[];
}
