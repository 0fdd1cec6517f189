import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export { idNumber } from '../../support/id-number';

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:7001';
export const STAFF_PASSWORD = process.env.E2E_STAFF_PASSWORD ?? '';
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh Chromium profile (own storage: a new resident) on a phone-sized viewport. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'haizhu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot as a test artifact (test-artifacts/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Taro H5 keeps earlier pages in the DOM, hidden: only ever act on the visible one. */
export function visible(page: Page, testId: string): Locator {
  return page.locator(`[data-testid="${testId}"]:visible`).first();
}

export async function goto(page: Page, path: string): Promise<void> {
  await page.goto(`${BASE_URL}${path}`);
}

/** The first visible element matching a CSS selector (Taro H5 keeps earlier pages in the DOM, hidden). */
export function inPage(page: Page, selector: string): Locator {
  return page.locator(`${selector}:visible`).first();
}

/** Types into the input or textarea inside a FormField. */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  await visible(page, testId).locator('input, textarea').first().fill(value);
}

/** Taro's H5 pages scroll inside their own container: grow the viewport to the page for a whole-page shot. */
export async function fullScreenshot(page: Page, name: string, pageName: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 390, height: 844 };
  const height = await visible(page, `page-${pageName}`).evaluate((e) => e.scrollHeight);
  // Start the shot at the top, wherever the last action scrolled to.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    for (const el of document.querySelectorAll('*')) if (el.scrollTop > 0) el.scrollTop = 0;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height + 80, viewport.height), 8000) });
  await page.waitForTimeout(200);
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

/**
 * Taro's H5 toast sits over the page for 1.5 s: wait it out before a screenshot. Its wrapper has no
 * box of its own (Playwright would call it hidden all along), so its display style is what tells.
 */
export async function toastGone(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.taro__toast')].every((e) => e.style.display === 'none'));
}

/** Turns 长辈模式 on or off from 首页 and waits until the page says so. */
export async function setElderMode(page: Page, on: boolean): Promise<void> {
  await goto(page, '/pages/index/index');
  const root = page.locator('[data-testid="page-index"]:visible');
  await root.waitFor();
  if ((await root.getAttribute('data-elder')) !== String(on)) await visible(page, 'elder-mode-switch').click();
  await page.locator(`[data-testid="page-index"][data-elder="${on}"]:visible`).waitFor();
}

/** Logs a seeded staff account in on the staff login page. */
export async function loginStaff(page: Page, username: string): Promise<void> {
  await goto(page, '/staff/login/index');
  await visible(page, 'staff-username').locator('input').fill(username);
  await visible(page, 'staff-password').locator('input').fill(STAFF_PASSWORD);
  await visible(page, 'staff-login-submit').click();
  await visible(page, 'staff-profile').waitFor();
}

/** Calls the stack's API directly (setting the scene, checking state); throws on any non-2xx. */
export async function api<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? {} : await res.json()) as T;
}
