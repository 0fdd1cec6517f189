import type { Page } from 'playwright-core';
import { api, BASE_URL, type Browser, fill, fullScreenshot, goto, idNumber, inPage, openBrowser, setElderMode, STAFF_PASSWORD, toastGone, visible } from './support/browser';

/*
 * 好差评 in the H5 build against the real stack: a resident rates a finished case 不满意 from its
 * case page; the 差评 opens a rectification task that 区人社局's reviewer handles and revisits in
 * their own browser; the resident reads the handling in 我的评价 and rates the rectification. The
 * case (HZ-SB01, result downloaded online) is driven to 办结 through the API: 人社 accepts, the
 * department simulator approves by itself, the reviewer delivers electronically and closes it.
 */

const ITEM = 'HZ-SB01';
const REVIEWER = 'reviewer-rs';
const RESIDENT = '周美玲';
const COMMENT = '审批等了很久，打了三次电话才有人回复';
const HANDLING = '已督促经办人当日答复，并开通办理进度短信提醒';
const REVISIT = '已电话告知整改情况，申请人表示认可';

interface Rectification {
  id: string;
  status: string;
  dueDate: string;
  handlings: { outcome: string; note: string }[];
  revisits: { method: string; result: string; residentSatisfied: boolean | null }[];
  rating: { rating: string } | null;
}
interface Evaluation {
  id: string;
  level: number;
  levelName: string;
  dimensions: { code: string; score: number }[];
  comment: string | null;
  source: string;
  rectification: Rectification | null;
}

let resident: Browser;
let staff: Browser;

beforeAll(async () => {
  resident = await openBrowser();
  staff = await openBrowser();
});
afterAll(async () => {
  await resident?.close();
  await staff?.close();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 60, everyMs = 1000): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A resident logged in on 我的, real-name verified, with an HZ-SB01 case taken to 办结. */
async function residentWithFinishedCase(page: Page): Promise<{ token: string; id: string; applicationNo: string }> {
  await goto(page, '/pages/me/index');
  await visible(page, 'me-login-button').click();
  await visible(page, 'me-profile').waitFor();
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hz.token') ?? '{}').data as string);
  await api('POST', '/api/v1/me/real-name', token, { name: RESIDENT, idNumber: idNumber() });

  const draft = await api<{ id: string; applicationNo: string }>('POST', '/api/v1/applications', token, {
    itemCode: ITEM,
    form: { contactPhone: '13800138000', printType: '个人参保证明', startMonth: '2024-01-01', endMonth: '2025-12-31', deliveryMethod: '在线下载电子版' },
  });
  const form = new FormData();
  form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400, 32)])], { type: 'application/pdf' }), '身份证.pdf');
  const upload = await fetch(`${BASE_URL}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const file = (await upload.json()) as { id: string };
  await api('PUT', `/api/v1/applications/${draft.id}/materials/M01`, token, { fileId: file.id });
  await api('POST', `/api/v1/applications/${draft.id}/submit`, token);

  const reviewer = await api<{ token: string }>('POST', '/api/v1/staff/auth/login', undefined, { username: REVIEWER, password: STAFF_PASSWORD });
  await api('POST', `/api/v1/staff/applications/${draft.id}/accept`, reviewer.token, {});
  await eventually(() => api<{ status: string }>('GET', `/api/v1/applications/${draft.id}`, token), (v) => v.status === 'approved', 'the department simulator to approve');
  await api('POST', `/api/v1/staff/applications/${draft.id}/deliver`, reviewer.token, { method: 'electronic' });
  const done = await api<{ status: string }>('POST', `/api/v1/staff/applications/${draft.id}/complete`, reviewer.token);
  expect(done.status).toBe('completed');
  return { token, ...draft };
}

async function ratingOf(token: string, id: string): Promise<Evaluation | undefined> {
  const res = await api<{ items: Evaluation[] }>('GET', `/api/v1/evaluations?targetType=application&targetId=${id}`, token);
  return res.items[0];
}

/** 不满意, one dimension of the online channel and the comment. */
async function fillBadRating(page: Page): Promise<void> {
  await visible(page, 'rate-form').waitFor();
  await inPage(page, '[data-testid="rate-level"][data-level="2"]').click();
  await visible(page, 'rate-bad-notice').waitFor();
  await inPage(page, '[data-testid="rate-dimension"][data-code="efficiency"]').click();
  await fill(page, 'rate-comment', COMMENT);
}

it('rates a finished case 不满意; the department handles and revisits; the resident rates the rectification', async () => {
  const { page } = resident;
  const { token, id, applicationNo } = await residentWithFinishedCase(page);

  // 我的 counts the case as waiting for a rating.
  await goto(page, '/pages/me/index');
  await expect(visible(page, 'me-link-evaluations-badge').textContent()).resolves.toBe('1 条待评价');

  // The finished case offers 去评价 with the 7-day rule.
  await goto(page, `/apply/case/index?id=${id}`);
  await page.locator('[data-testid="case-detail"][data-status="completed"]:visible').waitFor();
  await page.locator('[data-testid="case-evaluation"][data-state="unrated"]:visible').waitFor();
  await expect(visible(page, 'case-evaluation-default-hint').textContent()).resolves.toContain('7 天未评价视为基本满意');
  await visible(page, 'case-evaluation-rate').click();
  await visible(page, 'rate-form').waitFor();
  await expect(visible(page, 'rate-subject').textContent()).resolves.toContain(applicationNo);
  const levels = await page.locator('[data-testid="rate-level"]:visible').allTextContents();
  expect(levels.map((t) => t.replace(/[★\s]|差评/g, ''))).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  await fillBadRating(page);
  // The online channel's national dimensions; 差评 offers the complaint reasons.
  await expect(page.locator('[data-testid="rate-dimension"]:visible').allTextContents()).resolves.toEqual(['办事效率', '办事指南精确度', '办事便捷度', '平台操作性']);
  await expect(inPage(page, '[data-testid="rate-tag"][data-code="办理超时"]').isVisible()).resolves.toBe(true);
  await expect(visible(page, 'rate-comment-count').textContent()).resolves.toBe(`${Array.from(COMMENT).length}/500 字`);
  await fullScreenshot(page, 'evaluation-01-rate-bad', 'evaluate-rate');

  // The same form in 长辈模式: larger text, taller level buttons.
  await setElderMode(page, true);
  await goto(page, `/evaluate/rate/index?targetType=application&targetId=${id}`);
  await page.locator('[data-testid="page-evaluate-rate"].elder:visible').waitFor();
  await fillBadRating(page);
  const level = await inPage(page, '[data-testid="rate-level"][data-level="2"]').boundingBox();
  expect(level?.height ?? 0).toBeGreaterThanOrEqual(72);
  const nameSize = await inPage(page, '[data-testid="rate-level"][data-level="2"] .ev-level__name').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(nameSize).toBeGreaterThanOrEqual(22);
  await fullScreenshot(page, 'evaluation-02-rate-bad-elder', 'evaluate-rate');
  await setElderMode(page, false);

  // Submitted from the case page: the thanks says who handles it and by when.
  await goto(page, `/apply/case/index?id=${id}`);
  await visible(page, 'case-evaluation-rate').click();
  await fillBadRating(page);
  await visible(page, 'rate-submit').click();
  await visible(page, 'rate-done').waitFor();
  await expect(visible(page, 'rate-done-summary-level').textContent()).resolves.toBe('不满意');
  await expect(visible(page, 'rate-next-deadline').textContent()).resolves.toMatch(/\d+ 个工作日内（\d{4}年\d+月\d+日 周. 前）整改/);
  await fullScreenshot(page, 'evaluation-03-rated', 'evaluate-rate');

  const rated = await ratingOf(token, id);
  expect(rated).toMatchObject({ level: 2, levelName: '不满意', source: 'resident', comment: COMMENT, dimensions: [{ code: 'efficiency', score: 2 }], rectification: { status: 'open' } });
  const evaluationId = rated?.id ?? '';
  const taskId = rated?.rectification?.id ?? '';
  await expect(visible(page, 'rate-next').getAttribute('data-due')).resolves.toBe(rated?.rectification?.dueDate);

  // Back on the case: the rating and its rectification instead of 去评价.
  await visible(page, 'rate-done-back').click();
  await page.locator('[data-testid="case-evaluation"][data-state="rated"]:visible').waitFor();
  await expect(visible(page, 'case-evaluation-summary-level').textContent()).resolves.toBe('不满意');
  await expect(visible(page, 'case-evaluation-rectification').textContent()).resolves.toBe('待整改');
  await expect(page.locator('[data-testid="case-evaluation-rate"]:visible').count()).resolves.toBe(0);
  await fullScreenshot(page, 'evaluation-04-case-rated', 'apply-case');

  // 区人社局's reviewer finds the task, reads the rating and records the handling and the 回访.
  const sp = staff.page;
  await goto(sp, '/staff/login/index');
  await fill(sp, 'staff-username', REVIEWER);
  await fill(sp, 'staff-password', STAFF_PASSWORD);
  await visible(sp, 'staff-login-submit').click();
  await visible(sp, 'staff-profile').waitFor();
  await visible(sp, 'staff-link-rectify-tasks').click();
  const card = inPage(sp, `[data-testid="rt-task"][data-id="${taskId}"]`);
  await card.waitFor();
  await expect(card.getAttribute('data-status')).resolves.toBe('open');
  await expect(card.getAttribute('data-overdue')).resolves.toBe('false');
  await expect(card.textContent()).resolves.toContain(applicationNo);
  await expect(card.textContent()).resolves.toContain('周**');
  await fullScreenshot(sp, 'evaluation-05-staff-tasks', 'casework-rectify-tasks');
  await card.click();
  await sp.locator('[data-testid="rt-detail"][data-status="open"]:visible').waitFor();
  await expect(visible(sp, 'rt-evaluation-comment').textContent()).resolves.toBe(COMMENT);
  await expect(visible(sp, 'rt-resident-name').textContent()).resolves.toContain('周**');
  await expect(visible(sp, 'rt-detail-deadline-text').textContent()).resolves.toMatch(/^整改期限 \d{4}-\d{2}-\d{2}，还剩 \d+ 个工作日$/);
  await fullScreenshot(sp, 'evaluation-06-staff-task', 'casework-rectify-task');
  await visible(sp, 'rt-resident-reveal').click();
  await expect(visible(sp, 'rt-resident-name').textContent()).resolves.toContain(RESIDENT);

  await visible(sp, 'rt-action-handle').click();
  await visible(sp, 'rt-sheet-handle').waitFor();
  await visible(sp, 'rt-sheet-handle-confirm').click();
  await expect(visible(sp, 'rt-outcome-error').textContent()).resolves.toBe('请选择处理结果：已整改或已解释说明');
  await inPage(sp, '[data-testid="rt-outcome"][data-code="rectified"]').click();
  await fill(sp, 'rt-handle-note', HANDLING);
  await visible(sp, 'rt-sheet-handle-confirm').click();
  await sp.locator('[data-testid="rt-detail"][data-status="handled"]:visible').waitFor();

  await visible(sp, 'rt-action-revisit').click();
  await visible(sp, 'rt-sheet-revisit').waitFor();
  await inPage(sp, '[data-testid="rt-revisit-method"][data-code="phone"]').click();
  await fill(sp, 'rt-revisit-result', REVISIT);
  await inPage(sp, '[data-testid="rt-revisit-satisfied"][data-code="yes"]').click();
  await visible(sp, 'rt-sheet-revisit-confirm').click();
  await sp.locator('[data-testid="rt-detail"][data-status="revisited"]:visible').waitFor();
  // The resident's contact stays as loaded for the call, not the masked copy the action returned.
  await expect(visible(sp, 'rt-resident-name').textContent()).resolves.toContain(RESIDENT);
  await expect(sp.locator('[data-testid="rt-history-entry"]:visible').evaluateAll((es) => es.map((e) => e.getAttribute('data-kind')))).resolves.toEqual(['handling', 'revisit']);
  await toastGone(sp);
  await fullScreenshot(sp, 'evaluation-07-staff-task-revisited', 'casework-rectify-task');

  const revisited = (await ratingOf(token, id))?.rectification;
  expect(revisited).toMatchObject({ status: 'revisited', handlings: [{ outcome: 'rectified', note: HANDLING }], revisits: [{ method: 'phone', result: REVISIT, residentSatisfied: true }] });

  // 我的 → 我的评价: nothing left to rate; the handling is there to read and rate.
  await goto(page, '/pages/me/index');
  await visible(page, 'me-profile').waitFor();
  await expect(page.locator('[data-testid="me-link-evaluations-badge"]:visible').count()).resolves.toBe(0);
  await visible(page, 'me-link-evaluations').click();
  const mine = inPage(page, `[data-testid="mine-evaluation"][data-id="${evaluationId}"]`);
  await mine.waitFor();
  await expect(mine.getAttribute('data-status')).resolves.toBe('revisited');
  await expect(mine.locator('[data-testid="mine-handling-note"]').textContent()).resolves.toBe(HANDLING);
  await expect(mine.locator('[data-testid="mine-rectification-status"]').textContent()).resolves.toBe('已回访');
  await expect(mine.locator('[data-testid="mine-appeal-button"]').isVisible()).resolves.toBe(true);
  await expect(page.locator('[data-testid="mine-pending"]:visible').count()).resolves.toBe(0);
  await fullScreenshot(page, 'evaluation-08-mine-handled', 'evaluate-mine');

  await mine.locator('[data-testid="mine-rate-rectification"]').click();
  await visible(page, 'mine-rect-rating-sheet').waitFor();
  await inPage(page, '[data-testid="mine-rect-rating-option"][data-code="satisfied"]').click();
  await visible(page, 'mine-rect-rating-confirm').click();
  await page.locator(`[data-testid="mine-evaluation"][data-id="${evaluationId}"][data-status="closed"]:visible`).waitFor();
  await expect(inPage(page, `[data-testid="mine-evaluation"][data-id="${evaluationId}"] [data-testid="mine-rect-rating"]`).getAttribute('data-rating')).resolves.toBe('satisfied');
  await expect(page.locator('[data-testid="mine-rate-rectification"]:visible').count()).resolves.toBe(0);
  await toastGone(page);
  await fullScreenshot(page, 'evaluation-09-mine-closed', 'evaluate-mine');

  const closed = (await ratingOf(token, id))?.rectification;
  expect(closed).toMatchObject({ status: 'closed', rating: { rating: 'satisfied' } });
}, 240_000);
