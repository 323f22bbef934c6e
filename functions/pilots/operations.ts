import * as z from 'zod/mini';
import { divisionCodeSchema } from '../../shared/divisions/division-code.js';
import { defineOperation } from '../../shared/http/chassis.js';
import { decideStep } from '../../shared/pilots/decide-step.js';
import { draftPilot, editPlan } from '../../shared/pilots/draft-pilot.js';
import { decisionSchema, draftPilotSchema, editPlanSchema, figuresSchema } from '../../shared/pilots/pilot.js';
import { getPilot, listPilots, liveScorecard, reportFigures } from '../../shared/pilots/read-pilots.js';
import { resumePilot, submitPilot } from '../../shared/pilots/submit-pilot.js';

const countyPath = z.object({ county: divisionCodeSchema });

/** GET /api/pilots */
export const listPilotsOperation = defineOperation({
  input: z.object({ query: z.object({ division: z.optional(divisionCodeSchema) }) }),
  handle: async ({ query }, { principal }) => ({ body: await listPilots(principal, query.division) }),
});

/** POST /api/pilots */
export const draftPilotOperation = defineOperation({
  input: z.object({ body: draftPilotSchema }),
  handle: async ({ body }, { principal }) => ({ status: 201, body: await draftPilot(principal, body) }),
});

/** GET /api/pilots/{county} */
export const getPilotOperation = defineOperation({
  input: z.object({ path: countyPath }),
  handle: async ({ path }, { principal }) => ({ body: await getPilot(principal, path.county) }),
});

/** PUT /api/pilots/{county}/plan */
export const editPlanOperation = defineOperation({
  input: z.object({ path: countyPath, body: editPlanSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await editPlan(principal, path.county, body) }),
});

/** POST /api/pilots/{county}/submit: 202, the workflow continues on its own. */
export const submitPilotOperation = defineOperation({
  input: z.object({ path: countyPath, body: z.object({ expectedVersion: z.int().check(z.gte(1)) }) }),
  handle: async ({ path, body }, { principal }) => ({ status: 202, body: await submitPilot(principal, path.county, body.expectedVersion) }),
});

/** POST /api/pilots/{county}/decisions */
export const decideStepOperation = defineOperation({
  input: z.object({ path: countyPath, body: decisionSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await decideStep(principal, path.county, body) }),
});

/** GET /api/pilots/{county}/scorecard */
export const scorecardOperation = defineOperation({
  input: z.object({ path: countyPath }),
  handle: async ({ path }, { principal }) => ({ body: await liveScorecard(principal, path.county) }),
});

/** PUT /api/pilots/{county}/figures */
export const reportFiguresOperation = defineOperation({
  input: z.object({ path: countyPath, body: figuresSchema }),
  handle: async ({ path, body }, { principal }) => ({ body: await reportFigures(principal, path.county, body) }),
});

/** POST /api/pilots/{county}/resume */
export const resumePilotOperation = defineOperation({
  input: z.object({ path: countyPath, body: z.optional(z.object({})) }),
  handle: async ({ path }, { principal }) => ({ status: 202, body: await resumePilot(principal, path.county) }),
});
