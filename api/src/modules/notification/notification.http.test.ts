import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import type { NotificationCatalogue, NotificationTemplateKey, ServiceItemInput } from '@haizhu/shared-types';
import { FixedClock } from '../../common/clock';
import { inTransaction } from '../../db/database';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { eventually } from '../../../test/support/eventually';
import { freePort } from '../../../test/support/ports';
import { givenWechatPay, type GivenWechatPay } from '../../../test/support/wechatpay';
import { givenResident, givenStaff, type GivenResident, wechatSim } from '../../../test/support/scenario';
import { sendHandler } from './notification.jobs';
import { type NotifyInput, NotificationService, SEND_TASK } from './notification.service';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);
const MONDAY_10AM = new Date('2026-09-28T10:00:00+08:00');

let t: TestApp;
let clock: FixedClock;
let notifications: NotificationService;
let catalogue: NotificationCatalogue;
let admin: { auth: { Authorization: string } };
let wx: GivenWechatPay;

beforeAll(async () => {
  wx = await givenWechatPay();
  const port = await freePort();
  t = await createTestApp({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...wx.env });
  clock = new FixedClock(MONDAY_10AM);
  t.platform.clock = clock;
  notifications = await t.app.getApplicationContext().getAsync(NotificationService);
  admin = await givenStaff(t, ['district_admin']);
  // As `npm start` does: WeChat learns our templates (so data keys are type-checked, 47003) and the
  // mini-program's real pages (so a page that doesn't exist is 41030).
  catalogue = (await t.http().get('/api/v1/notifications/templates')).body;
  await wechatSim(t, 'templates', catalogue.templates.map((tpl) => ({ templateId: tpl.templateId, kind: tpl.kind, keys: Object.fromEntries(tpl.fields.map((f) => [f.key, f.type])) })));
  await wechatSim(t, 'pages', miniappPages());
});
afterAll(async () => {
  await t.close();
  await wx.sim.close();
});
beforeEach(async () => {
  clock.set(MONDAY_10AM);
  await fetch(`${t.wechat.url}/__sim/faults`, { method: 'DELETE' });
});

/** Every page of the mini-program's app.config.ts (main package and subpackages). */
function miniappPages(): string[] {
  // Comments go first: their apostrophes ("item's") would pair with the quotes of page paths.
  const src = readFileSync(join(__dirname, '..', '..', '..', '..', 'miniapp', 'src', 'app.config.ts'), 'utf8').replace(/\/\/.*$/gm, '');
  const main = [...(/pages:\s*\[([^\]]*)\]/.exec(src)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
  const sub = [...src.matchAll(/root:\s*'([^']+)'[^}]*?pages:\s*\[([^\]]*)\]/gs)].flatMap((m) => [...(m[2] ?? '').matchAll(/'([^']+)'/g)].map((p) => `${m[1]}/${p[1]}`));
  return [...main, ...sub];
}

const idOf = (key: NotificationTemplateKey): string => catalogue.templates.find((tpl) => tpl.key === key)?.templateId as string;

/** The resident answers requestSubscribeMessage: WeChat records it (the simulator), the mini-program posts the raw result to us. */
async function consent(r: GivenResident, key: NotificationTemplateKey, status: 'accept' | 'reject' | 'ban', opts: { wechat?: boolean } = {}) {
  if (opts.wechat !== false) await wechatSim(t, 'subscriptions', { openid: r.openid, templateId: idOf(key), status });
  const res = await t.http().post('/api/v1/me/subscriptions').set(r.auth).send({ [idOf(key)]: status, errMsg: 'requestSubscribeMessage:ok' });
  expect(res.status).toBe(200);
  return res.body.items as { key: string; status: string; credits: number | null }[];
}

async function mySubscription(r: GivenResident, key: NotificationTemplateKey) {
  const res = await t.http().get('/api/v1/me/subscriptions').set(r.auth);
  return (res.body.items as { key: string; status: string; credits: number | null }[]).find((s) => s.key === key);
}

function paymentNotice(r: GivenResident): NotifyInput {
  return { residentId: r.id, event: 'payment.paid', page: 'apply/receipt/index?id=pay_test', data: { thing1: '居民身份证工本费', amount2: 2000, phrase3: '支付成功', time4: clock.now() } };
}
function caseNotice(r: GivenResident, n: number): NotifyInput {
  return { residentId: r.id, event: 'application.status_changed', page: 'apply/case/index?id=app_test', data: { character_string1: `HZ2026092800000${n}`, thing2: '测试事项', phrase3: '已受理', time4: clock.now(), thing5: '请留意后续办理进度' } };
}
const notify = (input: NotifyInput) => inTransaction(t.platform.db, (tx) => notifications.notify(tx, input));

/** graphile-worker runs the send jobs that are due, as the worker would (JOBS_ENABLED is off in tests). */
async function runSendJobs(): Promise<void> {
  await runOnce({ pgPool: t.platform.pool, taskList: { [SEND_TASK]: sendHandler(notifications) }, noHandleSignals: true, logger: new Logger(() => () => undefined) });
}
/** Skips the retry backoff: failed send jobs become due now. */
async function fastForwardRetries(): Promise<void> {
  await sql`update graphile_worker._private_jobs set run_at = now() where task_id in (select id from graphile_worker._private_tasks where identifier = ${SEND_TASK})`.execute(t.platform.db);
}
async function jobOf(id: string) {
  const rows = await sql<{ attempts: number; last_error: string | null }>`select attempts, last_error from graphile_worker.jobs where key = ${`${SEND_TASK}:${id}`}`.execute(t.platform.db);
  return rows.rows[0];
}
const row = (id: string) => t.platform.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function simGet<T>(path: string): Promise<T> {
  return (await (await fetch(`${t.wechat.url}/__sim/${path}`)).json()) as T;
}
type SimMessage = { touser: string; template_id: string; page: string; data: Record<string, { value: string }>; result: { errcode: number } };
const messagesTo = (r: GivenResident) => simGet<SimMessage[]>(`messages?touser=${r.openid}`);
/** Every subscribe/send call WeChat received for this resident (the request journal). */
async function sendCallsFor(r: GivenResident): Promise<number> {
  const journal = await simGet<{ body: { touser?: string } }[]>('requests?endpoint=send');
  return journal.filter((e) => e.body?.touser === r.openid).length;
}

describe('the template catalogue and consent', () => {
  it('is public, and no tap asks for more than three templates or mixes one-time with long-term', async () => {
    const res = await t.http().get('/api/v1/notifications/templates');
    expect(res.status).toBe(200);
    expect(res.body.templates.map((x: { key: string }) => x.key).sort()).toEqual(['booking', 'case', 'consultation', 'courier', 'payment', 'queue']);
    for (const ids of Object.values(res.body.moments as Record<string, string[]>)) {
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThanOrEqual(3);
      expect(new Set(ids.map((id) => catalogue.templates.find((x) => x.templateId === id)?.kind)).size).toBe(1);
    }
    expect(res.body.moments.submit).toEqual([idOf('case'), idOf('courier')]);
    // Outside production, on a loopback WeChat base, the H5 build may record its simulated consent.
    expect(res.body.devConsentUrl).toBe(`${t.wechat.url}/__sim/subscriptions`);
  });

  it('counts one-time accepts, keeps credits on a later reject, records long-term answers, ignores filter', async () => {
    const r = await givenResident(t);
    await consent(r, 'payment', 'accept');
    const twice = await consent(r, 'payment', 'accept');
    expect(twice.find((s) => s.key === 'payment')).toMatchObject({ status: 'accept', credits: 2 });
    await t.http().post('/api/v1/me/subscriptions').set(r.auth).send({ [idOf('payment')]: 'filter', [idOf('queue')]: 'acceptWithAudio' });
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 2 });
    expect(await mySubscription(r, 'queue')).toMatchObject({ status: 'accept', credits: 1 });
    await consent(r, 'payment', 'reject');
    expect(await mySubscription(r, 'payment')).toMatchObject({ status: 'reject', credits: 2 });
    await consent(r, 'case', 'accept');
    expect(await mySubscription(r, 'case')).toMatchObject({ kind: 'long_term', status: 'accept', credits: null });
    expect(await mySubscription(r, 'booking')).toMatchObject({ status: 'none' });
    const audit = await t.platform.db.selectFrom('audit_records').select('action').where('resident_id', '=', r.id).where('action', '=', 'notification.consent_recorded').execute();
    expect(audit).toHaveLength(5);
  });

  it('refuses unknown template ids (422, nothing counted) and results that are not requestSubscribeMessage answers', async () => {
    const r = await givenResident(t);
    const unknown = await t.http().post('/api/v1/me/subscriptions').set(r.auth).send({ [idOf('payment')]: 'accept', 'tmpl-that-does-not-exist': 'accept' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('NOTIFICATION_TEMPLATE_UNKNOWN');
    expect(unknown.body.details.templateIds).toEqual(['tmpl-that-does-not-exist']);
    expect(await mySubscription(r, 'payment')).toMatchObject({ status: 'none', credits: 0 });
    const bad = await t.http().post('/api/v1/me/subscriptions').set(r.auth).send({ [idOf('payment')]: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields).toHaveProperty(idOf('payment'));
    expect((await t.http().post('/api/v1/me/subscriptions').set(r.auth).send({ errMsg: 'requestSubscribeMessage:ok' })).status).toBe(400);
    expect((await t.http().post('/api/v1/me/subscriptions').send({ [idOf('payment')]: 'accept' })).status).toBe(401);
  });
});

describe('sending', () => {
  it('sends as many one-time messages as accepts; the next is recorded as not consented and WeChat is not asked', async () => {
    const r = await givenResident(t);
    await consent(r, 'payment', 'accept');
    await consent(r, 'payment', 'accept');
    const ids = [await notify(paymentNotice(r)), await notify(paymentNotice(r)), await notify(paymentNotice(r))] as string[];
    // The two waiting messages hold both credits before either is sent.
    expect((await Promise.all(ids.map(row))).map((n) => n.status)).toEqual(['pending', 'pending', 'skipped_no_consent']);
    expect(await jobOf(ids[2] as string)).toBeUndefined();
    await runSendJobs();
    expect((await Promise.all(ids.map(row))).map((n) => n.status)).toEqual(['sent', 'sent', 'skipped_no_consent']);
    const sent = await messagesTo(r);
    expect(sent.map((m) => m.result.errcode)).toEqual([0, 0]);
    expect(sent[0]?.data).toEqual({ thing1: { value: '居民身份证工本费' }, amount2: { value: '¥20.00' }, phrase3: { value: '支付成功' }, time4: { value: '2026年9月28日 10:00' } });
    expect(await sendCallsFor(r)).toBe(2);
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 0 });
  });

  it('marks 43101 undeliverable without retrying, and takes WeChat’s word over our count', async () => {
    const r = await givenResident(t);
    // We were told of an accept WeChat never recorded (or the credit was used elsewhere).
    await consent(r, 'payment', 'accept', { wechat: false });
    const id = (await notify(paymentNotice(r))) as string;
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'undeliverable', errcode: 43101, attempts: 1 });
    expect(await jobOf(id)).toBeUndefined();
    await fastForwardRetries();
    await runSendJobs();
    expect(await sendCallsFor(r)).toBe(1);
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 0 });
    expect(await row((await notify(paymentNotice(r))) as string)).toMatchObject({ status: 'skipped_no_consent' });
  });

  it('sends long-term messages again and again on one consent', async () => {
    const r = await givenResident(t);
    await consent(r, 'case', 'accept');
    const ids = [await notify(caseNotice(r, 1)), await notify(caseNotice(r, 2)), await notify(caseNotice(r, 3))] as string[];
    await runSendJobs();
    expect((await Promise.all(ids.map(row))).map((n) => n.status)).toEqual(['sent', 'sent', 'sent']);
    expect((await messagesTo(r)).filter((m) => m.result.errcode === 0)).toHaveLength(3);
    expect(await mySubscription(r, 'case')).toMatchObject({ status: 'accept' });
  });

  it('sends nothing after a reject or a ban', async () => {
    const r = await givenResident(t);
    await consent(r, 'case', 'reject');
    await consent(r, 'queue', 'ban');
    const ids = [await notify(caseNotice(r, 1)), await notify({ residentId: r.id, event: 'queue.near', page: 'pages/ticket/index?id=tkt_x', data: { character_string1: 'A001', thing2: '测试大厅', number3: 1, thing4: '即将轮到您' } })] as string[];
    expect((await Promise.all(ids.map(row))).map((n) => n.status)).toEqual(['skipped_no_consent', 'skipped_no_consent']);
    await runSendJobs();
    expect(await sendCallsFor(r)).toBe(0);
  });

  it('retries a message WeChat could not take (connection dropped, HTTP 502) and sends it once', async () => {
    const r = await givenResident(t);
    await consent(r, 'payment', 'accept');
    const id = (await notify(paymentNotice(r))) as string;
    // The client tries three times per job run; all three fail.
    await wechatSim(t, 'faults', { endpoint: 'send', dropConnection: true, times: 3 });
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await row(id)).last_error).toMatch(/UPSTREAM_UNAVAILABLE/);
    expect(await jobOf(id)).toMatchObject({ attempts: 1 });
    await wechatSim(t, 'faults', { endpoint: 'send', httpStatus: 502, times: 3 });
    await fastForwardRetries();
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 2 });
    await fastForwardRetries();
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await jobOf(id)).toBeUndefined();
    expect((await messagesTo(r)).filter((m) => m.result.errcode === 0)).toHaveLength(1);
    expect(await sendCallsFor(r)).toBe(7);
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 0 });
  });

  it('does not send again a message whose earlier attempt died between WeChat and our record', async () => {
    const r = await givenResident(t);
    await consent(r, 'payment', 'accept');
    const id = (await notify(paymentNotice(r))) as string;
    // What a worker killed after WeChat's answer leaves behind: the attempt marked, no outcome.
    await t.platform.db.updateTable('notifications').set({ sending_since: clock.now() }).where('id', '=', id).execute();
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'unconfirmed' });
    expect(await sendCallsFor(r)).toBe(0);
    expect(await jobOf(id)).toBeUndefined();
    // The credit is not counted as spent: we don't know that it was.
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 1 });
    const mine = await t.http().get('/api/v1/me/notifications').set(r.auth);
    expect(mine.body.items.find((n: { id: string }) => n.id === id)).toMatchObject({ status: 'unconfirmed', statusName: '发送结果未知（未重发，以免重复）' });
  });

  it('refreshes an access token WeChat no longer takes, once, and sends', async () => {
    const r = await givenResident(t);
    await consent(r, 'case', 'accept');
    const id = (await notify(caseNotice(r, 1))) as string;
    await wechatSim(t, 'tokens/invalidate', { mode: 'expired' });
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'sent' });
    expect(await sendCallsFor(r)).toBe(2);
  });

  it('fails a message WeChat refuses for its content (47003) for good: no retry, no credit spent', async () => {
    const r = await givenResident(t);
    await consent(r, 'payment', 'accept');
    const id = (await notify(paymentNotice(r))) as string;
    await wechatSim(t, 'faults', { endpoint: 'send', errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' });
    await runSendJobs();
    expect(await row(id)).toMatchObject({ status: 'failed', errcode: 47003, attempts: 1 });
    expect(await jobOf(id)).toBeUndefined();
    await fastForwardRetries();
    await runSendJobs();
    expect(await sendCallsFor(r)).toBe(1);
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 1 });
  });

  it('lists my messages, newest first, with why one was not sent; operators see counts by status', async () => {
    const r = await givenResident(t);
    await consent(r, 'case', 'accept');
    await notify(caseNotice(r, 1));
    clock.set(new Date(MONDAY_10AM.getTime() + 60_000));
    await notify(paymentNotice(r));
    await runSendJobs();
    const page1 = await t.http().get('/api/v1/me/notifications?limit=1').set(r.auth);
    expect(page1.status).toBe(200);
    expect(page1.body.items[0]).toMatchObject({ event: 'payment.paid', title: '缴费结果通知', status: 'skipped_no_consent', statusName: '未订阅，未发送' });
    const page2 = await t.http().get(`/api/v1/me/notifications?limit=1&cursor=${page1.body.nextCursor}`).set(r.auth);
    expect(page2.body.items[0]).toMatchObject({ event: 'application.status_changed', status: 'sent', page: 'apply/case/index?id=app_test' });
    expect(page2.body.items[0].lines[0]).toEqual({ label: '办件编号', value: 'HZ20260928000001' });
    expect(page2.body.nextCursor).toBeNull();
    const metrics = await t.http().get('/api/metrics');
    expect(metrics.text).toMatch(/haizhu_notifications_24h\{status="sent"\} [1-9]/);
  });
});

describe('events of the other contexts', () => {
  function courierItem(tag: string): ServiceItemInput {
    return {
      itemCode: `T-${tag}-N`,
      name: `测试户籍证明开具${tag}`,
      departmentCode: `T-${tag}-RS`,
      category: '公安',
      guide: { legalDays: 10, promisedDays: 3, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
      materials: [{ code: 'hukou', name: '户口簿', form: 'copy' }],
      onlineApply: true,
      resultDelivery: ['window'],
    };
  }

  it('a case accepted by staff sends 办件进度通知 opening the case page; the resident’s own submit sends nothing', async () => {
    const { file, tag } = givenCatalogue({ items: (tg) => [courierItem(tg)] });
    file.bundles = [];
    expect((await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: `T-${tag}-RS` });
    const r = await givenResident(t, { verified: true });
    await consent(r, 'case', 'accept');
    const app = (await t.http().post('/api/v1/applications').set(r.auth).send({ itemCode: `T-${tag}-N` })).body;
    const upload = await t.http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'hukou.pdf');
    await t.http().put(`/api/v1/applications/${app.id}/materials/hukou`).set(r.auth).send({ fileId: upload.body.id });
    expect((await t.http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).status).toBe(200);
    expect((await t.http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({})).status).toBe(200);
    await runSendJobs();
    const sent = await messagesTo(r);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: idOf('case'), page: `apply/case/index?id=${app.id}`, result: { errcode: 0 } });
    expect(sent[0]?.data).toMatchObject({ character_string1: { value: app.applicationNo }, thing2: { value: `测试户籍证明开具${tag}` }, phrase3: { value: '已受理' } });
  });

  it('a fee paid through WeChat Pay sends 缴费结果通知 opening the receipt', async () => {
    // WeChat Pay keeps real time: so does this test.
    clock.set(new Date());
    const nowAdmin = await givenStaff(t, ['district_admin']);
    const { file, tag } = givenCatalogue({ items: (tg) => [{ ...courierItem(tg), materials: [], guide: { legalDays: 20, promisedDays: 5, fee: { free: false, amountFen: 2000, description: '工本费 20 元' }, maxVisits: 0, places: [] } }] });
    file.bundles = [];
    expect((await t.http().post('/api/v1/staff/catalog/import').set(nowAdmin.auth).send(file)).status).toBe(200);
    const r = await givenResident(t, { verified: true });
    const app = (await t.http().post('/api/v1/applications').set(r.auth).send({ itemCode: `T-${tag}-N` })).body;
    expect((await t.http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).status).toBe(200);
    await consent(r, 'payment', 'accept');
    const order = (await t.http().post(`/api/v1/applications/${app.id}/payments`).set(r.auth).send({ purpose: 'fee' })).body;
    await wx.post(`orders/${order.id}/pay`, {});
    await eventually(async () => (await t.platform.db.selectFrom('payments').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status, (s) => s === 'paid');
    await runSendJobs();
    const sent = await messagesTo(r);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: idOf('payment'), page: `apply/receipt/index?id=${order.id}`, result: { errcode: 0 } });
    expect(sent[0]?.data).toMatchObject({ amount2: { value: '¥20.00' }, phrase3: { value: '支付成功' } });
    expect(await mySubscription(r, 'payment')).toMatchObject({ credits: 0 });
  });

  async function givenHallWithSlots() {
    const { file, tag } = givenCatalogue();
    expect((await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
    const hallId = `T-${tag}-HALL`;
    const hallAdmin = await givenStaff(t, ['hall_admin'], { hallId });
    const opened = await t.http().post(`/api/v1/staff/halls/${hallId}/schedules`).set(hallAdmin.auth).send({ from: '2026-09-28', to: '2026-09-30', category: 'social_security', slotMinutes: 30, capacity: 2, hours: [{ start: '09:00', end: '10:00' }] });
    expect(opened.status).toBe(201);
    return { hallId, tag };
  }

  it('a booking sends 预约成功 with the appointment page, and the evening before one reminder', async () => {
    const { hallId, tag } = await givenHallWithSlots();
    const r = await givenResident(t);
    await consent(r, 'booking', 'accept');
    const slot = (await t.http().get(`/api/v1/halls/${hallId}/slots?date=2026-09-29&category=social_security`)).body[0];
    const booked = await t.http().post('/api/v1/appointments').set(r.auth).send({ slotId: slot.id, itemCode: `T-${tag}-1` });
    expect(booked.status).toBe(201);
    clock.set(new Date('2026-09-28T18:00:00+08:00'));
    expect(await notifications.remindTomorrow()).toBeGreaterThanOrEqual(1);
    // The cron running twice reminds nobody twice.
    expect(await notifications.remindTomorrow()).toBe(0);
    await runSendJobs();
    const sent = await messagesTo(r);
    expect(sent.map((m) => [m.page, m.data.phrase4?.value, m.result.errcode])).toEqual([
      [`pages/appointment/index?id=${booked.body.id}`, '预约成功', 0],
      [`pages/appointment/index?id=${booked.body.id}`, '明日办理', 0],
    ]);
    expect(sent[0]?.data).toMatchObject({ thing1: { value: `测试生育津贴申领${tag}` }, time2: { value: '2026年9月29日 09:00~09:30' } });
  });

  it('a number near the front sends 排队叫号提醒 opening the ticket', async () => {
    const { hallId } = await givenHallWithSlots();
    const r = await givenResident(t);
    await consent(r, 'queue', 'accept');
    const ticket = await t.http().post('/api/v1/queue/tickets').set(r.auth).send({ hallId, category: 'social_security' });
    expect(ticket.status).toBe(201);
    await runSendJobs();
    const sent = await messagesTo(r);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ page: `pages/ticket/index?id=${ticket.body.id}`, result: { errcode: 0 } });
    expect(sent[0]?.data).toMatchObject({ character_string1: { value: ticket.body.number }, number3: { value: '0' } });
  });
});
