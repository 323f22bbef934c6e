/**
 * Issue #3 end to end in a real browser against the whole local system: a county officer of the
 * pilot county 罗田县 registers a township branch where there is none, approves it, and sees the
 * township coverage rise on the coverage dashboard; the portal's new screens fit a 360-px phone;
 * the public finder lists the active branch.
 *
 * Debian chromium through Playwright as a library (never a downloaded browser), a fresh context
 * per test, any uncaught page error fails the test.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { horizontalOverflow, phone, useBrowserHarness } from '../support/browser-harness.js';

const luotian = '421123000000';

const harness = useBrowserHarness();
const openPage = (...args: Parameters<typeof harness.openPage>) => harness.openPage(...args);
/** The township the registration test used (the finder test looks for its branch). */
let registered: { township: string; townshipName: string; branchName: string } | undefined;

const { signIn } = harness;

/** Calls the API as a demo account (test set-up only: choosing a township that has no branch). */
async function apiAs<T>(username: string, path: string): Promise<T> {
  return (await harness.api<T>(username, 'GET', path, undefined, [200])).body;
}

/** "12.5%" and "3 / 17" of the township figure on the coverage dashboard. */
async function townshipFigure(page: Page): Promise<{ percent: string; covered: number; total: number }> {
  const stat = page.locator('[data-stat="townships"]').first();
  await stat.waitFor();
  const percent = ((await stat.locator('.stat-value').textContent()) ?? '').trim();
  const match = /(\d+)\s*\/\s*(\d+)/.exec((await stat.locator('.stat-sub').textContent()) ?? '');
  expect(match, 'township figure "covered / total"').not.toBeNull();
  return { percent, covered: Number(match?.[1]), total: Number(match?.[2]) };
}

describe('grassroots branches (issue #3)', () => {
  it('a county officer registers a township branch, approves it, and township coverage rises', async () => {
    // A township of 罗田县 with neither a branch (in any live state) nor a commissioner.
    const uncovered = await apiAs<{ items: Array<{ code: string; name: string; level: string }> }>('county.luotian', `/api/coverage/uncovered?division=${luotian}`);
    const branches = await apiAs<{ items: Array<{ division: string; status: string }> }>('county.luotian', `/api/branches?county=${luotian}`);
    const seats = new Set(branches.items.filter((b) => b.status === 'proposed' || b.status === 'active').map((b) => b.division));
    const target = uncovered.items.find((item) => item.level === 'township' && !seats.has(item.code));
    expect(target, 'an uncovered township without a branch').toBeDefined();
    const township = target!;
    const branchName = `${township.name}红十字会（测试）`;

    const page = await openPage();
    await signIn(page, 'county.luotian');

    // Before: the dashboard's township figure.
    await page.goto(`${harness.stack.url}/portal/#/branches/coverage`);
    await page.getByRole('heading', { name: /覆盖情况/ }).waitFor();
    const before = await townshipFigure(page);
    expect(before.total).toBeGreaterThan(0);

    // Register (登记基层组织) from the branch list.
    await page.getByRole('link', { name: '基层组织', exact: true }).first().click();
    await page.getByRole('heading', { name: '基层组织名单' }).waitFor();
    await page.getByRole('link', { name: '登记基层组织' }).click();
    await page.getByRole('heading', { name: '登记基层组织' }).waitFor();
    const form = page.locator('form.record-form');
    await form.getByLabel('类型').selectOption('township');
    await form.getByLabel(/^名称/).fill(branchName);
    await form.getByLabel(/^依托单位/).fill(`${township.name}人民政府`);
    const townshipSelect = form.getByLabel(/^乡镇（街道）/);
    await expect.poll(() => townshipSelect.locator(`option[value="${township.code}"]`).count()).toBe(1);
    await townshipSelect.selectOption(township.code);
    await form.getByLabel(/^姓名/).fill('王建国');
    await form.getByLabel(/^手机号码/).fill('13800001234');
    await form.getByRole('button', { name: '提交登记' }).click();

    // The detail page: proposed, the phone masked.
    await page.getByRole('heading', { level: 1, name: branchName }).waitFor();
    expect(await page.locator('.detail-sub .badge').textContent()).toBe('待审批');
    expect(await page.getByRole('status').filter({ hasText: '已提交登记' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('13800001234');

    // Approve.
    await page.getByRole('button', { name: '批准成立' }).click();
    await expect.poll(() => page.locator('.detail-sub .badge').textContent()).toBe('已成立');
    expect(await page.getByRole('button', { name: '撤销' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '批准成立' }).count()).toBe(0);

    // History: the approval is listed with who and when.
    await page.getByRole('tab', { name: '变更记录' }).click();
    await expect.poll(() => page.locator('.history li').count()).toBeGreaterThan(0);

    // After: the township figure rose by one.
    await page.getByRole('link', { name: '覆盖情况' }).click();
    await page.getByRole('heading', { name: /覆盖情况/ }).waitFor();
    await expect.poll(async () => (await townshipFigure(page)).covered).toBe(before.covered + 1);
    const after = await townshipFigure(page);
    expect(after.total).toBe(before.total);
    expect(Number.parseFloat(after.percent)).toBeGreaterThan(Number.parseFloat(before.percent));
    expect(after.percent).toMatch(/^\d+\.\d%$/);

    // The table (the chart's accessible alternative) drills down to the township's villages.
    const row = page.getByRole('link', { name: `查看${township.name}` });
    await row.click();
    await page.locator('.crumbs [aria-current="location"]').filter({ hasText: township.name }).waitFor();

    registered = { township: township.code, townshipName: township.name, branchName };
  });

  it('fits a 360-px phone: branch list, coverage dashboard, register form and branch detail', async () => {
    const page = await openPage(phone);
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/branches`);
    await page.locator('.record-list li').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.goto(`${harness.stack.url}/portal/#/branches/coverage`);
    await page.locator('[data-stat="townships"]').waitFor();
    await page.locator('.chart canvas').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.goto(`${harness.stack.url}/portal/#/branches/new`);
    await page.getByRole('button', { name: '提交登记' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.goto(`${harness.stack.url}/portal/#/branches`);
    await page.locator('.record-list a').first().click();
    await page.locator('.detail-sub .badge').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('checks a CSV import first and lists the rejected rows without importing anything', async () => {
    const page = await openPage();
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/branches`);
    await page.locator('.record-list li').first().waitFor();
    const countBefore = await page.locator('.list-count').textContent();
    await page.getByText('从 CSV 导入').click();
    const csv = '\uFEFFname,type,hostOrganisation,division,foundedOn,presidentName,presidentPhone,memberCount,volunteerCount\r\n' + '测试红十字会,不存在的类型,某单位,421123100000,2026-13-01,,,abc,\r\n';
    await page.getByLabel('选择 CSV 文件').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '检查文件' }).click();
    const problems = page.locator('.import-panel table tbody tr');
    await expect.poll(() => problems.count()).toBeGreaterThan(0);
    expect(await problems.first().locator('td').first().textContent()).toBe('2');
    expect(await page.getByRole('button', { name: /确认导入/ }).count()).toBe(0);

    // The same school twice in one division: BRANCH_DUPLICATE, worded by the portal.
    const school = `测试学校红十字会${Date.now() % 10000}`;
    const twice = `${csv.split('\r\n')[0]}\r\n${school},学校,某中学,421123100000,,,,,\r\n${school},学校,某中学,421123100000,,,,,\r\n`;
    await page.getByLabel('选择 CSV 文件').setInputFiles({ name: 'twice.csv', mimeType: 'text/csv', buffer: Buffer.from(twice, 'utf8') });
    await page.getByRole('button', { name: '检查文件' }).click();
    const duplicate = page.locator('.import-panel table tbody tr').filter({ hasText: '同名' });
    await duplicate.waitFor();
    expect(await duplicate.locator('td').first().textContent()).toBe('3');
    await page.reload();
    await page.locator('.record-list li').first().waitFor();
    expect(await page.locator('.list-count').textContent()).toBe(countBefore);
  });

  it('shows city staff a read-only view of a county they choose', async () => {
    const page = await openPage();
    await signIn(page, 'city.huanggang');
    await page.goto(`${harness.stack.url}/portal/#/branches`);
    await page.getByLabel('县（市、区）').selectOption(luotian);
    await page.locator('.record-list li').first().waitFor();
    expect(await page.getByRole('link', { name: '登记基层组织' }).count()).toBe(0);
    expect(await page.getByText('导入').count()).toBe(0);
    await page.locator('.record-list a').first().click();
    await page.locator('.detail-sub .badge').waitFor();
    for (const name of ['批准成立', '不予批准', '撤销', '编辑']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
  });

  it('the public finder lists the active branch of a township', async () => {
    expect(registered, 'the registration test ran first').toBeDefined();
    const page = await openPage(phone);
    await page.goto(`${harness.stack.url}/`);
    await page.getByRole('link', { name: '找红会' }).first().click();
    await page.getByRole('heading', { level: 1, name: '找红会' }).waitFor();
    await expect.poll(() => page.getByLabel('市（州）').locator('option[value="421100000000"]').count()).toBe(1);
    await page.getByLabel('市（州）').selectOption('421100000000');
    await expect.poll(() => page.getByLabel('县（市、区）').locator(`option[value="${luotian}"]`).count()).toBe(1);
    await page.getByLabel('县（市、区）').selectOption(luotian);
    await expect.poll(() => page.getByLabel('乡镇（街道）').locator(`option[value="${registered!.township}"]`).count()).toBe(1);
    await page.getByLabel('乡镇（街道）').selectOption(registered!.township);
    const card = page.locator('.branch-card').filter({ hasText: registered!.branchName });
    await card.waitFor();
    expect(await card.textContent()).toContain('乡镇');
    expect(await card.textContent()).toContain(`${registered!.townshipName}人民政府`);
    expect(page.url()).toContain(`division=${registered!.township}`);
    expect(await horizontalOverflow(page)).toBe(0);

    // A shared link opens the same list.
    await page.reload();
    await page.locator('.branch-card').filter({ hasText: registered!.branchName }).waitFor();
  });

  it('the public finder puts the nearest branch first when the visitor shares a location', async () => {
    // 匡河镇红十字会's 博爱家园 is mapped at 30.78 N, 115.58 E in the demo data (local/demo-data.ts);
    // in division order it is listed eighth, after 凤山镇 and the others.
    const page = await openPage(phone, { geolocation: { latitude: 30.7812, longitude: 115.5811 }, permissions: ['geolocation'] });
    await page.goto(`${harness.stack.url}/branches/?division=${luotian}`);
    await page.locator('.branch-card').first().waitFor();
    const firstBefore = await page.locator('.branch-name').first().textContent();

    await page.getByRole('button', { name: '离我最近' }).click();

    await expect.poll(() => page.locator('.branch-name').first().textContent()).toBe('匡河镇红十字会');
    expect(firstBefore).not.toBe('匡河镇红十字会');
    expect(await page.locator('.branch-card').first().locator('.branch-distance').textContent()).toMatch(/^距您约 0\.\d 公里$/);
    expect(await page.getByRole('button', { name: '离我最近' }).getAttribute('aria-pressed')).toBe('true');
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
