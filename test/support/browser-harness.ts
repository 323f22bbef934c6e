/**
 * The shared set-up of the browser tests: one local stack (DynamoDB Local in memory, minimal seed
 * with the demo data) and one Debian chromium per test file, a fresh context per page so storage
 * never leaks between tests, and any uncaught page error failing the test that caused it. When a
 * test fails, what its pages showed (address, visible text, failed API calls) is printed, so a
 * failure seen once on a loaded CI machine can be diagnosed from the log.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { demoPassword } from '../../local/demo-accounts.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';

/** A cheap Android phone's CSS width: the narrowest screen the site must fit without sideways scrolling. */
export const phone = { width: 360, height: 740 };
export const desktop = { width: 1280, height: 900 };

/** What a browser test file works with. */
export interface BrowserHarness {
  readonly stack: LocalStack;
  readonly browser: Browser;
  /** A page in a fresh zh-CN, Asia/Shanghai context (plus any extra context options). */
  openPage(viewport?: { width: number; height: number }, options?: BrowserContextOptions): Promise<Page>;
  /** Signs in to the portal as a demo account and waits for the header (the navigation folds behind the menu button on a phone). */
  signIn(page: Page, username: string): Promise<void>;
  /**
   * Calls the API as a demo account (its ID token signed in once and cached): test set-up, and the
   * "someone else" of a concurrent edit. The call must answer one of `expected` (default: any 2xx).
   */
  api<T>(username: string, method: string, path: string, body?: unknown, expected?: readonly number[]): Promise<{ status: number; body: T }>;
}

/** Registers the file's hooks and returns the harness; call once at the top level of a test file. */
export function useBrowserHarness(): BrowserHarness {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];
  /** The pages the current test opened, and the API calls that failed on them. */
  let testPages: { page: Page; failures: string[] }[] = [];
  const tokens = new Map<string, string>();

  async function tokenOf(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const response = await fetch(`${harness.stack.url}/local-cognito/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: demoPassword }),
    });
    const { idToken } = (await response.json()) as { idToken: string };
    tokens.set(username, idToken);
    return idToken;
  }

  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, inMemory: true, seed: 'minimal' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterEach(async ({ task }) => {
    const errors = pageErrors;
    const pages = testPages;
    pageErrors = [];
    testPages = [];
    if (task.result?.state === 'fail') {
      for (const [index, { page, failures }] of pages.entries()) {
        const text = await page
          .evaluate(() => document.body?.innerText ?? '')
          .catch((error: unknown) => `(unreadable: ${(error as Error).message})`);
        console.error(`[browser page ${index + 1} of "${task.name}"] ${page.url()}\nfailed requests: ${failures.join('; ') || 'none'}\n${text.replace(/\s+/g, ' ').slice(0, 1500)}`);
      }
    }
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    await browser?.close();
    await stack?.stop();
  });

  const harness: BrowserHarness = {
    get stack() {
      if (!stack) throw new Error('The local stack is not started yet (use it inside a test)');
      return stack;
    },
    get browser() {
      if (!browser) throw new Error('The browser is not launched yet (use it inside a test)');
      return browser;
    },
    async openPage(viewport = desktop, options = {}) {
      const context = await this.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true, ...options });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const failures: string[] = [];
      testPages.push({ page, failures });
      page.on('response', (response) => {
        if (response.status() >= 400) failures.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
      });
      page.on('requestfailed', (request) => failures.push(`${request.failure()?.errorText ?? 'failed'} ${request.method()} ${new URL(request.url()).pathname}`));
      return page;
    },
    async signIn(page, username) {
      await page.goto(`${harness.stack.url}/portal/`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(demoPassword);
      await page.getByRole('button', { name: '登录' }).click();
      await page.locator('.portal-header .user-name').waitFor();
    },
    async api<T>(username: string, method: string, path: string, body?: unknown, expected?: readonly number[]) {
      const response = await fetch(`${harness.stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${await tokenOf(username)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const message = `${method} ${path}: ${response.status} ${text}`;
      if (expected) expect(expected, message).toContain(response.status);
      else expect(response.ok, message).toBe(true);
      return { status: response.status, body: JSON.parse(text) as T };
    },
  };
  return harness;
}

/** How far the page is wider than its viewport (0: no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Texts and labels of the page with CJK left over once the data texts are taken out: text,
 * `aria-label`, `title`, `placeholder` and the document title, plus where asked option texts and
 * the `alt` of images. Text marked as Chinese on purpose (the 中文 button of the language switch)
 * is not a label.
 */
export async function chineseLeft(page: Page, dataTexts: readonly string[], include: { options?: boolean; alt?: boolean } = {}): Promise<string[]> {
  const texts = await page.evaluate(({ options, alt }) => {
    const out: string[] = [];
    const skip = (node: Node | null) => Boolean((node instanceof Element ? node : node?.parentElement)?.closest(':not(html)[lang^="zh"], script, style, noscript'));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!skip(node) && node.textContent?.trim()) out.push(node.textContent.trim());
    for (const element of document.body.querySelectorAll(alt ? '[aria-label], [title], [placeholder], img[alt]' : '[aria-label], [title], [placeholder]')) {
      if (skip(element)) continue;
      for (const name of alt ? ['aria-label', 'title', 'placeholder', 'alt'] : ['aria-label', 'title', 'placeholder']) {
        const value = element.getAttribute(name);
        if (value) out.push(value);
      }
    }
    if (options) for (const option of document.body.querySelectorAll('option')) out.push(option.textContent ?? '');
    out.push(document.title);
    return out;
  }, { options: include.options === true, alt: include.alt === true });
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  const sorted = [...dataTexts].filter(Boolean).sort((a, b) => b.length - a.length);
  return texts.map((text) => sorted.reduce((rest, known) => rest.split(known).join(''), text)).filter((rest) => cjk.test(rest));
}

/** Every string inside an API answer (the data a page may show as it is). */
export function stringsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}
