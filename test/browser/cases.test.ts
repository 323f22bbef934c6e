/**
 * Typical cases (典型案例) end to end in a real browser against the whole local system: a county
 * officer of 罗田县 writes a case in the portal, uploads photos (reduced in the browser to a
 * 1280-px JPEG, with progress), reorders them, types text without saving (publishing saves it
 * first; leaving asks), publishes it, and it appears on the public `/cases/` page — on a 360-px
 * phone, by keyboard, and in English; withdrawn, it disappears again. Keyboard focus is checked
 * after every write that changes the buttons on offer, and the portal screens have no Chinese UI
 * text left in English.
 *
 * Each test can run alone: one that needs a published case publishes one through the API when the
 * writing test has not run. Debian chromium through Playwright as a library (never a downloaded
 * browser), a fresh context per test, any uncaught page error fails the test.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { demoIllustration } from '../../local/demo-images.js';
import { chineseLeft as chineseLeftOf, horizontalOverflow, phone, stringsOf, useBrowserHarness } from '../support/browser-harness.js';

const harness = useBrowserHarness();
const luotian = '421123000000';
const fengshan = '421123100000';
const stamp = Date.now() % 100_000;
const title = `凤山镇红十字会义诊进村（测试 ${stamp}）`;
const caption = `义诊现场 ${stamp}`;
let published: { caseId: string } | undefined;

const { signIn } = harness;

async function api<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  return (await harness.api<T>(username, method, path, body)).body;
}

/** The case the writing test published, or one published now through the API (a test run alone). */
async function publishedCase(): Promise<{ caseId: string }> {
  if (published) return published;
  const draft = await api<{ caseId: string }>('county.luotian', 'POST', '/api/cases', { division: fengshan, title, summary: '县红会组织医护志愿者走进山村，为老人义诊。', body: '第一段：义诊队清晨出发。\n\n第二段：志愿者讲解心肺复苏。' });
  const photo = demoIllustration(1280, 800, [148, 196, 232], [236, 226, 200]).toString('base64');
  await api('county.luotian', 'POST', `/api/cases/${draft.caseId}/photos`, { contentType: 'image/png', data: photo, caption });
  const withPhoto = await api<{ version: number }>('county.luotian', 'GET', `/api/cases/${draft.caseId}`);
  await api('county.luotian', 'POST', `/api/cases/${draft.caseId}/publish`, { expectedVersion: withPhoto.version });
  published = { caseId: draft.caseId };
  return published;
}

/** True when keyboard focus is on an element matching `selector` (never <body>). */
const focusIsOn = (page: Page, selector: string) => page.evaluate((css) => document.activeElement !== document.body && Boolean(document.activeElement?.matches(css)), selector);

/** `chineseLeft` with option texts and the `alt` of images. */
const chineseLeft = (page: Page, dataTexts: readonly string[]) => chineseLeftOf(page, dataTexts, { options: true, alt: true });

describe('typical cases (issue #4, publicity)', () => {
  it('a county officer writes a case, uploads and reorders downscaled photos, and publishes it with text not yet saved, by keyboard', async () => {
    const page = await openPage();
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases`);
    await page.getByRole('heading', { name: '典型案例', level: 2 }).waitFor();
    await page.getByRole('link', { name: '写典型案例' }).click();
    await page.getByRole('heading', { name: '写典型案例' }).waitFor();

    // Saving without a title: the error sits next to the field.
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.locator('.field.has-error[data-field="title"] .field-error').count()).toBe(1);

    // The place: no township means the whole county.
    const township = page.getByLabel(/^乡镇（街道）/);
    expect(await township.locator('option').first().textContent()).toBe('全县');
    await expect.poll(() => township.locator(`option[value="${fengshan}"]`).count()).toBe(1);
    await township.selectOption(fengshan);
    await page.getByLabel(/^标题/).fill(title);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存。现在可以上传照片，然后发布。').waitFor();
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    published = { caseId: /#\/pilot\/cases\/([0-9A-Z]{26})/.exec(page.url())![1]! };
    // Officers are not shown the record's version number.
    expect(await page.locator('.case-facts').textContent()).not.toContain('版本');

    // Publishing needs a photo, a summary and the story: the button waits and says so.
    const publish = page.locator('#case-publish-title').locator('xpath=..').getByRole('button');
    expect(await publish.isDisabled()).toBe(true);
    expect(await page.locator('#case-publish-state').textContent()).toContain('至少一张照片');

    // A 2400×1500 PNG is reduced in the browser to a 1280×800 JPEG before it is sent; focus stays on the upload button.
    await page.getByLabel('选择照片').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: demoIllustration(2400, 1500, [148, 196, 232], [236, 226, 200]) });
    await page.getByLabel('照片说明', { exact: true }).fill(caption);
    const upload = page.getByRole('button', { name: '上传照片' });
    await upload.focus();
    await page.keyboard.press('Enter');
    await page.getByText('照片已上传').waitFor();
    await expect.poll(() => focusIsOn(page, 'button[type="submit"]'), { message: 'focus on the upload button after the upload' }).toBe(true);
    // The "draft saved, now add photos" notice is old news now.
    expect(await page.getByText('草稿已保存。现在可以上传照片，然后发布。').isVisible()).toBe(false);
    const thumbnail = page.locator('.case-photo img');
    await expect.poll(() => thumbnail.count()).toBe(1);
    expect(await thumbnail.getAttribute('width')).toBe('1280');
    expect(await thumbnail.getAttribute('height')).toBe('800');
    expect(await thumbnail.getAttribute('alt')).toBe(caption);
    expect(await thumbnail.getAttribute('src')).toMatch(/^\/media\/cases\/[0-9A-Z]{26}\/[0-9A-Z]{26}\.jpg$/);
    const media = await fetch(`${harness.stack.url}${await thumbnail.getAttribute('src')}`);
    expect(media.headers.get('content-type')).toBe('image/jpeg');

    // A second photo; moving the first down keeps focus on that photo (its ↑, now that ↓ is at
    // the end), and moving it back up puts focus on its ↓.
    await page.getByLabel('选择照片').setInputFiles({ name: 'second.png', mimeType: 'image/png', buffer: demoIllustration(800, 600, [232, 196, 148], [200, 226, 236]) });
    await upload.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => thumbnail.count()).toBe(2);
    const firstId = await page.locator('.case-photo').first().getAttribute('data-photo');
    await page.getByRole('button', { name: '下移第 1 张照片' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.case-photo').nth(1).getAttribute('data-photo')).toBe(firstId);
    await expect.poll(() => focusIsOn(page, `[data-photo="${firstId}"] button[data-move="-1"]`)).toBe(true);
    await page.getByRole('button', { name: '保存照片顺序和说明' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.case-photo').first().getAttribute('data-photo')).toBe(firstId);
    await expect.poll(() => focusIsOn(page, `[data-photo="${firstId}"] button[data-move="1"]`)).toBe(true);
    // Back in the stored order: nothing to save.
    expect(await page.getByRole('button', { name: '保存照片顺序和说明' }).count()).toBe(0);

    // Deleting a photo of a draft does not speak of the public page.
    await page.getByRole('button', { name: '删除第 2 张照片' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.locator('.warning-text').textContent()).toBe('删除这张照片？');
    await dialog.getByRole('button', { name: '取消' }).click();

    // Summary and story typed but not saved: the panel says publishing saves them first.
    await page.getByLabel(/^摘要/).fill('县红会组织医护志愿者走进山村，为老人义诊并讲解急救常识。');
    await page.getByLabel(/^正文/).fill('第一段：义诊队清晨出发。\n\n第二段：老人们排队量血压，志愿者讲解心肺复苏。');
    await page.getByText('标题、摘要或正文有未保存的修改：发布时会先保存。').waitFor();
    expect(await publish.textContent()).toBe('保存并发布');
    expect(await publish.isDisabled()).toBe(false);

    // Leaving with unsaved text asks first; staying keeps the page and the text.
    let asked = '';
    page.once('dialog', (question) => {
      asked = question.message();
      void question.dismiss();
    });
    await page.getByRole('link', { name: /返回案例列表/ }).click();
    await expect.poll(() => asked).toContain('未保存的修改');
    expect(new URL(page.url()).hash).toBe(`#/pilot/cases/${published.caseId}`);
    expect(await page.getByLabel(/^摘要/).inputValue()).toContain('义诊');

    // Save and publish by keyboard: focus moves to the result (the button went away).
    await publish.focus();
    await page.keyboard.press('Enter');
    await page.getByText('已发布，公众可在').waitFor();
    expect(await page.locator('.case-facts .badge').textContent()).toBe('已发布');
    await expect.poll(() => focusIsOn(page, '.success-note')).toBe(true);
    const stored = await api<{ summary: string; status: string }>('county.luotian', 'GET', `/api/cases/${published.caseId}`);
    expect(stored).toMatchObject({ status: 'published', summary: expect.stringContaining('义诊') });
  });

  it('the published case appears on the public page of a 360-px phone, opens by keyboard, in Chinese and English', async () => {
    const { caseId } = await publishedCase();
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
    // The cover is the uploaded photo: at most 1280 px wide, its size reserved.
    expect(Number(await cover.getAttribute('width'))).toBeLessThanOrEqual(1280);
    expect(Number(await cover.getAttribute('height'))).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBe(0);

    // Keyboard: the title is a link; Enter opens the case and moves focus to its heading.
    await card.getByRole('link', { name: title }).focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: title });
    await heading.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(page.url()).toContain(`id=${caseId}`);
    expect(await page.locator('.case-body p').count()).toBe(2);
    expect(await page.locator('.case-photos figcaption').first().textContent()).toBe(caption);
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
    // Singular and plural in English.
    const status = (await page.locator('#cs-status').textContent()) ?? '';
    expect(status).toMatch(/^湖北省: showing (1 typical case|\d+ typical cases)(,|$)/);
    expect(status).not.toMatch(/\b1 typical cases/);

    // A county filter keeps the case; a shared link to it opens the case directly.
    await page.getByLabel('City').selectOption('421100000000');
    await expect.poll(() => page.getByLabel('County').locator(`option[value="${luotian}"]`).count()).toBe(1);
    await page.getByLabel('County').selectOption(luotian);
    await expect.poll(() => page.locator('#cs-status').textContent()).toMatch(/^罗田县: showing/);
    await page.locator('.case-card').filter({ hasText: title }).waitFor();
    expect(new URL(page.url()).searchParams.get('division')).toBe(luotian);
  });

  it('fits the portal screens on a 360-px phone', async () => {
    const { caseId } = await publishedCase();
    const page = await openPage(phone);
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases`);
    await page.locator('.case-list li').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases/${caseId}`);
    await page.locator('.case-photo img').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('shows the portal’s cases screens in English with no Chinese UI text left', async () => {
    const { caseId } = await publishedCase();
    const data = new Set<string>(['罗田县', '凤山镇']);
    for (const path of ['/api/me', `/api/cases?county=${luotian}`, `/api/cases/${caseId}`, `/api/divisions?parent=${luotian}`, `/api/divisions?parent=${fengshan}`]) {
      stringsOf(await api('county.luotian', 'GET', path), data);
    }
    const page = await openPage();
    await signIn(page, 'county.luotian');
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases`);
    await page.locator('.case-list li').first().waitFor();
    expect(await chineseLeft(page, [...data]), 'list').toEqual([]);
    expect(await page.locator('.case-list').textContent()).not.toMatch(/\b1 photos\b/);

    await page.goto(`${harness.stack.url}/portal/#/pilot/cases/${caseId}`);
    await page.locator('.case-photo img').first().waitFor();
    await page.getByRole('heading', { name: 'Publication' }).waitFor();
    expect(await chineseLeft(page, [...data]), 'editor of a published case').toEqual([]);
    // The withdraw dialog too.
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await chineseLeft(page, [...data]), 'withdraw dialog').toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${harness.stack.url}/portal/#/pilot/cases/new`);
    await page.getByRole('heading', { name: 'Write a typical case' }).waitFor();
    const township = page.getByLabel(/^Township/);
    expect(await township.locator('option').first().textContent()).toBe('Whole county');
    expect(await chineseLeft(page, [...data]), 'new case form').toEqual([]);
  });

  it('withdrawn with a reason, the case leaves the public page', async () => {
    const { caseId } = await publishedCase();
    const page = await openPage();
    await signIn(page, 'county.luotian');
    await page.goto(`${harness.stack.url}/portal/#/pilot/cases/${caseId}`);
    await page.getByRole('button', { name: '撤回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/原因/).fill('照片中的老人要求撤下');
    await dialog.getByRole('button', { name: '撤回' }).click();
    await page.getByText('已撤回。').waitFor();
    expect(await page.locator('.case-facts').textContent()).toContain('照片中的老人要求撤下');
    // Focus went to the result, not to <body>.
    await expect.poll(() => focusIsOn(page, '.success-note')).toBe(true);

    const visitor = await openPage(phone);
    await visitor.goto(`${harness.stack.url}/cases/?id=${caseId}`);
    await visitor.getByText('没有找到这个案例').waitFor();
    await visitor.goto(`${harness.stack.url}/cases/?division=${luotian}`);
    await expect.poll(() => visitor.locator('#cs-status').textContent()).toMatch(/罗田县/);
    expect(await visitor.locator('.case-card').filter({ hasText: title }).count()).toBe(0);
  });
});

function openPage(...args: Parameters<typeof harness.openPage>) {
  return harness.openPage(...args);
}
