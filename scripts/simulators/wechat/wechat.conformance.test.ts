/**
 * Conformance of the WeChat simulator with docs/spec wechat-miniprogram.md §9.
 * Items 29–30 (our server never leaks session_key/access_token; branches on errcode only) concern
 * the API server, not the simulator: the API suite covers them.
 */
import { startWechatSimulator, type RunningWechatSimulator } from './index';

const APPID = 'wxconformance00001';
const SECRET = 'conformance-secret';
const RID = / rid: [0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/;
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3600_000;

type Body = Record<string, unknown>;

interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: Body;
}

let sim: RunningWechatSimulator;

beforeAll(async () => {
  sim = await startWechatSimulator({ appid: APPID, secret: SECRET, magicCodes: true, port: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await control('POST', '/__sim/reset', {});
});

// ---------------------------------------------------------------- helpers

async function request(method: string, path: string, options: { query?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {}): Promise<Reply> {
  const url = new URL(path, sim.url);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const res = await fetch(url, {
    method,
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  let body: Body = {};
  try {
    body = JSON.parse(text) as Body;
  } catch {
    // Non-JSON bodies (down mode http502) are inspected through `text`.
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

async function control<T = Body>(method: string, path: string, body?: unknown): Promise<T> {
  const reply = await request(method, path, { body });
  expect(reply.status).toBe(200);
  return JSON.parse(reply.text) as T;
}

/** Sets the simulator clock to real time + offsetSec. */
function setClock(offsetSec: number): Promise<Body> {
  return control('POST', '/__sim/clock', { offsetSec });
}

function stableToken(extra: Body = {}): Promise<Reply> {
  return request('POST', '/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APPID, secret: SECRET, ...extra } });
}

async function token(extra: Body = {}): Promise<string> {
  const reply = await stableToken(extra);
  expect(typeof reply.body.access_token).toBe('string');
  return reply.body.access_token as string;
}

function login(jsCode: string): Promise<Reply> {
  return request('GET', '/sns/jscode2session', { query: { appid: APPID, secret: SECRET, js_code: jsCode, grant_type: 'authorization_code' } });
}

async function loginCode(openid: string, ttlSec?: number): Promise<string> {
  return (await control<{ code: string }>('POST', '/__sim/login-codes', { openid, ttlSec })).code;
}

async function phoneCode(openid: string, ttlSec?: number): Promise<string> {
  return (await control<{ code: string }>('POST', '/__sim/phone-codes', { openid, ttlSec })).code;
}

function phone(accessToken: string, body: Body): Promise<Reply> {
  return request('POST', '/wxa/business/getuserphonenumber', { query: { access_token: accessToken }, body });
}

function send(accessToken: string, body: Body): Promise<Reply> {
  return request('POST', '/cgi-bin/message/subscribe/send', { query: { access_token: accessToken }, body });
}

function secCheck(accessToken: string, body: Body): Promise<Reply> {
  return request('POST', '/wxa/msg_sec_check', { query: { access_token: accessToken }, body });
}

let probeSeq = 0;
/** errcode of a business call made with `accessToken` (0 when the token is accepted). */
async function probe(accessToken: string): Promise<number> {
  probeSeq += 1;
  const code = await phoneCode(`oProbe${probeSeq}`);
  const reply = await phone(accessToken, { code });
  return Number(reply.body.errcode ?? 0);
}

function givenUsers(users: Body[]): Promise<Body> {
  return control('POST', '/__sim/users', users);
}

function givenTemplates(templates: Body[]): Promise<Body> {
  return control('POST', '/__sim/templates', templates);
}

function givenSubscription(openid: string, templateId: string, status: string, credits?: number): Promise<Body> {
  return control('POST', '/__sim/subscriptions', { openid, templateId, status, credits });
}

const CASE_TEMPLATE = { templateId: 'TPL_CASE', kind: 'one_time', keys: { thing1: 'thing', time2: 'time', phrase3: 'phrase', number4: 'number' } };
const LONG_TEMPLATE = { templateId: 'TPL_LONG', kind: 'long_term', keys: { thing1: 'thing' } };
const CASE_DATA = { thing1: { value: '户籍证明办理' }, time2: { value: '2025年10月1日 15:01' }, phrase3: { value: '已受理' }, number4: { value: '12.5' } };

function expectError(reply: Reply, errcode: number): void {
  expect(reply.status).toBe(200);
  expect(reply.body.errcode).toBe(errcode);
  expect(reply.body.errmsg).toMatch(RID);
}

function expectOk(reply: Reply): void {
  expect(reply.status).toBe(200);
  expect(reply.body.errcode ?? 0).toBe(0);
}

/** Offset (s) that puts the simulator clock 1 h after the next Beijing midnight, so a test owns a whole day. */
function offsetToFreshBeijingDay(): number {
  const now = Date.now();
  const nextMidnight = (Math.floor((now + BEIJING_MS) / DAY_MS) + 1) * DAY_MS - BEIJING_MS;
  return Math.ceil((nextMidnight + 3600_000 - now) / 1000);
}

// ---------------------------------------------------------------- §9 checklist

describe('WeChat simulator conformance (spec §9)', () => {
  it('item 1: every response, success or error, is HTTP 200 with Content-Type application/json', async () => {
    const accessToken = await token();
    const replies = [
      await stableToken(),
      await stableToken({ secret: 'wrong' }),
      await request('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid: APPID, secret: SECRET } }),
      await login(await loginCode('oItem1')),
      await login('no-such-code'),
      await phone(accessToken, { code: await phoneCode('oItem1') }),
      await phone('SIMTOKEN-unknown', { code: 'x' }),
      await send(accessToken, { touser: 'nobody', template_id: 'T', data: {} }),
      await secCheck(accessToken, { version: 1, openid: 'oItem1', scene: 2, content: 'hi' }),
      await request('GET', '/cgi-bin/no-such-api'),
      await request('GET', '/cgi-bin/stable_token'),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.contentType).toMatch(/^application\/json/);
      expect(() => JSON.parse(reply.text) as unknown).not.toThrow();
    }
  });

  it('item 2: every error body has a non-zero numeric errcode and an errmsg ending with " rid: …"', async () => {
    const errors = [
      await stableToken({ secret: 'wrong' }),
      await stableToken({ appid: 'wxother' }),
      await login('no-such-code'),
      await phone('SIMTOKEN-unknown', { code: 'x' }),
      await send('', { touser: 'x' }),
      await request('POST', '/wxa/msg_sec_check', { body: { version: 2 } }),
      await request('GET', '/cgi-bin/no-such-api'),
    ];
    for (const reply of errors) {
      expect(typeof reply.body.errcode).toBe('number');
      expect(reply.body.errcode).not.toBe(0);
      expect(typeof reply.body.errmsg).toBe('string');
      expect(reply.body.errmsg).toMatch(RID);
    }
  });

  it('item 3: stable_token with a valid appid/secret returns access_token and expires_in ≤ 7200', async () => {
    const reply = await stableToken();
    expectOk(reply);
    expect(reply.body.access_token).toMatch(/^SIMTOKEN-\d+$/);
    expect(reply.body.expires_in).toBeGreaterThan(300);
    expect(reply.body.expires_in).toBeLessThanOrEqual(7200);
  });

  it('item 4: two normal-mode stable_token calls within the validity window return the same token', async () => {
    const first = await token();
    await setClock(3600);
    const second = await stableToken();
    expect(second.body.access_token).toBe(first);
    expect(second.body.expires_in).toBeLessThanOrEqual(3600);
    expect(second.body.expires_in).toBeGreaterThan(3500);
  });

  it('item 5: a stable_token call in the last 300 s returns a new token and the old one works until its own expiry', async () => {
    const old = await token();
    await setClock(7200 - 200);
    const renewed = await stableToken();
    expect(renewed.body.access_token).not.toBe(old);
    expect(renewed.body.expires_in).toBe(7200);
    expect(await probe(old)).toBe(0);
    expect(await probe(renewed.body.access_token as string)).toBe(0);

    await setClock(7200 + 1);
    expect(await probe(old)).toBe(42001);
    expect(await probe(renewed.body.access_token as string)).toBe(0);
  });

  it('item 6: force_refresh=true returns a new token and the previous token then yields 40001', async () => {
    const old = await token();
    const fresh = await token({ force_refresh: true });
    expect(fresh).not.toBe(old);
    expect(await probe(old)).toBe(40001);
    expect(await probe(fresh)).toBe(0);
  });

  it('item 7: a second force_refresh within 30 s does not rotate; the 21st in a day is refused with 45009', async () => {
    const base = offsetToFreshBeijingDay();
    await setClock(base);
    const first = await token({ force_refresh: true });
    await setClock(base + 10);
    expect(await token({ force_refresh: true })).toBe(first);
    expect(await probe(first)).toBe(0);

    await control('POST', '/__sim/reset', {});
    await setClock(base);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      await setClock(base + i * 31);
      seen.add(await token({ force_refresh: true }));
    }
    expect(seen.size).toBe(20);
    await setClock(base + 20 * 31);
    expectError(await stableToken({ force_refresh: true }), 45009);
    // Normal mode is not affected by the force_refresh budget.
    expectOk(await stableToken());
  });

  it('item 8: a wrong secret yields 40125 and an unknown appid yields 40013', async () => {
    expectError(await stableToken({ secret: 'wrong' }), 40125);
    expectError(await stableToken({ appid: 'wxunknown' }), 40013);
    const basic = (appid: string, secret: string): Promise<Reply> =>
      request('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid, secret } });
    expectError(await basic(APPID, 'wrong'), 40125);
    expectError(await basic('wxunknown', SECRET), 40013);
    const code = await loginCode('oItem8');
    expectError(await request('GET', '/sns/jscode2session', { query: { appid: APPID, secret: 'wrong', js_code: code, grant_type: 'authorization_code' } }), 40125);
  });

  it('item 9: jscode2session with a fresh code returns openid, session_key and unionid when the user has one', async () => {
    await givenUsers([{ openid: 'oWithUnion', unionid: 'oUnion123' }]);
    const reply = await login(await loginCode('oWithUnion'));
    expectOk(reply);
    expect(reply.body.errcode).toBeUndefined();
    expect(reply.body.openid).toBe('oWithUnion');
    expect(reply.body.unionid).toBe('oUnion123');
    expect(Buffer.from(reply.body.session_key as string, 'base64')).toHaveLength(16);

    const plain = await login(await loginCode('oNoUnion'));
    expect(plain.body.openid).toBe('oNoUnion');
    expect(plain.body).not.toHaveProperty('unionid');
    expect(plain.body.session_key).not.toBe(reply.body.session_key);
  });

  it('item 10: a reused code yields 40163, an unknown code 40029 and a code older than its TTL 40029', async () => {
    const code = await loginCode('oItem10');
    expectOk(await login(code));
    expectError(await login(code), 40163);
    expectError(await login('0a3Abcdefghijklmnopqrstuvwxyz012'), 40029);

    const short = await loginCode('oItem10', 60);
    await setClock(61);
    expectError(await login(short), 40029);
    const standard = await loginCode('oItem10');
    await setClock(61 + 301);
    expectError(await login(standard), 40029);
  });

  it('item 11: a code of a risk:"blocked" user yields 40226', async () => {
    await givenUsers([{ openid: 'oBlocked', risk: 'blocked' }]);
    expectError(await login(await loginCode('oBlocked')), 40226);
    await givenUsers([{ openid: 'oBlocked', risk: null }]);
    expectOk(await login(await loginCode('oBlocked')));
  });

  it('item 12: the 101st jscode2session for one openid within 60 s yields 45011', async () => {
    const codes = await Promise.all(Array.from({ length: 101 }, () => loginCode('oBusy')));
    for (const code of codes.slice(0, 100)) expectOk(await login(code));
    const limited = await login(codes[100] ?? '');
    expectError(limited, 45011);
    // Another user is unaffected; the same code works once the minute has passed.
    expectOk(await login(await loginCode('oQuiet')));
    await setClock(61);
    expectOk(await login(codes[100] ?? ''));
  });

  it('item 13: getuserphonenumber with a valid code returns phone_info whose watermark.appid is the configured appid', async () => {
    await givenUsers([{ openid: 'oPhone', phone: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' } }]);
    const reply = await phone(await token(), { code: await phoneCode('oPhone'), openid: 'oPhone' });
    expectOk(reply);
    expect(reply.body.errcode).toBe(0);
    const info = reply.body.phone_info as Body;
    expect(info.purePhoneNumber).toBe('13800138000');
    expect(info.phoneNumber).toBe('13800138000');
    expect(info.countryCode).toBe('86');
    const watermark = info.watermark as Body;
    expect(watermark.appid).toBe(APPID);
    expect(Math.abs(Number(watermark.timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('item 14: a phone code is single-use (second use 40029) and expires after its TTL', async () => {
    const accessToken = await token();
    const code = await phoneCode('oItem14');
    expectOk(await phone(accessToken, { code }));
    expectError(await phone(accessToken, { code }), 40029);

    const expiring = await phoneCode('oItem14', 300);
    await setClock(301);
    expectError(await phone(accessToken, { code: expiring }), 40029);
  });

  it("item 15: getuserphonenumber with an openid that is not the code's owner yields 40003", async () => {
    const accessToken = await token();
    const code = await phoneCode('oOwner');
    expectError(await phone(accessToken, { code, openid: 'oSomeoneElse' }), 40003);
    // The refused call did not spend the code.
    expectOk(await phone(accessToken, { code, openid: 'oOwner' }));
  });

  it('item 16: business calls with a token invalidated via /__sim/tokens/invalidate yield 42001 or 40001 as chosen', async () => {
    const first = await token();
    await control('POST', '/__sim/tokens/invalidate', { mode: 'expired' });
    expect(await probe(first)).toBe(42001);
    const second = await token();
    expect(second).not.toBe(first);
    expect(await probe(second)).toBe(0);

    await control('POST', '/__sim/tokens/invalidate', { mode: 'invalid' });
    expect(await probe(second)).toBe(40001);
    expectError(await send(second, { touser: 'x', template_id: 'y', data: {} }), 40001);
    expect(await probe(await token())).toBe(0);
  });

  it('item 17: subscribe/send with one accepted one-time credit succeeds once, then yields 43101', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenSubscription('oSub', 'TPL_CASE', 'accept');
    const accessToken = await token();
    const message = { touser: 'oSub', template_id: 'TPL_CASE', data: CASE_DATA };
    const first = await send(accessToken, message);
    expectOk(first);
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok' });
    expectError(await send(accessToken, message), 43101);

    // Each accept adds one credit.
    await givenSubscription('oSub', 'TPL_CASE', 'accept');
    await givenSubscription('oSub', 'TPL_CASE', 'accept');
    expectOk(await send(accessToken, message));
    expectOk(await send(accessToken, message));
    expectError(await send(accessToken, message), 43101);
  });

  it('item 18: a long-term template with status accept can be sent repeatedly; reject or ban yields 43101', async () => {
    await givenTemplates([LONG_TEMPLATE]);
    const accessToken = await token();
    const message = { touser: 'oLong', template_id: 'TPL_LONG', data: { thing1: { value: '预约提醒' } } };
    await givenSubscription('oLong', 'TPL_LONG', 'accept');
    for (let i = 0; i < 3; i += 1) expectOk(await send(accessToken, message));

    await givenSubscription('oLong', 'TPL_LONG', 'reject');
    expectError(await send(accessToken, message), 43101);
    await givenSubscription('oLong', 'TPL_LONG', 'accept');
    expectOk(await send(accessToken, message));
    await givenSubscription('oLong', 'TPL_LONG', 'ban');
    expectError(await send(accessToken, message), 43101);
  });

  it('item 19: an unknown template_id yields 40037 and an unknown touser yields 40003', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenUsers([{ openid: 'oKnown' }]);
    const accessToken = await token();
    expectError(await send(accessToken, { touser: 'oKnown', template_id: 'TPL_NOPE', data: CASE_DATA }), 40037);
    expectError(await send(accessToken, { touser: 'oKnown', template_id: '', data: CASE_DATA }), 40037);
    expectError(await send(accessToken, { touser: 'oStranger', template_id: 'TPL_CASE', data: CASE_DATA }), 40003);
    expectError(await send(accessToken, { touser: '', template_id: 'TPL_CASE', data: CASE_DATA }), 40003);
  });

  it('item 20: a thing value of 21 characters yields 47003 naming data.<key>.value', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenSubscription('oThing', 'TPL_CASE', 'accept');
    const accessToken = await token();
    const tooLong = '一二三四五六七八九十一二三四五六七八九十一';
    expect([...tooLong]).toHaveLength(21);
    const refused = await send(accessToken, { touser: 'oThing', template_id: 'TPL_CASE', data: { ...CASE_DATA, thing1: { value: tooLong } } });
    expectError(refused, 47003);
    expect(refused.body.errmsg).toContain('data.thing1.value');
    // The refusal did not spend the credit; 20 characters are fine.
    expectOk(await send(accessToken, { touser: 'oThing', template_id: 'TPL_CASE', data: { ...CASE_DATA, thing1: { value: tooLong.slice(0, 20) } } }));
  });

  it('item 21: a phrase value containing a digit and a number value containing a letter each yield 47003', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenSubscription('oRules', 'TPL_CASE', 'accept');
    const accessToken = await token();
    const phrase = await send(accessToken, { touser: 'oRules', template_id: 'TPL_CASE', data: { ...CASE_DATA, phrase3: { value: '已受理1' } } });
    expectError(phrase, 47003);
    expect(phrase.body.errmsg).toContain('data.phrase3.value');
    const number = await send(accessToken, { touser: 'oRules', template_id: 'TPL_CASE', data: { ...CASE_DATA, number4: { value: '12a' } } });
    expectError(number, 47003);
    expect(number.body.errmsg).toContain('data.number4.value');
    const newline = await send(accessToken, { touser: 'oRules', template_id: 'TPL_CASE', data: { ...CASE_DATA, thing1: { value: '第一行\n第二行' } } });
    expectError(newline, 47003);
    expectOk(await send(accessToken, { touser: 'oRules', template_id: 'TPL_CASE', data: CASE_DATA }));
  });

  it('item 22: a page not registered via /__sim/pages yields 41030 and an empty page is accepted', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenSubscription('oPage', 'TPL_CASE', 'accept', 3);
    await control('POST', '/__sim/pages', ['pages/case/detail', 'pages/index/index']);
    const accessToken = await token();
    const base = { touser: 'oPage', template_id: 'TPL_CASE', data: CASE_DATA };
    expectError(await send(accessToken, { ...base, page: 'pages/unknown/index' }), 41030);
    expectError(await send(accessToken, { ...base, page: '/pages/case/detail' }), 41030);
    expectOk(await send(accessToken, { ...base, page: '' }));
    expectOk(await send(accessToken, { ...base, page: 'pages/case/detail?id=123' }));
    expectOk(await send(accessToken, base));
  });

  it('item 23: every accepted send appears in GET /__sim/messages with its full payload', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenSubscription('oJournal', 'TPL_CASE', 'accept', 2);
    const accessToken = await token();
    const payload = { touser: 'oJournal', template_id: 'TPL_CASE', page: 'pages/case/detail?id=9', data: CASE_DATA, miniprogram_state: 'trial', lang: 'zh_CN' };
    expectOk(await send(accessToken, payload));
    expectOk(await send(accessToken, { ...payload, page: undefined, miniprogram_state: undefined }));

    const messages = await control<Body[]>('GET', '/__sim/messages?result=ok');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ ...payload, result: { errcode: 0, errmsg: 'ok' } });
    expect(Date.parse(String(messages[0]?.at))).not.toBeNaN();
    expect(messages[1]).toMatchObject({ touser: 'oJournal', data: CASE_DATA, miniprogram_state: 'formal', result: { errcode: 0 } });

    // A refused send is journalled with its error, never as accepted.
    expectError(await send(accessToken, payload), 43101);
    expect(await control<Body[]>('GET', '/__sim/messages?result=ok')).toHaveLength(2);
    const all = await control<Body[]>('GET', '/__sim/messages');
    expect(all[2]).toMatchObject({ result: { errcode: 43101 } });
  });

  it('item 24: msg_sec_check rejects version ≠ 2 (47001) and scene outside 1–4 (40129); a valid call returns suggest and a numeric label', async () => {
    const accessToken = await token();
    expectOk(await login(await loginCode('oWriter')));
    const valid = { version: 2, openid: 'oWriter', scene: 2, content: '请问户籍证明怎么办理' };
    expectError(await secCheck(accessToken, { ...valid, version: 1 }), 47001);
    expectError(await secCheck(accessToken, { ...valid, scene: 5 }), 40129);
    expectError(await secCheck(accessToken, { ...valid, scene: 0 }), 40129);
    expectError(await secCheck(accessToken, { ...valid, access_token: accessToken }), 47001);

    const pass = await secCheck(accessToken, valid);
    expectOk(pass);
    const result = pass.body.result as Body;
    expect(result.suggest).toBe('pass');
    expect(typeof result.label).toBe('number');
    expect(result.label).toBe(100);
    expect(typeof pass.body.trace_id).toBe('string');

    const risky = await secCheck(accessToken, { ...valid, content: 'buy now sim-risky:10001' });
    expect(risky.body.result).toEqual({ suggest: 'risky', label: 10001 });
  });

  it('item 25: a fault rule with times:N affects exactly the next N matching calls and then expires', async () => {
    await control('POST', '/__sim/faults', { endpoint: '/cgi-bin/stable_token', errcode: -1, times: 2 });
    expectError(await stableToken(), -1);
    expectError(await stableToken(), -1);
    expectOk(await stableToken());
    expect(await control<Body[]>('GET', '/__sim/faults')).toEqual([]);

    // Rules only match their endpoint.
    await control('POST', '/__sim/faults', { endpoint: 'jscode2session', errcode: 45011, times: 1 });
    expectOk(await stableToken());
    expectError(await login(await loginCode('oFault')), 45011);
    expectOk(await login(await loginCode('oFault')));
  });

  it('item 26: down mode refuse closes connections, hang never answers, http502 returns 502 with a non-JSON body', async () => {
    await control('POST', '/__sim/down', { down: true, mode: 'refuse' });
    await expect(stableToken()).rejects.toThrow();

    await control('POST', '/__sim/down', { down: true, mode: 'hang' });
    await expect(request('POST', '/cgi-bin/stable_token', { body: {}, signal: AbortSignal.timeout(300) })).rejects.toThrow();

    await control('POST', '/__sim/down', { down: true, mode: 'http502' });
    const gateway = await stableToken();
    expect(gateway.status).toBe(502);
    expect(gateway.contentType).not.toMatch(/json/);
    expect(() => JSON.parse(gateway.text) as unknown).toThrow();

    await control('POST', '/__sim/down', { down: false });
    expectOk(await stableToken());
    const journal = await control<Body[]>('GET', '/__sim/requests?endpoint=stable_token');
    expect(journal.map((entry) => (entry.response as Body | null)?.kind)).toEqual(['dropped', 'hung', 'text', 'json']);
  });

  it('item 27: latency settings delay responses by at least fixedMs', async () => {
    await control('POST', '/__sim/latency', { endpoint: '*', fixedMs: 250, jitterMs: 50 });
    let started = performance.now();
    expectOk(await stableToken());
    expect(performance.now() - started).toBeGreaterThanOrEqual(249);

    await control('POST', '/__sim/latency', { endpoint: '*', fixedMs: 0, jitterMs: 0 });
    await control('POST', '/__sim/latency', { endpoint: 'jscode2session', fixedMs: 200, jitterMs: 0 });
    const code = await loginCode('oSlow');
    started = performance.now();
    expectOk(await login(code));
    expect(performance.now() - started).toBeGreaterThanOrEqual(199);
    started = performance.now();
    expectOk(await stableToken());
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('item 28: POST /__sim/reset makes all earlier codes, tokens and credits invalid', async () => {
    await givenTemplates([CASE_TEMPLATE]);
    await givenSubscription('oReset', 'TPL_CASE', 'accept', 5);
    const oldToken = await token();
    const oldLogin = await loginCode('oReset');
    const oldPhone = await phoneCode('oReset');

    await control('POST', '/__sim/reset', {});

    expectError(await login(oldLogin), 40029);
    expect(await probe(oldToken)).toBe(40001);
    const newToken = await token();
    expect(newToken).not.toBe(oldToken);
    expectError(await phone(newToken, { code: oldPhone }), 40029);
    await givenUsers([{ openid: 'oReset' }]);
    await givenTemplates([CASE_TEMPLATE]);
    expectError(await send(newToken, { touser: 'oReset', template_id: 'TPL_CASE', data: CASE_DATA }), 43101);
    expect(await control<Body[]>('GET', '/__sim/messages?result=ok')).toEqual([]);
  });
});

// ---------------------------------------------------------------- beyond the checklist

describe('WeChat simulator: magic codes, quotas and access tokens', () => {
  it('accepts a magic login code sim:<openid> once per minute and creates the unknown user', async () => {
    const first = await login('sim:oMagicNew');
    expectOk(first);
    expect(first.body.openid).toBe('oMagicNew');
    expectError(await login('sim:oMagicNew'), 40163);
    const users = await control<Body[]>('GET', '/__sim/users');
    expect(users.map((u) => u.openid)).toContain('oMagicNew');

    await setClock(61);
    expectOk(await login('sim:oMagicNew'));
    expectError(await login('sim:'), 40029);
  });

  it('answers a magic phone code with a deterministic synthetic mainland number, or the user’s own phone', async () => {
    const accessToken = await token();
    const first = await phone(accessToken, { code: 'sim:oMagicPhone' });
    expectOk(first);
    const info = first.body.phone_info as Body;
    expect(info.purePhoneNumber).toMatch(/^138\d{8}$/);
    expect(info.countryCode).toBe('86');
    expectError(await phone(accessToken, { code: 'sim:oMagicPhone' }), 40029);

    await control('POST', '/__sim/reset', {});
    const again = await phone(await token(), { code: 'sim:oMagicPhone' });
    expect((again.body.phone_info as Body).purePhoneNumber).toBe(info.purePhoneNumber);

    await givenUsers([{ openid: 'oOwnPhone', phone: { phoneNumber: '+85291234567', purePhoneNumber: '91234567', countryCode: 852 } }]);
    const own = await phone(await token(), { code: 'sim:oOwnPhone' });
    expect(own.body.phone_info).toMatchObject({ phoneNumber: '+85291234567', purePhoneNumber: '91234567', countryCode: 852 });
  });

  it('refuses magic codes when the simulator runs without magicCodes', async () => {
    const strict = await startWechatSimulator({ appid: APPID, secret: SECRET, port: 0 });
    try {
      const url = new URL('/sns/jscode2session', strict.url);
      url.search = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: 'sim:oMagic', grant_type: 'authorization_code' }).toString();
      const body = (await (await fetch(url)).json()) as Body;
      expect(body.errcode).toBe(40029);
    } finally {
      await strict.close();
    }
  });

  it('answers 45011 beyond a perMinute quota until the next minute, and 45009 beyond a perDay quota', async () => {
    const base = offsetToFreshBeijingDay();
    await setClock(base);
    await control('POST', '/__sim/quota', { endpoint: 'stable_token', perMinute: 2 });
    expectOk(await stableToken());
    expectOk(await stableToken());
    expectError(await stableToken(), 45011);
    await setClock(base + 60);
    expectOk(await stableToken());

    await control('POST', '/__sim/quota', { endpoint: '/sns/jscode2session', perDay: 1 });
    expectOk(await login(await loginCode('oDaily')));
    expectError(await login(await loginCode('oDaily')), 45009);
    await setClock(base + 3600);
    expectError(await login(await loginCode('oDaily')), 45009);
    await setClock(base + 86_400);
    expectOk(await login(await loginCode('oDaily')));
  });

  it('checks access_token: missing 41001, unknown 40001, expired by the simulator clock 42001', async () => {
    const code = await phoneCode('oTokenCheck');
    expectError(await request('POST', '/wxa/business/getuserphonenumber', { body: { code } }), 41001);
    expectError(await phone('SIMTOKEN-999999', { code }), 40001);
    const accessToken = await token();
    await setClock(7200);
    expectError(await phone(accessToken, { code: await phoneCode('oTokenCheck') }), 42001);
  });

  it('issues a new /cgi-bin/token per call, keeps the previous one for 5 minutes, and isolates it from stable tokens', async () => {
    const basic = async (): Promise<string> =>
      (await request('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid: APPID, secret: SECRET } })).body.access_token as string;
    const first = await basic();
    const second = await basic();
    expect(second).not.toBe(first);
    await token({ force_refresh: true });
    expect(await probe(first)).toBe(0);
    await setClock(301);
    expect(await probe(first)).toBe(42001);
    expect(await probe(second)).toBe(0);
  });

  it('journals calls and filters them with GET /__sim/requests?endpoint=', async () => {
    await stableToken();
    await login('sim:oJournalled');
    const logins = await control<Body[]>('GET', '/__sim/requests?endpoint=/sns/jscode2session');
    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({ method: 'GET', path: '/sns/jscode2session', query: { js_code: 'sim:oJournalled' }, response: { kind: 'json', status: 200 } });
    const tokens = await control<Body[]>('GET', '/__sim/requests?endpoint=stable_token');
    expect(tokens[0]).toMatchObject({ method: 'POST', body: { grant_type: 'client_credential' } });
    expect(await control<Body[]>('GET', '/__sim/requests')).toHaveLength(2);
  });

  it('supports dropConnection, httpStatus and probability:0 faults', async () => {
    await control('POST', '/__sim/faults', { endpoint: '*', dropConnection: true });
    await expect(stableToken()).rejects.toThrow();
    await control('POST', '/__sim/faults', { endpoint: 'stable_token', httpStatus: 503 });
    const unavailable = await stableToken();
    expect(unavailable.status).toBe(503);
    expect(unavailable.contentType).not.toMatch(/json/);
    await control('POST', '/__sim/faults', { endpoint: 'stable_token', errcode: -1, probability: 0, times: 5 });
    expectOk(await stableToken());
    await control('DELETE', '/__sim/faults');
    expect(await control<Body[]>('GET', '/__sim/faults')).toEqual([]);
  });

  it('close() resolves while a request hangs', async () => {
    const other = await startWechatSimulator({ appid: APPID, secret: SECRET, port: 0 });
    await fetch(new URL('/__sim/down', other.url), { method: 'POST', body: JSON.stringify({ down: true, mode: 'hang' }) });
    const pending = fetch(new URL('/cgi-bin/stable_token', other.url), { method: 'POST', body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    await expect(pending).rejects.toThrow();
  });

  it('refuses bad control bodies with HTTP 400', async () => {
    const reply = await request('POST', '/__sim/faults', { body: { endpoint: 'no-such-endpoint', errcode: -1 } });
    expect(reply.status).toBe(400);
    expect(String(reply.body.error)).toContain('endpoint');
    expect((await request('POST', '/__sim/templates', { body: [{ templateId: 'T', kind: 'one_time', keys: { x1: 'color' } }] })).status).toBe(400);
  });
});
