import { createDomainHandler } from '../../shared/http/chassis.js';
import {
  decideStepOperation,
  draftPilotOperation,
  editPlanOperation,
  getPilotOperation,
  listPilotsOperation,
  reportFiguresOperation,
  resumePilotOperation,
  scorecardOperation,
  submitPilotOperation,
} from './operations.js';

/** Lambda entry of the `pilots` function: plans, decisions and scorecards of the county pilots. */
export const handler = createDomainHandler('pilots', {
  'GET /api/pilots': listPilotsOperation,
  'POST /api/pilots': draftPilotOperation,
  'GET /api/pilots/{county}': getPilotOperation,
  'PUT /api/pilots/{county}/plan': editPlanOperation,
  'POST /api/pilots/{county}/submit': submitPilotOperation,
  'POST /api/pilots/{county}/decisions': decideStepOperation,
  'GET /api/pilots/{county}/scorecard': scorecardOperation,
  'PUT /api/pilots/{county}/figures': reportFiguresOperation,
  'POST /api/pilots/{county}/resume': resumePilotOperation,
});
