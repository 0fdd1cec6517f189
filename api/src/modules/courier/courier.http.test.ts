import { sql } from 'kysely';
import type { ServiceItemInput } from '@haizhu/shared-types';
import { type RunningCourierSimulator, startCourierSimulator } from '@haizhu/scripts/simulators/courier';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { freePort } from '../../../test/support/ports';
import { givenResident, givenStaff, type GivenResident } from '../../../test/support/scenario';
import { eventually } from '../../../test/support/eventually';
import { givenWechatPay, type GivenWechatPay } from '../../../test/support/wechatpay';
import { ApplicationService } from '../application';
import { PaymentService } from '../payment';
import { CourierService } from '.';

const PARTNER = { partnerID: 'HZZW_TEST', checkWord: 'test-checkword-0123456789abcdef', monthlyCard: '0200000000' };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);
const HOME = { contactName: '陈秀英', phone: '13800138000', regionCode: '440105', detail: '江南大道中 100 号 3 栋 501' };

let t: TestApp;
let sim: RunningCourierSimulator;
let wx: GivenWechatPay;
let courier: CourierService;
let apps: ApplicationService;
let admin: { auth: { Authorization: string } };

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  sim = await startCourierSimulator({ port: 0, partners: [PARTNER], pushUrl: `${base}/api/v1/callbacks/courier`, retrySchedule: 'compressed' });
  wx = await givenWechatPay();
  t = await createTestApp({
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    COURIER_BASE: sim.url,
    COURIER_PARTNER_ID: PARTNER.partnerID,
    COURIER_CHECKWORD: PARTNER.checkWord,
    COURIER_MONTHLY_CARD: PARTNER.monthlyCard,
    COURIER_POSTAGE_FEN: '1800',
    COURIER_TIMEOUT_MS: '2000',
    ...wx.env,
  });
  courier = await t.app.getApplicationContext().getAsync(CourierService);
  apps = await t.app.getApplicationContext().getAsync(ApplicationService);
  admin = await givenStaff(t, ['district_admin']);
});
afterAll(async () => {
  await t.close();
  await sim.close();
  await wx.sim.close();
});
beforeEach(async () => {
  await simPost('push/policy', { delayMs: 0, duplicates: 0, reorder: false, batch: 1, dropFirst: 0 });
});

async function simPost(path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function simGet<T>(path: string): Promise<T> {
  return (await (await fetch(`${sim.url}/__sim/${path}`)).json()) as T;
}

/** `yyyy-MM-dd HH:mm:ss` Beijing time, `minutes` from now: routes with distinct, ordered times. */
function sfAt(minutes: number): string {
  return new Date(Date.now() + 8 * 3600_000 + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A submitted case for an item that asks for a paper original and can send its result by courier. */
async function submittedCase(): Promise<{ r: GivenResident; id: string; reviewer: { auth: { Authorization: string } }; hallStaff: { auth: { Authorization: string } } }> {
  const { file, tag } = givenCatalogue({ items: (tg) => [originalsItem(tg)] });
  file.bundles = [];
  expect((await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: `T-${tag}-RS` });
  const hallStaff = await givenStaff(t, ['hall_window'], { hallId: 'HZ-DIST' });
  const r = await givenResident(t, { verified: true });
  const app = (await t.http().post('/api/v1/applications').set(r.auth).send({ itemCode: `T-${tag}-O` })).body;
  const upload = await t.http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'hukou.pdf');
  await t.http().put(`/api/v1/applications/${app.id}/materials/hukou`).set(r.auth).send({ fileId: upload.body.id });
  expect((await t.http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).status).toBe(200);
  return { r, id: app.id, reviewer, hallStaff };
}

function originalsItem(tag: string): ServiceItemInput {
  return {
    itemCode: `T-${tag}-O`,
    name: `测试户籍证明${tag}`,
    departmentCode: `T-${tag}-RS`,
    category: '公安',
    guide: { legalDays: 10, promisedDays: 3, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
    materials: [{ code: 'hukou', name: '户口簿原件', form: 'original' }],
    onlineApply: true,
    resultDelivery: ['window', 'courier'],
  };
}

function tomorrowWindow() {
  const day = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  return { start: `${day}T09:00:00+08:00`, end: `${day}T12:00:00+08:00` };
}

async function bookedPickup() {
  const c = await submittedCase();
  const res = await t.http().post(`/api/v1/applications/${c.id}/courier/pickup`).set(c.r.auth).send({ address: HOME, window: tomorrowWindow() });
  expect(res.status).toBe(201);
  await courier.createAtCarrier(res.body.id);
  return { ...c, orderId: res.body.id as string };
}

const orderOf = async (r: GivenResident, id: string) => (await t.http().get(`/api/v1/courier/orders/${id}`).set(r.auth)).body;

describe('上门取件', () => {
  it('checks the address and the window in words, and books nothing on bad input', async () => {
    const { r, id } = await submittedCase();
    const bad = await t.http().post(`/api/v1/applications/${id}/courier/pickup`).set(r.auth).send({ address: { ...HOME, phone: '1380013', regionCode: '110101' }, window: tomorrowWindow() });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details.fields)).toEqual(expect.arrayContaining(['address.phone', 'address.regionCode']));
    const past = await t.http().post(`/api/v1/applications/${id}/courier/pickup`).set(r.auth).send({ address: HOME, window: { start: '2020-01-01T09:00:00+08:00', end: '2020-01-01T12:00:00+08:00' } });
    expect([past.status, past.body.details.fields['window.start']]).toEqual([400, '请选择今后的时间']);
    const night = tomorrowWindow();
    const late = await t.http().post(`/api/v1/applications/${id}/courier/pickup`).set(r.auth).send({ address: HOME, window: { start: night.start.replace('09:00', '19:00'), end: night.end.replace('12:00', '21:00') } });
    expect(late.status).toBe(400);
    const view = (await t.http().get(`/api/v1/applications/${id}`).set(r.auth)).body;
    expect(view.courierOrders).toEqual([]);
    expect(view.originalsNeeded).toBe(true);
  });

  it('books a pickup once, creates it at SF by job (a resend recovers the same waybill) and masks the address', async () => {
    const { r, id, orderId } = await bookedPickup();
    const order = await orderOf(r, orderId);
    expect(order).toMatchObject({ kind: 'pickup', status: 'created' });
    expect(order.waybillNo).toMatch(/^SF\d{13}$/);
    expect(order.address.contactName).toBe('陈**');
    expect(order.address.phone).not.toContain('13800138000');
    expect(order.address.detail).not.toContain('3 栋 501');
    const again = await t.http().post(`/api/v1/applications/${id}/courier/pickup`).set(r.auth).send({ address: HOME, window: tomorrowWindow() });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE']);
    // The job's acknowledgement was lost after SF took the order: a rerun finds it instead of ordering twice.
    await t.platform.db.updateTable('courier_orders').set({ status: 'requested', waybill_no: null }).where('id', '=', orderId).execute();
    await courier.createAtCarrier(orderId);
    expect((await orderOf(r, orderId)).waybillNo).toBe(order.waybillNo);
    const atSf = (await simGet<{ orderId: string }[]>('orders')).filter((o) => o.orderId === orderId);
    expect(atSf).toHaveLength(1);
    // The saved address is reusable, masked.
    const saved = (await t.http().get('/api/v1/me/addresses').set(r.auth)).body.items;
    expect(saved[0]).toMatchObject({ county: '海珠区', contactName: '陈**' });
  });

  it('follows pushes duplicated and out of order to 签收, storing each route once', async () => {
    const { r, orderId } = await bookedPickup();
    await simPost(`orders/${orderId}/advance`, { opCode: '50', acceptTime: sfAt(1) });
    await eventually(() => orderOf(r, orderId), (o) => o.status === 'picked_up');
    await simPost('push/policy', { duplicates: 2, reorder: true, batch: 3, delayMs: 20 });
    await simPost(`orders/${orderId}/advance`, { opCode: '30', acceptTime: sfAt(2) });
    await simPost(`orders/${orderId}/advance`, { opCode: '80', acceptTime: sfAt(4) });
    await simPost(`orders/${orderId}/advance`, { opCode: '44', acceptTime: sfAt(3) });
    const done = await eventually(() => orderOf(r, orderId), (o) => o.status === 'signed' && o.events.length === 4, 8000);
    expect(done.events.map((e: { status: string }) => e.status)).toEqual(['picked_up', 'in_transit', 'delivering', 'signed']);
    const timeline = (await t.http().get(`/api/v1/applications/${done.applicationId}`).set(r.auth)).body.timeline.map((e: { title: string }) => e.title);
    expect(timeline).toEqual(expect.arrayContaining(['快递员已上门取走纸质材料', '纸质材料已送达大厅']));
  });

  it('writes a line for every milestone a batched push passes at once', async () => {
    const { r, orderId } = await bookedPickup();
    await simPost('push/policy', { batch: 4 });
    for (const [i, opCode] of ['50', '30', '44', '80'].entries()) await simPost(`orders/${orderId}/advance`, { opCode, acceptTime: sfAt(i + 1) });
    const done = await eventually(() => orderOf(r, orderId), (o) => o.status === 'signed', 8000);
    await simPost('push/policy', { batch: 1 });
    const timeline = (await t.http().get(`/api/v1/applications/${done.applicationId}`).set(r.auth)).body.timeline.map((e: { title: string }) => e.title);
    expect(timeline.filter((title: string) => title === '快递员已上门取走纸质材料')).toHaveLength(1);
    expect(timeline.filter((title: string) => title === '纸质材料已送达大厅')).toHaveLength(1);
  });

  it('flags an exception, opens one task for the hall and tells the resident; later progress clears it', async () => {
    const { r, orderId, hallStaff } = await bookedPickup();
    await simPost(`orders/${orderId}/advance`, { opCode: '50', acceptTime: sfAt(1) });
    await simPost(`orders/${orderId}/advance`, { opCode: '44', acceptTime: sfAt(2) });
    await simPost(`orders/${orderId}/advance`, { opCode: '33', acceptTime: sfAt(3), remark: '收件人电话无人接听' });
    await simPost(`orders/${orderId}/advance`, { opCode: '70', acceptTime: sfAt(4), remark: '派送不成功' });
    const flagged = await eventually(() => orderOf(r, orderId), (o) => o.exception === true && o.events.length === 4);
    expect(flagged.status).toBe('delivering');
    const tasks = (await t.http().get('/api/v1/staff/courier/tasks?status=open').set(hallStaff.auth)).body.items.filter((x: { orderId: string }) => x.orderId === orderId);
    expect(tasks).toHaveLength(1);
    const timeline = (await t.http().get(`/api/v1/applications/${flagged.applicationId}`).set(r.auth)).body.timeline.map((e: { title: string }) => e.title);
    expect(timeline.some((x: string) => x.startsWith('快递遇到问题'))).toBe(true);
    await simPost(`orders/${orderId}/advance`, { opCode: '80', acceptTime: sfAt(5) });
    await eventually(() => orderOf(r, orderId), (o) => o.status === 'signed' && o.exception === false);
    const resolved = await t.http().post(`/api/v1/staff/courier/tasks/${tasks[0].id}/resolve`).set(hallStaff.auth).send({ resolution: '已电话联系申请人，改约次日派送' });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const outsider = await givenStaff(t, ['hall_window'], { hallId: 'HZ-OTHER' });
    expect((await t.http().post(`/api/v1/staff/courier/tasks/${tasks[0].id}/resolve`).set(outsider.auth).send({ resolution: '越权处理' })).status).toBe(404);
  });

  it('answers forged and stale pushes 401 and changes nothing; keeps a push for an unknown waybill for review', async () => {
    const { r, orderId } = await bookedPickup();
    for (const tamper of ['digest', 'stale_timestamp']) {
      const res = await simPost('push/forge', { orderId, tamper });
      expect(JSON.stringify(res.body)).toContain('401');
    }
    expect((await orderOf(r, orderId)).events).toEqual([]);
    const before = (await t.platform.db.selectFrom('courier_orphan_routes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    const orphan = await simPost('push/forge', { orderId, tamper: 'unknown_mailno' });
    expect(JSON.stringify(orphan.body)).toContain('0000');
    const after = (await t.platform.db.selectFrom('courier_orphan_routes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after)).toBe(Number(before) + 1);
    // Unreadable JSON is refused before it reaches us as a push: a 400, so SF sends it again.
    const malformed = await simPost('push/forge', { orderId, tamper: 'malformed_json' });
    expect((malformed.body.attempts as { httpStatus: number }[])[0]?.httpStatus).toBe(400);
    expect((await orderOf(r, orderId)).events).toEqual([]);
  });

  it('cancels before pickup, and not after', async () => {
    const first = await bookedPickup();
    const cancelled = await t.http().post(`/api/v1/courier/orders/${first.orderId}/cancel`).set(first.r.auth);
    expect(cancelled.body.status).toBe('cancelled');
    const second = await bookedPickup();
    await simPost(`orders/${second.orderId}/advance`, { opCode: '50', acceptTime: sfAt(1) });
    await eventually(() => orderOf(second.r, second.orderId), (o) => o.status === 'picked_up');
    const late = await t.http().post(`/api/v1/courier/orders/${second.orderId}/cancel`).set(second.r.auth);
    expect([late.status, late.body.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('cancels the pickup when the case is withdrawn: at once if SF has not got it, by job at SF if it has', async () => {
    const { r, id } = await submittedCase();
    const booked = await t.http().post(`/api/v1/applications/${id}/courier/pickup`).set(r.auth).send({ address: HOME, window: tomorrowWindow() });
    expect((await t.http().post(`/api/v1/applications/${id}/withdraw`).set(r.auth)).status).toBe(200);
    expect((await orderOf(r, booked.body.id)).status).toBe('cancelled');
    // The create job finds nothing to do: SF never hears of it.
    await courier.createAtCarrier(booked.body.id);
    expect((await simGet<{ orderId: string }[]>('orders')).filter((o) => o.orderId === booked.body.id)).toEqual([]);

    const atSf = await bookedPickup();
    expect((await orderOf(atSf.r, atSf.orderId)).status).toBe('created');
    expect((await t.http().post(`/api/v1/applications/${atSf.id}/withdraw`).set(atSf.r.auth)).status).toBe(200);
    const job = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${`courier_cancel_order:${atSf.orderId}`}`.execute(t.platform.db);
    expect(job.rows[0]?.n).toBe(1);
    await courier.cancelAtCarrier(atSf.orderId);
    expect((await orderOf(atSf.r, atSf.orderId)).status).toBe('cancelled');
    expect((await simGet<{ orderId: string; cancelled: boolean }[]>('orders')).find((o) => o.orderId === atSf.orderId)).toMatchObject({ cancelled: true });
    const timeline = (await t.http().get(`/api/v1/applications/${atSf.id}`).set(atSf.r.auth)).body.timeline.map((e: { title: string }) => e.title);
    expect(timeline).toContain('办件已结束，已取消上门取件（纸质材料）');
  });

  it('waits while SF is down and creates exactly one order when it is back', async () => {
    const { r, id } = await submittedCase();
    const res = await t.http().post(`/api/v1/applications/${id}/courier/pickup`).set(r.auth).send({ address: HOME, window: tomorrowWindow() });
    await simPost('down', { down: true, mode: 'http503' });
    try {
      await expect(courier.createAtCarrier(res.body.id)).rejects.toThrow();
      expect((await orderOf(r, res.body.id)).status).toBe('requested');
    } finally {
      await simPost('down', { down: false });
    }
    await courier.createAtCarrier(res.body.id);
    expect((await orderOf(r, res.body.id)).status).toBe('created');
    expect((await simGet<{ orderId: string }[]>('orders')).filter((o) => o.orderId === res.body.id)).toHaveLength(1);
  });
});

describe('证照寄送', () => {
  it('charges postage through WeChat Pay, hands over only when approved and paid, and closes the case on 签收', async () => {
    const { r, id, reviewer, hallStaff } = await submittedCase();
    const chosen = await t.http().post(`/api/v1/applications/${id}/courier/delivery`).set(r.auth).send({ address: HOME });
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ kind: 'delivery', status: 'requested', postage: 1800 });
    expect(chosen.body.paymentId).toBeTruthy();
    const early = await t.http().post(`/api/v1/staff/courier/orders/${chosen.body.id}/handover`).set(hallStaff.auth);
    expect([early.status, early.body.code]).toEqual([409, 'INVALID_STATE']);
    expect((await t.http().post(`/api/v1/staff/applications/${id}/accept`).set(reviewer.auth).send({})).status).toBe(200);
    await apps.departmentTransition('TEST', id, 'forward', '已转送');
    await apps.departmentTransition('TEST', id, 'approve', '审批通过');
    const unpaid = await t.http().post(`/api/v1/staff/courier/orders/${chosen.body.id}/handover`).set(hallStaff.auth);
    expect([unpaid.status, unpaid.body.code]).toEqual([409, 'FEE_UNPAID']);
    const pay = await t.http().post(`/api/v1/applications/${id}/payments`).set(r.auth).send({ purpose: 'postage' });
    expect(pay.body).toMatchObject({ id: chosen.body.paymentId, amount: 1800 });
    await wx.post(`orders/${pay.body.id}/pay`, {});
    await eventually(async () => (await t.http().get(`/api/v1/payments/${pay.body.id}`).set(r.auth)).body.status, (s) => s === 'paid');
    const handed = await t.http().post(`/api/v1/staff/courier/orders/${chosen.body.id}/handover`).set(hallStaff.auth);
    expect(handed.body.status).toBe('result_delivered');
    await courier.createAtCarrier(chosen.body.id);
    await simPost(`orders/${chosen.body.id}/script`, { scenario: 'happy', stepDelayMs: 10 });
    await eventually(async () => (await t.http().get(`/api/v1/applications/${id}`).set(r.auth)).body.status, (s) => s === 'completed', 8000);
  });

  it('gives the postage back when the resident cancels a paid delivery before it is handed over', async () => {
    const { r, id } = await submittedCase();
    const chosen = await t.http().post(`/api/v1/applications/${id}/courier/delivery`).set(r.auth).send({ address: HOME });
    const pay = await t.http().post(`/api/v1/applications/${id}/payments`).set(r.auth).send({ purpose: 'postage' });
    await wx.post(`orders/${pay.body.id}/pay`, {});
    await eventually(async () => (await t.http().get(`/api/v1/payments/${pay.body.id}`).set(r.auth)).body.status, (s) => s === 'paid');
    const cancelled = await t.http().post(`/api/v1/courier/orders/${chosen.body.id}/cancel`).set(r.auth);
    expect(cancelled.body.status).toBe('cancelled');
    const refunds = await t.platform.db.selectFrom('payment_refunds').selectAll().where('payment_id', '=', pay.body.id).execute();
    expect(refunds).toEqual([expect.objectContaining({ amount_fen: 1800, status: 'requested', staff_id: 'system' })]);
    const payments = await t.app.getApplicationContext().getAsync(PaymentService);
    await payments.sendRefund(refunds[0]?.id as string);
    await wx.post(`refunds/${refunds[0]?.id}/resolve`, { status: 'SUCCESS' });
    await eventually(async () => (await t.http().get(`/api/v1/payments/${pay.body.id}`).set(r.auth)).body.status, (s) => s === 'refunded');
    const timeline = (await t.http().get(`/api/v1/applications/${id}`).set(r.auth)).body.timeline.map((e: { title: string }) => e.title);
    expect(timeline).toContain('已取消证照寄送，快递费将原路退回');
    // Cancelling again changes nothing, and no second refund is asked for.
    await t.http().post(`/api/v1/courier/orders/${chosen.body.id}/cancel`).set(r.auth);
    expect(await t.platform.db.selectFrom('payment_refunds').select('id').where('payment_id', '=', pay.body.id).execute()).toHaveLength(1);
  });
});
