import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idCheckDigit } from '@haizhu/shared-types';
import type { Page } from 'playwright-core';
import { api, type Browser, fill, fullScreenshot, goto, inPage, openBrowser, screenshot, STAFF_PASSWORD, visible } from './support/browser';

/*
 * 在线申办 in the H5 build against the real stack: a resident applies through the four steps,
 * staff of the department (reviewer-rs, 区人社局) accept it in their own browser, and the
 * department simulator (DEPT_SIM_AUTO=approve) takes it to 审批通过 while the resident's case page
 * polls. The second test runs a 补正 round trip. Items and their materials come from the seeded
 * catalogue file, so a reworded guide doesn't break the suite.
 */

interface SeedItem {
  itemCode: string;
  name: string;
  departmentCode: string;
  onlineApply?: boolean;
  materials: { code: string; name: string; eLicenceType?: string | null; whenOptions?: string[] }[];
  situations?: { code: string; options: { code: string }[] }[];
  form?: { key: string; type: string; options?: { value: string }[] }[];
}

const CATALOGUE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'api', 'src', 'modules', 'catalog', 'seed', 'catalogue.json'), 'utf8')) as { items: SeedItem[] };

function seedItem(code: string): SeedItem {
  const item = CATALOGUE.items.find((i) => i.itemCode === code);
  if (!item) throw new Error(`seed item ${code} is missing from catalogue.json`);
  if (!item.onlineApply || item.departmentCode !== 'HZ-RSJ') throw new Error(`${code} should be an online 人社 item`);
  return item;
}

/** 社会保障卡补领、换领、换发: three situation questions; lost card + photo receipt asks for the ID (e-licence) and the receipt (upload). */
const SS_CARD = seedItem('HZ-AD02');
/** 城镇职工与城乡居民养老保险制度衔接: ID (e-licence) and an application form to upload. */
const PENSION_LINK = seedItem('HZ-SB12');
const REVIEWER = 'reviewer-rs';

function validIdNumber(): string {
  const body = `440105198${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 10)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}

/** A small but real PDF; `padKb` makes it big enough for upload progress to show. */
function pdf(text: string, padKb = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\n`;
  return Buffer.concat([Buffer.from(body), Buffer.alloc(padKb * 1024, 0x20), Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n')]);
}

/** 公安 (through the department simulator) holds this resident's ID card, so the e-licence can be fetched (免提交). */
async function holdsIdCardAtGA(idNumber: string, name: string): Promise<void> {
  const res = await fetch(`${process.env.E2E_DEPT_SIM}/__sim/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ idNumber, name, licenses: [{ licenseType: 'ID_CARD', issueDate: '2020-01-01', validTo: '2040-01-01' }] }]),
  });
  expect(res.status).toBe(200);
}

/** Logs a fresh resident in with the WeChat simulator on 我的; returns their token. */
async function residentLogsIn(page: Page): Promise<string> {
  await goto(page, '/pages/me/index');
  await visible(page, 'me-login-button').click();
  await visible(page, 'me-profile').waitFor();
  return page.evaluate(() => JSON.parse(localStorage.getItem('hz.token') ?? '{}').data as string);
}

async function staffLogsIn(page: Page): Promise<void> {
  await goto(page, '/staff/login/index');
  await fill(page, 'staff-username', REVIEWER);
  await fill(page, 'staff-password', STAFF_PASSWORD);
  await visible(page, 'staff-login-submit').click();
  await visible(page, 'staff-profile').waitFor();
}

/** From the staff home to the case in the work list (status 已提交 is the default filter). */
async function staffOpensCase(page: Page, applicationNo: string, shot?: string): Promise<void> {
  await visible(page, 'staff-link-casework').click();
  await visible(page, 'page-casework-list').waitFor();
  await inPage(page, `[data-testid="cw-case"][data-no="${applicationNo}"]`).waitFor();
  if (shot) await fullScreenshot(page, shot, 'casework-list');
  await inPage(page, `[data-testid="cw-case"][data-no="${applicationNo}"]`).click();
  await visible(page, 'cw-detail').waitFor();
  await expect(visible(page, 'cw-detail-no').textContent()).resolves.toBe(applicationNo);
}

/** Chooses a file through the page's own file input (what 选择图片或文件 opens on H5). */
async function chooseFile(page: Page, trigger: () => Promise<void>, name: string, content: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger()]);
  await chooser.setFiles({ name, mimeType: 'application/pdf', buffer: content });
}

function material(page: Page, code: string) {
  return inPage(page, `[data-testid="apply-material"][data-code="${code}"]`);
}

let resident: Browser;
let staff: Browser | null = null;
beforeEach(async () => {
  resident = await openBrowser();
});
afterEach(async () => {
  await resident.close();
  await staff?.close();
  staff = null;
});

describe('在线申办 in the H5 build', () => {
  it('takes a 社保卡 application from the guide through four steps to 审批通过, shown on the case page without a reload', async () => {
    const { page } = resident;
    await residentLogsIn(page);

    // The guide's 在线申办 button asks an unverified resident to verify first, then comes back.
    await goto(page, `/pages/item/index?code=${SS_CARD.itemCode}`);
    await visible(page, 'item-action-apply').click();
    await visible(page, 'apply-real-name-required').waitFor();
    await fullScreenshot(page, 'application-01-real-name-required', 'apply-start');
    await visible(page, 'apply-real-name-button').click();
    await visible(page, 'page-real-name').waitFor();
    const idNumber = validIdNumber();
    await holdsIdCardAtGA(idNumber, '陈秀英');
    await fill(page, 'real-name-name', '陈秀英');
    await fill(page, 'real-name-id-number', idNumber);
    await visible(page, 'real-name-submit').click();
    await visible(page, 'real-name-success').waitFor();

    // ① 情形: back on the form by itself once verified.
    await visible(page, 'apply-situation-question').waitFor({ timeout: 10_000 });
    await expect(visible(page, 'apply-steps-label').textContent()).resolves.toContain('第1步，共4步');
    for (const option of ['reason_lost', 'applicant_self', 'photo_receipt']) await inPage(page, `[data-testid="apply-situation-option"][data-code="${option}"]`).click();
    await fullScreenshot(page, 'application-02-situation', 'apply-start');
    await visible(page, 'apply-next').click();

    // ② 填写表单: a wrong phone number is caught on the form, in words.
    await visible(page, 'apply-form').waitFor();
    await fill(page, 'apply-field-contactPhone', '1380013800');
    await visible(page, 'apply-next').click();
    await expect(visible(page, 'apply-field-contactPhone-error').textContent()).resolves.toContain('11 位手机号');
    await expect(visible(page, 'apply-field-reason-error').textContent()).resolves.toContain('请选择');
    await fullScreenshot(page, 'application-03-form-errors', 'apply-start');
    await fill(page, 'apply-field-contactPhone', '13800138000');
    for (const [key, value] of [['reason', '遗失或被盗'], ['bankName', '中国工商银行'], ['collectMethod', '邮寄到家']] as const) {
      await visible(page, `apply-field-${key}`).click();
      await visible(page, 'apply-select-sheet').waitFor();
      await inPage(page, `[data-testid="apply-option"][data-code="${value}"]`).click();
    }
    await fill(page, 'apply-field-mailingAddress', '广州市海珠区江南大道中 100 号');
    await page.locator('[data-testid="apply-draft-state"][data-state="saved"]:visible').waitFor();
    await fullScreenshot(page, 'application-04-form-filled', 'apply-start');
    await visible(page, 'apply-next').click();

    // ③ 提供材料: only what applies to a lost card with a photo receipt.
    await material(page, 'M04').waitFor();
    const shown = await page.locator('[data-testid="apply-material"]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    const chosen = new Set(['reason_lost', 'applicant_self', 'photo_receipt']);
    const applies = SS_CARD.materials.filter((m) => !m.whenOptions?.length || m.whenOptions.some((o) => chosen.has(o))).map((m) => m.code);
    expect(shown).toEqual(applies);
    expect(shown).not.toContain('M02');
    await material(page, 'M01').locator('[data-testid="apply-material-elicence"]').click();
    await page.locator('[data-testid="apply-material"][data-code="M01"][data-provided="e_licence"]:visible').waitFor();

    // A slow connection, so the upload's progress is there to see.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 120 * 1024 });
    await chooseFile(page, () => material(page, 'M04').locator('[data-testid="apply-material-file"]').click(), '相片回执.pdf', pdf('photo receipt', 400));
    // The bar moves while the file goes up (UploadTask progress), before the material counts as given.
    await page.waitForFunction(() => {
      const bar = [...document.querySelectorAll('[data-testid="apply-material-progress"]')].find((e) => (e as HTMLElement).offsetParent !== null);
      const percent = Number(bar?.getAttribute('data-progress') ?? 0);
      return percent > 0 && percent < 100;
    });
    await screenshot(page, 'application-05-upload-progress');
    await page.locator('[data-testid="apply-material"][data-code="M04"][data-provided="upload"]:visible').waitFor({ timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await fullScreenshot(page, 'application-06-materials', 'apply-start');
    await visible(page, 'apply-next').click();

    // ④ 核对提交 → 办件编号 and 查询码.
    await visible(page, 'apply-review').waitFor();
    await expect(visible(page, 'apply-review-bankName').textContent()).resolves.toContain('中国工商银行');
    await fullScreenshot(page, 'application-07-review', 'apply-start');
    await visible(page, 'apply-submit').click();
    await visible(page, 'apply-success').waitFor();
    const applicationNo = (await visible(page, 'apply-success-no').locator('.apply-kv__v').textContent()) ?? '';
    const queryCode = (await visible(page, 'apply-success-code').locator('.apply-kv__v').textContent()) ?? '';
    expect(applicationNo).toMatch(/^HZ\d{14}$/);
    expect(queryCode).toMatch(/^\d{6}$/);
    await fullScreenshot(page, 'application-08-submitted', 'apply-start');

    await visible(page, 'apply-success-case').click();
    await page.locator('[data-testid="case-detail"][data-status="submitted"]:visible').waitFor();
    await expect(visible(page, 'case-application-no').textContent()).resolves.toBe(applicationNo);
    await expect(visible(page, 'case-query-code').textContent()).resolves.toBe(queryCode);

    // The reviewer of 区人社局 previews the uploaded receipt and accepts, in a browser of their own.
    staff = await openBrowser();
    const desk = staff.page;
    await staffLogsIn(desk);
    await staffOpensCase(desk, applicationNo, 'application-09a-staff-work-list');
    await expect(visible(desk, 'cw-detail-applicant').textContent()).resolves.toContain('陈秀英');
    await inPage(desk, '[data-testid="cw-material"][data-code="M04"] [data-testid="cw-material-preview"]').click();
    await visible(desk, 'cw-preview-pdf').waitFor();
    await fullScreenshot(desk, 'application-09-staff-case', 'casework-detail');
    await visible(desk, 'cw-action-accept').click();
    await visible(desk, 'cw-sheet-accept').waitFor();
    await screenshot(desk, 'application-10-staff-accept');
    await visible(desk, 'cw-sheet-accept-confirm').click();
    await desk.locator('[data-testid="cw-detail"][data-status="accepted"]:visible').waitFor();
    await expect(visible(desk, 'cw-detail-deadline-text').textContent()).resolves.toMatch(/承诺 \d{4}-\d{2}-\d{2} 前办结，还剩 \d+ 个工作日/);
    await fullScreenshot(desk, 'application-10a-staff-accepted', 'casework-detail');

    // The resident's page, left open, follows the department to 审批通过 by itself.
    const started = Date.now();
    await page.locator('[data-testid="timeline-entry"][data-status="approved"]:visible').waitFor({ timeout: 30_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    const titles = await page.locator('[data-testid="case-timeline"]:visible [data-testid="timeline-title"]').allTextContents();
    expect(titles.some((t) => t.includes('审批通过'))).toBe(true);
    expect(titles.some((t) => t.includes('已受理'))).toBe(true);
    await fullScreenshot(page, 'application-11-approved', 'apply-case');

    // 我的办件 lists it; 办件查询 finds it with the number and code, without a login.
    await goto(page, '/apply/cases/index');
    await inPage(page, `[data-testid="case-card"]`).waitFor();
    await expect(inPage(page, '[data-testid="case-card"]').getAttribute('data-status')).resolves.toMatch(/approved|result_delivered|completed/);
    await fullScreenshot(page, 'application-12-my-cases', 'apply-cases');
    await visible(page, 'cases-progress-link').click();
    await fill(page, 'progress-application-no', applicationNo);
    await fill(page, 'progress-query-code', queryCode);
    await visible(page, 'progress-submit').click();
    await visible(page, 'progress-result').waitFor();
    await expect(visible(page, 'progress-timeline').textContent()).resolves.toContain('审批通过');
    await fullScreenshot(page, 'application-13-progress-query', 'apply-progress');
  }, 180_000);

  it('runs a 补正 round trip: resume the draft, submit, staff ask again for one material, the resident re-uploads and resubmits', async () => {
    const { page } = resident;
    const token = await residentLogsIn(page);
    const idNumber = validIdNumber();
    await holdsIdCardAtGA(idNumber, '李国强');
    await api('POST', '/api/v1/me/real-name', token, { name: '李国强', idNumber });
    const direction = PENSION_LINK.form?.find((f) => f.key === 'direction')?.options?.[0]?.value ?? '';
    const draft = await api<{ id: string; applicationNo: string }>('POST', '/api/v1/applications', token, { itemCode: PENSION_LINK.itemCode, form: { contactPhone: '13900139000', direction } });
    const upload = PENSION_LINK.materials.find((m) => !m.eLicenceType && !m.whenOptions?.length);
    const idCard = PENSION_LINK.materials.find((m) => m.eLicenceType === 'id_card');
    if (!upload || !idCard) throw new Error(`${PENSION_LINK.itemCode} should ask for the ID card and an upload`);

    // 我的 → 我的办件 → 继续上次的申请: the draft opens on its form, as it was left.
    await visible(page, 'me-link-applications').click();
    await inPage(page, `[data-testid="case-card"][data-id="${draft.id}"]`).waitFor();
    await expect(inPage(page, `[data-testid="case-card"][data-id="${draft.id}"]`).getAttribute('data-status')).resolves.toBe('draft');
    await fullScreenshot(page, 'application-20-draft-in-list', 'apply-cases');
    await inPage(page, `[data-testid="case-card"][data-id="${draft.id}"] [data-testid="case-resume"]`).click();
    await visible(page, 'apply-form').waitFor();
    await expect(visible(page, 'apply-field-contactPhone').locator('input').inputValue()).resolves.toBe('13900139000');
    await visible(page, 'apply-next').click();

    await material(page, idCard.code).locator('[data-testid="apply-material-elicence"]').click();
    await page.locator(`[data-testid="apply-material"][data-code="${idCard.code}"][data-provided="e_licence"]:visible`).waitFor();
    await chooseFile(page, () => material(page, upload.code).locator('[data-testid="apply-material-file"]').click(), '衔接申请表.pdf', pdf('first version'));
    await page.locator(`[data-testid="apply-material"][data-code="${upload.code}"][data-provided="upload"]:visible`).waitFor();
    await visible(page, 'apply-next').click();
    await visible(page, 'apply-submit').click();
    await visible(page, 'apply-success').waitFor();
    await visible(page, 'apply-success-case').click();
    await page.locator('[data-testid="case-detail"][data-status="submitted"]:visible').waitFor();

    // The reviewer asks for the application form again, with a reason.
    const reason = '申请表未签名，请签名后重新拍照上传';
    staff = await openBrowser();
    const desk = staff.page;
    await staffLogsIn(desk);
    await staffOpensCase(desk, draft.applicationNo);
    await visible(desk, 'cw-action-supplement').click();
    await visible(desk, 'cw-sheet-supplement-confirm').click();
    await visible(desk, 'cw-supplement-materials-error').waitFor();
    await inPage(desk, `[data-testid="cw-supplement-material"][data-code="${upload.code}"]`).click();
    await fill(desk, 'cw-supplement-reason', reason);
    await screenshot(desk, 'application-21-staff-supplement');
    await visible(desk, 'cw-sheet-supplement-confirm').click();
    await desk.locator('[data-testid="cw-detail"][data-status="supplement_requested"]:visible').waitFor();

    // The resident's case page shows it by itself: what to do, and which material.
    await page.locator('[data-testid="case-detail"][data-status="supplement_requested"]:visible').waitFor({ timeout: 20_000 });
    await expect(visible(page, 'case-needed').textContent()).resolves.toContain(reason);
    await expect(material(page, upload.code).getAttribute('data-provided')).resolves.toBe('none');
    await material(page, upload.code).locator('[data-testid="apply-material-supplement"]').waitFor();
    await fullScreenshot(page, 'application-22-supplement-needed', 'apply-case');

    // Resubmitting before giving it again is refused with the material named.
    await visible(page, 'case-resubmit').click();
    await expect(visible(page, 'case-action-error').textContent()).resolves.toContain(upload.name);

    await chooseFile(page, () => material(page, upload.code).locator('[data-testid="apply-material-file"]').click(), '衔接申请表-已签名.pdf', pdf('signed version'));
    await page.locator(`[data-testid="apply-material"][data-code="${upload.code}"][data-provided="upload"]:visible`).waitFor();
    await visible(page, 'case-resubmit').click();
    await page.locator('[data-testid="case-detail"][data-status="submitted"]:visible').waitFor();
    await expect(visible(page, 'case-status').textContent()).resolves.toBe('已提交，待受理');
    const titles = await page.locator('[data-testid="case-timeline"]:visible [data-testid="timeline-title"]').allTextContents();
    expect(titles[0]).toContain('已提交');
    expect(titles).toContain('需要补正材料');
    await fullScreenshot(page, 'application-23-resubmitted', 'apply-case');
  }, 180_000);
});
