import type { Page } from 'playwright-core';
import { BASE_URL, type Browser, fullScreenshot, goto, loginStaff, openBrowser, screenshot, visible } from './support/browser';

/*
 * 预约 and 取号 in the H5 build against the real stack. The seed opens 30-minute slots at the
 * district hall (HZ-DIST) for 社保业务 and 综合受理 from tomorrow on. The queue only gives numbers
 * during hall hours on working days, and the suite may run at any hour: the queue test works out
 * from the clock and the holiday calendar whether the hall is open now and checks the matching
 * behaviour (a number called to a window, or the closed message with the hours).
 */

const HALL = 'HZ-DIST';
const CATEGORY = 'social_security';
const WINDOW = 'A01';

interface TimeRange {
  start: string;
  end: string;
}
interface HallInfo {
  name: string;
  hours: { weekdays: TimeRange[] };
  extendedHours: { delayed: TimeRange | null; weekend: TimeRange[] };
}

let b: Browser;
beforeEach(async () => {
  b = await openBrowser();
});
afterEach(async () => {
  await b.close();
});

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${BASE_URL}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Now in Guangzhou as `YYYY-MM-DD` and `HH:mm`. */
function shanghaiNow(): { date: string; hhmm: string; minutes: number } {
  const iso = new Date(Date.now() + 8 * 3600_000).toISOString();
  const hhmm = iso.slice(11, 16);
  return { date: iso.slice(0, 10), hhmm, minutes: toMinutes(hhmm) };
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * Whether the hall gives numbers now, by the API's rule: working days (调休 included) in office
 * and 延时 hours, weekends in 错时 hours, never on holidays; from 30 minutes before a range opens.
 * `nearEdge` is true within two minutes of a change, when the answer may flip during the test.
 */
async function queueOpenNow(): Promise<{ open: boolean; nearEdge: boolean; hall: HallInfo }> {
  const now = shanghaiNow();
  const hall = await getJson<HallInfo>(`/api/v1/halls/${HALL}`);
  const [day] = await getJson<{ working: boolean; kind: string }[]>(`/api/v1/calendar?from=${now.date}&to=${now.date}`);
  if (!day) throw new Error('the calendar has no entry for today');
  const ranges = day.working
    ? [...hall.hours.weekdays, ...(hall.extendedHours.delayed ? [hall.extendedHours.delayed] : [])]
    : day.kind === 'holiday'
      ? []
      : hall.extendedHours.weekend;
  const spans = ranges.map((r) => [toMinutes(r.start) - 30, toMinutes(r.end)] as const);
  return {
    open: spans.some(([from, to]) => now.minutes >= from && now.minutes < to),
    nearEdge: spans.some(([from, to]) => Math.abs(now.minutes - from) <= 2 || Math.abs(now.minutes - to) <= 2),
    hall,
  };
}

async function loginResident(page: Page): Promise<void> {
  await goto(page, '/pages/me/index');
  await visible(page, 'me-login-button').click();
  await visible(page, 'me-profile').waitFor();
}

function byCode(page: Page, testId: string, code: string) {
  return page.locator(`[data-testid="${testId}"][data-code="${code}"]:visible`);
}

/** window1's console, at window A01. */
async function openConsole(page: Page): Promise<void> {
  await loginStaff(page, 'window1');
  await visible(page, 'staff-link-console').click();
  await visible(page, 'page-staff-console').waitFor();
  await expect(visible(page, 'console-hall').textContent()).resolves.toContain('海珠区政务服务中心');
  await byCode(page, 'console-window', WINDOW).click();
  await visible(page, 'console-call-next').waitFor();
}

async function takeNumber(page: Page): Promise<'ticket' | 'closed'> {
  await goto(page, '/');
  await visible(page, 'home-tile-queue').click();
  await visible(page, 'queue-step-hall').waitFor();
  await byCode(page, 'queue-hall', HALL).click();
  await byCode(page, 'queue-category', CATEGORY).click();
  await visible(page, 'queue-step-take').waitFor();
  await visible(page, 'queue-take').click();
  const outcome = await Promise.race([
    visible(page, 'ticket-card')
      .waitFor()
      .then(() => 'ticket' as const),
    visible(page, 'queue-closed')
      .waitFor()
      .then(() => 'closed' as const),
  ]);
  return outcome;
}

describe('预约 in the H5 build', () => {
  it('books a 社保业务 slot at the district hall, shows its QR, lists it and cancels it', async () => {
    const { page } = b;
    await loginResident(page);

    await goto(page, '/');
    await visible(page, 'home-tile-appointment').click();
    await visible(page, 'book-step-hall').waitFor();
    await expect(visible(page, 'book-steps').getAttribute('data-current')).resolves.toBe('1');
    await fullScreenshot(page, 'appointment-01-choose-hall', 'book');

    await byCode(page, 'book-hall', HALL).click();
    await visible(page, 'book-step-category').waitFor();
    await byCode(page, 'book-category', CATEGORY).click();

    await visible(page, 'book-step-date').waitFor();
    const dates = page.locator('[data-testid="book-date"]:visible');
    await expect(dates.count()).resolves.toBeGreaterThan(7);
    // Closed days are shown, greyed, with 休 or the holiday's name rather than left out.
    const closed = page.locator('[data-testid="book-date"][data-bookable="false"]:visible');
    await expect(closed.count()).resolves.toBeGreaterThan(0);
    await fullScreenshot(page, 'appointment-02-dates', 'book');
    const firstOpen = page.locator('[data-testid="book-date"][data-bookable="true"]:visible').first();
    const date = await firstOpen.getAttribute('data-date');
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await firstOpen.click();

    await visible(page, 'book-step-slot').waitFor();
    const slot = page.locator('[data-testid="book-slot"][data-disabled="false"]:visible').first();
    await expect(slot.textContent()).resolves.toMatch(/\d{2}:\d{2}-\d{2}:\d{2}.*余\d+个/);
    await fullScreenshot(page, 'appointment-03-slots', 'book');
    await slot.click();

    await visible(page, 'book-step-confirm').waitFor();
    await expect(visible(page, 'book-summary-hall').textContent()).resolves.toBe('海珠区政务服务中心');
    await expect(visible(page, 'book-summary-category').textContent()).resolves.toBe('社保业务');
    await screenshot(page, 'appointment-04-confirm');
    await visible(page, 'book-confirm').click();

    await visible(page, 'appointment-booked').waitFor();
    const qr = visible(page, 'appointment-qr');
    const code = (await visible(page, 'appointment-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await expect(qr.getAttribute('data-text')).resolves.toBe(code);
    const box = await qr.boundingBox();
    // Large enough to scan from a phone held out to the clerk.
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(200);
    expect(Number(await qr.getAttribute('data-size'))).toBeGreaterThanOrEqual(21);
    await expect(visible(page, 'appointment-status').textContent()).resolves.toBe('已预约');
    await expect(visible(page, 'appointment-hall').textContent()).resolves.toBe('海珠区政务服务中心');
    await visible(page, 'appointment-cancel').waitFor();
    await visible(page, 'appointment-check-in').waitFor();
    await fullScreenshot(page, 'appointment-05-success-qr', 'appointment');

    // 我的 → 我的预约 lists it with its status and the cut-off.
    await goto(page, '/pages/me/index');
    await visible(page, 'me-link-appointments').click();
    await visible(page, 'appointments-list').waitFor();
    const row = page.locator('[data-testid="appointment-row"]:visible').first();
    await expect(row.getAttribute('data-status')).resolves.toBe('booked');
    await expect(row.locator('[data-testid="appointment-row-status"]').textContent()).resolves.toBe('已预约');
    await expect(row.textContent()).resolves.toContain('前可以取消');
    await fullScreenshot(page, 'appointment-06-my-appointments', 'appointments');

    await row.locator('[data-testid="appointment-row-cancel"]').click();
    const confirmText = page.getByText('确定取消这个预约吗？', { exact: true });
    await confirmText.waitFor();
    await page.waitForTimeout(400); // the modal fades in
    await screenshot(page, 'appointment-07-cancel-confirm');
    await page.getByText('确定取消', { exact: true }).click();
    await page.locator('[data-testid="appointment-row"][data-status="cancelled"]:visible').waitFor();
    await expect(page.locator('[data-testid="appointment-row"]:visible').first().locator('[data-testid="appointment-row-status"]').textContent()).resolves.toBe('已取消');
    await expect(page.locator('[data-testid="appointment-row-cancel"]:visible').count()).resolves.toBe(0);
    await fullScreenshot(page, 'appointment-08-cancelled', 'appointments');
  });
});

describe('取号 and 叫号 in the H5 build', () => {
  it('calls a remotely taken number to a window and the resident sees it without reloading, or says when the hall is closed', async () => {
    const { page } = b;
    const expected = await queueOpenNow();
    await loginResident(page);
    const outcome = await takeNumber(page);
    // At the very edge of the hours the answer may flip between the check and the tap.
    if (!expected.nearEdge) expect(outcome).toBe(expected.open ? 'ticket' : 'closed');

    const staff = await openBrowser();
    try {
      const desk = staff.page;
      if (outcome === 'closed') {
        const message = (await visible(page, 'queue-closed-message').textContent()) ?? '';
        // The API's message names the hours (or says the hall is shut today).
        expect(message).toMatch(/取号时间：\d{2}:\d{2}-\d{2}:\d{2}|今天大厅不开放/);
        await expect(visible(page, 'queue-closed').textContent()).resolves.toContain('现在不能取号');
        await fullScreenshot(page, 'appointment-09-queue-closed', 'queue');

        await openConsole(desk);
        await visible(desk, 'console-call-next').click();
        await expect(visible(desk, 'console-no-waiting').textContent()).resolves.toContain('暂无等候');
        await fullScreenshot(desk, 'appointment-10-console-nobody-waiting', 'staff-console');
      } else {
        const number = (await visible(page, 'ticket-number').textContent())?.trim() ?? '';
        expect(number).toMatch(/^[A-Z]\d{3}$/);
        await visible(page, 'ticket-ahead').waitFor();
        await expect(visible(page, 'ticket-eta').textContent()).resolves.toMatch(/预计等候约 \d+ 分钟/);
        await expect(visible(page, 'ticket-live').textContent()).resolves.toContain('每5秒自动更新');
        await fullScreenshot(page, 'appointment-09-ticket-waiting', 'ticket');

        await openConsole(desk);
        await visible(desk, 'console-call-next').click();
        await expect(visible(desk, 'console-called').textContent()).resolves.toContain(number);
        await visible(desk, 'console-current').waitFor();
        await fullScreenshot(desk, 'appointment-10-console-called', 'staff-console');

        // No reload on the resident's side: the ticket page polls.
        const called = visible(page, 'ticket-called-window');
        await called.waitFor({ timeout: 12_000 });
        await expect(called.textContent()).resolves.toContain(`请到 ${WINDOW} 号窗口`);
        await expect(visible(page, 'ticket-status').textContent()).resolves.toBe('请到窗口');
        await fullScreenshot(page, 'appointment-11-ticket-called', 'ticket');
      }

      // The hall's big screen: numbers per window and waiting counts, landscape, no names.
      await desk.setViewportSize({ width: 1280, height: 720 });
      await goto(desk, `/staff/display/index?hallId=${HALL}`);
      await visible(desk, 'display').waitFor();
      await expect(visible(desk, 'display-hall').textContent()).resolves.toBe(expected.hall.name);
      await visible(desk, 'display-waiting').waitFor();
      if (outcome === 'ticket') {
        const number = (await visible(page, 'ticket-number').textContent())?.trim() ?? '';
        await expect(visible(desk, 'display-latest').getAttribute('data-code')).resolves.toBe(number);
      } else {
        await visible(desk, 'display-idle').waitFor();
      }
      await screenshot(desk, 'appointment-12-hall-display');

      if (outcome === 'ticket') {
        // Finish the ticket so later runs against the same stack start from an empty window.
        await goto(desk, '/staff/console/index');
        await desk.setViewportSize({ width: 390, height: 844 });
        await visible(desk, 'console-serve').click();
        await visible(desk, 'console-done').click();
        await visible(desk, 'console-acted').waitFor();
        await page.locator('[data-testid="ticket-status"][data-status="done"]:visible').waitFor({ timeout: 12_000 });
      }
    } finally {
      await staff.close();
    }
  });
});

describe('放号 in the H5 build', () => {
  it('lets the district admin open slots at the 琶洲 branch and says which days were skipped', async () => {
    const { page } = b;
    await loginStaff(page, 'admin');
    await visible(page, 'staff-link-schedule').click();
    await byCode(page, 'schedule-hall-pick', 'HZ-PAZHOU').click();
    await visible(page, 'schedule-form').waitFor();
    await byCode(page, 'schedule-category', 'general').click();
    await byCode(page, 'schedule-minutes', '60').click();
    await visible(page, 'schedule-capacity').locator('input').fill('2');
    // 延时 on, 错时 off: the weekends in the fortnight are skipped.
    await visible(page, 'schedule-delayed').click();
    await expect(visible(page, 'schedule-delayed').getAttribute('data-checked')).resolves.toBe('true');
    await expect(visible(page, 'schedule-weekend').getAttribute('data-checked')).resolves.toBe('false');
    await visible(page, 'schedule-submit').click();

    const created = visible(page, 'schedule-created');
    await created.waitFor();
    const count = Number((await created.textContent())?.match(/\d+/)?.[0]);
    expect(count).toBeGreaterThan(0);
    await expect(visible(page, 'schedule-skipped').textContent()).resolves.toMatch(/周[六日]/);
    await fullScreenshot(page, 'appointment-15-schedule-opened', 'staff-schedule');

    // Residents can now pick those days at that hall.
    const dates = await getJson<{ items: { bookable: boolean }[] }>('/api/v1/halls/HZ-PAZHOU/dates?category=general');
    expect(dates.items.some((d) => d.bookable)).toBe(true);
  });
});

describe('长辈模式 on the ticket page', () => {
  it('shows the number very large and no text under 18px', async () => {
    const { page } = b;
    await goto(page, '/');
    await visible(page, 'elder-mode-switch').click();
    await page.locator('[data-testid="page-index"].elder:visible').waitFor();
    await loginResident(page);

    const outcome = await takeNumber(page);
    if (outcome === 'closed') {
      // Outside hall hours no ticket can exist: the closed notice is what a resident sees instead,
      // and a ticket link that leads nowhere says so — both in 长辈模式.
      await page.locator('[data-testid="page-queue"].elder:visible').waitFor();
      await expectMinFont(page, 'page-queue', 18);
      await fullScreenshot(page, 'appointment-13-elder-queue-closed', 'queue');
      await goto(page, '/pages/ticket/index?id=tkt_missing');
      await visible(page, 'ticket-not-found').waitFor();
      await page.locator('[data-testid="page-ticket"].elder:visible').waitFor();
      await expectMinFont(page, 'page-ticket', 18);
      await screenshot(page, 'appointment-14-elder-ticket-not-found');
      return;
    }
    await page.locator('[data-testid="page-ticket"].elder:visible').waitFor();
    const numberSize = await visible(page, 'ticket-number').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(numberSize).toBeGreaterThanOrEqual(80);
    await expectMinFont(page, 'page-ticket', 18);
    await fullScreenshot(page, 'appointment-13-elder-ticket', 'ticket');
  });
});

/** Every piece of text on the visible page root is at least `min` px. */
async function expectMinFont(page: Page, rootTestId: string, min: number): Promise<void> {
  const smallest = await visible(page, rootTestId).evaluate((root) => {
    let least = Infinity;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || el.offsetParent === null) continue;
      least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
    }
    return least;
  });
  expect(smallest).toBeGreaterThanOrEqual(min);
}
