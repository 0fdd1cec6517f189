import type { Page } from 'playwright-core';
import { type StatsFigure, type StatsOverview } from '@haizhu/shared-types';
import { api, BASE_URL, type Browser, fullScreenshot, idNumber, loginStaff, openBrowser, STAFF_PASSWORD, visible } from './support/browser';

/*
 * 统计看板 in the H5 build against the real stack: the district admin opens it from 工作台 and
 * sees every figure with its definition and the charts drawn; the figures are the API's for the
 * same range, also after switching to 近7天. 区人社局's reviewer sees only their department. A case
 * taken to 办结 and rated through the API first makes sure today has cases and ratings to chart.
 */

const ITEM = 'HZ-SB01';
const REVIEWER = 'reviewer-rs';

let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function staffToken(username: string): Promise<string> {
  return (await api<{ token: string }>('POST', '/api/v1/staff/auth/login', undefined, { username, password: STAFF_PASSWORD })).token;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 60, everyMs = 1000): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A resident's HZ-SB01 case, submitted online, accepted, approved by the department simulator, sent electronically, closed and rated 满意. */
async function ratedCase(): Promise<void> {
  const login = await api<{ token: string }>('POST', '/api/v1/auth/wechat-login', undefined, { code: `sim:o-e2e-stats-${Date.now().toString(36)}` });
  const token = login.token;
  await api('POST', '/api/v1/me/real-name', token, { name: '梁家豪', idNumber: idNumber() });
  const draft = await api<{ id: string }>('POST', '/api/v1/applications', token, {
    itemCode: ITEM,
    form: { contactPhone: '13800138000', printType: '个人参保证明', startMonth: '2024-01-01', endMonth: '2025-12-31', deliveryMethod: '在线下载电子版' },
  });
  const form = new FormData();
  form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400, 32)])], { type: 'application/pdf' }), '身份证.pdf');
  const file = (await (await fetch(`${BASE_URL}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).json()) as { id: string };
  await api('PUT', `/api/v1/applications/${draft.id}/materials/M01`, token, { fileId: file.id });
  await api('POST', `/api/v1/applications/${draft.id}/submit`, token);
  const reviewer = await staffToken(REVIEWER);
  await api('POST', `/api/v1/staff/applications/${draft.id}/accept`, reviewer, {});
  await eventually(() => api<{ status: string }>('GET', `/api/v1/applications/${draft.id}`, token), (v) => v.status === 'approved', 'the department simulator to approve');
  await api('POST', `/api/v1/staff/applications/${draft.id}/deliver`, reviewer, { method: 'electronic' });
  await api('POST', `/api/v1/staff/applications/${draft.id}/complete`, reviewer);
  await api('POST', '/api/v1/evaluations', token, { targetType: 'application', targetId: draft.id, level: 4 });
}

/** What the card should read for the API's figure (the page's own formatting rule). */
function shown(f: StatsFigure): string {
  if (f.value === null) return '暂无数据';
  return f.unit === '%' ? `${f.value.toFixed(1)}%` : `${f.value.toFixed(1)} 分钟`;
}

/** The loaded overview's range, then every card against the API's figures for that range. */
async function expectFiguresMatchApi(page: Page, token: string): Promise<StatsOverview> {
  const overview = visible(page, 'stats-overview');
  await overview.waitFor();
  const from = (await overview.getAttribute('data-from')) ?? '';
  const to = (await overview.getAttribute('data-to')) ?? '';
  const expected = await api<StatsOverview>('GET', `/api/v1/stats/overview?from=${from}&to=${to}`, token);
  const cards = page.locator('[data-testid="stats-figure"]:visible');
  await expect(cards.count()).resolves.toBe(expected.figures.length);
  for (const [i, f] of expected.figures.entries()) {
    const card = cards.nth(i);
    await expect(card.getAttribute('data-key')).resolves.toBe(f.key);
    await expect(card.getAttribute('data-value')).resolves.toBe(f.value === null ? 'null' : String(f.value));
    await expect(card.locator('[data-testid="stats-figure-value"]').textContent()).resolves.toBe(shown(f));
    await expect(card.textContent()).resolves.toContain(f.name);
    // The definition sits right below the number.
    await expect(card.locator('[data-testid="stats-figure-definition"]').textContent()).resolves.toBe(`口径：${f.definition}`);
  }
  return expected;
}

/** Pixels of the chart's canvas that are drawn on (neither transparent nor near-white). */
async function inkedPixels(page: Page, testId: string): Promise<number> {
  await page.locator(`[data-testid="${testId}"][data-drawn="true"]:visible`).waitFor();
  return page.locator(`[data-testid="${testId}"]:visible canvas`).first().evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
      if (a > 0 && !(r > 240 && g > 240 && b > 240)) inked += 1;
    }
    return inked;
  });
}

it('shows the district admin every figure with its definition and the charts, as the API computes them', async () => {
  await ratedCase();
  const { page } = browser;
  const token = await staffToken('admin');

  await loginStaff(page, 'admin');
  await visible(page, 'staff-link-dashboard').click();
  await visible(page, 'page-staff-dashboard').waitFor();
  await page.locator('[data-testid="stats-range"][data-code="30"][data-on="true"]:visible').waitFor();
  const month = await expectFiguresMatchApi(page, token);
  expect(month.figures.map((f) => f.key)).toEqual(['onlineRate', 'zeroVisitRate', 'atMostOneVisitRate', 'speedUpRate', 'onTimeRate', 'satisfactionRate', 'badRectifiedRate', 'averageWaitMinutes', 'p90WaitMinutes', 'noShowRate']);
  // Today's case and rating are in: the figures have something to count.
  const byKey = Object.fromEntries(month.figures.map((f) => [f.key, f]));
  expect(byKey.onlineRate?.numerator).toBeGreaterThanOrEqual(1);
  expect(byKey.satisfactionRate?.denominator).toBeGreaterThanOrEqual(1);
  await expect(visible(page, 'stats-range-text').textContent()).resolves.toContain(`${month.from} 至 ${month.to}（30 天`);

  // The charts are drawn, not blank; a chart without data says so instead.
  expect(await inkedPixels(page, 'stats-chart-applications')).toBeGreaterThan(300);
  expect(await inkedPixels(page, 'stats-chart-satisfaction')).toBeGreaterThan(300);
  if (month.series.waitsByDay.some((d) => d.averageMinutes !== null)) expect(await inkedPixels(page, 'stats-chart-waits')).toBeGreaterThan(300);
  else await visible(page, 'stats-chart-waits-empty').waitFor();
  // The district admin may choose a hall and a department.
  await visible(page, 'stats-hall').waitFor();
  await expect(visible(page, 'stats-department').textContent()).resolves.toContain('全部部门');
  await fullScreenshot(page, 'stats-01-dashboard', 'staff-dashboard');

  // 近7天: a new range, the same agreement with the API.
  await page.locator('[data-testid="stats-range"][data-code="7"]:visible').click();
  const weekStart = new Date(Date.parse(`${month.to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  await page.locator(`[data-testid="stats-overview"][data-from="${weekStart}"]:visible`).waitFor();
  const week = await expectFiguresMatchApi(page, token);
  expect(week.series.applicationsByDay).toHaveLength(7);
  expect(await inkedPixels(page, 'stats-chart-applications')).toBeGreaterThan(300);
});

it('keeps a department reviewer to their own department, named on the page', async () => {
  const { page } = browser;
  const token = await staffToken(REVIEWER);
  await loginStaff(page, REVIEWER);
  await visible(page, 'staff-link-dashboard').click();
  await visible(page, 'page-staff-dashboard').waitFor();
  const own = await expectFiguresMatchApi(page, token);
  expect(own.scope).toMatchObject({ departmentCode: 'HZ-RSJ', fixed: ['department'] });
  await expect(visible(page, 'stats-scope').textContent()).resolves.toBe(`本部门：${own.scope.departmentName}`);
  await expect(page.locator('[data-testid="stats-hall"]:visible').count()).resolves.toBe(0);
  await fullScreenshot(page, 'stats-02-department', 'staff-dashboard');
});
