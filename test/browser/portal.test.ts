/**
 * End-to-end checks of the web site in a real browser against the whole local system
 * (DynamoDB Local, the route table's handlers, the local Cognito stand-in, web/dist).
 *
 * Uses the Debian chromium (never a downloaded browser) through Playwright as a library, one
 * fresh browser context per test so storage (language, session) never leaks between tests.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { horizontalOverflow, phone, useBrowserHarness } from '../support/browser-harness.js';

const password = 'Boai-demo-2026';

const harness = useBrowserHarness();
const openPage = (...args: Parameters<typeof harness.openPage>) => harness.openPage(...args);

async function signIn(page: Page, username: string, secret: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(secret);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('public home', () => {
  it('lists the cities of Hubei and lets a visitor walk down to a county by keyboard', async () => {
    const page = await openPage();
    await page.goto(`${harness.stack.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect.poll(() => page.getByRole('button', { name: '黄冈市' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '武汉市' }).count()).toBe(1);

    // Keyboard: focus the city and press Enter; the next level loads and focus follows it.
    await page.getByRole('button', { name: '黄冈市' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '罗田县' }).waitFor();
    expect(await page.locator('#finder-crumbs [aria-current="location"]').textContent()).toBe('黄冈市');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('finder-list-title');
    expect(await page.locator('#finder-current').textContent()).toContain('黄冈市红十字会');

    // The footer shows the service status with a time in Beijing time.
    await expect.poll(() => page.locator('#health-text').textContent()).toContain('运行正常');
  });

  it('switches to English, and the choice survives a reload', async () => {
    const page = await openPage();
    await page.goto(`${harness.stack.url}/`);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 2, name: 'Find your local Red Cross' }).count()).toBe(1);
    await page.reload();
    await page.getByRole('button', { name: '黄冈市' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 2, name: 'What we do' }).count()).toBe(1);
  });

  it('fits a 360-px phone without horizontal scrolling', async () => {
    const page = await openPage(phone);
    await page.goto(`${harness.stack.url}/`);
    await page.getByRole('button', { name: '黄冈市' }).click();
    await page.getByRole('button', { name: '罗田县' }).click();
    await page.getByRole('button', { name: '凤山镇' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

describe('staff portal', () => {
  it('signs a county officer in, in Chinese, then keeps English across a reload', async () => {
    const page = await openPage();
    await page.goto(`${harness.stack.url}/portal/`);
    // The demo hint comes from the local server's config.json, not from the bundle.
    const hint = page.locator('.demo-accounts');
    await hint.getByText('county.luotian').waitFor();
    expect(await hint.locator('.demo-password').textContent()).toBe(password);
    await signIn(page, 'county.luotian', password);

    // Chinese by default: navigation from /api/me, the user's division, the overview's child divisions.
    const nav = page.getByRole('navigation', { name: '门户导航' });
    await nav.getByRole('link', { name: '基层组织' }).waitFor();
    expect(await nav.getByRole('link', { name: '概览' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('.portal-header').textContent()).toContain('罗田县');
    expect(await page.locator('.portal-header').textContent()).toContain('县级红十字会');
    await page.locator('.child-list').getByText('凤山镇').waitFor();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');

    // A section not built yet is a clear "coming" panel, not an error.
    await nav.getByRole('link', { name: '志愿服务' }).click();
    await page.getByRole('heading', { name: '建设中' }).waitFor();
    expect(await nav.getByRole('link', { name: '志愿服务' }).getAttribute('aria-current')).toBe('page');

    // English.
    await page.getByRole('button', { name: 'English' }).click();
    const navEn = page.getByRole('navigation', { name: 'Portal navigation' });
    await navEn.getByRole('link', { name: 'Branches' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Coming in a later release' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    // The portal sets <html lang> in an effect, after the render the checks above saw.
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');

    // Reload: still signed in (sessionStorage), still English (localStorage), same section (hash).
    await page.reload();
    await navEn.getByRole('link', { name: 'Branches' }).waitFor();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    expect(await navEn.getByRole('link', { name: 'Volunteers' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('.portal-header').textContent()).toContain('County staff');

    // Signing out returns to the sign-in form.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').waitFor();
  });

  it('shows a localized error for a wrong password', async () => {
    const page = await openPage();
    await page.goto(`${harness.stack.url}/portal/`);
    await signIn(page, 'county.luotian', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByLabel('密码').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').fill('county.luotian');
    await page.getByLabel('Password').fill('still-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(async () => (await page.getByRole('alert').textContent()) ?? '').toMatch(/password/i);
    expect(await page.getByRole('alert').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('fits a 360-px phone, with the navigation behind a menu button', async () => {
    const page = await openPage(phone);
    await page.goto(`${harness.stack.url}/portal/`);
    await page.getByLabel('用户名').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await signIn(page, 'county.luotian', password);
    await page.locator('.child-list').getByText('凤山镇').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

    const menu = page.getByRole('button', { name: '菜单' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: '基层组织' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: '志愿服务' }).click();
    await page.getByRole('heading', { name: '建设中' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
