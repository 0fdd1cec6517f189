import type { Page } from 'playwright-core';
import { api, BASE_URL, type Browser, fill, goto, idNumber, inPage, openBrowser, screenshot, STAFF_PASSWORD, visible } from './support/browser';

/*
 * 上门取件 with live tracking, and 证照寄送 whose postage is paid with WeChat Pay — in the H5 build,
 * against the real stack: the courier simulator moves parcels along by itself and pushes their
 * routes to the API; the H5 build pays on the WeChat Pay simulator's cashier page, whose
 * notification settles the order. Item HZ-SB01 (个人权益记录查询打印) asks for the ID card original
 * and can send its result by courier; in development postage is ¥18.
 */

const ITEM = 'HZ-SB01';
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

/** A resident logged in on 我的 with a submitted HZ-SB01 case (ID card given as an upload). */
async function residentWithCase(page: Page, name: string): Promise<{ token: string; id: string; applicationNo: string }> {
  await goto(page, '/pages/me/index');
  await visible(page, 'me-login-button').click();
  await visible(page, 'me-profile').waitFor();
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hz.token') ?? '{}').data as string);
  await api('POST', '/api/v1/me/real-name', token, { name, idNumber: idNumber() });
  const item = await api<{ form: { key: string; options?: { value: string }[] }[] }>('GET', `/api/v1/items/${ITEM}`);
  const option = (key: string) => item.form.find((f) => f.key === key)?.options?.[0]?.value ?? '';
  const draft = await api<{ id: string; applicationNo: string }>('POST', '/api/v1/applications', token, {
    itemCode: ITEM,
    form: { contactPhone: '13800138000', printType: option('printType'), startMonth: '2024-01-01', endMonth: '2025-12-31', deliveryMethod: option('deliveryMethod') },
  });
  const form = new FormData();
  form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400, 32)])], { type: 'application/pdf' }), '身份证.pdf');
  const upload = await fetch(`${BASE_URL}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const file = (await upload.json()) as { id: string };
  await api('PUT', `/api/v1/applications/${draft.id}/materials/M01`, token, { fileId: file.id });
  await api('POST', `/api/v1/applications/${draft.id}/submit`, token);
  return { token, ...draft };
}

async function fillNewAddress(page: Page, prefix: 'pickup' | 'delivery'): Promise<void> {
  const fresh = visible(page, `${prefix}-address-new`);
  if (await fresh.count()) await fresh.click();
  await fill(page, `${prefix}-field-contactName`, '陈秀英');
  await fill(page, `${prefix}-field-phone`, '13800138000');
  await inPage(page, `[data-testid="${prefix}-region"] [data-code="440105"]`).click();
  await fill(page, `${prefix}-field-detail`, '江南大道中 100 号 3 栋 501');
}

it('books a pickup of the originals and follows the parcel from 揽收 to 签收', async () => {
  const { page } = resident;
  const { id } = await residentWithCase(page, '陈秀英');
  await goto(page, `/apply/case/index?id=${id}`);
  await visible(page, 'case-pickup-button').click();
  await fillNewAddress(page, 'pickup');
  await inPage(page, '[data-testid="pickup-day"] [data-date]').click();
  await inPage(page, '[data-testid="pickup-window"] [data-window="am"]').click();
  await screenshot(page, 'courier-01-pickup-form');
  await visible(page, 'pickup-submit').click();
  await visible(page, 'pickup-done').waitFor();
  await screenshot(page, 'courier-02-pickup-booked');

  // The case shows the order; its tracking page follows the pushes to 签收.
  await goto(page, `/apply/case/index?id=${id}`);
  const card = inPage(page, '[data-testid="case-courier-order"][data-kind="pickup"]');
  await card.waitFor();
  await card.click();
  await page.locator('[data-testid="tracking-status"][data-status="signed"]:visible').waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid="tracking-event"]:visible').count()).toBeGreaterThanOrEqual(4);
  await expect(visible(page, 'tracking-waybill').textContent()).resolves.toMatch(/SF\d{13}/);
  await screenshot(page, 'courier-03-tracking-signed');
}, 150_000);

it('sends the result by courier after the postage is paid on the WeChat Pay cashier, and closes the case on 签收', async () => {
  // A second resident, in a browser profile of their own.
  await resident.close();
  resident = await openBrowser();
  const { page } = resident;
  const { token, id } = await residentWithCase(page, '李国强');

  // The resident chooses delivery by courier and pays the ¥18 postage.
  await goto(page, `/apply/case/index?id=${id}`);
  await visible(page, 'case-delivery-button').click();
  await fillNewAddress(page, 'delivery');
  await visible(page, 'delivery-submit').click();
  await visible(page, 'delivery-done').waitFor();
  await visible(page, 'delivery-pay').click();
  await expect(visible(page, 'pay-amount').getAttribute('data-fen')).resolves.toBe('1800');
  await screenshot(page, 'payment-01-pay');
  await visible(page, 'pay-confirm').click();
  await page.locator('#wxpay-confirm').waitFor();
  await screenshot(page, 'payment-02-cashier');
  await page.locator('#wxpay-confirm').click();
  await page.locator('[data-testid="receipt-status"][data-status="paid"]:visible').waitFor({ timeout: 30_000 });
  await expect(visible(page, 'receipt-amount').getAttribute('data-fen')).resolves.toBe('1800');
  await screenshot(page, 'payment-03-receipt');

  // 人社 accepts; the department simulator approves; the hall hands the result to the courier.
  const reviewer = await api<{ token: string }>('POST', '/api/v1/staff/auth/login', undefined, { username: 'reviewer-rs', password: STAFF_PASSWORD });
  await api('POST', `/api/v1/staff/applications/${id}/accept`, reviewer.token, {});
  for (let i = 0; i < 60; i++) {
    if ((await api<{ status: string }>('GET', `/api/v1/applications/${id}`, token)).status === 'approved') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const sp = staff.page;
  await goto(sp, '/staff/login/index');
  await fill(sp, 'staff-username', 'window1');
  await fill(sp, 'staff-password', STAFF_PASSWORD);
  await visible(sp, 'staff-login-submit').click();
  await visible(sp, 'staff-profile').waitFor();
  await goto(sp, `/casework/detail/index?id=${id}`);
  await visible(sp, 'casework-handover-button').click();
  await sp.locator('.taro-modal__foot >> text=确认寄出').click();
  await visible(sp, 'casework-handover-button').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  for (let i = 0; i < 30; i++) {
    if ((await api<{ status: string }>('GET', `/api/v1/applications/${id}`, token)).status !== 'approved') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(['result_delivered', 'completed']).toContain((await api<{ status: string }>('GET', `/api/v1/applications/${id}`, token)).status);
  await screenshot(sp, 'courier-04-staff-handover');

  // The parcel reaches the resident; 签收 closes the case by itself.
  for (let i = 0; i < 90; i++) {
    if ((await api<{ status: string }>('GET', `/api/v1/applications/${id}`, token)).status === 'completed') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await goto(page, `/apply/case/index?id=${id}`);
  await inPage(page, '[data-testid="case-courier-order"][data-kind="delivery"][data-status="signed"]').waitFor({ timeout: 30_000 });
  const view = await api<{ status: string; payments: { purpose: string; status: string }[] }>('GET', `/api/v1/applications/${id}`, token);
  expect(view.status).toBe('completed');
  expect(view.payments).toEqual([expect.objectContaining({ purpose: 'postage', status: 'paid' })]);
  await screenshot(page, 'courier-05-delivered-case');
}, 240_000);
