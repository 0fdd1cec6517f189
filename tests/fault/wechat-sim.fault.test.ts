import { NOTIFICATION_STATUS_NAMES } from '@haizhu/shared-types';
import { api, dbRows, eventually, resident, type Resident, sim, sleep, WECHAT_SIM } from './support/http';

/*
 * The WeChat simulator's controls (wechat-miniprogram.md §8) against the live stack: its open API
 * slow, failing (errcodes, HTTP 5xx, dropped connections), down, over quota, with a shifted clock
 * and with our access tokens invalidated. Login and phone binding are synchronous: the resident
 * gets a clean answer with a stable code and nothing is half-written. Subscribe messages go out by
 * job: a transient failure delays the message, which is then sent once; a final errcode is
 * recorded and never retried. The simulator's own journal and message log are the witnesses.
 */

type WxReply = { kind: string; status?: number; body?: { errcode?: number } };
type JournalEntry = { at: string; path: string; query: Record<string, string>; body?: { code?: string; touser?: string }; response: WxReply | null };
type SimMessage = { touser: string; template_id: string; result: { errcode: number } };
type Notification = { status: string; attempts: number; errcode: number | null; last_error: string | null };

const UNAVAILABLE = { status: 503, code: 'UPSTREAM_UNAVAILABLE', message: '微信服务暂时无法连接，请稍后再试' };
const CODE_INVALID = { status: 401, code: 'WECHAT_CODE_INVALID', message: '微信登录凭证已失效，请重新登录' };

const wx = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => sim<T>(WECHAT_SIM, method, path, body);

afterEach(async () => {
  await wx('DELETE', '/__sim/faults');
  for (const endpoint of ['*', 'jscode2session', 'getuserphonenumber', 'send']) await wx('POST', '/__sim/latency', { endpoint, fixedMs: 0, jitterMs: 0 });
  await wx('POST', '/__sim/down', { down: false });
  await wx('DELETE', '/__sim/quota');
  await wx('POST', '/__sim/clock', { offsetSec: 0 });
});

/** Every call the simulator received at an endpoint (refused and hung ones too). */
const journal = (endpoint: string) => wx<JournalEntry[]>('GET', `/__sim/requests?endpoint=${endpoint}`);
const loginCalls = async (code: string) => (await journal('jscode2session')).filter((e) => e.query.js_code === code);
const phoneCalls = async (code: string) => (await journal('getuserphonenumber')).filter((e) => e.body?.code === code);
const sendCalls = async (openid: string) => (await journal('send')).filter((e) => e.body?.touser === openid);
const errcodes = (entries: JournalEntry[]) => entries.map((e) => e.response?.body?.errcode ?? null);

const residentsWith = async (openid: string) => Number((await dbRows<{ n: string }>('select count(*) as n from residents where openid = $1', [openid]))[0]?.n);
const freshOpenid = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const login = (code: string) => api<{ token?: string; code?: string; message?: string }>('POST', '/api/v1/auth/wechat-login', undefined, { code });

describe('login (jscode2session), answered while the resident waits', () => {
  // A dropped connection may cost one more try than the faults set (the HTTP client may resend on a reset socket): at least.
  const faults: { name: string; rule: Record<string, unknown>; calls: number; atLeast?: boolean; answer: { status: number; code?: string; message?: string } }[] = [
    { name: 'busy (errcode -1) twice: retried within the call', rule: { errcode: -1, times: 2 }, calls: 3, answer: { status: 200 } },
    { name: 'busy (errcode -1) on every try', rule: { errcode: -1, times: 3 }, calls: 3, answer: UNAVAILABLE },
    { name: 'HTTP 500 on every try', rule: { httpStatus: 500, times: 3 }, calls: 3, answer: UNAVAILABLE },
    { name: 'connection dropped once', rule: { dropConnection: true, times: 1 }, calls: 2, atLeast: true, answer: { status: 200 } },
    { name: 'connection dropped on every try', rule: { dropConnection: true, times: 6 }, calls: 3, atLeast: true, answer: UNAVAILABLE },
    { name: 'invalid code (40029)', rule: { errcode: 40029 }, calls: 1, answer: CODE_INVALID },
    { name: 'code already used (40163)', rule: { errcode: 40163 }, calls: 1, answer: CODE_INVALID },
    { name: 'high-risk user (40226)', rule: { errcode: 40226 }, calls: 1, answer: { status: 403, code: 'WECHAT_LOGIN_BLOCKED', message: '微信提示该账号存在风险，暂时无法登录' } },
    { name: 'minute quota (45011)', rule: { errcode: 45011 }, calls: 1, answer: { status: 429, code: 'RATE_LIMITED', message: '微信接口繁忙，请稍后再试' } },
    { name: 'appid refused (40013, a configuration error: not retried)', rule: { errcode: 40013 }, calls: 1, answer: UNAVAILABLE },
  ];

  it.each(faults)('$name', async ({ rule, calls, atLeast, answer }) => {
    const openid = freshOpenid('wx-login');
    const code = `sim:${openid}`;
    await wx('POST', '/__sim/faults', { endpoint: 'jscode2session', ...rule });
    const res = await login(code);
    expect(res.status).toBe(answer.status);
    const made = (await loginCalls(code)).length;
    if (atLeast) expect(made).toBeGreaterThanOrEqual(calls);
    else expect(made).toBe(calls);
    if (answer.status === 200) {
      expect(res.body.token).toBeTruthy();
      expect(await residentsWith(openid)).toBe(1);
      return;
    }
    expect(res.body).toMatchObject({ code: answer.code, message: answer.message });
    // Nothing half-done: no resident, no session; the code was not spent, so the next try logs in.
    expect(await residentsWith(openid)).toBe(0);
    await wx('DELETE', '/__sim/faults');
    const again = await login(code);
    expect(again.status).toBe(200);
    expect(await residentsWith(openid)).toBe(1);
  });

  it('is slow but answers when WeChat is slow; a call past the 5 s timeout is abandoned and retried', async () => {
    const slow = `sim:${freshOpenid('wx-slow')}`;
    await wx('POST', '/__sim/latency', { endpoint: 'jscode2session', fixedMs: 1500, jitterMs: 0 });
    let started = Date.now();
    expect((await login(slow)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(await loginCalls(slow)).toHaveLength(1);
    await wx('POST', '/__sim/latency', { endpoint: 'jscode2session', fixedMs: 0, jitterMs: 0 });

    const stuck = `sim:${freshOpenid('wx-stuck')}`;
    await wx('POST', '/__sim/faults', { endpoint: 'jscode2session', latencyMs: 6000, times: 1 });
    started = Date.now();
    const res = await login(stuck);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expect(await loginCalls(stuck)).toHaveLength(2);
  });

  it.each([
    { mode: 'refuse', minMs: 0 },
    { mode: 'http502', minMs: 0 },
    // Never answered: three tries of 5 s each.
    { mode: 'hang', minMs: 15_000 },
  ])('says so while WeChat is down ($mode), and lets the resident in once it is back', async ({ mode, minMs }) => {
    const openid = freshOpenid(`wx-down-${mode}`);
    const code = `sim:${openid}`;
    await wx('POST', '/__sim/down', { down: true, mode });
    const started = Date.now();
    const res = await login(code);
    expect([res.status, res.body.code, res.body.message]).toEqual([UNAVAILABLE.status, UNAVAILABLE.code, UNAVAILABLE.message]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(minMs);
    expect(await loginCalls(code)).toHaveLength(3);
    expect(await residentsWith(openid)).toBe(0);
    await wx('POST', '/__sim/down', { down: false });
    expect((await login(code)).status).toBe(200);
    expect(await residentsWith(openid)).toBe(1);
  });

  it('answers 429 over WeChat’s login quota, and logs in once the quota is lifted', async () => {
    const openid = freshOpenid('wx-quota');
    await wx('POST', '/__sim/quota', { endpoint: 'jscode2session', perMinute: 0 });
    const res = await login(`sim:${openid}`);
    expect([res.status, res.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(await residentsWith(openid)).toBe(0);
    await wx('DELETE', '/__sim/quota');
    expect((await login(`sim:${openid}`)).status).toBe(200);
  });

  it('refuses a code WeChat’s clock says has expired, and blocks a high-risk user', async () => {
    const openid = freshOpenid('wx-clock');
    const { code } = await wx<{ code: string }>('POST', '/__sim/login-codes', { openid, ttlSec: 60 });
    await wx('POST', '/__sim/clock', { offsetSec: 120 });
    const expired = await login(code);
    expect([expired.status, expired.body.code]).toEqual([CODE_INVALID.status, CODE_INVALID.code]);
    expect(await residentsWith(openid)).toBe(0);
    // Back in its five minutes, the unspent code works.
    await wx('POST', '/__sim/clock', { offsetSec: 0 });
    expect((await login(code)).status).toBe(200);

    const risky = freshOpenid('wx-risk');
    await wx('POST', '/__sim/users', [{ openid: risky, risk: 'blocked' }]);
    const blocked = await login((await wx<{ code: string }>('POST', '/__sim/login-codes', { openid: risky })).code);
    expect([blocked.status, blocked.body.code]).toEqual([403, 'WECHAT_LOGIN_BLOCKED']);
    expect(await residentsWith(risky)).toBe(0);
  });
});

/** Both API processes hold a cached access token, so whichever serves the next call holds one WeChat is about to refuse. */
async function warmTokens(): Promise<void> {
  // Concurrent requests open several connections, which the cluster hands to both processes in turn.
  const residents = await Promise.all([1, 2, 3, 4].map(() => resident('wx-warm')));
  const bound = await Promise.all(residents.map((r) => api('POST', '/api/v1/me/phone', r.token, { code: `sim:${r.openid}` })));
  expect(bound.map((b) => b.status)).toEqual([200, 200, 200, 200]);
}

describe('phone binding (getuserphonenumber) with our access token refused', () => {
  it.each([
    { mode: 'expired', errcode: 42001 },
    { mode: 'invalid', errcode: 40001 },
  ])('refreshes the token once and binds the phone when WeChat says it is $mode', async ({ mode, errcode }) => {
    await warmTokens();
    const r = await resident('wx-phone');
    const tokensBefore = (await journal('stable_token')).length;
    const invalidated = await wx<{ invalidated: number }>('POST', '/__sim/tokens/invalidate', { mode });
    expect(invalidated.invalidated).toBeGreaterThan(0);
    const res = await api<{ phone: string }>('POST', '/api/v1/me/phone', r.token, { code: `sim:${r.openid}` });
    expect(res.status).toBe(200);
    expect(res.body.phone).toMatch(/^138\*{4}\d{4}$/);
    // The refused call, then one token refresh, then the same call again.
    expect(errcodes(await phoneCalls(`sim:${r.openid}`))).toEqual([errcode, 0]);
    expect((await journal('stable_token')).length).toBe(tokensBefore + 1);
    expect((await api<{ phoneBound?: boolean }>('GET', '/api/v1/me', r.token)).body).toMatchObject({ phoneBound: true });
  });

  // The fresh token refused as well: WeChat's side is wrong, not the resident's request (this was a bare 500 INTERNAL_ERROR).
  it('answers 503 with nothing bound when WeChat refuses the refreshed token too', async () => {
    const r = await resident('wx-phone-twice');
    await wx('POST', '/__sim/faults', { endpoint: 'getuserphonenumber', errcode: 40001, times: 2 });
    const res = await api<{ code: string; message: string }>('POST', '/api/v1/me/phone', r.token, { code: `sim:${r.openid}` });
    expect(errcodes(await phoneCalls(`sim:${r.openid}`))).toEqual([40001, 40001]);
    expect((await api<{ phoneBound?: boolean }>('GET', '/api/v1/me', r.token)).body).toMatchObject({ phoneBound: false });
    expect([res.status, res.body.code, res.body.message]).toEqual([UNAVAILABLE.status, UNAVAILABLE.code, UNAVAILABLE.message]);
  });
});

describe('subscribe messages (subscribe/send), sent by job', () => {
  /** The long-term template a booking's confirmation goes with, as our catalogue names it. */
  let BOOKING_TEMPLATE: string;
  beforeAll(async () => {
    const catalogue = await api<{ templates: { key: string; templateId: string }[] }>('GET', '/api/v1/notifications/templates');
    BOOKING_TEMPLATE = catalogue.body.templates.find((t) => t.key === 'booking')?.templateId as string;
    expect(BOOKING_TEMPLATE).toBeTruthy();
  });

  /** A resident who accepted the long-term booking template, at WeChat and with us. */
  async function subscribed(tag: string): Promise<Resident> {
    const r = await resident(tag);
    await wx('POST', '/__sim/subscriptions', { openid: r.openid, templateId: BOOKING_TEMPLATE, status: 'accept' });
    expect((await api('POST', '/api/v1/me/subscriptions', r.token, { [BOOKING_TEMPLATE]: 'accept', errMsg: 'requestSubscribeMessage:ok' })).status).toBe(200);
    return r;
  }

  /** Books the first slot with room: the booking's confirmation is the message. */
  async function book(r: Resident): Promise<void> {
    const hall = await api<{ categories: { code: string }[] }>('GET', '/api/v1/halls/HZ-DIST');
    const category = hall.body.categories[0]?.code as string;
    const dates = await api<{ items: { date: string; bookable: boolean }[] }>('GET', `/api/v1/halls/HZ-DIST/dates?category=${category}`);
    for (const d of dates.body.items.filter((x) => x.bookable)) {
      const slots = await api<{ id: string; bookable: boolean; remaining: number }[]>('GET', `/api/v1/halls/HZ-DIST/slots?date=${d.date}&category=${category}`);
      const slot = slots.body.find((s) => s.bookable && s.remaining > 0);
      if (!slot) continue;
      const booked = await api('POST', '/api/v1/appointments', r.token, { slotId: slot.id });
      expect(booked.status).toBe(201);
      return;
    }
    throw new Error('no bookable slot left at HZ-DIST');
  }

  const notification = async (r: Resident) => (await dbRows<Notification>('select status, attempts, errcode, last_error from notifications where resident_id = $1', [r.id]))[0];
  const settled = (r: Resident, ms = 30_000) => eventually(() => notification(r), (n) => n !== undefined && n.status !== 'pending', ms) as Promise<Notification>;
  const delivered = async (r: Resident) => (await wx<SimMessage[]>('GET', `/__sim/messages?touser=${r.openid}`)).filter((m) => m.result.errcode === 0);
  const myNotifications = async (r: Resident) => (await api<{ items: { status: string; statusName: string }[] }>('GET', '/api/v1/me/notifications', r.token)).body.items;

  async function expectSentOnce(r: Resident): Promise<Notification> {
    const n = await settled(r);
    expect(n).toMatchObject({ status: 'sent', errcode: 0, last_error: null });
    expect(await delivered(r)).toHaveLength(1);
    expect((await myNotifications(r)).map((x) => x.status)).toEqual(['sent']);
    return n;
  }

  /** Waits for the job’s first attempt to fail (the message still pending, nothing delivered), then lifts the trouble. */
  async function failFirstAttempt(r: Resident, lift: () => Promise<unknown>): Promise<void> {
    const failed = await eventually(() => notification(r), (n) => (n?.attempts ?? 0) >= 1, 20_000);
    expect(failed).toMatchObject({ status: 'pending' });
    expect(failed?.last_error).toContain('UPSTREAM_UNAVAILABLE');
    expect(await delivered(r)).toHaveLength(0);
    await lift();
  }

  it.each([
    { name: 'busy (errcode -1)', rule: { errcode: -1 } },
    { name: 'HTTP 502', rule: { httpStatus: 502 } },
    { name: 'dropping connections', rule: { dropConnection: true } },
  ])('WeChat $name through one whole attempt: the message waits for the job’s next attempt and goes once', async ({ rule }) => {
    const r = await subscribed('wx-send-fault');
    await wx('POST', '/__sim/faults', { endpoint: 'send', times: 20, ...rule });
    await book(r);
    await failFirstAttempt(r, () => wx('DELETE', '/__sim/faults'));
    expect((await expectSentOnce(r)).attempts).toBeGreaterThanOrEqual(2);
    // The first attempt's three tries (a dropped connection may add a resend), then the one that went through.
    const calls = errcodes(await sendCalls(r.openid));
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(calls.filter((c) => c === 0)).toHaveLength(1);
    expect(calls.at(-1)).toBe(0);
  });

  it('is sent once, on the first attempt, when WeChat is slow', async () => {
    const r = await subscribed('wx-send-slow');
    await wx('POST', '/__sim/latency', { endpoint: 'send', fixedMs: 1000, jitterMs: 0 });
    await book(r);
    expect((await expectSentOnce(r)).attempts).toBe(1);
    expect(await sendCalls(r.openid)).toHaveLength(1);
  });

  it.each(['refuse', 'http502'])('waits out a short outage (%s) and is sent once WeChat is back', async (mode) => {
    const r = await subscribed(`wx-send-down-${mode}`);
    await wx('POST', '/__sim/down', { down: true, mode });
    await book(r);
    await failFirstAttempt(r, () => wx('POST', '/__sim/down', { down: false }));
    expect((await expectSentOnce(r)).attempts).toBeGreaterThanOrEqual(2);
  });

  it.each([
    { mode: 'expired', errcode: 42001 },
    { mode: 'invalid', errcode: 40001 },
  ])('refreshes a token WeChat calls $mode and sends on the same attempt', async ({ mode, errcode }) => {
    await warmTokens();
    const r = await subscribed('wx-send-token');
    await wx('POST', '/__sim/tokens/invalidate', { mode });
    await book(r);
    expect((await expectSentOnce(r)).attempts).toBe(1);
    expect(errcodes(await sendCalls(r.openid))).toEqual([errcode, 0]);
  });

  it.each([
    { errcode: 43101, status: 'undeliverable' as const },
    { errcode: 47003, status: 'failed' as const },
  ])('records a final answer ($errcode) as $status and never asks again', async ({ errcode, status }) => {
    const r = await subscribed(`wx-send-${errcode}`);
    await wx('POST', '/__sim/faults', { endpoint: 'send', errcode });
    await book(r);
    expect(await settled(r)).toMatchObject({ status, errcode, attempts: 1 });
    // Longer than the job's first backoff (e¹ ≈ 2.7 s): a retry would have come by now.
    await sleep(4000);
    expect(await sendCalls(r.openid)).toHaveLength(1);
    expect(await delivered(r)).toHaveLength(0);
    expect(await myNotifications(r)).toEqual([expect.objectContaining({ status, statusName: NOTIFICATION_STATUS_NAMES[status] })]);
    if (errcode === 43101) {
      // WeChat says the resident no longer takes these: our record of the consent follows.
      const subs = (await api<{ items: { templateId: string; status: string }[] }>('GET', '/api/v1/me/subscriptions', r.token)).body.items;
      expect(subs.find((s) => s.templateId === BOOKING_TEMPLATE)?.status).toBe('reject');
    }
  });
});
