/**
 * Typical cases (典型案例) end to end in a real browser against the whole local system: a county
 * officer of 罗田县 writes a case in the portal, uploads a photo (reduced in the browser to a
 * 1600-px JPEG, with progress), publishes it, and it appears on the public `/cases/` page — on a
 * 360-px phone, by keyboard, and in English; withdrawn, it disappears again.
 *
 * Debian chromium through Playwright as a library (never a downloaded browser), a fresh context
 * per test, any uncaught page error fails the test.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { demoPassword } from '../../local/demo-accounts.js';
import { demoIllustration } from '../../local/demo-images.js';
import { horizontalOverflow, phone, useBrowserHarness } from '../support/browser-harness.js';

const harness = useBrowserHarness();
const stamp = Date.now() % 100_000;
const title = `凤山镇红十字会义诊进村（测试 ${stamp}）`;
const caption = `义诊现场 ${stamp}`;
let published: { caseId: string } | undefined;

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${harness.stack.url}/portal/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.portal-header .user-name').waitFor();
}

describe('typical cases (issue #4, publicity)', () => {
  it('a county officer writes a case, uploads a downscaled photo and publishes it', async () => {
    const page = await openPage();
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases`);
    await page.getByRole('heading', { name: '典型案例', level: 2 }).waitFor();
    await page.getByRole('link', { name: '写典型案例' }).click();
    await page.getByRole('heading', { name: '写典型案例' }).waitFor();

    // Saving without a title: the error sits next to the field.
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.locator('.field.has-error[data-field="title"] .field-error').count()).toBe(1);

    const township = page.getByLabel(/^乡镇（街道）/);
    await expect.poll(() => township.locator('option[value="421123100000"]').count()).toBe(1);
    await township.selectOption('421123100000');
    await page.getByLabel(/^标题/).fill(title);
    await page.getByLabel(/^摘要/).fill('县红会组织医护志愿者走进山村，为老人义诊并讲解急救常识。');
    await page.getByLabel(/^正文/).fill('第一段：义诊队清晨出发。\n\n第二段：老人们排队量血压，志愿者讲解心肺复苏。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    published = { caseId: /#\/pilot\/cases\/([0-9A-Z]{26})/.exec(page.url())![1]! };

    // Publishing needs a photo: the button waits and says so.
    expect(await page.getByRole('button', { name: '发布', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByText('至少一张照片').count()).toBeGreaterThan(0);

    // A 2400×1500 PNG is reduced in the browser to a 1600×1000 JPEG before it is sent.
    await page.getByLabel('选择照片').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: demoIllustration(2400, 1500, [148, 196, 232], [236, 226, 200]) });
    await page.getByLabel('照片说明', { exact: true }).fill(caption);
    await page.getByRole('button', { name: '上传照片' }).click();
    await page.getByText('照片已上传').waitFor();
    const thumbnail = page.locator('.case-photo img');
    await expect.poll(() => thumbnail.count()).toBe(1);
    expect(await thumbnail.getAttribute('width')).toBe('1600');
    expect(await thumbnail.getAttribute('height')).toBe('1000');
    expect(await thumbnail.getAttribute('alt')).toBe(caption);
    expect(await thumbnail.getAttribute('src')).toMatch(/^\/media\/cases\/[0-9A-Z]{26}\/[0-9A-Z]{26}\.jpg$/);
    const media = await fetch(`${harness.stack.url}${await thumbnail.getAttribute('src')}`);
    expect(media.headers.get('content-type')).toBe('image/jpeg');

    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByText('已发布，公众可在').waitFor();
    expect(await page.locator('.case-facts .badge').textContent()).toBe('已发布');
  });

  it('the published case appears on the public page of a 360-px phone, opens by keyboard, in Chinese and English', async () => {
    expect(published, 'the portal test ran first').toBeDefined();
    const page = await openPage(phone);
    await page.goto(`${harness.stack.url}/`);
    await page.getByRole('link', { name: '典型案例' }).first().click();
    await page.getByRole('heading', { level: 1, name: '典型案例' }).waitFor();
    const card = page.locator('.case-card').filter({ hasText: title });
    await card.waitFor();
    expect(await card.locator('.case-meta').textContent()).toMatch(/罗田县 · 凤山镇 · 发布于 \d{4}年\d{1,2}月\d{1,2}日/);
    const cover = card.locator('img');
    expect(await cover.getAttribute('alt')).toBe(caption);
    expect(await cover.getAttribute('loading')).toBe('lazy');
    expect(await cover.getAttribute('width')).toBe('1600');
    expect(await horizontalOverflow(page)).toBe(0);

    // Keyboard: the title is a link; Enter opens the case and moves focus to its heading.
    await card.getByRole('link', { name: title }).focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: title });
    await heading.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(page.url()).toContain(`id=${published!.caseId}`);
    expect(await page.locator('.case-body p').count()).toBe(2);
    expect(await page.locator('.case-photos figcaption').textContent()).toBe(caption);
    expect(await page.locator('main').textContent()).not.toContain('张丽');
    expect(await horizontalOverflow(page)).toBe(0);

    // English: the same case, English chrome and date, the story as written.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: /Back to all typical cases/ }).waitFor();
    expect(await page.locator('.case-article .case-meta').textContent()).toMatch(/Published \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await horizontalOverflow(page)).toBe(0);

    // Back to the list (History API), still in English, focus returned to the case's link.
    await page.getByRole('link', { name: /Back to all typical cases/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Typical cases' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(title);
    expect(await page.locator('#cs-status').textContent()).toMatch(/^湖北省: showing \d+ typical cases/);

    // A county filter keeps the case; a shared link to it opens the case directly.
    await page.getByLabel('City').selectOption('421100000000');
    await expect.poll(() => page.getByLabel('County').locator('option[value="421123000000"]').count()).toBe(1);
    await page.getByLabel('County').selectOption('421123000000');
    await expect.poll(() => page.locator('#cs-status').textContent()).toMatch(/^罗田县: showing/);
    await page.locator('.case-card').filter({ hasText: title }).waitFor();
    expect(new URL(page.url()).searchParams.get('division')).toBe('421123000000');
  });

  it('fits the portal screens on a 360-px phone', async () => {
    const page = await openPage(phone);
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases`);
    await page.locator('.case-list li').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases/${published!.caseId}`);
    await page.locator('.case-photo img').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('withdrawn with a reason, the case leaves the public page', async () => {
    const page = await openPage();
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases/${published!.caseId}`);
    await page.getByRole('button', { name: '撤回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/原因/).fill('照片中的老人要求撤下');
    await dialog.getByRole('button', { name: '撤回' }).click();
    await page.getByText('已撤回。').waitFor();
    expect(await page.locator('.case-facts').textContent()).toContain('照片中的老人要求撤下');

    const visitor = await openPage(phone);
    await visitor.goto(`${harness.stack.url}/cases/?id=${published!.caseId}`);
    await visitor.getByText('没有找到这个案例').waitFor();
    await visitor.goto(`${harness.stack.url}/cases/?division=421123000000`);
    await expect.poll(() => visitor.locator('#cs-status').textContent()).toMatch(/罗田县/);
    expect(await visitor.locator('.case-card').filter({ hasText: title }).count()).toBe(0);
  });
});

function openPage(...args: Parameters<typeof harness.openPage>) {
  return harness.openPage(...args);
}
