import { idCheckDigit } from '@haizhu/shared-types';
import type { Page } from 'playwright-core';
import { BASE_URL, type Browser, goto, openBrowser, screenshot, STAFF_PASSWORD, visible } from './support/browser';

function validIdNumber(): string {
  const body = `440105198${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 10)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}

async function fill(page: Page, testId: string, value: string): Promise<void> {
  const input = visible(page, testId).locator('input, textarea').first();
  await input.fill(value);
}

let b: Browser;
beforeEach(async () => {
  b = await openBrowser();
});
afterEach(async () => {
  await b.close();
});

describe('a resident in the H5 build', () => {
  it('logs in with WeChat, is told about a wrong check digit, verifies their name and sees it masked', async () => {
    const { page } = b;
    await goto(page, '/pages/me/index');
    await visible(page, 'me-login-button').click();
    await visible(page, 'me-profile').waitFor();
    await expect(visible(page, 'profile-real-name-status').textContent()).resolves.toContain('未实名');
    await screenshot(page, 'identity-01-logged-in');

    await visible(page, 'me-real-name-button').click();
    await visible(page, 'page-real-name').waitFor();
    const id = validIdNumber();
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    await fill(page, 'real-name-name', '林晓红');
    await fill(page, 'real-name-id-number', wrong);
    await visible(page, 'real-name-submit').click();
    const error = visible(page, 'real-name-id-number-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('校验码');
    await screenshot(page, 'identity-02-check-digit-error');

    await fill(page, 'real-name-id-number', id);
    await visible(page, 'real-name-submit').click();
    await visible(page, 'real-name-success').waitFor();
    await expect(visible(page, 'real-name-success-name').textContent()).resolves.toContain('林**');
    await screenshot(page, 'identity-03-verified');

    await goto(page, '/pages/me/index');
    await visible(page, 'me-profile').waitFor();
    const shownId = await visible(page, 'profile-id-number').textContent();
    expect(shownId).toContain(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(await page.content()).not.toContain(id);
    await expect(visible(page, 'profile-name').textContent()).resolves.toContain('林**');
    await screenshot(page, 'identity-04-masked-profile');
  });

  it('switches elder mode on, keeps it after a reload, and makes the text at least 18px', async () => {
    const { page } = b;
    await goto(page, '/');
    const root = visible(page, 'page-index');
    await root.waitFor();
    const before = await bodyFontSize(page);
    await visible(page, 'elder-mode-switch').click();
    await page.locator('[data-testid="page-index"].elder:visible').waitFor();
    await screenshot(page, 'identity-05-elder-mode');

    await page.reload();
    await visible(page, 'page-index').waitFor();
    await page.locator('[data-testid="page-index"].elder:visible').waitFor();
    const after = await bodyFontSize(page);
    expect(after).toBeGreaterThanOrEqual(18);
    expect(after).toBeGreaterThan(before);
    const lineHeight = await page.evaluate(() => {
      // Body text inherits the page root's line height; headings may be tighter.
      const el = [...document.querySelectorAll('[data-testid="page-index"]')].find((e) => (e as HTMLElement).offsetParent !== null) ?? document.body;
      const s = getComputedStyle(el);
      return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
    });
    expect(lineHeight).toBeGreaterThanOrEqual(1.3);
  });

  it('shows the resident who looked at their data', async () => {
    const { page } = b;
    await goto(page, '/pages/me/index');
    await visible(page, 'me-login-button').click();
    await visible(page, 'me-profile').waitFor();
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hz.token') ?? '{}').data as string);
    const idNumber = validIdNumber();
    await api('/api/v1/me/real-name', { name: '周大福', idNumber }, token);
    const staff = await api('/api/v1/staff/auth/login', { username: 'reception', password: STAFF_PASSWORD });
    await api('/api/v1/staff/residents/lookup', { idNumber, purpose: '窗口核验身份' }, staff.token);

    await visible(page, 'me-link-access-log').click();
    const item = visible(page, 'access-log-item');
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('窗口核验身份');
    await expect(item.textContent()).resolves.toContain('大厅导办');
    await screenshot(page, 'identity-06-data-access-log');
  });
});

describe('staff in the H5 build', () => {
  it('log in and an auditor checks the audit chain', async () => {
    const { page } = b;
    await goto(page, '/staff/login/index');
    await fill(page, 'staff-username', 'auditor');
    await fill(page, 'staff-password', STAFF_PASSWORD);
    await visible(page, 'staff-login-submit').click();
    await visible(page, 'staff-profile').waitFor();
    await visible(page, 'staff-audit-verify').click();
    const result = visible(page, 'staff-audit-result');
    await result.waitFor();
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    await screenshot(page, 'identity-07-staff-audit');
  });
});

async function bodyFontSize(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="home-greeting"]:not([hidden])') ?? document.body;
    return parseFloat(getComputedStyle(el).fontSize);
  });
}

async function api(path: string, body: unknown, token?: string): Promise<{ token: string }> {
  const res = await fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string };
}
