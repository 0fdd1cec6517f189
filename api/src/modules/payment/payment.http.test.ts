import { verify as rsaVerify } from 'node:crypto';
import { sql } from 'kysely';
import type { ServiceItemInput } from '@haizhu/shared-types';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { freePort } from '../../../test/support/ports';
import { givenResident, givenStaff, type GivenResident } from '../../../test/support/scenario';
import { eventually } from '../../../test/support/eventually';
import { givenWechatPay, type GivenWechatPay } from '../../../test/support/wechatpay';
import { ApplicationService } from '../application';
import { PaymentService } from '.';

let t: TestApp;
let wx: GivenWechatPay;
let payments: PaymentService;
let admin: { auth: { Authorization: string } };

beforeAll(async () => {
  wx = await givenWechatPay();
  const port = await freePort();
  t = await createTestApp({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...wx.env });
  payments = await t.app.getApplicationContext().getAsync(PaymentService);
  admin = await givenStaff(t, ['district_admin']);
});
afterAll(async () => {
  await t.close();
  await wx.sim.close();
});
beforeEach(async () => {
  await wx.post('notify/policy', { delayMs: 0, duplicates: 0, reorder: false, dropFirst: 0 });
});

/** A submitted case for an item with a 20-yuan fee, in a department of its own with its reviewer. */
async function submittedCase(): Promise<{ r: GivenResident; id: string; tag: string; reviewer: { auth: { Authorization: string } } }> {
  const { file, tag } = givenCatalogue({ items: (tg) => [feeItem(tg)] });
  file.bundles = [];
  const imported = await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file);
  expect([imported.status, imported.body.message]).toEqual([200, undefined]);
  const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: `T-${tag}-RS` });
  const r = await givenResident(t, { verified: true });
  const app = (await t.http().post('/api/v1/applications').set(r.auth).send({ itemCode: `T-${tag}-F` })).body;
  expect((await t.http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).status).toBe(200);
  return { r, id: app.id, tag, reviewer };
}

function feeItem(tag: string): ServiceItemInput {
  return {
    itemCode: `T-${tag}-F`,
    name: `测试居住证补领${tag}`,
    departmentCode: `T-${tag}-RS`,
    category: '公安',
    guide: { legalDays: 20, promisedDays: 5, fee: { free: false, amountFen: 2000, description: '补领工本费 20 元' }, maxVisits: 0, places: [] },
    materials: [],
    onlineApply: true,
    resultDelivery: ['window'],
  };
}

async function open(r: GivenResident, id: string) {
  const res = await t.http().post(`/api/v1/applications/${id}/payments`).set(r.auth).send({ purpose: 'fee' });
  expect(res.status).toBe(201);
  return res.body as { id: string; amount: number; payParams: Record<string, string>; devCashierUrl: string | null };
}

const paymentStatus = async (id: string) => (await t.platform.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const notifications = (outTradeNo: string) => t.platform.db.selectFrom('payment_notifications').selectAll().where('out_trade_no', '=', outTradeNo).orderBy('seq').execute();

describe('paying a fee', () => {
  it('opens one order per case, with pay parameters signed by the merchant key, and re-opens the same order', async () => {
    const { r, id } = await submittedCase();
    const first = await open(r, id);
    expect(first.amount).toBe(2000);
    const p = first.payParams;
    expect(p).toMatchObject({ appId: wx.env.WXPAY_APPID, signType: 'RSA' });
    expect(p.package).toMatch(/^prepay_id=/);
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(rsaVerify('RSA-SHA256', Buffer.from(message), wx.merchantPublicKeyPem, Buffer.from(p.paySign as string, 'base64'))).toBe(true);
    expect(first.devCashierUrl).toContain('/__sim/cashier?prepay_id=');
    const again = await open(r, id);
    expect(again.id).toBe(first.id);
    const atWechat = await wx.get<{ trade_state: string; amount: { total: number }; description: string }>(`orders/${first.id}`);
    expect(atWechat).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 2000 } });
    // Another resident can't see or pay it.
    const other = await givenResident(t, { verified: true });
    expect((await t.http().get(`/api/v1/payments/${first.id}`).set(other.auth)).status).toBe(404);
    expect((await t.http().post(`/api/v1/applications/${id}/payments`).set(other.auth).send({})).status).toBe(404);
  });

  it('applies a payment notification once however often it arrives, and shows it on the case', async () => {
    const { r, id } = await submittedCase();
    const order = await open(r, id);
    await wx.post('notify/policy', { duplicates: 2 });
    await wx.post(`orders/${order.id}/pay`, {});
    await eventually(() => paymentStatus(order.id), (s) => s === 'paid');
    await eventually(() => notifications(order.id), (n) => n.length === 3);
    const outcomes = (await notifications(order.id)).map((n) => n.outcome).sort();
    expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate']);
    const view = (await t.http().get(`/api/v1/applications/${id}`).set(r.auth)).body;
    expect(view.payments).toHaveLength(1);
    expect(view.payments[0]).toMatchObject({ status: 'paid', statusName: '已支付', amount: 2000 });
    expect(view.timeline.filter((e: { title: string }) => e.title.startsWith('已缴纳')).length).toBe(1);
    const audits = await t.platform.db.selectFrom('audit_records').select('action').where('subject_id', '=', order.id).where('action', '=', 'payment.paid').execute();
    expect(audits).toHaveLength(1);
    // Every copy was answered as a success, so WeChat Pay stops resending.
    const outbox = await wx.get<{ deliveries: { attempts: { status: number }[] }[] }[]>(`outbox?out_trade_no=${order.id}`);
    const attempts = outbox.flatMap((n) => n.deliveries.flatMap((d) => d.attempts));
    expect(attempts).toHaveLength(3);
    expect(attempts.every((a) => a.status === 204)).toBe(true);
    const paidAgain = await t.http().post(`/api/v1/applications/${id}/payments`).set(r.auth).send({ purpose: 'fee' });
    expect([paidAgain.status, paidAgain.body.code]).toEqual([409, 'ALREADY_PAID']);
  });

  it.each(['signature', 'probe', 'unknown_serial', 'stale_timestamp', 'bad_ciphertext', 'amount', 'appid', 'mchid'])('refuses a forged notification (%s) and changes nothing', async (tamper) => {
    const { r, id } = await submittedCase();
    const order = await open(r, id);
    const forged = (await wx.post('notify/forge', { out_trade_no: order.id, tamper })).body as { attempt: { status: number } | null };
    expect(forged.attempt?.status).toBeGreaterThanOrEqual(400);
    expect(await paymentStatus(order.id)).toBe('created');
    const logged = await t.platform.db.selectFrom('payment_notifications').select(['outcome', 'problem']).where('outcome', '=', 'rejected').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(logged.problem).toBeTruthy();
  });

  it('finds a payment whose notification never comes: the resident reads it as paid, the sweep settles others', async () => {
    const { r, id } = await submittedCase();
    const order = await open(r, id);
    await wx.post('notify/policy', { dropFirst: 100 });
    await wx.post(`orders/${order.id}/pay`, {});
    const seen = await t.http().get(`/api/v1/payments/${order.id}`).set(r.auth);
    expect(seen.body).toMatchObject({ status: 'paid', amount: 2000 });
    expect(seen.body.transactionId).toBeTruthy();

    const second = await submittedCase();
    const silent = await open(second.r, second.id);
    await wx.post(`orders/${silent.id}/pay`, {});
    await t.platform.db.updateTable('payments').set({ created_at: new Date(Date.now() - 5 * 60_000) }).where('id', '=', silent.id).execute();
    await payments.sweep();
    expect(await paymentStatus(silent.id)).toBe('paid');
  });

  it('closes an order nobody paid once it expires, at WeChat Pay too, and opens a new one when asked again', async () => {
    const { r, id } = await submittedCase();
    const order = await open(r, id);
    await t.platform.db.updateTable('payments').set({ created_at: new Date(Date.now() - 40 * 60_000), expires_at: new Date(Date.now() - 60_000) }).where('id', '=', order.id).execute();
    await payments.sweep();
    expect(await paymentStatus(order.id)).toBe('closed');
    expect((await wx.get<{ trade_state: string }>(`orders/${order.id}`)).trade_state).toBe('CLOSED');
    const fresh = await open(r, id);
    expect(fresh.id).not.toBe(order.id);
  });

  it('verifies in platform-certificate mode too, fetching and decrypting the certificates itself', async () => {
    const { r, id } = await submittedCase();
    await wx.post('config', { signMode: 'cert' });
    try {
      const order = await open(r, id);
      await wx.post(`orders/${order.id}/pay`, {});
      await eventually(() => paymentStatus(order.id), (s) => s === 'paid');
    } finally {
      await wx.post('config', { signMode: 'pubkey' });
    }
  });

  it('says so when WeChat Pay is down, and keeps nothing half-done', async () => {
    const { r, id } = await submittedCase();
    await wx.post('down', { down: true, mode: 'http503' });
    try {
      const res = await t.http().post(`/api/v1/applications/${id}/payments`).set(r.auth).send({});
      expect([res.status, res.body.code]).toEqual([503, 'PAYMENT_UNAVAILABLE']);
    } finally {
      await wx.post('down', { down: false });
    }
    // The order exists here (the sweep closes it at expiry); asking again goes through.
    expect((await open(r, id)).amount).toBe(2000);
  });

  it('refuses responses it cannot verify', async () => {
    const { r, id } = await submittedCase();
    await wx.post('faults', { endpoint: 'jsapi', httpStatus: 200, unsigned: true, times: 1 });
    const res = await t.http().post(`/api/v1/applications/${id}/payments`).set(r.auth).send({});
    expect([res.status, res.body.code]).toEqual([503, 'PAYMENT_UNAVAILABLE']);
  });
});

describe('refunds, 出件 and reconciliation', () => {
  async function paidCase() {
    const c = await submittedCase();
    const order = await open(c.r, c.id);
    await wx.post(`orders/${order.id}/pay`, {});
    await eventually(() => paymentStatus(order.id), (s) => s === 'paid');
    return { ...c, paymentId: order.id };
  }

  it('refunds in part and then the rest, each applied from its notification; never more than was paid', async () => {
    const { paymentId } = await paidCase();
    const staff = await givenStaff(t, ['district_admin']);
    const first = await t.http().post(`/api/v1/staff/payments/${paymentId}/refunds`).set(staff.auth).send({ amount: 500, reason: '部分材料免收工本费' });
    expect(first.status).toBe(201);
    const refundId = first.body.refunds[0].id as string;
    await payments.sendRefund(refundId);
    await wx.post(`refunds/${refundId}/resolve`, { status: 'SUCCESS' });
    await eventually(() => paymentStatus(paymentId), (s) => s === 'partially_refunded');
    const over = await t.http().post(`/api/v1/staff/payments/${paymentId}/refunds`).set(staff.auth).send({ amount: 1600, reason: '全部退款' });
    expect([over.status, over.body.code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);
    // WeChat Pay takes refunds of one order a minute apart.
    await wx.post('clock', { offsetSec: 61 });
    const rest = await t.http().post(`/api/v1/staff/payments/${paymentId}/refunds`).set(staff.auth).send({ amount: 1500, reason: '申请撤回，全额退款' });
    const restId = (rest.body.refunds as { id: string; amount: number }[]).find((x) => x.amount === 1500)?.id as string;
    await payments.sendRefund(restId);
    await payments.sendRefund(restId); // a retried job refunds once
    await wx.post(`refunds/${restId}/resolve`, { status: 'SUCCESS' });
    await eventually(() => paymentStatus(paymentId), (s) => s === 'refunded');
    await wx.post('clock', { offsetSec: 0 });
    const row = await t.platform.db.selectFrom('payments').select('refunded_fen').where('id', '=', paymentId).executeTakeFirstOrThrow();
    expect(row.refunded_fen).toBe(2000);
    expect((await wx.get<unknown[]>(`refunds`)).filter((x) => (x as { out_trade_no: string }).out_trade_no === paymentId)).toHaveLength(2);
  });

  it('hands the result over only once the fee is paid', async () => {
    const unpaid = await submittedCase();
    const apps = await t.app.getApplicationContext().getAsync(ApplicationService);
    const decide = async (id: string, reviewer: { auth: { Authorization: string } }) => {
      expect((await t.http().post(`/api/v1/staff/applications/${id}/accept`).set(reviewer.auth).send({})).status).toBe(200);
      await apps.departmentTransition('TEST', id, 'forward', '已转送');
      await apps.departmentTransition('TEST', id, 'approve', '审批通过');
    };
    await decide(unpaid.id, unpaid.reviewer);
    const refused = await t.http().post(`/api/v1/staff/applications/${unpaid.id}/deliver`).set(unpaid.reviewer.auth).send({ method: 'window' });
    expect([refused.status, refused.body.code]).toEqual([409, 'FEE_UNPAID']);
    const paid = await paidCase();
    await decide(paid.id, paid.reviewer);
    expect((await t.http().post(`/api/v1/staff/applications/${paid.id}/deliver`).set(paid.reviewer.auth).send({ method: 'window' })).body.status).toBe('result_delivered');
  });

  it('reconciles a day against the trade bill and reports a payment we missed', async () => {
    const c = await submittedCase();
    const order = await open(c.r, c.id);
    // Paid yesterday (Beijing): that bill is published at 10:00 today, so both clocks move past it.
    const beijingToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.parse(`${beijingToday}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await wx.post(`orders/${order.id}/pay`, { successTime: `${yesterday}T12:00:00+08:00` });
    await eventually(() => paymentStatus(order.id), (s) => s === 'paid');
    const offsetSec = Math.max(0, Math.ceil((Date.parse(`${beijingToday}T10:05:00+08:00`) - Date.now()) / 1000));
    const real = t.platform.clock;
    await wx.post('config', { clockSkewSec: 86_400 });
    await wx.post('clock', { offsetSec });
    t.platform.clock = { now: () => new Date(Date.now() + offsetSec * 1000) };
    try {
      const balanced = await t.http().post('/api/v1/staff/payments/reconciliations').set(admin.auth).send({ billDate: yesterday });
      expect(balanced.status).toBe(200);
      expect(balanced.body.billRows).toBeGreaterThan(0);
      expect(balanced.body.differences.filter((d: { outTradeNo: string }) => d.outTradeNo === order.id)).toEqual([]);
      // Behind our back: our record says unpaid, the bill says paid.
      await sql`update payments set status = 'created', transaction_id = null, paid_at = null where id = ${order.id}`.execute(t.platform.db);
      const report = await t.http().post('/api/v1/staff/payments/reconciliations').set(admin.auth).send({ billDate: yesterday });
      expect(report.body.status).toBe('differences');
      expect(report.body.differences).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'payment_not_recorded', outTradeNo: order.id })]));
      // …and it settled the payment by query on the way.
      expect(await paymentStatus(order.id)).toBe('paid');
    } finally {
      t.platform.clock = real;
      await wx.post('clock', { offsetSec: 0 });
      await wx.post('config', { clockSkewSec: 300 });
    }
  });
});
