/**
 * The pilot workflow end to end on the real local runner: the ASL CDK synthesizes, executed by
 * aws-local-stepfunctions, its Lambda tasks against DynamoDB Local, decisions through the API
 * handlers. Every path of the issue: approved first time; rejected then approved; deployment
 * declared early and refused; the evaluation rectification loop; deadline escalation; a wrong
 * role or county cannot decide; plus a decision whose hand-over was lost, a restart, a fault
 * with its resume, and racing decisions. Alerts go through the outbox: the local outbox relay
 * reads DynamoDB Local's stream and calls the real relay handler, as the Lambda does in AWS.
 *
 * Each test owns a county of 宜昌市 (4205), which no other file writes to.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalOutboxRelay, startLocalOutboxRelay } from '../../local/outbox-relay.js';
import { LocalWorkflow, startLocalWorkflow } from '../../local/workflow-runner.js';
import { synthesizePilotWorkflow, type LocalPilotWorkflowDefinition } from '../../local/workflow-definition.js';
import { useWorkflowEngine } from '../../shared/pilots/workflow-engine.js';
import { documentClient, tableName } from '../../shared/data/dynamo-client.js';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Caller, call, countyStaff, loadCounty, loadUpperDivisions } from '../support/staff-api.js';

const counties = {
  approved: '420525000000', // 远安县
  rejected: '420526000000', // 兴山县
  early: '420527000000', // 秭归县
  rectify: '420528000000', // 长阳土家族自治县
  overdue: '420529000000', // 五峰土家族自治县
  roles: '420581000000', // 宜都市
  lostHandOver: '420582000000', // 当阳市
  restart: '420583000000', // 枝江市
  fault: '420502000000', // 西陵区
  race: '420503000000', // 伍家岗区
  snsDown: '420504000000', // 点军区
  xiantao: '429004000000', // 仙桃市, administered by the province
  duties: '420505000000', // 猇亭区
  ended: '420506000000', // 夷陵区
  retried: '420302000000', // 茅箭区 (十堰市)
  continued: '420303000000', // 张湾区 (十堰市)
} as const;

const yichang: Caller = { username: 'city.yichang', name: '宜昌市红会 测试', roles: '[city]', division: '420500000000' };
const jingzhou: Caller = { username: 'city.jingzhou', name: '荆州市红会 测试', roles: '[city]', division: '421000000000' };
const evaluator: Caller = { username: 'evaluator.hubei', name: '评估专家 测试', roles: '[evaluator]', division: '420000000000' };
const province: Caller = { username: 'province.admin', name: '省红会 测试', roles: '[province]', division: '420000000000' };

// `any`: loose JSON access keeps assertions short; every value used is checked by expect.
type Json = Record<string, any>;

let definition: LocalPilotWorkflowDefinition;
let workflow: LocalWorkflow;
let relay: LocalOutboxRelay;
const startedAt = Date.now();

beforeAll(async () => {
  // Typical cases' photos (the publicity gate) go to a throwaway local media folder.
  process.env.BOAI_LOCAL_MEDIA_DIR ??= mkdtempSync(join(tmpdir(), 'boai-pilot-media-'));
  definition = await synthesizePilotWorkflow();
  relay = await startLocalOutboxRelay({ pollIntervalMs: 50, retryIntervalMs: 50 });
  workflow = await startLocalWorkflow({ definition });
  await loadUpperDivisions();
  await Promise.all(Object.values(counties).map((county) => loadCounty(county)));
}, 120_000);

afterAll(async () => {
  await workflow.stop();
  await relay.stop();
  useWorkflowEngine(undefined);
  console.info(`pilot workflow: all paths ran in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
});

/**
 * The outbox messages about a county, delivered or not, read from the table itself (a Scan:
 * test-only; the relay never lists the outbox, it follows the stream).
 */
async function outboxItems(county: string): Promise<Json[]> {
  const items: Json[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'entity = :outbox AND attributes.county = :county',
        ExpressionAttributeValues: { ':outbox': 'OutboxMessage', ':county': county },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as Json[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
}

/** A plan a year ahead with every target at zero unless given. */
function plan(targets: Json = {}, deadlines: Json = {}): Json {
  return {
    summary: '按照省红会部署，全面推进基层组织建设，实现乡镇、村（社区）红十字会应建尽建。',
    targets: {
      townshipCoveragePct: 0, villageCoveragePct: 0, schoolBranches: 0, hospitalBranches: 0, enterpriseBranches: 0,
      boaiHomes: 0, firstAiders: 0, aeds: 0, volunteers: 0, fundsRaisedFen: 0, ...targets,
    },
    deadlines: { planReview: '2027-03-31', deployment: '2027-09-30', publicity: '2027-10-31', evaluation: '2027-11-30', consolidation: '2027-12-31', ...deadlines },
  };
}

async function pilot(county: string, caller: Caller = countyStaff(county)): Promise<Json> {
  const answer = await call(caller, 'GET /api/pilots/{county}', { params: { county } });
  expect(answer.status, answer.raw).toBe(200);
  return answer.body;
}

/** Polls the pilot (as the portal does) until `check` holds; the workflow moves on its own. */
async function until(county: string, check: (p: Json) => boolean, what: string, timeoutMs = 15_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await pilot(county);
    if (check(current)) return current;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; pilot is at ${current.step} (${current.status})`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}
const atStep = (county: string, step: string, timeoutMs?: number) => until(county, (p) => p.step === step && p.status === 'running', `step ${step}`, timeoutMs);

async function submitted(county: string, body: Json = plan()): Promise<Json> {
  const staff = countyStaff(county);
  const drafted = await call(staff, 'POST /api/pilots', { body: { county, name: '基层组织建设试点', plan: body } });
  expect(drafted.status, drafted.raw).toBe(201);
  expect(drafted.body.status).toBe('draft');
  const answer = await call(staff, 'POST /api/pilots/{county}/submit', { params: { county }, body: { expectedVersion: drafted.body.version } });
  expect(answer.status, answer.raw).toBe(202);
  expect(answer.body.status).toBe('running');
  return atStep(county, 'planReview');
}

async function decide(caller: Caller, county: string, body: Json): Promise<{ status: number; body: Json; raw: string }> {
  return call(caller, 'POST /api/pilots/{county}/decisions', { params: { county }, body });
}
async function decided(caller: Caller, county: string, body: Json): Promise<Json> {
  const answer = await decide(caller, county, body);
  expect(answer.status, answer.raw).toBe(200);
  return answer.body;
}

/** A published typical case for the county (the publicity gate). */
async function publishCase(county: string): Promise<void> {
  const staff = countyStaff(county);
  const created = await call(staff, 'POST /api/cases', {
    body: { division: county, title: '博爱家园守护留守老人', summary: '村红十字会志愿者每周上门。', body: '村红十字会组织志愿者每周上门探访留守老人，开展应急救护培训。' },
  });
  expect(created.status, created.raw).toBe(201);
  // A 1×1 PNG.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const photo = await call(staff, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.body.caseId }, body: { contentType: 'image/png', data: png, caption: '探访' } });
  expect(photo.status, photo.raw).toBe(201);
  const current = await call(staff, 'GET /api/cases/{caseId}', { params: { caseId: created.body.caseId } });
  const published = await call(staff, 'POST /api/cases/{caseId}/publish', { params: { caseId: created.body.caseId }, body: { expectedVersion: current.body.version } });
  expect(published.status, published.raw).toBe(200);
}

const kinds = (p: Json): string[] => (p.timeline as Json[]).map((event) => (event.outcome ? `${event.kind}:${event.step}:${event.outcome}` : `${event.kind}${event.step ? `:${event.step}` : ''}`));

describe('the pilot workflow', () => {
  it('runs a plan approved the first time all the way to completion', async () => {
    const county = counties.approved;
    const staff = countyStaff(county);
    const review = await submitted(county);
    expect(review.pending).toMatchObject({ step: 'planReview', awaiting: 'city', overdue: false, escalations: 0, decided: false });
    expect(review.pending.deadline).toBe('2027-03-31T15:59:59.999Z');
    expect(review.allowedOutcomes).toEqual([]);
    expect((await pilot(county, yichang)).allowedOutcomes).toEqual(['approve', 'reject']);

    await decided(yichang, county, { step: 'planReview', outcome: 'approve', comments: '同意实施。' });
    const deployment = await atStep(county, 'deployment');
    expect(deployment.pending).toMatchObject({ awaiting: 'county', deadline: '2027-09-30T15:59:59.999Z' });
    expect(deployment.allowedOutcomes).toEqual(['declareComplete']);

    await decided(staff, county, { step: 'deployment', outcome: 'declareComplete' });
    await atStep(county, 'publicity');
    const refused = await decide(staff, county, { step: 'publicity', outcome: 'declareComplete' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PILOT_NO_CASES');
    await publishCase(county);
    await decided(staff, county, { step: 'publicity', outcome: 'declareComplete' });

    const evaluation = await atStep(county, 'evaluation');
    expect(evaluation.scorecard.met).toBe(true);
    expect(evaluation.scorecard.kpis).toHaveLength(10);
    expect((await pilot(county, evaluator)).allowedOutcomes).toEqual(['accept', 'rectify']);
    await decided(evaluator, county, { step: 'evaluation', outcome: 'accept', comments: '验收合格。' });
    await atStep(county, 'consolidation');
    const noSummary = await decide(staff, county, { step: 'consolidation', outcome: 'declareComplete' });
    expect(noSummary.status).toBe(400);
    expect(noSummary.body.error.code).toBe('COMMENTS_REQUIRED');
    await decided(staff, county, { step: 'consolidation', outcome: 'declareComplete', comments: '建立长效机制，纳入年度考核。' });

    const done = await until(county, (p) => p.status === 'completed', 'completion');
    expect(done.step).toBe('completed');
    expect(done.pending).toBeUndefined();
    expect(kinds(done)).toEqual([
      'drafted', 'submitted:submitted',
      'stepEntered:planReview', 'decision:planReview:approve',
      'stepEntered:deployment', 'decision:deployment:declareComplete',
      'stepEntered:publicity', 'refused:publicity:declareComplete', 'decision:publicity:declareComplete',
      'stepEntered:evaluation', 'decision:evaluation:accept',
      'stepEntered:consolidation', 'decision:consolidation:declareComplete',
      'completed:completed',
    ]);
    const list = await call(yichang, 'GET /api/pilots', {});
    expect(list.status).toBe(200);
    expect(list.body.items.find((row: Json) => row.county === county)).toMatchObject({ status: 'completed', step: 'completed', overdue: false });
  });

  it('loops a rejected plan through revision until the city approves it', async () => {
    const county = counties.rejected;
    const staff = countyStaff(county);
    await submitted(county);
    const noReason = await decide(yichang, county, { step: 'planReview', outcome: 'reject' });
    expect(noReason.status).toBe(400);
    await decided(yichang, county, { step: 'planReview', outcome: 'reject', comments: '村级覆盖目标偏低，请提高到 80%。' });
    const revision = await atStep(county, 'planRevision');
    expect(revision.pending.awaiting).toBe('county');
    expect(revision.allowedOutcomes).toEqual(['resubmit']);
    const withoutPlan = await decide(staff, county, { step: 'planRevision', outcome: 'resubmit' });
    expect(withoutPlan.status).toBe(400);
    await decided(staff, county, { step: 'planRevision', outcome: 'resubmit', plan: plan({ villageCoveragePct: 80 }) });
    const again = await atStep(county, 'planReview');
    expect(again.planRevision).toBe(2);
    expect(again.plan.targets.villageCoveragePct).toBe(80);
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    const deployment = await atStep(county, 'deployment');
    expect(kinds(deployment)).toEqual([
      'drafted', 'submitted:submitted', 'stepEntered:planReview', 'decision:planReview:reject',
      'stepEntered:planRevision', 'decision:planRevision:resubmit', 'stepEntered:planReview', 'decision:planReview:approve', 'stepEntered:deployment',
    ]);
    expect(deployment.timeline.find((event: Json) => event.outcome === 'reject').comments).toBe('村级覆盖目标偏低，请提高到 80%。');
  });

  it('refuses a deployment declared before the targets are met, and accepts it once they are', async () => {
    const county = counties.early;
    const staff = countyStaff(county);
    await submitted(county, plan({ schoolBranches: 1 }));
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
    const early = await decide(staff, county, { step: 'deployment', outcome: 'declareComplete' });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('PILOT_TARGETS_UNMET');
    expect(early.body.error.unmet).toEqual(['schoolBranches']);
    const stillDeploying = await pilot(county);
    expect(stillDeploying.step).toBe('deployment');
    expect(stillDeploying.timeline.at(-1)).toMatchObject({ kind: 'refused', step: 'deployment', unmet: ['schoolBranches'] });

    const proposed = await call(staff, 'POST /api/branches', { body: { name: '秭归县第一中学红十字会', type: 'school', hostOrganisation: '秭归县第一中学', division: county } });
    expect(proposed.status, proposed.raw).toBe(201);
    const approved = await call(staff, 'POST /api/branches/{branchId}/approve', { params: { branchId: proposed.body.branchId }, body: { expectedVersion: 1 } });
    expect(approved.status, approved.raw).toBe(200);
    const live = await call(staff, 'GET /api/pilots/{county}/scorecard', { params: { county } });
    expect(live.body.kpis.find((kpi: Json) => kpi.key === 'schoolBranches')).toMatchObject({ actual: 1, target: 1, met: true, source: 'live' });

    const accepted = await decided(staff, county, { step: 'deployment', outcome: 'declareComplete' });
    expect(accepted.scorecard.met).toBe(true);
    await atStep(county, 'publicity');
  });

  it('sends a rectification back to deployment with its own deadline, then accepts', async () => {
    const county = counties.rectify;
    const staff = countyStaff(county);
    await submitted(county);
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
    await decided(staff, county, { step: 'deployment', outcome: 'declareComplete' });
    await atStep(county, 'publicity');
    await publishCase(county);
    await decided(staff, county, { step: 'publicity', outcome: 'declareComplete' });
    await atStep(county, 'evaluation');
    const noDeadline = await decide(evaluator, county, { step: 'evaluation', outcome: 'rectify', comments: '阵地建设台账不全。' });
    expect(noDeadline.status).toBe(400);
    await decided(evaluator, county, { step: 'evaluation', outcome: 'rectify', comments: '阵地建设台账不全。', deadline: '2027-12-15' });
    const again = await atStep(county, 'deployment');
    expect(again.pending.deadline).toBe('2027-12-15T15:59:59.999Z');
    await decided(staff, county, { step: 'deployment', outcome: 'declareComplete' });
    await atStep(county, 'publicity');
    await decided(staff, county, { step: 'publicity', outcome: 'declareComplete' });
    await atStep(county, 'evaluation');
    await decided(evaluator, county, { step: 'evaluation', outcome: 'accept' });
    const consolidation = await atStep(county, 'consolidation');
    expect(kinds(consolidation).filter((kind) => kind.startsWith('stepEntered'))).toEqual([
      'stepEntered:planReview', 'stepEntered:deployment', 'stepEntered:publicity', 'stepEntered:evaluation',
      'stepEntered:deployment', 'stepEntered:publicity', 'stepEntered:evaluation', 'stepEntered:consolidation',
    ]);
  });

  it('escalates a missed deadline over SNS and keeps waiting for the decision', async () => {
    const county = counties.overdue;
    const soon = new Date(Date.now() + 2500).toISOString();
    await submitted(county, plan({}, { planReview: soon }));
    const message = await relay.delivered((entry) => entry.attributes.county === county, 15_000);
    expect(message.topic).toBe('workflowEscalations');
    expect(message.attributes).toEqual({ county, city: '420500000000', step: 'planReview' });
    expect(message.subject).toBe(`Boai pilot overdue: ${county} planReview`);
    expect(message.message).toContain('五峰土家族自治县');
    expect(message.message).toContain('逾期');
    expect(message.message).toContain('宜昌市红十字会');

    const overdue = await until(county, (p) => p.pending?.escalations === 1, 'the escalation on the pilot');
    expect(overdue.pending).toMatchObject({ step: 'planReview', overdue: true, escalations: 1 });
    expect(overdue.timeline.at(-1)).toMatchObject({ kind: 'escalated', step: 'planReview' });
    // Still waiting: the city can decide, and only one alert went out for this escalation.
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
    expect(await outboxItems(county)).toHaveLength(1);
    expect(relay.outbox.filter((entry) => entry.attributes.county === county)).toHaveLength(1);
  });

  it('lets only the right role in the right division decide', async () => {
    const county = counties.roles;
    const staff = countyStaff(county);
    const other = countyStaff(counties.approved);
    await submitted(county);
    const cases: [Caller, number, string][] = [
      [staff, 403, 'FORBIDDEN'], // the county cannot approve its own plan
      [evaluator, 403, 'FORBIDDEN'],
      [province, 403, 'FORBIDDEN'],
      [jingzhou, 403, 'OUT_OF_SCOPE'], // another city
      [other, 403, 'FORBIDDEN'],
    ];
    for (const [caller, status, code] of cases) {
      const answer = await decide(caller, county, { step: 'planReview', outcome: 'approve' });
      expect([caller.username, answer.status, answer.body.error?.code]).toEqual([caller.username, status, code]);
    }
    const noToken = await call(undefined, 'POST /api/pilots/{county}/decisions', { params: { county }, body: { step: 'planReview', outcome: 'approve' } });
    expect(noToken.status).toBe(401);
    const wrongStep = await decide(staff, county, { step: 'deployment', outcome: 'declareComplete' });
    expect([wrongStep.status, wrongStep.body.error.code]).toEqual([409, 'DECISION_NOT_PENDING']);
    const wrongOutcome = await decide(yichang, county, { step: 'planReview', outcome: 'accept' });
    expect([wrongOutcome.status, wrongOutcome.body.error.code]).toEqual([422, 'OUTCOME_INVALID']);
    const otherCountyStep = await decide(other, county, { step: 'deployment', outcome: 'declareComplete' });
    expect([otherCountyStep.status, otherCountyStep.body.error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect((await call(jingzhou, 'GET /api/pilots/{county}', { params: { county } })).status).toBe(403);
    // Nothing of that reached the workflow.
    const unchanged = await pilot(county);
    expect(unchanged.step).toBe('planReview');
    expect(unchanged.pending.decided).toBe(false);
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
  });

  it('collects a decision whose hand-over was lost when the task next waits', async () => {
    const county = counties.lostHandOver;
    const soon = new Date(Date.now() + 2500).toISOString();
    await submitted(county, plan({}, { planReview: soon }));
    // The token hand-over fails (as when the wait has just timed out in AWS): the decision is
    // recorded but reaches no task.
    const send = workflow.sendDecision.bind(workflow);
    workflow.sendDecision = async () => 'stale';
    try {
      const recorded = await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
      expect(recorded.pending.decided).toBe(true);
      expect(recorded.allowedOutcomes).toEqual([]);
    } finally {
      workflow.sendDecision = send;
    }
    // The wait times out at the deadline, escalates, waits again, finds the decision and moves on.
    const deployment = await atStep(county, 'deployment');
    expect(kinds(deployment)).toContain('decision:planReview:approve');
    expect(kinds(deployment).filter((kind) => kind === 'decision:planReview:approve')).toHaveLength(1);
  });

  it('loses no progress when the runner restarts', async () => {
    const county = counties.restart;
    await submitted(county);
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
    await workflow.stop();
    // A new process: a fresh runner over the same table resumes every running pilot.
    workflow = await startLocalWorkflow({ definition });
    expect(await workflow.resumeRunning()).toBeGreaterThanOrEqual(1);
    const resumed = await pilot(county);
    expect(resumed.step).toBe('deployment');
    await decided(countyStaff(county), county, { step: 'deployment', outcome: 'declareComplete' });
    const publicity = await atStep(county, 'publicity');
    expect(kinds(publicity).filter((kind) => kind === 'stepEntered:deployment')).toHaveLength(1);
  });

  it('marks a pilot faulted when a task keeps failing, and province staff resume it', async () => {
    const county = counties.fault;
    await submitted(county);
    // Break the plan the next step needs (its deadline), as a bad data migration would.
    await documentClient.send(new UpdateCommand({ TableName: tableName(), Key: { PK: `PILOT#${county}`, SK: '#PILOT' }, UpdateExpression: 'REMOVE #plan.deadlines.deployment', ExpressionAttributeNames: { '#plan': 'plan' } }));
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    const faulted = await until(county, (p) => p.status === 'faulted', 'the fault');
    expect(faulted.fault.error).toBeTruthy();
    expect(kinds(faulted).at(-1)).toBe('fault');
    // The fault and its alert were written together; the relay delivers the alert.
    const alert = await relay.delivered((entry) => entry.attributes.county === county && entry.attributes.step === 'fault', 10_000);
    expect(alert.message).toContain(faulted.fault.error);

    expect((await call(countyStaff(county), 'POST /api/pilots/{county}/resume', { params: { county }, body: {} })).status).toBe(403);
    await documentClient.send(new UpdateCommand({ TableName: tableName(), Key: { PK: `PILOT#${county}`, SK: '#PILOT' }, UpdateExpression: 'SET #plan.deadlines.deployment = :d', ExpressionAttributeNames: { '#plan': 'plan' }, ExpressionAttributeValues: { ':d': '2027-09-30T15:59:59.999Z' } }));
    const resumed = await call(province, 'POST /api/pilots/{county}/resume', { params: { county }, body: {} });
    expect(resumed.status, resumed.raw).toBe(202);
    const deployment = await atStep(county, 'deployment');
    expect(kinds(deployment)).toContain('resumed:planReview');
    const again = await call(province, 'POST /api/pilots/{county}/resume', { params: { county }, body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'PILOT_STATE_INVALID']);
  });

  it('loses no escalation while SNS refuses it, and never holds up the workflow for it', async () => {
    const county = counties.snsDown;
    await relay.stop();
    // SNS refuses every alert about this county until it "recovers".
    let snsUp = false;
    let refusals = 0;
    relay = await startLocalOutboxRelay({
      pollIntervalMs: 50,
      retryIntervalMs: 50,
      // Short back-off, so the alert goes out soon after SNS is back even under load.
      maxRetryIntervalMs: 200,
      beforePublish: (message) => {
        if (message.attributes.county === county && !snsUp) {
          refusals += 1;
          throw Object.assign(new Error('SNS is unavailable'), { name: 'InternalErrorException' });
        }
      },
    });
    await submitted(county, plan({}, { planReview: new Date(Date.now() + 2500).toISOString() }));
    const overdue = await until(county, (p) => p.pending?.escalations === 1, 'the escalation', 20_000);
    expect(overdue.pending).toMatchObject({ escalations: 1, overdue: true });
    await expect.poll(() => refusals, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    // The workflow goes on while the alert waits: the city decides and the pilot moves on.
    await decided(yichang, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
    expect(relay.outbox.filter((entry) => entry.attributes.county === county)).toHaveLength(0);
    const waiting = await outboxItems(county);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.deliveredAt).toBeUndefined();
    expect(waiting[0]!.GSI1PK).toBe('OUTBOX_PENDING');
    // SNS is back: the alert goes out once, and the item is marked delivered.
    snsUp = true;
    const sent = await relay.delivered((entry) => entry.attributes.county === county, 10_000);
    expect(sent.attributes.step).toBe('planReview');
    // The relay marks the item after SNS accepted it.
    await expect.poll(async () => (await outboxItems(county))[0]?.snsMessageId, { timeout: 10_000 }).toBe(sent.messageId);
    expect(kinds(await pilot(county)).filter((kind) => kind === 'escalated:planReview')).toHaveLength(1);
    expect(relay.outbox.filter((entry) => entry.attributes.county === county)).toHaveLength(1);
  });

  it('refuses a plan or a deadline slipped into a decision that does not take one', async () => {
    const county = counties.duties;
    await submitted(county);
    const withPlan = await decide(yichang, county, { step: 'planReview', outcome: 'approve', plan: plan({ volunteers: 9999 }) });
    expect([withPlan.status, withPlan.body.error.issues[0].field]).toEqual([400, 'body.plan']);
    const withDeadline = await decide(yichang, county, { step: 'planReview', outcome: 'approve', deadline: '2027-12-01' });
    expect([withDeadline.status, withDeadline.body.error.issues[0].field]).toEqual([400, 'body.deadline']);
    // An account that is county staff there too does not review the plan it may have drafted.
    const both: Caller = { username: 'both.roles', name: '兼职', roles: '[county city]', division: county };
    expect((await decide(both, county, { step: 'planReview', outcome: 'approve' })).status).toBe(403);
    const unchanged = await pilot(county);
    expect(unchanged.plan.targets.volunteers).toBe(0);
    expect(unchanged.planRevision).toBe(1);
    await decided(yichang, county, { step: 'planReview', outcome: 'reject', comments: '请补充村级覆盖计划。' });
    const revision = await atStep(county, 'planRevision');
    // The county gets a revision period of its own (14 days), not the review deadline.
    expect(Date.parse(revision.pending.deadline) - Date.parse(revision.pending.since)).toBeGreaterThanOrEqual(14 * 86_400_000 - 1000);
    const bad = await decide(countyStaff(county), county, { step: 'planRevision', outcome: 'resubmit', plan: plan({}, { deployment: '2027-02-30' }) });
    expect([bad.status, bad.body.error.issues?.[0]?.field]).toEqual([400, 'body.plan.deadlines.deployment']);
  });

  it('has the province review the plans of the counties it administers directly', async () => {
    const county = counties.xiantao;
    await submitted(county);
    const review = await pilot(county);
    expect(review.pending.awaiting).toBe('province');
    expect((await pilot(county, province)).allowedOutcomes).toEqual(['approve', 'reject']);
    const city: Caller = { username: 'city.4290', name: '?', roles: '[city]', division: '429000000000' };
    expect((await decide(city, county, { step: 'planReview', outcome: 'approve' })).status).toBe(403);
    const stray = await decide(province, counties.roles, { step: 'planReview', outcome: 'approve' });
    expect(stray.status).toBe(403);
    await decided(province, county, { step: 'planReview', outcome: 'approve' });
    await atStep(county, 'deployment');
  });

  it('moves the later deadlines with a rectification', async () => {
    const county = counties.rectify;
    const current = await pilot(county);
    const rectified = current.timeline.find((event: Json) => event.outcome === 'rectify');
    expect(rectified.deadline).toBe('2027-12-15T15:59:59.999Z');
    // Deployment moved from 2027-09-30 to 2027-12-15 (76 days): publicity and evaluation moved as much.
    expect(current.deadlines.deployment).toBe('2027-12-15T15:59:59.999Z');
    expect(current.deadlines.publicity).toBe('2028-01-15T15:59:59.999Z');
    expect(current.deadlines.evaluation).toBe('2028-02-14T15:59:59.999Z');
    expect(current.plan.deadlines.publicity).toBe('2027-10-31T15:59:59.999Z');
    const publicity = current.timeline.filter((event: Json) => event.kind === 'stepEntered' && event.step === 'publicity').at(-1);
    expect(publicity.deadline).toBe('2028-01-15T15:59:59.999Z');
  });

  it('marks the pilot faulted when its execution ends without completing it, so it can be resumed', async () => {
    const county = counties.ended;
    const started = await submitted(county);
    const { handler } = await import('../../functions/pilot-workflow/index.js');
    const { testContext } = await import('../support/events.js');
    // What EventBridge delivers when the execution times out after a year (or fails, or is stopped).
    await handler({ task: 'executionEnded', status: 'TIMED_OUT', input: JSON.stringify({ pilotId: started.pilotId, county, run: 1 }) }, testContext());
    const faulted = await pilot(county);
    expect([faulted.status, faulted.fault.error]).toEqual(['faulted', 'ExecutionTimedOut']);
    // Reported again (EventBridge retries), nothing more is written.
    await handler({ task: 'executionEnded', status: 'TIMED_OUT', input: JSON.stringify({ pilotId: started.pilotId, county, run: 1 }) }, testContext());
    expect(kinds(await pilot(county)).filter((kind) => kind === 'fault')).toHaveLength(1);
    const resumed = await call(province, 'POST /api/pilots/{county}/resume', { params: { county }, body: {} });
    expect(resumed.status, resumed.raw).toBe(202);
    await atStep(county, 'planReview');
    // An ended execution of an older run changes nothing.
    await handler({ task: 'executionEnded', status: 'FAILED', input: JSON.stringify({ pilotId: started.pilotId, county, run: 1 }) }, testContext());
    expect((await pilot(county)).status).toBe('running');
  });

  it('escalates once when a deadline check is retried, and not at all from an earlier wait or once a decision is recorded', async () => {
    const county = counties.retried;
    await loadCounty(county);
    const { enterStep, checkDeadline } = await import('../../shared/pilots/workflow-tasks.js');
    const shiyan: Caller = { username: 'city.shiyan', name: '十堰市红会 测试', roles: '[city]', division: '420300000000' };
    // The tasks called one by one, as the state machine would, with no execution running.
    useWorkflowEngine({ start: async () => undefined, sendDecision: async () => 'stale' });
    try {
      const staff = countyStaff(county);
      const drafted = await call(staff, 'POST /api/pilots', { body: { county, name: '试点', plan: plan({}, { planReview: new Date(Date.now() + 1500).toISOString() }) } });
      await call(staff, 'POST /api/pilots/{county}/submit', { params: { county }, body: { expectedVersion: drafted.body.version } });
      const wait = await enterStep({ county, run: 1, step: 'planReview' });
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const first = await checkDeadline({ county, run: 1, step: 'planReview', waitId: wait.waitId });
      const retry = await checkDeadline({ county, run: 1, step: 'planReview', waitId: wait.waitId });
      expect([first.escalated, retry.escalated]).toEqual([true, false]);
      expect(kinds(await pilot(county)).filter((kind) => kind === 'escalated:planReview')).toHaveLength(1);
      // One escalation, one alert: written with it, in the same transaction.
      const alerts = await outboxItems(county);
      expect(alerts.map((alert) => alert.message)).toEqual([expect.stringContaining('第 1 次提醒')]);
      const next = await enterStep({ county, run: 1, step: 'planReview' });
      expect(next.waitId).not.toBe(wait.waitId);
      expect((await checkDeadline({ county, run: 1, step: 'planReview', waitId: next.waitId })).escalated).toBe(false);
      // A week on, with a decision recorded around the deadline: no "still awaiting" alert.
      await documentClient.send(new UpdateCommand({ TableName: tableName(), Key: { PK: `PILOT#${county}`, SK: '#PILOT' }, UpdateExpression: 'SET lastEscalatedAt = :long', ExpressionAttributeValues: { ':long': new Date(Date.now() - 8 * 86_400_000).toISOString() } }));
      // Due again, but a check from a wait that is no longer the current one escalates nothing.
      expect((await checkDeadline({ county, run: 1, step: 'planReview', waitId: wait.waitId })).escalated).toBe(false);
      expect(await outboxItems(county)).toHaveLength(1);
      await decided(shiyan, county, { step: 'planReview', outcome: 'approve' });
      const later = await enterStep({ county, run: 1, step: 'planReview' });
      expect((await checkDeadline({ county, run: 1, step: 'planReview', waitId: later.waitId })).escalated).toBe(false);
      expect(await outboxItems(county)).toHaveLength(1);
    } finally {
      useWorkflowEngine(workflow);
    }
  });

  it('continues a nearly year-old execution as a new one of the same run, and the pilot goes on', async () => {
    const county = counties.continued;
    const shiyan: Caller = { username: 'city.shiyan', name: '十堰市红会 测试', roles: '[city]', division: '420300000000' };
    await workflow.stop();
    // The first execution of a run (`<pilotId>-<run>`) looks 340 days old; a continued one is new.
    const old = new Date(Date.now() - 340 * 86_400_000).toISOString();
    workflow = await startLocalWorkflow({ definition, executionStartedAt: (name) => (name.split('-').length === 2 ? old : new Date().toISOString()) });
    try {
      await submitted(county);
      const { pilotId } = await pilot(county);
      // Entering plan review, the old execution handed the run over to a new one and ended.
      await expect.poll(() => workflow.started.filter((name) => name.startsWith(pilotId)), { timeout: 10_000 }).toEqual([`${pilotId}-1`, expect.stringMatching(new RegExp(`^${pilotId}-1-[0-9A-Z]{26}$`))]);
      await expect.poll(() => workflow.running, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      await decided(shiyan, county, { step: 'planReview', outcome: 'approve' });
      const deployment = await atStep(county, 'deployment');
      expect(deployment).toMatchObject({ status: 'running' });
      expect(kinds(deployment).filter((kind) => kind === 'stepEntered:planReview')).toHaveLength(1);
      // The new execution is young: no further hand-over at the next step.
      expect(workflow.started.filter((name) => name.startsWith(pilotId))).toHaveLength(2);
    } finally {
      await workflow.stop();
      workflow = await startLocalWorkflow({ definition });
      await workflow.resumeRunning();
    }
  });

  it('lets one of two racing decisions win', async () => {
    const county = counties.race;
    await submitted(county);
    const answers = await Promise.all([
      decide(yichang, county, { step: 'planReview', outcome: 'approve' }),
      decide(yichang, county, { step: 'planReview', outcome: 'reject', comments: '退回。' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!.body.timeline.at(-1).outcome;
    const next = await atStep(county, winner === 'approve' ? 'deployment' : 'planRevision');
    expect(kinds(next).filter((kind) => kind.startsWith('decision'))).toHaveLength(1);
  });
});
