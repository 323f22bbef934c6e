/**
 * The pilot screens' pure readings: words for every step, outcome, event and KPI in both
 * languages, yuan ↔ fen, Shanghai dates, phase order and workflow motion, the plan form's checks,
 * the API's refusals and the list's CSV rows.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/common/api.js';
import { buildCsv, utf8Bom } from '../../web/src/portal/csv.js';
import { pt, type AnyKey } from '../../web/src/portal/messages.js';
import { pilotColumns } from '../../web/src/portal/pilot/exports.js';
import { achievement, dateInputOf, eventLabel, eventTitle, fenToYuanText, formatDate, formatKpi, formatKpiShort, formatYuan, kpiInputLabel, kpiLabel, outcomeLabel, sourceLabel, stepLabel, yuanToFen } from '../../web/src/portal/pilot/labels.js';
import { emptyPlanForm, figuresBody, figuresText, planToForm, readPlanForm } from '../../web/src/portal/pilot/plan-form.js';
import { fieldIssues, fieldMessages, isNoCases, isNoPilot, isNotPending, unmetTargets } from '../../web/src/portal/pilot/pilot-errors.js';
import { pilotEn, pilotZh } from '../../web/src/portal/pilot/pilot-messages.js';
import { filterPilots } from '../../web/src/portal/pilot/PilotList.js';
import { modeOf } from '../../web/src/portal/pilot/PlanForm.js';
import { kpiKeys, outcomes, pilotSteps, planPhases, timelineKinds, type Pilot, type PilotSummary, type Plan } from '../../web/src/portal/pilot/types.js';
import { awaitsMe, countByStep, currentPhaseIndex, displaySteps, inMotion, isRectifying, phaseState, pilotAccess, sentBackBy, startStuck, workflowSettled } from '../../web/src/portal/pilot/workflow.js';
import { stillUnmet } from '../../web/src/portal/pilot/DecisionPanel.js';
import { doneText, whereNow } from '../../web/src/portal/pilot/PilotDetail.js';
import { optionFor } from '../../web/src/portal/pilot/pilot-charts.js';
import { actorText } from '../../web/src/portal/pilot/Timeline.js';

const zh = (key: AnyKey, params?: Record<string, string | number>) => pt('zh', key, params);
const en = (key: AnyKey, params?: Record<string, string | number>) => pt('en', key, params);
const envelope = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new ApiError(status, code, 'msg', { zh: '中文', en: 'English' }, 'req-1', { code, message: 'msg', ...extra });
const han = /\p{Script=Han}/u;

describe('pilot words', () => {
  it('names every step (with 故障 for a faulted workflow), outcome, event, KPI and source in both languages', () => {
    const steps = displaySteps.map((step) => stepLabel(step, zh));
    expect(steps).toEqual(['草稿', '已提交', '方案审批', '方案修改', '部署实施', '宣传推广', '评估验收', '巩固深化', '已完成', '故障']);
    expect(pilotSteps.length + 1).toBe(displaySteps.length);
    for (const step of displaySteps) expect(stepLabel(step, en)).not.toMatch(han);
    for (const outcome of outcomes) {
      expect(outcomeLabel(outcome, zh)).toMatch(han);
      expect(outcomeLabel(outcome, en)).not.toMatch(han);
    }
    expect(outcomeLabel('reject', zh)).toBe('退回修改');
    expect(outcomeLabel('accept', zh)).toBe('验收通过');
    for (const kind of timelineKinds) expect(eventLabel(kind, zh)).not.toBe(kind);
    for (const key of kpiKeys) expect(kpiLabel(key, en)).not.toBe(key);
    for (const source of ['live', 'reported', 'none']) expect(sourceLabel(source, zh)).toMatch(han);
  });

  it('shows the code of a value this build does not know instead of a blank', () => {
    expect(stepLabel('auditing', zh)).toBe('auditing');
    expect(eventLabel('archived', en)).toBe('archived');
  });

  it('keeps both dictionaries in step: same keys and placeholders, English free of Chinese', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(pilotEn).sort()).toEqual(Object.keys(pilotZh).sort());
    for (const [key, text] of Object.entries(pilotZh)) {
      const english = pilotEn[key as keyof typeof pilotEn];
      expect(placeholders(english), key).toEqual(placeholders(text));
      expect(english, key).not.toMatch(han);
    }
  });
});

describe('yuan and fen', () => {
  it('reads yuan as typed into whole fen without float error', () => {
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen(' 1,200,000.05 ')).toBe(120_000_005);
    expect(yuanToFen('¥30')).toBe(3000);
    expect(yuanToFen('12.')).toBe(1200);
  });

  it('refuses negatives, fractions of a fen and text', () => {
    for (const bad of ['-1', '1.234', 'abc', '', '1e5', '99999999999999999']) expect(yuanToFen(bad), bad).toBeUndefined();
  });

  it('shows fen as yuan in inputs and on screen', () => {
    expect(fenToYuanText(1250)).toBe('12.50');
    expect(fenToYuanText(5_000_000)).toBe('50000');
    expect(fenToYuanText(7)).toBe('0.07');
    expect(yuanToFen(fenToYuanText(123_456_789))).toBe(123_456_789);
    expect(formatYuan(5_000_000, 'zh')).toBe('¥50,000');
    expect(formatYuan(1250, 'zh')).toBe('¥12.50');
    expect(formatYuan(5_000_000, 'en')).not.toMatch(han);
    expect(formatYuan(5_000_000, 'en')).toContain('50,000');
  });

  it('formats KPI figures in their units', () => {
    expect(formatKpi(58.8, 'percent', 'zh')).toBe('58.8%');
    expect(formatKpi(80, 'percent', 'en')).toBe('80%');
    expect(formatKpi(1234, 'count', 'zh')).toBe('1,234');
    expect(formatKpi(100, 'fen', 'zh')).toBe('¥1');
  });

  it('gives a share of the target, none for a zero target', () => {
    expect(achievement(8, 10)).toBe(80);
    expect(achievement(1, 3)).toBe(33.3);
    expect(achievement(15, 10)).toBe(150);
    expect(achievement(5, 0)).toBeUndefined();
  });
});

describe('Shanghai dates', () => {
  // A deadline "2026-06-30" is stored as the last instant of that day in Shanghai: 15:59:59.999 UTC.
  const deadline = '2026-06-30T15:59:59.999Z';

  it('shows a deadline as its Shanghai day whatever the machine zone', () => {
    expect(formatDate(deadline, 'zh')).toBe('2026/6/30');
    expect(formatDate(deadline, 'en')).toBe('30 Jun 2026');
    expect(formatDate('2026-06-30T16:30:00Z', 'zh')).toBe('2026/7/1');
    expect(formatDate('nonsense', 'zh')).toBe('nonsense');
  });

  it('fills date inputs with that day', () => {
    expect(dateInputOf(deadline)).toBe('2026-06-30');
    expect(dateInputOf('2026-07-01')).toBe('2026-07-01');
    expect(dateInputOf(undefined)).toBe('');
    expect(dateInputOf('x')).toBe('');
  });
});

describe('phases and workflow motion', () => {
  it('orders the phases, with plan revision inside plan review', () => {
    expect(currentPhaseIndex('draft')).toBe(-1);
    expect(currentPhaseIndex('submitted')).toBe(0);
    expect(currentPhaseIndex('planReview')).toBe(0);
    expect(currentPhaseIndex('planRevision')).toBe(0);
    expect(currentPhaseIndex('deployment')).toBe(1);
    expect(currentPhaseIndex('consolidation')).toBe(4);
    expect(currentPhaseIndex('completed')).toBe(planPhases.length);
    expect(planPhases.map((phase) => phaseState(phase, 'publicity'))).toEqual(['done', 'done', 'current', 'upcoming', 'upcoming']);
    expect(planPhases.map((phase) => phaseState(phase, 'completed'))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(planPhases.map((phase) => phaseState(phase, 'draft'))).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
  });

  it('is in motion while running with nobody awaited or a decision being handed over', () => {
    const pending = (decided: boolean) => ({ decided });
    expect(inMotion({ status: 'running', step: 'submitted' })).toBe(true);
    expect(inMotion({ status: 'running', step: 'planReview', pending: pending(true) })).toBe(true);
    expect(inMotion({ status: 'running', step: 'planReview', pending: pending(false) })).toBe(false);
    expect(inMotion({ status: 'draft', step: 'draft' })).toBe(false);
    expect(inMotion({ status: 'completed', step: 'completed' })).toBe(false);
    expect(inMotion({ status: 'faulted', step: 'deployment' })).toBe(false);
  });

  it('settles once the step the write acted on is left and the next one awaits someone', () => {
    const waiting = { decided: false };
    // City approved: the answer may still show plan review, decided; then deployment, waiting.
    expect(workflowSettled({ status: 'running', step: 'planReview', pending: { decided: true } }, 'planReview')).toBe(false);
    expect(workflowSettled({ status: 'running', step: 'deployment' }, 'planReview')).toBe(false);
    expect(workflowSettled({ status: 'running', step: 'deployment', pending: waiting }, 'planReview')).toBe(true);
    // A stale answer that still awaits the decided step is not "settled".
    expect(workflowSettled({ status: 'running', step: 'planReview', pending: waiting }, 'planReview')).toBe(false);
    expect(workflowSettled({ status: 'completed', step: 'completed' }, 'consolidation')).toBe(true);
    expect(workflowSettled({ status: 'running', step: 'deployment', pending: waiting })).toBe(true);
  });

  it('counts counties per step in workflow order, transient steps only when present', () => {
    const rows = [
      { status: 'running', step: 'deployment' },
      { status: 'running', step: 'deployment' },
      { status: 'faulted', step: 'publicity' },
      { status: 'draft', step: 'draft' },
    ] as const;
    const counts = countByStep(rows);
    expect(counts.map((c) => c.step)).toEqual(['draft', 'planReview', 'planRevision', 'deployment', 'publicity', 'evaluation', 'consolidation', 'completed', 'faulted']);
    expect(counts.find((c) => c.step === 'deployment')?.count).toBe(2);
    expect(counts.find((c) => c.step === 'publicity')?.count).toBe(0);
    expect(counts.find((c) => c.step === 'faulted')?.count).toBe(1);
  });

  it('sends county staff to their county and lets the province resume', () => {
    expect(pilotAccess({ roles: ['county'], division: { code: '421123000000', name: '罗田县', level: 'county' } })).toEqual({ ownCounty: '421123000000', canPlan: true, canResume: false });
    expect(pilotAccess({ roles: ['city'], division: { code: '421100000000', name: '黄冈市', level: 'city' } })).toEqual({ ownCounty: undefined, canPlan: false, canResume: false });
    expect(pilotAccess({ roles: ['evaluator'], division: { code: '420000000000', name: '湖北省', level: 'province' } }).ownCounty).toBeUndefined();
    expect(pilotAccess({ roles: ['province'], division: { code: '420000000000', name: '湖北省', level: 'province' } }).canResume).toBe(true);
    // Branch staff sit in a township: not county staff.
    expect(pilotAccess({ roles: ['branch'], division: { code: '421123100000', name: '凤山镇', level: 'township' } }).canPlan).toBe(false);
  });
});

const plan: Plan = {
  summary: '全面推进基层组织建设',
  targets: {
    townshipCoveragePct: 90,
    villageCoveragePct: 60,
    schoolBranches: 10,
    hospitalBranches: 5,
    enterpriseBranches: 4,
    boaiHomes: 8,
    firstAiders: 500,
    aeds: 20,
    volunteers: 1000,
    fundsRaisedFen: 5_000_050,
  },
  deadlines: {
    planReview: '2026-03-31T15:59:59.999Z',
    deployment: '2026-06-30T15:59:59.999Z',
    publicity: '2026-09-30T15:59:59.999Z',
    evaluation: '2026-11-30T15:59:59.999Z',
    consolidation: '2026-12-31T15:59:59.999Z',
  },
};

describe('plan form', () => {
  it('round-trips a stored plan: funds in yuan on screen, fen on the wire, dates as Shanghai days', () => {
    const form = planToForm('罗田县试点', plan);
    expect(form.targets.fundsRaisedFen).toBe('50000.50');
    expect(form.deadlines.planReview).toBe('2026-03-31');
    const { plan: body, errors } = readPlanForm(form, { needsName: true });
    expect(errors).toEqual({});
    expect(body.targets).toEqual(plan.targets);
    expect(body.deadlines).toEqual({ planReview: '2026-03-31', deployment: '2026-06-30', publicity: '2026-09-30', evaluation: '2026-11-30', consolidation: '2026-12-31' });
  });

  it('names each problem at its API field path', () => {
    const form = emptyPlanForm();
    form.targets.townshipCoveragePct = '101';
    form.targets.aeds = '2.5';
    form.targets.fundsRaisedFen = '1.234';
    form.deadlines.planReview = '2026-05-01';
    form.deadlines.deployment = '2026-04-01';
    const { errors } = readPlanForm(form, { needsName: true });
    expect(errors.name).toBe('pilot.form.error.required');
    expect(errors['plan.summary']).toBe('pilot.form.error.required');
    expect(errors['plan.targets.townshipCoveragePct']).toBe('pilot.form.error.percent');
    expect(errors['plan.targets.aeds']).toBe('pilot.form.error.whole');
    expect(errors['plan.targets.fundsRaisedFen']).toBe('pilot.form.error.money');
    expect(errors['plan.targets.boaiHomes']).toBe('pilot.form.error.required');
    expect(errors['plan.deadlines.deployment']).toBe('pilot.form.error.order');
    expect(errors['plan.deadlines.publicity']).toBe('pilot.form.error.date');
    expect(errors['plan.deadlines.planReview']).toBeUndefined();
    // A revision keeps the name it has.
    expect(readPlanForm(form, { needsName: false }).errors.name).toBeUndefined();
  });

  it('reports figures: blanks left out, funds as fen, bad values named', () => {
    expect(figuresText({ reportedFigures: { firstAiders: 12, fundsRaisedFen: 150 } })).toEqual({ firstAiders: '12', aeds: '', fundsRaisedFen: '1.50' });
    expect(figuresBody({ firstAiders: '120', aeds: '', fundsRaisedFen: '2,000.5' })).toEqual({ body: { firstAiders: 120, fundsRaisedFen: 200_050 }, problems: { fields: {}, empty: false } });
    expect(figuresBody({ firstAiders: '-3', aeds: 'x', fundsRaisedFen: '' }).problems.fields).toEqual({ firstAiders: 'pilot.form.error.whole', aeds: 'pilot.form.error.whole' });
    expect(figuresBody({ firstAiders: '', aeds: '1', fundsRaisedFen: '1.234' }).problems.fields).toEqual({ fundsRaisedFen: 'pilot.form.error.money' });
  });

  it('refuses an empty report and figures beyond what the API takes, naming the input', () => {
    expect(figuresBody({ firstAiders: ' ', aeds: '', fundsRaisedFen: '' }).problems).toEqual({ fields: {}, empty: true });
    // ¥10 billion is the most; one fen more, or a number too long to be exact, is too big.
    expect(figuresBody({ firstAiders: '', aeds: '', fundsRaisedFen: '10000000000' }).problems.fields).toEqual({});
    expect(figuresBody({ firstAiders: '', aeds: '', fundsRaisedFen: '10000000000.01' }).problems.fields).toEqual({ fundsRaisedFen: 'pilot.form.error.tooBig' });
    expect(figuresBody({ firstAiders: '99999999999999999999', aeds: '100001', fundsRaisedFen: '' }).problems.fields).toEqual({ firstAiders: 'pilot.form.error.tooBig', aeds: 'pilot.form.error.tooBig' });
    const form = planToForm('罗田县试点', plan);
    form.targets.aeds = '100001';
    expect(readPlanForm(form, { needsName: true }).errors['plan.targets.aeds']).toBe('pilot.form.error.tooBig');
  });

  it('picks the form mode from the pilot and the role', () => {
    const base = { status: 'draft', step: 'draft', allowedOutcomes: [] } as unknown as Pilot;
    expect(modeOf(undefined, true)).toBe('create');
    expect(modeOf(undefined, false)).toBe('closed');
    expect(modeOf(base, true)).toBe('edit');
    const revision = { ...base, status: 'running', step: 'planRevision', allowedOutcomes: ['resubmit'], pending: { step: 'planRevision', decided: false } } as unknown as Pilot;
    expect(modeOf(revision, true)).toBe('revise');
    expect(modeOf({ ...revision, pending: { ...revision.pending!, decided: true } }, true)).toBe('closed');
    expect(modeOf({ ...base, status: 'running', step: 'deployment' } as unknown as Pilot, true)).toBe('closed');
  });
});

describe('refusals', () => {
  it('places 400 and 422 PILOT_PLAN_INVALID issues at their fields, worded in the user’s language', () => {
    const invalid = envelope(400, 'VALIDATION_FAILED', { issues: [{ field: 'body.plan.targets.aeds', issue: 'too_big', detail: 'Too big: expected <=100000' }] });
    expect(fieldIssues(invalid)).toEqual({ 'plan.targets.aeds': 'too_big' });
    expect(fieldMessages(invalid, zh)).toEqual({ 'plan.targets.aeds': '数值过大' });
    const past = envelope(422, 'PILOT_PLAN_INVALID', { issues: [{ field: 'body.plan.deadlines.planReview', issue: 'past', detail: 'must be in the future' }] });
    expect(fieldMessages(past, en)).toEqual({ 'plan.deadlines.planReview': 'Cannot be before today' });
    expect(fieldMessages(past, zh)).toEqual({ 'plan.deadlines.planReview': '不能早于今天' });
    const order = envelope(422, 'PILOT_PLAN_INVALID', { issues: [{ field: 'body.plan.deadlines.publicity', issue: 'out_of_order' }] });
    expect(fieldMessages(order, zh)).toEqual({ 'plan.deadlines.publicity': '不能早于上一阶段的截止日期' });
    // A decision without its required comments, and an issue code this build has no words for.
    const comments = envelope(400, 'COMMENTS_REQUIRED', { issues: [{ field: 'body.comments', issue: 'required' }, { field: 'body.deadline', issue: 'odd' }] });
    expect(fieldMessages(comments, zh)).toEqual({ comments: '请填写此项', deadline: '请检查此项' });
    expect(fieldIssues(envelope(409, 'VERSION_CONFLICT', { issues: [{ field: 'x', issue: 'y' }] }))).toEqual({});
    expect(fieldIssues(envelope(422, 'PILOT_PLAN_INVALID'))).toEqual({});
  });

  it('reads the unmet KPIs of a refused completion, from the list or the scorecard', () => {
    const scorecard = { computedAt: '2026-01-01T00:00:00Z', met: false, kpis: [{ key: 'aeds', target: 20, actual: 3, unit: 'count', source: 'reported', met: false }] };
    expect(unmetTargets(envelope(422, 'PILOT_TARGETS_UNMET', { unmet: ['boaiHomes', { key: 'aeds' }, 'nonsense'], scorecard }))).toEqual({ keys: ['boaiHomes', 'aeds'], scorecard });
    expect(unmetTargets(envelope(422, 'PILOT_TARGETS_UNMET', { scorecard }))?.keys).toEqual(['aeds']);
    expect(unmetTargets(envelope(422, 'PILOT_NO_CASES'))).toBeUndefined();
  });

  it('recognises the codes that change what the page does', () => {
    expect(isNoCases(envelope(422, 'PILOT_NO_CASES'))).toBe(true);
    expect(isNotPending(envelope(409, 'DECISION_NOT_PENDING'))).toBe(true);
    expect(isNotPending(envelope(409, 'VERSION_CONFLICT'))).toBe(false);
    expect(isNoPilot(envelope(404, 'PILOT_NOT_FOUND'))).toBe(true);
    expect(isNoPilot(new Error('x'))).toBe(false);
  });
});

const summaries: PilotSummary[] = [
  { county: '421123000000', countyName: '罗田县', pilotId: '01A', name: '罗田县基层组织建设试点', status: 'running', step: 'deployment', stepSince: '2026-02-01T02:00:00Z', deadline: '2026-06-30T15:59:59.999Z', awaiting: 'county', decided: false, overdue: true, scorecardMet: false, updatedAt: '2026-02-01T02:00:00Z' },
  { county: '421124000000', countyName: '英山县', pilotId: '01B', name: '=英山县试点', status: 'draft', step: 'draft', overdue: false, updatedAt: '2026-02-01T02:00:00Z' },
];

describe('pilot list', () => {
  it('filters by name or code, step and overdue', () => {
    expect(filterPilots(summaries, { q: '英山', step: '', overdueOnly: false }).map((p) => p.county)).toEqual(['421124000000']);
    expect(filterPilots(summaries, { q: '421123', step: '', overdueOnly: false })).toHaveLength(1);
    expect(filterPilots(summaries, { q: '', step: 'deployment', overdueOnly: false })).toHaveLength(1);
    expect(filterPilots(summaries, { q: '', step: '', overdueOnly: true }).map((p) => p.countyName)).toEqual(['罗田县']);
  });

  it('exports one CSV row per county with words, Shanghai dates and escaped formulae', () => {
    const text = buildCsv(pilotColumns(zh, 'zh'), summaries);
    expect(text.startsWith(utf8Bom)).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1).trim()).data;
    expect(rows[0]).toEqual(['区划代码', '县（市、区）', '试点名称', '当前阶段', '等待谁决定', '进入时间', '截止日期', '是否逾期', '指标是否达标（申报时评估）']);
    expect(rows[1]).toEqual(['421123000000', '罗田县', '罗田县基层组织建设试点', '部署实施', '县级红十字会', '2026/2/1 10:00', '2026/6/30', '是', '否']);
    expect(rows[2]?.[2]).toBe("'=英山县试点");
    // Not yet assessed is said, not left blank (a blank would read as "no").
    expect(rows[2]?.slice(3)).toEqual(['草稿', '', '', '', '否', '未评估']);
    const english = buildCsv(pilotColumns(en, 'en'), summaries);
    expect(english.split('\r\n')[0]).not.toMatch(han);
    // A province-wide list names each county's city.
    const province = Papa.parse<string[]>(buildCsv(pilotColumns(zh, 'zh', { cityName: () => '黄冈市' }), summaries).slice(1).trim()).data;
    expect(province[0]?.slice(0, 3)).toEqual(['区划代码', '市（州）', '县（市、区）']);
    expect(province[1]?.[1]).toBe('黄冈市');
  });

  it('finds the pilots that wait for the viewer, and the counties of one city', () => {
    expect(filterPilots(summaries, { q: '', step: '', overdueOnly: false, mineOnly: true }, ['county']).map((p) => p.county)).toEqual(['421123000000']);
    expect(filterPilots(summaries, { q: '', step: '', overdueOnly: false, mineOnly: true }, ['city'])).toEqual([]);
    expect(filterPilots(summaries, { q: '', step: '', overdueOnly: false, city: '421100000000' })).toHaveLength(2);
    expect(filterPilots(summaries, { q: '', step: '', overdueOnly: false, city: '420100000000' })).toHaveLength(0);
    expect(awaitsMe({ status: 'running', awaiting: 'city' }, ['city'])).toBe(true);
    expect(awaitsMe({ status: 'running', awaiting: 'city', decided: true }, ['city'])).toBe(false);
    expect(awaitsMe({ status: 'running', awaiting: 'evaluator' }, ['city', 'province'])).toBe(false);
    expect(awaitsMe({ status: 'running', awaiting: 'province' }, ['province'])).toBe(true);
    expect(awaitsMe({ status: 'faulted', awaiting: 'city' }, ['city'])).toBe(false);
  });
});

describe('review fixes: words', () => {
  it('says what a decision was, gives refused declarations a bad tone, and puts units on target labels', () => {
    expect(eventTitle({ kind: 'decision', outcome: 'approve' }, zh)).toBe('决定：批准');
    expect(eventTitle({ kind: 'decision', outcome: 'declareComplete' }, zh)).toBe('申报完成');
    expect(eventTitle({ kind: 'refused', outcome: 'declareComplete' }, zh)).toBe('申报未通过');
    for (const outcome of outcomes) expect(eventTitle({ kind: 'decision', outcome }, en)).not.toMatch(han);
    expect(kpiInputLabel('schoolBranches', zh)).toBe('学校红十字会（个）');
    expect(kpiInputLabel('firstAiders', zh)).toBe('培训救护员（人）');
    expect(kpiInputLabel('aeds', zh)).toBe('AED 配置（台）');
    expect(kpiInputLabel('villageCoveragePct', zh)).toBe('村（社区）覆盖率（%）');
    expect(kpiInputLabel('fundsRaisedFen', zh)).toBe('筹集资金（元）');
    expect(kpiInputLabel('volunteers', en)).toBe('Volunteers (people)');
    expect(pt('zh', 'pilot.list.sinceValue', { time: '2026/2/1 10:00' })).toBe('2026/2/1 10:00起');
  });

  it('writes the actor with full-width brackets in Chinese', () => {
    expect(actorText({ userId: 'u', name: '陈刚', role: 'county' }, 'zh')).toBe('陈刚（县级红十字会）');
    expect(actorText({ userId: 'u', name: 'Chen Gang', role: 'county' }, 'en')).toBe('Chen Gang (County staff)');
  });

  it('shortens chart figures without losing the unit', () => {
    expect(formatKpiShort(3_260_000, 'fen', 'zh')).toBe('¥3.3万');
    expect(formatKpiShort(55.1, 'percent', 'zh')).toBe('55.1%');
    expect(formatKpiShort(1260, 'count', 'en')).toBe('1,260');
  });
});

const event = (kind: string, extra: Record<string, unknown> = {}) => ({ at: '2026-03-01T00:00:00Z', kind, ...extra }) as Pilot['timeline'][number];

describe('review fixes: sent back, rectification, stuck start, stale refusals, notices', () => {
  const reject = event('decision', { step: 'planReview', outcome: 'reject', comments: '请补充' });
  const rectify = event('decision', { step: 'evaluation', outcome: 'rectify', comments: '补齐 AED', deadline: '2026-09-30T15:59:59.999Z' });

  it('finds why the county is doing a step again', () => {
    expect(sentBackBy({ status: 'running', step: 'planRevision', timeline: [event('submitted'), reject, event('stepEntered', { step: 'planRevision' })] })).toBe(reject);
    const rectified = [event('stepEntered', { step: 'deployment' }), event('stepEntered', { step: 'evaluation' }), rectify, event('stepEntered', { step: 'deployment' })];
    expect(sentBackBy({ status: 'running', step: 'deployment', timeline: rectified })).toBe(rectify);
    expect(isRectifying({ status: 'running', step: 'deployment', timeline: rectified })).toBe(true);
    // Past deployment again, the rectification is over; a first deployment was never one.
    expect(isRectifying({ status: 'running', step: 'publicity', timeline: [...rectified, event('stepEntered', { step: 'publicity' })] })).toBe(false);
    expect(isRectifying({ status: 'running', step: 'deployment', timeline: [event('stepEntered', { step: 'deployment' })] })).toBe(false);
    expect(sentBackBy({ status: 'running', step: 'planReview', timeline: [reject] })).toBeUndefined();
  });

  it('offers a retry when the workflow did not start within 20 s', () => {
    const at = Date.parse('2026-03-01T00:00:00Z');
    const pilot = { status: 'running', step: 'submitted', stepSince: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z' } as const;
    expect(startStuck(pilot, at + 5_000)).toBe(false);
    expect(startStuck(pilot, at + 21_000)).toBe(true);
    expect(startStuck({ ...pilot, step: 'planReview' }, at + 60_000)).toBe(false);
  });

  it('reads a refusal against the live scorecard: a KPI fixed since drops out', () => {
    const card = (met: boolean) => ({ kpis: [{ key: 'fundsRaisedFen', target: 150, actual: met ? 200 : 0, unit: 'fen', source: 'reported', met }] }) as unknown as Parameters<typeof stillUnmet>[1];
    expect(stillUnmet(['fundsRaisedFen'], undefined)).toEqual(['fundsRaisedFen']);
    expect(stillUnmet(['fundsRaisedFen'], card(false))).toEqual(['fundsRaisedFen']);
    expect(stillUnmet(['fundsRaisedFen'], card(true))).toEqual([]);
  });

  it('says in one notice what was done and where the pilot is now', () => {
    expect(doneText('declareComplete', 'deployment', zh)).toBe('已申报“部署实施”完成。');
    expect(doneText('approve', 'planReview', zh)).toBe('已批准实施方案。');
    const at = (step: string, awaiting?: string, allowed: string[] = []) =>
      ({ status: 'running', step, allowedOutcomes: allowed, ...(awaiting ? { pending: { step, awaiting, decided: false } } : {}) }) as unknown as Pilot;
    expect(whereNow(at('deployment', 'county'), zh, 'zh')).toBe('试点现处于“部署实施”阶段，等待县级红十字会决定。');
    expect(whereNow(at('deployment', 'county', ['declareComplete']), zh, 'zh')).toBe('试点现处于“部署实施”阶段，待您决定。');
    expect(whereNow({ status: 'completed', step: 'completed', allowedOutcomes: [] } as unknown as Pilot, en, 'en')).toBe('The pilot is complete.');
  });
});

describe('review fixes: the scorecard chart', () => {
  const bars = [
    { label: '村（社区）覆盖率', value: 68.9, text: '55.1% / 80%', tooltip: '', tone: 'bad' as const },
    { label: '志愿者', value: 481.2, text: '4,812 / 1,000', tooltip: '', tone: 'ok' as const },
    { label: 'AED 配置', value: undefined, text: '无目标', tooltip: '', tone: 'ok' as const },
  ];
  type Axis = { data?: string[]; axisLabel: { width?: number; overflow?: string; formatter?: (value: number) => string }; name?: string; position?: string };

  it('puts the figures beside the bars, names the axis and always labels the 100 % target', () => {
    const option = optionFor({ kind: 'scorecard', bars, targetLabel: '目标 100%', axisName: '完成目标的比例' }, 300) as { xAxis: Axis; yAxis: Axis[]; series: Array<{ markLine: { data: unknown[] } }> };
    const [names, figures] = option.yAxis;
    expect(names?.data).toEqual(['AED 配置', '志愿者', '村（社区）覆盖率']);
    // KPI names wrap instead of being cut at a fixed width.
    expect(names?.axisLabel.overflow).toBe('break');
    expect(figures?.position).toBe('right');
    expect(figures?.data).toEqual(['无目标', '4,812 / 1,000', '55.1% / 80%']);
    expect(option.xAxis.name).toBe('完成目标的比例');
    const tick = option.xAxis.axisLabel.formatter!;
    expect([0, 50, 100, 150, 200].map(tick)).toEqual(['0%', '', '100%', '', '200%']);
    expect(option.series[0]?.markLine.data).toEqual([{ xAxis: 100 }]);
  });

  it('gives KPI names more room on a wide screen than on a phone', () => {
    const width = (px: number) => ((optionFor({ kind: 'scorecard', bars }, px) as { yAxis: Axis[] }).yAxis[0]?.axisLabel.width ?? 0);
    expect(width(1000)).toBeGreaterThan(width(300));
  });
});
