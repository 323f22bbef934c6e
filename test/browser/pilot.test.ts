/**
 * The pilot section (试点工作) in a real browser against the whole local system, the Step
 * Functions workflow included: a county drafts and submits its implementation plan (the workflow
 * first refuses to start and is started again from the county's page), the city sends it back (the
 * county sees why), the county revises and resubmits it, the city approves it, the county sees
 * deployment; keyboard-only declarations (refused for an unmet target with focus kept, the refusal
 * gone once the figure is reported, accepted; publicity refused without a typical case); an
 * evaluator who reads the county's typical cases and orders rectification, which the county sees
 * with its deadline; an evaluator's acceptance and the county's closing summary; a decision
 * someone else took first; another county's page for a county officer; a 360-px phone without
 * sideways scrolling or a clipped scorecard; English with no Chinese UI text left.
 *
 * 英山县 (county.yingshan) starts without a pilot, so the first test creates it through the UI;
 * later tests bring it to the step they need through the API when it is not there yet, so each
 * can also run alone. Debian chromium, a fresh context per page, page errors fail the test.
 */
import { describe, expect, it } from 'vitest';
import { type Locator, type Page } from '@playwright/test';
import { chineseLeft as chineseLeftOf, horizontalOverflow, phone, stringsOf, useBrowserHarness } from '../support/browser-harness.js';
import { useWorkflowEngine, workflowEngine } from '../../shared/pilots/workflow-engine.js';

const yingshan = '421124000000';
const huanggang = '421100000000';
/** How long the workflow may take to reach the next step (the page itself follows for 15 s). */
const workflowWait = 40_000;

const harness = useBrowserHarness();

interface PilotView {
  county: string;
  countyName: string;
  name: string;
  status: string;
  step: string;
  version: number;
  pending?: { step: string; decided: boolean };
  plan: { targets: Record<string, number>; deadlines: Record<string, string> };
}

const { signIn } = harness;

/** Calls the API as a demo account: `expected` lists the statuses the call may answer. */
function api<T>(username: string, method: string, path: string, body?: unknown, expected = [200, 201, 202]): Promise<{ status: number; body: T }> {
  return harness.api<T>(username, method, path, body, expected);
}

/** A Shanghai calendar date `days` from now, as a date input takes it. */
function dateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

const deadlines = { planReview: dateIn(30), deployment: dateIn(120), publicity: dateIn(180), evaluation: dateIn(240), consolidation: dateIn(300) };
/** Every live target 0 (met whatever the demo data holds); funds ¥1.50 so that deployment waits for a reported figure. */
const targets = {
  townshipCoveragePct: 0,
  villageCoveragePct: 0,
  schoolBranches: 0,
  hospitalBranches: 0,
  enterpriseBranches: 0,
  boaiHomes: 0,
  firstAiders: 0,
  aeds: 0,
  volunteers: 0,
  fundsRaisedFen: 150,
};

async function pilotOf(county: string): Promise<PilotView | undefined> {
  const { status, body } = await api<PilotView>('county.yingshan', 'GET', `/api/pilots/${county}`, undefined, [200, 404]);
  return status === 200 ? body : undefined;
}

/** A 1×1 PNG: enough for a typical case's photo. */
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Publishes a typical case of 英山县 through the cases API (publicity needs one). */
async function publishCase(): Promise<void> {
  const draft = (await api<{ caseId: string }>('county.yingshan', 'POST', '/api/cases', { division: yingshan, title: '英山县博爱家园建设', summary: '三个博爱家园投入使用。', body: '英山县在试点中新建博爱家园三个。' })).body;
  await api('county.yingshan', 'POST', `/api/cases/${draft.caseId}/photos`, { contentType: 'image/png', data: tinyPng, caption: '揭牌' });
  const withPhoto = (await api<{ version: number }>('county.yingshan', 'GET', `/api/cases/${draft.caseId}`)).body;
  await api('county.yingshan', 'POST', `/api/cases/${draft.caseId}/publish`, { expectedVersion: withPhoto.version });
}

const stepOrder = ['draft', 'submitted', 'planReview', 'planRevision', 'deployment', 'publicity', 'evaluation', 'consolidation', 'completed'];

/**
 * Brings 英山县's pilot forward through the API until it waits at `target` (for tests run alone
 * or after another test left it elsewhere): creates and submits the plan, approves it, reports the
 * funds, publishes a typical case, accepts the evaluation.
 */
async function yingshanAt(target: 'deployment' | 'publicity' | 'evaluation'): Promise<void> {
  let pilot = await pilotOf(yingshan);
  if (!pilot) pilot = (await api<PilotView>('county.yingshan', 'POST', '/api/pilots', { county: yingshan, name: '英山县基层组织建设试点', plan: { summary: '接口准备的方案', targets, deadlines } })).body;
  if (pilot.status === 'draft') await api('county.yingshan', 'POST', `/api/pilots/${yingshan}/submit`, { expectedVersion: pilot.version });
  expect(stepOrder.indexOf(pilot.step), `英山县 is at ${pilot.step}, past ${target}`).toBeLessThanOrEqual(stepOrder.indexOf(target));
  for (;;) {
    let waiting: PilotView | undefined;
    await expect.poll(async () => Boolean((waiting = await pilotOf(yingshan))?.pending && !waiting?.pending?.decided), { timeout: workflowWait, interval: 500 }).toBe(true);
    const step: string = waiting?.pending?.step ?? '';
    if (step === target) return;
    if (step === 'planReview') await api('city.huanggang', 'POST', `/api/pilots/${yingshan}/decisions`, { step, outcome: 'approve', comments: '同意' });
    else if (step === 'planRevision') await api('county.yingshan', 'POST', `/api/pilots/${yingshan}/decisions`, { step, outcome: 'resubmit', plan: { summary: '接口准备的方案', targets, deadlines } });
    else if (step === 'deployment') {
      await api('county.yingshan', 'PUT', `/api/pilots/${yingshan}/figures`, { fundsRaisedFen: 200 });
      await api('county.yingshan', 'POST', `/api/pilots/${yingshan}/decisions`, { step, outcome: 'declareComplete' });
    } else if (step === 'publicity') {
      await publishCase();
      await api('county.yingshan', 'POST', `/api/pilots/${yingshan}/decisions`, { step, outcome: 'declareComplete' });
    } else expect.fail(`no way from ${step} to ${target}`);
    await expect.poll(async () => (await pilotOf(yingshan))?.step, { timeout: workflowWait, interval: 500 }).not.toBe(step);
  }
}

/** The phase the stepper marks as current. */
const currentPhase = (page: Page) => page.locator('.stepper-item[aria-current="step"]');

/** Presses Tab until `target` has focus (fails when it is not reachable within `max` presses). */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((element) => document.activeElement === element, handle)) return;
    await page.keyboard.press('Tab');
  }
  expect.fail(`could not reach ${target.toString()} with Tab`);
}

/** `chineseLeft` with option texts (the pickers' choices are labels too). */
const chineseLeft = (page: Page, dataTexts: readonly string[]) => chineseLeftOf(page, dataTexts, { options: true });

describe('pilot workflow in the portal', () => {
  it('a county submits its plan on a phone (starting the workflow again when it did not start), the city sends it back, the county resubmits, the city approves, and the county sees deployment', async () => {
    expect(await pilotOf(yingshan), '英山县 starts without a pilot').toBeUndefined();
    const county = await harness.openPage(phone);
    await signIn(county, 'county.yingshan');
    await county.goto(`${harness.stack.url}/portal/#/pilot`);
    await county.getByRole('heading', { name: '本县尚未启动试点' }).waitFor();
    expect(await horizontalOverflow(county), 'call to action at 360 px').toBeLessThanOrEqual(0);
    await county.getByRole('link', { name: '启动试点：起草实施方案' }).click();
    await county.getByRole('heading', { level: 1, name: '起草实施方案' }).waitFor();
    expect(await horizontalOverflow(county), 'plan form at 360 px').toBeLessThanOrEqual(0);
    // The form in English: no Chinese label left (the county's own names are data).
    const formData = [...stringsOf((await api('county.yingshan', 'GET', '/api/me')).body), '英山县'];
    await county.getByRole('button', { name: 'English' }).click();
    await county.getByRole('heading', { level: 1, name: 'Draft the implementation plan' }).waitFor();
    expect(await chineseLeft(county, formData), 'plan form in English').toEqual([]);
    expect(await horizontalOverflow(county), 'English plan form at 360 px').toBeLessThanOrEqual(0);
    await county.getByRole('button', { name: '中文' }).click();
    await county.getByRole('heading', { level: 1, name: '起草实施方案' }).waitFor();

    // Submitting an empty form names the problems next to their fields and focuses the first.
    await county.getByRole('button', { name: '提交审批' }).click();
    const nameInput = county.getByLabel(/^试点名称/);
    await expect.poll(() => nameInput.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => nameInput.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await county.locator('[data-field="plan.deadlines.deployment"] .field-error').textContent()).toContain('请选择日期');

    await nameInput.fill('英山县基层组织建设试点');
    await county.getByLabel(/^方案概要/).fill('以乡镇红十字会全覆盖为抓手，推进“博爱家园”和应急救护培训。');
    const labels: Record<string, RegExp> = {
      townshipCoveragePct: /^乡镇（街道）覆盖率/,
      villageCoveragePct: /^村（社区）覆盖率/,
      schoolBranches: /^学校红十字会/,
      hospitalBranches: /^医院红十字会/,
      enterpriseBranches: /^企业红十字会/,
      boaiHomes: /^博爱家园/,
      firstAiders: /^培训救护员/,
      aeds: /^AED 配置/,
      volunteers: /^志愿者/,
      fundsRaisedFen: /^筹集资金（元）/,
    };
    for (const [key, label] of Object.entries(labels)) await county.getByLabel(label).fill(key === 'fundsRaisedFen' ? '1.50' : '0');
    const phaseNames = { planReview: '方案审批', deployment: '部署实施', publicity: '宣传推广', evaluation: '评估验收', consolidation: '巩固深化' };
    for (const [phase, name] of Object.entries(phaseNames)) await county.getByLabel(new RegExp(`^${name}截止日期`)).fill(deadlines[phase as keyof typeof deadlines]);

    // Save a draft first (POST), then submit (the unchanged draft goes straight to submit).
    await county.getByRole('button', { name: '保存草稿' }).click();
    await county.getByText('草稿已保存。').waitFor();
    const draft = await pilotOf(yingshan);
    expect(draft).toMatchObject({ status: 'draft', name: '英山县基层组织建设试点' });
    // Yuan on screen, fen on the wire; the deadline is the end of that Shanghai day.
    expect(draft?.plan.targets.fundsRaisedFen).toBe(150);
    expect(new Date(draft?.plan.deadlines.deployment ?? '').toISOString()).toBe(new Date(`${deadlines.deployment}T23:59:59.999+08:00`).toISOString());

    // The workflow engine refuses to start: the submission is kept (503), and once it has sat at
    // "submitted" for 20 s the county's page offers to start the workflow again.
    const engine = workflowEngine();
    useWorkflowEngine({ start: () => Promise.reject(Object.assign(new Error('engine down'), { name: 'ServiceUnavailableException' })), sendDecision: (token, output) => engine.sendDecision(token, output) });
    try {
      await county.getByRole('button', { name: '提交审批' }).click();
      await county.getByText('试点工作流暂时无法启动，请稍后重试。').waitFor();
    } finally {
      useWorkflowEngine(engine);
    }
    expect((await pilotOf(yingshan))?.step).toBe('submitted');
    await county.goto(`${harness.stack.url}/portal/#/pilot`);
    const retry = county.getByRole('button', { name: '重试启动工作流' });
    await retry.waitFor({ timeout: workflowWait });
    await retry.click();
    await expect.poll(() => currentPhase(county).getAttribute('data-phase'), { timeout: workflowWait }).toBe('planReview');
    // The page re-renders the retry button away after the phase it polls for.
    await expect.poll(() => retry.count(), { timeout: workflowWait }).toBe(0);
    await county.getByText(/等待市州红十字会决定/).waitFor({ timeout: workflowWait });
    expect(await horizontalOverflow(county), 'county pilot page at 360 px').toBeLessThanOrEqual(0);

    // The city finds 英山县 in its list and first sends the plan back with a reason.
    const city = await harness.openPage();
    await signIn(city, 'city.huanggang');
    await city.goto(`${harness.stack.url}/portal/#/pilot`);
    const row = city.locator('.pilot-list li', { hasText: '英山县' });
    await row.waitFor();
    expect(await row.textContent()).toContain('方案审批');
    // Waiting for the city: marked, and found by the "awaiting my decision" filter.
    expect(await row.textContent()).toContain('待我决定');
    await city.getByLabel(/只看待我决定/).check();
    await expect.poll(() => city.locator('.pilot-list li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('英山县')]));
    for (const text of await city.locator('.pilot-list li').allTextContents()) expect(text).toContain('待我决定');
    await row.getByRole('link').click();
    await city.getByRole('heading', { name: '待您决定：方案审批' }).waitFor();
    // Sending back needs a reason: refused on the page first.
    await city.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => city.locator('[data-field="comments"] .field-error').textContent()).toContain('退回修改');
    await city.getByLabel(/^意见/).fill('请补充博爱家园建设计划。');
    await city.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => city.locator('.detail-sub .badge').first().textContent(), { timeout: workflowWait }).toBe('方案修改');
    // One notice: what was done and who is awaited now.
    await city.getByText('已退回修改。试点现处于“方案修改”阶段，等待县级红十字会决定。').waitFor({ timeout: workflowWait });
    expect(await city.locator('.success-note:not([hidden])').count()).toBe(1);
    expect(await city.getByText('决定已记录。').count()).toBe(0);

    // The county sees why in its decision panel, then revises the prefilled plan and resubmits it.
    await county.reload();
    await county.getByRole('heading', { name: '待您决定：方案修改' }).waitFor({ timeout: workflowWait });
    expect(await county.locator('.decision-panel .pilot-sent-back').textContent()).toContain('请补充博爱家园建设计划。');
    await county.getByRole('link', { name: '修改并重新提交方案' }).click();
    await county.getByRole('heading', { level: 1, name: '修改并重新提交实施方案' }).waitFor();
    expect(await county.locator('.warning-text').textContent()).toContain('请补充博爱家园建设计划。');
    expect(await county.getByLabel(/^筹集资金（元）/).inputValue()).toBe('1.50');
    expect(await county.getByLabel(/^部署实施截止日期/).inputValue()).toBe(deadlines.deployment);
    const summary = county.getByLabel(/^方案概要/);
    await summary.fill(`${await summary.inputValue()}新建博爱家园 3 个。`);
    expect(await horizontalOverflow(county), 'revision form at 360 px').toBeLessThanOrEqual(0);
    await county.getByRole('button', { name: '重新提交' }).click();
    await county.getByText(/^修改后的方案已重新提交。/).waitFor({ timeout: workflowWait });
    await expect.poll(() => county.locator('.detail-sub .badge').first().textContent(), { timeout: workflowWait }).toBe('方案审批');
    expect((await pilotOf(yingshan))?.plan).toMatchObject({ summary: expect.stringContaining('新建博爱家园 3 个。') });

    // The city approves the revised plan.
    await city.reload();
    await city.getByRole('heading', { name: '待您决定：方案审批' }).waitFor({ timeout: workflowWait });
    await city.getByLabel(/^意见/).fill('方案可行，同意实施。');
    await city.getByRole('button', { name: '批准', exact: true }).click();
    await expect.poll(() => currentPhase(city).getAttribute('data-phase'), { timeout: workflowWait }).toBe('deployment');
    await city.getByText('已批准实施方案。试点现处于“部署实施”阶段，等待县级红十字会决定。').waitFor({ timeout: workflowWait });
    const timeline = city.locator('.pilot-timeline');
    await expect.poll(() => timeline.textContent()).toContain('方案可行，同意实施。');
    expect(await timeline.textContent()).toContain('决定：退回修改');
    // Full-width brackets around the role in Chinese.
    expect(await timeline.textContent()).toMatch(/办理人：[^（(]+（市州红十字会）/);

    // The county sees the next phase.
    await county.reload();
    await expect.poll(() => currentPhase(county).getAttribute('data-phase'), { timeout: workflowWait }).toBe('deployment');
    expect(await county.locator('.detail-sub .badge').first().textContent()).toBe('部署实施');
    await county.getByRole('heading', { name: '待您决定：部署实施' }).waitFor();
    expect(await horizontalOverflow(county), 'deployment page at 360 px').toBeLessThanOrEqual(0);
  });

  it('declares deployment complete with the keyboard only: refused for an unmet target, figures reported, accepted; publicity needs a typical case', async () => {
    await yingshanAt('deployment');
    const page = await harness.openPage();
    await signIn(page, 'county.yingshan');
    await page.goto(`${harness.stack.url}/portal/#/pilot`);
    await page.getByRole('heading', { name: '待您决定：部署实施' }).waitFor();
    await page.locator('tr[data-kpi="fundsRaisedFen"]').waitFor();

    // Declare: refused, the unmet KPI named once in the panel and marked in the scorecard.
    const declare = page.getByRole('button', { name: '申报完成' });
    await tabTo(page, declare);
    await page.keyboard.press('Enter');
    const panel = page.locator('.decision-panel');
    const refusal = panel.locator('.refusal-box');
    await expect.poll(() => refusal.textContent()).toContain('筹集资金');
    expect(await panel.locator('.error-box, .warning-text').count(), 'one box explains the refusal').toBe(1);
    await expect.poll(() => page.locator('tr[data-kpi="fundsRaisedFen"]').getAttribute('class')).toContain('is-refused');
    await expect.poll(() => page.locator('.pilot-timeline li[data-kind="refused"] .badge').first().getAttribute('class')).toContain('badge-bad');
    // Focus stayed on the button pressed, not dropped to <body>.
    await expect.poll(() => declare.evaluate((element) => element === document.activeElement)).toBe(true);

    // The refusal leads to the fix: "report funds raised" opens the figures form at that input.
    await tabTo(page, refusal.getByRole('button', { name: '填报“筹集资金”' }));
    await page.keyboard.press('Enter');
    const funds = page.getByLabel(/^筹集资金（元）/);
    await expect.poll(() => funds.evaluate((element) => element === document.activeElement)).toBe(true);
    // Nothing typed: the problem is named at the input, nothing is sent.
    await tabTo(page, page.locator('details').getByRole('button', { name: '保存' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-field="firstAiders"] .field-error').textContent()).toBe('请至少填写一项数据');
    // Too much: said at the input (¥10 billion is the most).
    await funds.fill('20000000000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-field="fundsRaisedFen"] .field-error').textContent()).toContain('不能超过');
    await expect.poll(() => funds.evaluate((element) => element === document.activeElement)).toBe(true);

    // Report ¥2 raised, with the keyboard.
    await funds.fill('');
    await page.keyboard.type('2');
    const save = page.locator('details').getByRole('button', { name: '保存' });
    await tabTo(page, save);
    await page.keyboard.press('Enter');
    await page.getByText('已保存填报数据，评分已更新。').waitFor();
    await expect.poll(() => save.evaluate((element) => element === document.activeElement), { message: 'focus stays on 保存' }).toBe(true);
    await expect.poll(() => page.locator('tr[data-kpi="fundsRaisedFen"] td[data-met]').getAttribute('data-met')).toBe('yes');
    // The stale refusal is gone: the panel says the named targets are met now, the row is no longer marked.
    await expect.poll(() => refusal.count()).toBe(0);
    await panel.getByText('上次申报未通过的指标现已全部达标，可以再次申报完成。').waitFor();
    expect((await page.locator('tr[data-kpi="fundsRaisedFen"]').getAttribute('class')) ?? '').not.toContain('is-refused');

    // Declare again: the workflow moves on to publicity.
    await tabTo(page, declare);
    await page.keyboard.press('Enter');
    await expect.poll(() => currentPhase(page).getAttribute('data-phase'), { timeout: workflowWait }).toBe('publicity');
    // Focus stayed on the page (the heading), not lost to <body>.
    await expect.poll(() => page.evaluate(() => document.activeElement !== document.body)).toBe(true);

    // Publicity cannot end without a published typical case: the reason and a link to write one.
    await page.getByRole('heading', { name: '待您决定：宣传推广' }).waitFor({ timeout: workflowWait });
    await tabTo(page, page.getByRole('button', { name: '申报完成' }));
    await page.keyboard.press('Enter');
    const casesLink = page.getByRole('link', { name: '去撰写典型案例' });
    await casesLink.waitFor();
    expect(await casesLink.getAttribute('href')).toBe('#/pilot/cases');
    // The panel itself says how many are published and links to them.
    expect(await page.locator('.pilot-cases-line').textContent()).toContain('已发布的典型案例：0 个');
  });

  it('an evaluator reads the county’s typical cases and orders rectification; the county sees why, the new deadline and 整改中', async () => {
    await yingshanAt('evaluation');
    const evaluator = await harness.openPage();
    await signIn(evaluator, 'evaluator.hubei');
    await evaluator.goto(`${harness.stack.url}/portal/#/pilot/${yingshan}`);
    await evaluator.getByRole('heading', { name: '待您决定：评估验收' }).waitFor({ timeout: workflowWait });

    // The typical cases, read-only, one link away (publicity is judged by them).
    const casesLine = evaluator.locator('.pilot-cases-line');
    await expect.poll(() => casesLine.textContent()).toMatch(/已发布的典型案例：[1-9]\d* 个/);
    await casesLine.getByRole('link', { name: '查看英山县的典型案例' }).click();
    await evaluator.getByRole('heading', { name: '典型案例', level: 2 }).waitFor();
    await evaluator.locator('.case-list li', { hasText: '英山县博爱家园建设' }).first().waitFor();
    expect(await evaluator.getByText('您的角色可以查看，但不能修改典型案例。').count()).toBe(1);
    expect(await evaluator.getByRole('link', { name: '写典型案例' }).count()).toBe(0);
    // The county picker shows the county the link named.
    expect(await evaluator.getByLabel(/^县（市、区）/).inputValue()).toBe(yingshan);
    await evaluator.locator('.case-list li', { hasText: '英山县博爱家园建设' }).first().getByRole('link').first().click();
    await evaluator.locator('.case-facts').waitFor();
    expect(await evaluator.getByRole('button', { name: '发布', exact: true }).count()).toBe(0);
    expect(await evaluator.locator('.case-facts').textContent()).not.toMatch(/版本|Version/);
    await evaluator.goBack();
    await evaluator.goBack();

    // Rectification with comments and a new deadline.
    await evaluator.getByRole('heading', { name: '待您决定：评估验收' }).waitFor();
    const due = dateIn(60);
    await evaluator.getByLabel(/^意见/).fill('AED 配置不足，请补齐后再申报。');
    await evaluator.getByLabel(/^整改截止日期/).fill(due);
    await evaluator.getByRole('button', { name: '整改' }).click();
    await evaluator.getByText(/^已要求整改。试点现处于“部署实施”阶段，等待县级红十字会决定。/).waitFor({ timeout: workflowWait });

    // The county sees the order, the deadline and 整改中 in the header.
    const county = await harness.openPage();
    await signIn(county, 'county.yingshan');
    await county.goto(`${harness.stack.url}/portal/#/pilot`);
    await county.getByRole('heading', { name: '待您决定：部署实施' }).waitFor({ timeout: workflowWait });
    const [year, month, day] = due.split('-').map(Number);
    const sentBack = county.locator('.decision-panel .pilot-sent-back');
    expect(await sentBack.textContent()).toContain('评估验收要求整改');
    expect(await sentBack.textContent()).toContain('AED 配置不足，请补齐后再申报。');
    expect(await sentBack.textContent()).toContain(`整改截止日期：${year}/${month}/${day}`);
    expect(await county.locator('.detail-sub').first().textContent()).toContain('整改中');
    expect(await county.locator('.stepper-item[aria-current="step"] .stepper-deadline').textContent()).toContain(`${year}/${month}/${day}`);
    expect(await county.locator('.pilot-timeline').textContent()).toContain('决定：整改');
  });

  it('an evaluator orders nothing without comments and a deadline, accepts by keyboard, and the county completes the pilot with its summary', async () => {
    await yingshanAt('evaluation');
    const evaluator = await harness.openPage();
    await signIn(evaluator, 'evaluator.hubei');
    await evaluator.goto(`${harness.stack.url}/portal/#/pilot`);
    await evaluator.locator('.pilot-list li', { hasText: '英山县' }).getByRole('link').click();
    await evaluator.getByRole('heading', { name: '待您决定：评估验收' }).waitFor();
    // Rectification needs comments and a new deadline: both named, nothing sent.
    await tabTo(evaluator, evaluator.getByRole('button', { name: '整改' }));
    await evaluator.keyboard.press('Enter');
    await expect.poll(() => evaluator.locator('[data-field="comments"] .field-error').count()).toBe(1);
    expect(await evaluator.locator('[data-field="deadline"] .field-error').count()).toBe(1);
    // Focus went to the first field at fault; type the comments there and accept.
    // The app moves focus a frame after the errors render.
    await expect.poll(() => evaluator.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await evaluator.keyboard.type('各项指标达到方案目标，验收通过。');
    await tabTo(evaluator, evaluator.getByRole('button', { name: '验收通过' }));
    await evaluator.keyboard.press('Enter');
    await expect.poll(() => currentPhase(evaluator).getAttribute('data-phase'), { timeout: workflowWait }).toBe('consolidation');

    // The county closes the pilot: the summary is required.
    const county = await harness.openPage();
    await signIn(county, 'county.yingshan');
    await county.goto(`${harness.stack.url}/portal/#/pilot`);
    await county.getByRole('heading', { name: '待您决定：巩固深化' }).waitFor({ timeout: workflowWait });
    await county.getByRole('button', { name: '申报完成' }).click();
    await county.locator('[data-field="comments"] .field-error').waitFor();
    await county.getByLabel(/^工作总结/).fill('巩固深化阶段建立长效机制。');
    await county.getByRole('button', { name: '申报完成' }).click();
    await expect.poll(() => county.locator('.detail-sub .badge').first().textContent(), { timeout: workflowWait }).toBe('已完成');
    expect(await county.locator('.stepper-item.is-done').count()).toBe(5);
    expect(await county.locator('.pilot-timeline').textContent()).toContain('试点完成');
  });

  it('says when someone else decided first and reloads the pilot', async () => {
    // 麻城市 waits for 黄冈市's review in the demo data.
    const macheng = '421181000000';
    const page = await harness.openPage();
    await signIn(page, 'city.huanggang');
    await page.goto(`${harness.stack.url}/portal/#/pilot/${macheng}`);
    await page.getByRole('heading', { name: '待您决定：方案审批' }).waitFor({ timeout: workflowWait });
    // Another city officer approves in the meantime.
    await api('city.huanggang', 'POST', `/api/pilots/${macheng}/decisions`, { step: 'planReview', outcome: 'approve', comments: '同意（另一位工作人员）' });
    await page.getByLabel(/^意见/).fill('请补充目标。');
    await page.getByRole('button', { name: '退回修改' }).click();
    await page.getByText('已有其他人先作出决定，页面已重新加载。').waitFor();
    // Reloaded: the decision panel is gone and the timeline shows the other decision.
    await expect.poll(() => page.locator('.pilot-timeline').textContent(), { timeout: workflowWait }).toContain('同意（另一位工作人员）');
    expect(await page.getByRole('heading', { name: '待您决定：方案审批' }).count()).toBe(0);
  });

  it('fits the list, a county’s page and the evaluator’s view into a 360-px phone', async () => {
    // Any step will do: 英山县 only has to have a pilot.
    if (!(await pilotOf(yingshan))) await yingshanAt('deployment');
    for (const username of ['city.huanggang', 'evaluator.hubei']) {
      const page = await harness.openPage(phone);
      await signIn(page, username);
      await page.goto(`${harness.stack.url}/portal/#/pilot`);
      await page.locator('.pilot-list li', { hasText: '英山县' }).waitFor();
      await page.locator('#pilot-steps-title').waitFor();
      // The chart chunk has loaded (or failed and said so) before measuring.
      await expect.poll(() => page.locator('.chart-box .loading-line').count()).toBe(0);
      expect(await horizontalOverflow(page), `${username} list`).toBeLessThanOrEqual(0);
      await page.goto(`${harness.stack.url}/portal/#/pilot/${yingshan}`);
      await page.locator('.stepper').waitFor();
      await page.locator('tr[data-kpi="villageCoveragePct"]').waitFor();
      await page.locator('summary', { hasText: '实施方案' }).click();
      expect(await horizontalOverflow(page), `${username} county page`).toBeLessThanOrEqual(0);
      // The scorecard table fits its box: nothing to scroll sideways, the met badge not cut.
      const wrap = page.locator('.scorecard-table').locator('xpath=..');
      expect(await wrap.evaluate((element) => element.scrollWidth - element.clientWidth), `${username} scorecard table`).toBeLessThanOrEqual(0);
    }
  });

  it('shows a county officer another county’s page without a list link or a retry that cannot help', async () => {
    const page = await harness.openPage();
    await signIn(page, 'county.yingshan');
    await page.goto(`${harness.stack.url}/portal/#/pilot/421123000000`);
    await page.locator('.error-box').waitFor();
    expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /试点列表/ }).count()).toBe(0);
    await page.getByRole('link', { name: /返回本县试点/ }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/pilot');
    await expect.poll(() => page.locator('#page-title').textContent()).toMatch(/英山县/);
  });

  it('shows the plan form, the list and a county’s pilot in English with no Chinese UI text left', async () => {
    // Any step will do: 英山县 only has to have a pilot.
    if (!(await pilotOf(yingshan))) await yingshanAt('deployment');
    const data = new Set<string>(['湖北省', '黄冈市']);
    for (const path of ['/api/me', `/api/pilots?division=${huanggang}`, `/api/pilots/${yingshan}`, `/api/pilots/${yingshan}/scorecard`]) stringsOf((await api('city.huanggang', 'GET', path)).body, data);
    const english = async (page: Page, what: string) => expect(await chineseLeft(page, [...data]), what).toEqual([]);

    const page = await harness.openPage();
    await signIn(page, 'city.huanggang');
    await page.goto(`${harness.stack.url}/portal/#/pilot`);
    await page.locator('.pilot-list li').first().waitFor();
    // Not vacuous: in Chinese the check finds the labels.
    expect((await chineseLeft(page, [...data])).length).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pilot' }).waitFor();
    await english(page, 'list');

    await page.locator('.pilot-list li', { hasText: '英山县' }).getByRole('link').click();
    await page.locator('.stepper').waitFor();
    await page.locator('tr[data-kpi="villageCoveragePct"]').waitFor();
    await page.locator('summary', { hasText: 'Implementation plan' }).click();
    expect(await page.locator('.stepper').textContent()).toContain('Deployment');
    await english(page, 'county page');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '试点阶段' }).waitFor();

    // A county's own page with its decision and the figures form (罗田县 is in deployment in the demo data).
    const luotian = '421123000000';
    const countyData = new Set<string>();
    for (const path of ['/api/me', `/api/pilots/${luotian}`, `/api/pilots/${luotian}/scorecard`]) stringsOf((await api('county.luotian', 'GET', path)).body, countyData);
    const county = await harness.openPage();
    await signIn(county, 'county.luotian');
    await county.getByRole('button', { name: 'English' }).click();
    await county.goto(`${harness.stack.url}/portal/#/pilot`);
    await county.getByRole('heading', { name: 'Your decision: Deployment' }).waitFor();
    await county.locator('tr[data-kpi="villageCoveragePct"]').waitFor();
    await county.locator('summary', { hasText: 'Report figures' }).click();
    await county.locator('summary', { hasText: 'Implementation plan' }).click();
    expect(await chineseLeft(county, [...countyData]), 'county page in English').toEqual([]);
  });
});
