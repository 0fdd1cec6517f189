import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { api, type Browser, fill, fullScreenshot, goto, idNumber, inPage, openBrowser, setElderMode, STAFF_PASSWORD, toastGone, visible } from './support/browser';

/*
 * 在线咨询 in the H5 build against the real stack: a resident asks about an item from its guide
 * with a photo attached; 区人社局's reviewer (the item's department) finds it in the inbox, opens
 * the photo and answers in their own browser; the resident's thread page shows the answer by
 * itself (it polls), offers 评价本次咨询, takes a follow-up and is closed as 已解决. An older
 * question whose due day has passed (moved back in the database: the stack's clock is real) leads
 * the inbox in red.
 */

interface SeedItem {
  itemCode: string;
  name: string;
  departmentCode: string;
}
interface SeedDepartment {
  code: string;
  name: string;
}
const CATALOGUE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'api', 'src', 'modules', 'catalog', 'seed', 'catalogue.json'), 'utf8')) as { items: SeedItem[]; departments: SeedDepartment[] };
const ITEM = CATALOGUE.items.find((i) => i.itemCode === 'HZ-SB01') as SeedItem;
const DEPARTMENT = CATALOGUE.departments.find((d) => d.code === ITEM?.departmentCode) as SeedDepartment;

const REVIEWER = 'reviewer-rs';
const REVIEWER_NAME = '区人社局审核员';
const RESIDENT = '林晓芳';
const SUBJECT = '打印参保证明能否代办';
const QUESTION = '我在外地出差，能否请家人帮我打印个人参保证明？\n需要带什么材料？';
const ANSWER = '可以代办。请家人携带您和代办人的身份证原件，到区政务服务中心人社窗口办理；也可在本小程序在线申办，下载电子版。';
const FOLLOW_UP = '电子版和窗口打印的证明效力一样吗？';

interface Thread {
  id: string;
  status: string;
  subject: string;
  topic: { type: string; id: string; name: string };
  unit: { type: string; id: string; name: string };
  dueAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  messages: { author: string; authorName: string | null; body: string; attachments: { id: string; name: string; mime: string }[] }[];
}

let resident: Browser;
let staff: Browser;

beforeAll(async () => {
  if (!ITEM || !DEPARTMENT) throw new Error('seed item HZ-SB01 or its department is missing from catalogue.json');
  resident = await openBrowser();
  staff = await openBrowser();
});
afterAll(async () => {
  await resident?.close();
  await staff?.close();
});

/** A real PNG (blue with white stripes), so the API's content sniffing takes it as an image and the page can show it. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const stripe = Math.floor((x + y) / 12) % 2 === 0;
      row.set(stripe ? [11, 94, 215] : [255, 255, 255], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** Moves a waiting thread's due day into the past, as if nobody had answered in time. */
async function makeOverdue(id: string, dueDate: string): Promise<void> {
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    const res = await db.query("UPDATE consultations SET due_date = $2 WHERE id = $1 AND status = 'awaiting_answer'", [id, dueDate]);
    expect(res.rowCount).toBe(1);
  } finally {
    await db.end();
  }
}

/** A fresh resident logged in with the WeChat simulator on 我的, real-name verified (so staff see a name). */
async function residentLogsIn(page: Page): Promise<string> {
  await goto(page, '/pages/me/index');
  await visible(page, 'me-login-button').click();
  await visible(page, 'me-profile').waitFor();
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hz.token') ?? '{}').data as string);
  await api('POST', '/api/v1/me/real-name', token, { name: RESIDENT, idNumber: idNumber() });
  return token;
}

const messageTexts = (page: Page) => page.locator('[data-testid="consult-message"]:visible [data-testid="consult-message-body"]').allTextContents();

it('a resident asks about an item with a photo; the department answers from its inbox; the resident follows up and closes it', async () => {
  const { page } = resident;
  const token = await residentLogsIn(page);

  // 办事指南 → 咨询: the form names the item and who answers.
  await goto(page, `/pages/item/index?code=${ITEM.itemCode}`);
  await visible(page, 'item-action-consult').click();
  await page.locator('[data-testid="consult-ask-form"][data-topic="item"]:visible').waitFor();
  await expect(visible(page, 'consult-ask-topic-name').textContent()).resolves.toBe(ITEM.name);
  await expect(visible(page, 'consult-ask-unit').textContent()).resolves.toBe(`由 ${DEPARTMENT.name} 答复`);

  // Nothing written yet: the field says what is missing, nothing is sent.
  await visible(page, 'consult-ask-submit').click();
  await expect(visible(page, 'consult-body-error').textContent()).resolves.toBe('请填写内容（至少 2 个字）');

  await fill(page, 'consult-subject', SUBJECT);
  await fill(page, 'consult-body', QUESTION);
  await expect(visible(page, 'consult-body-count').textContent()).resolves.toBe(`${Array.from(QUESTION).length}/1000 字`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), visible(page, 'consult-ask-attach-choose').click()]);
  await chooser.setFiles({ name: 'id-card-photo.png', mimeType: 'image/png', buffer: png(240, 160) });
  await page.locator('[data-testid="consult-ask-attach"][data-count="1"]:visible').waitFor();
  await expect(visible(page, 'consult-ask-attach-file').textContent()).resolves.toContain('id-card-photo.png');
  await fullScreenshot(page, 'consultation-01-ask', 'consult-ask');

  // 提交 → the thread, waiting for an answer by a named day.
  await visible(page, 'consult-ask-submit').click();
  await page.locator('[data-testid="consult-thread"][data-status="awaiting_answer"]:visible').waitFor();
  await visible(page, 'consult-thread-created').waitFor();
  const id = (await visible(page, 'consult-thread').getAttribute('data-id')) ?? '';
  expect(id).toMatch(/^csl_/);
  await expect(visible(page, 'consult-thread-status').textContent()).resolves.toBe('待答复');
  await expect(visible(page, 'consult-thread-due').textContent()).resolves.toMatch(/^工作人员最迟(今天（\d+月\d+日）| \d{4}年\d+月\d+日 周. )答复$/);
  await expect(messageTexts(page)).resolves.toEqual([QUESTION]);

  const asked = await api<Thread>('GET', `/api/v1/consultations/${id}`, token);
  expect(asked).toMatchObject({
    status: 'awaiting_answer',
    subject: SUBJECT,
    topic: { type: 'item', id: ITEM.itemCode, name: ITEM.name },
    unit: { type: 'department', id: DEPARTMENT.code, name: DEPARTMENT.name },
    messages: [{ author: 'resident', body: QUESTION, attachments: [{ name: 'id-card-photo.png', mime: 'image/png' }] }],
  });
  expect(asked.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\.999\+08:00$/);
  await expect(visible(page, 'consult-thread-due').getAttribute('data-due')).resolves.toBe(asked.dueAt);

  // The resident's own photo opens in place.
  await visible(page, 'consult-attachment-open').click();
  await expect(visible(page, 'consult-attachment-image').locator('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).resolves.toBe(240);

  // 我的 → 我的咨询: listed as 待答复 with its due day.
  await goto(page, '/pages/me/index');
  await visible(page, 'me-link-consultations').click();
  const card = inPage(page, `[data-testid="consult-card"][data-id="${id}"]`);
  await card.waitFor();
  await expect(card.getAttribute('data-status')).resolves.toBe('awaiting_answer');
  await expect(card.locator('[data-testid="consult-card-status"]').textContent()).resolves.toBe('待答复');
  await expect(card.locator('[data-testid="consult-card-subject"]').textContent()).resolves.toBe(SUBJECT);
  await expect(card.locator('[data-testid="consult-card-due"]').textContent()).resolves.toContain('工作人员最迟');
  await fullScreenshot(page, 'consultation-02-mine', 'consult-list');
  await card.click();
  await page.locator(`[data-testid="consult-thread"][data-id="${id}"]:visible`).waitFor();

  // An older question about the same item that nobody answered in time.
  const late = await api<Thread>('POST', '/api/v1/consultations', token, { topic: { type: 'item', itemCode: ITEM.itemCode }, subject: '社保卡挂失后多久能补好', body: '上周挂失了社保卡，补卡要多久？' });
  await makeOverdue(late.id, '2020-01-06');

  // 区人社局's reviewer: the inbox (待答复 by default) lists the overdue one first in red, then the new one, residents masked.
  const sp = staff.page;
  await goto(sp, '/staff/login/index');
  await fill(sp, 'staff-username', REVIEWER);
  await fill(sp, 'staff-password', STAFF_PASSWORD);
  await visible(sp, 'staff-login-submit').click();
  await visible(sp, 'staff-profile').waitFor();
  await visible(sp, 'staff-link-consult-inbox').click();
  await expect(inPage(sp, '[data-testid="cd-filter"][data-on="true"]').getAttribute('data-code')).resolves.toBe('awaiting_answer');
  const row = inPage(sp, `[data-testid="cd-thread"][data-id="${id}"]`);
  await row.waitFor();
  await expect(sp.locator('[data-testid="cd-thread"]:visible').evaluateAll((es) => es.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-overdue')]))).resolves.toEqual([
    [late.id, 'true'],
    [id, 'false'],
  ]);
  const overdue = inPage(sp, `[data-testid="cd-thread"][data-id="${late.id}"]`);
  await expect(overdue.locator('[data-testid="cd-thread-status"]').textContent()).resolves.toBe('待答复 · 已超期');
  await expect(overdue.locator('[data-testid="cd-thread-due"]').textContent()).resolves.toBe('已超期：答复期限 2020年1月6日 周一');
  await expect(overdue.evaluate((e) => getComputedStyle(e).borderTopColor)).resolves.toBe('rgb(198, 40, 40)');
  await visible(sp, 'cd-overdue-count').waitFor();
  await expect(row.locator('[data-testid="cd-thread-subject"]').textContent()).resolves.toBe(SUBJECT);
  await expect(row.locator('[data-testid="cd-thread-resident"]').textContent()).resolves.toBe('提问人：林**');
  await expect(row.locator('[data-testid="cd-thread-due"]').textContent()).resolves.toMatch(/^答复期限 /);
  await fullScreenshot(sp, 'consultation-03-staff-inbox', 'consultdesk-inbox');

  // The thread: masked until asked, the photo through the staff route, then the answer.
  await row.click();
  await sp.locator(`[data-testid="cd-detail"][data-id="${id}"][data-status="awaiting_answer"]:visible`).waitFor();
  await expect(visible(sp, 'cd-resident-name').textContent()).resolves.toContain('林**');
  await visible(sp, 'cd-resident-reveal').click();
  await expect(visible(sp, 'cd-resident-name').textContent()).resolves.toContain(RESIDENT);
  await expect(messageTexts(sp)).resolves.toEqual([QUESTION]);
  await expect(visible(sp, 'consult-message-who').textContent()).resolves.toBe(`提问人 ${RESIDENT}`);
  await visible(sp, 'consult-attachment-open').click();
  await expect(visible(sp, 'consult-attachment-image').locator('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).resolves.toBe(240);
  await visible(sp, 'cd-answer-send').click();
  await expect(visible(sp, 'cd-answer-error').textContent()).resolves.toBe('请填写内容（至少 2 个字）');
  await fill(sp, 'cd-answer', ANSWER);
  await visible(sp, 'cd-answer-send').click();
  await sp.locator(`[data-testid="cd-detail"][data-status="answered"]:visible`).waitFor();
  await expect(messageTexts(sp)).resolves.toEqual([QUESTION, ANSWER]);
  // The contact stays as loaded, not the masked copy the answer returned.
  await expect(visible(sp, 'cd-resident-name').textContent()).resolves.toContain(RESIDENT);
  await toastGone(sp);
  await fullScreenshot(sp, 'consultation-04-staff-answered', 'consultdesk-answer');

  const answered = await api<Thread>('GET', `/api/v1/consultations/${id}`, token);
  expect(answered).toMatchObject({ status: 'answered', dueAt: null, messages: [{ author: 'resident' }, { author: 'staff', authorName: REVIEWER_NAME, body: ANSWER, attachments: [] }] });

  // The resident's open thread picks the answer up by itself (it polls every 15 s).
  await page.locator(`[data-testid="consult-thread"][data-id="${id}"][data-status="answered"]:visible`).waitFor({ timeout: 40_000 });
  await expect(messageTexts(page)).resolves.toEqual([QUESTION, ANSWER]);
  const who = await page.locator('[data-testid="consult-message"]:visible [data-testid="consult-message-who"]').allTextContents();
  expect(who).toEqual(['我', `${REVIEWER_NAME}（${DEPARTMENT.name}）`]);
  await expect(visible(page, 'consult-thread-status').textContent()).resolves.toBe('已答复');
  await page.locator('[data-testid="consult-rating"][data-state="unrated"]:visible').waitFor();
  await fullScreenshot(page, 'consultation-05-thread-answered', 'consult-thread');

  // The same thread in 长辈模式: larger text, taller buttons.
  await setElderMode(page, true);
  await goto(page, `/consult/thread/index?id=${id}`);
  await page.locator('[data-testid="page-consult-thread"].elder:visible').waitFor();
  await page.locator(`[data-testid="consult-thread"][data-status="answered"]:visible`).waitFor();
  const bodySize = await visible(page, 'consult-message-body').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(bodySize).toBeGreaterThanOrEqual(20);
  const closeHeight = (await visible(page, 'consult-close').boundingBox())?.height ?? 0;
  expect(closeHeight).toBeGreaterThanOrEqual(56);
  await fullScreenshot(page, 'consultation-06-thread-answered-elder', 'consult-thread');
  await setElderMode(page, false);

  // 评价本次咨询 leads to the rating page for this thread.
  await goto(page, `/consult/thread/index?id=${id}`);
  await visible(page, 'consult-rate').click();
  await visible(page, 'page-evaluate-rate').waitFor();
  const rateUrl = new URL(page.url());
  expect([rateUrl.pathname, rateUrl.searchParams.get('targetType'), rateUrl.searchParams.get('targetId')]).toEqual(['/evaluate/rate/index', 'consultation', id]);
  // Back to the thread by its address: browser history after a fresh load is not what's tested.
  await goto(page, `/consult/thread/index?id=${id}`);
  await page.locator(`[data-testid="consult-thread"][data-id="${id}"]:visible`).waitFor();

  // 追问: waits for an answer again.
  await fill(page, 'consult-followup', FOLLOW_UP);
  await visible(page, 'consult-followup-send').click();
  await page.locator(`[data-testid="consult-thread"][data-status="awaiting_answer"]:visible`).waitFor();
  await expect(messageTexts(page)).resolves.toEqual([QUESTION, ANSWER, FOLLOW_UP]);
  await expect(visible(page, 'consult-followup').locator('textarea').inputValue()).resolves.toBe('');
  const followed = await api<Thread>('GET', `/api/v1/consultations/${id}`, token);
  expect(followed.status).toBe('awaiting_answer');
  expect(followed.messages.map((m) => m.author)).toEqual(['resident', 'staff', 'resident']);
  expect(followed.dueAt).not.toBeNull();

  // 问题已解决, confirmed: closed, nothing more to send.
  await toastGone(page);
  await visible(page, 'consult-close').click();
  await page.getByText('问题已经解决了吗？', { exact: true }).waitFor();
  await page.waitForTimeout(400); // the modal fades in
  await page.locator('.taro-modal__foot >> text=已解决').click();
  await page.locator(`[data-testid="consult-thread"][data-status="closed"]:visible`).waitFor();
  await visible(page, 'consult-thread-closed').waitFor();
  await expect(page.locator('[data-testid="consult-followup"]:visible').count()).resolves.toBe(0);
  await expect(page.locator('[data-testid="consult-close"]:visible').count()).resolves.toBe(0);
  await expect(visible(page, 'consult-thread-status').textContent()).resolves.toBe('已解决');
  await toastGone(page);
  await fullScreenshot(page, 'consultation-07-thread-closed', 'consult-thread');

  const closed = await api<Thread>('GET', `/api/v1/consultations/${id}`, token);
  expect(closed).toMatchObject({ status: 'closed', dueAt: null });
  expect(closed.closedAt).not.toBeNull();

  // The inbox no longer counts it as waiting; under 全部 it is 已解决.
  await goto(sp, '/consultdesk/inbox/index');
  await sp.locator('[data-testid="cd-empty"]:visible, [data-testid="cd-list"]:visible').first().waitFor();
  await expect(sp.locator(`[data-testid="cd-thread"][data-id="${id}"]:visible`).count()).resolves.toBe(0);
  await inPage(sp, '[data-testid="cd-filter"][data-code="all"]').click();
  const done = inPage(sp, `[data-testid="cd-thread"][data-id="${id}"]`);
  await done.waitFor();
  await expect(done.locator('[data-testid="cd-thread-status"]').textContent()).resolves.toBe('已解决');
}, 300_000);
