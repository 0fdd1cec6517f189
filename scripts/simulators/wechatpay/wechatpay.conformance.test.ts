/**
 * Conformance of the WeChat Pay simulator with spec wechatpay-v3.md §14, one test per checklist
 * item, then the §10 schedule, the cashier page, the controls and the CLI. Items 18–20 speak of
 * "our server": here a receiver in the test checks what the simulator sends (n+1 copies with one
 * id; forgeries carrying exactly the described defect), and the API suite covers our handling.
 */
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { generate } from 'selfsigned';

import { eventually, inspect, newMerchant, PayClient, sleep, startNotifyReceiver, verifyReply, type Body, type ReceivedCall, type RecordingReceiver, type Reply, type TestMerchant } from './conformance-support';
import {
  COMPRESSED_RETRY_DELAYS_MS,
  decryptAesGcm,
  encryptAesGcm,
  OFFICIAL_RETRY_DELAYS_MS,
  paySignMessage,
  requestSignMessage,
  rsaSign,
  rsaVerify,
  SIGN_SCHEME,
  startWechatPaySimulator,
  type RunningWechatPaySimulator,
  type WechatPayMerchantInput,
} from './index';

const SIGNATURE_HEADERS = ['request-id', 'wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial', 'wechatpay-signature-type'];
const STALE_MESSAGE = 'Http头Authorization中的timestamp与发起请求的时间不得超过5分钟';
const OPENID = 'oConformanceUser0000000001';
const NOTIFY_PATH = '/api/payments/wechat/notify';

const merchant = newMerchant('1900000001', 'wxconformance00001');
const otherMerchant = newMerchant('1900000002', 'wxotherconformance');

function merchantInput(m: TestMerchant): WechatPayMerchantInput {
  return { mchid: m.mchid, appids: [m.appid], serialNo: m.serialNo, publicKeyPem: m.publicKeyPem, apiV3Key: m.apiV3Key };
}

let sim: RunningWechatPaySimulator;
let client: PayClient;
let receiver: RecordingReceiver;

beforeAll(async () => {
  // Compressed schedule, a short ack window and manual refunds keep every test well under a second or two.
  sim = await startWechatPaySimulator({ port: 0, merchants: [merchantInput(merchant), merchantInput(otherMerchant)], notifySchedule: 'compressed', notifyTimeoutMs: 300, refundAutoSucceedMs: 0 });
  receiver = await startNotifyReceiver();
  client = new PayClient(sim.url, merchant);
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

beforeEach(async () => {
  await client.control('POST', '/__sim/reset');
  client.offsetMs = 0;
  client.merchant = merchant;
  receiver.reset();
});

// ---------------------------------------------------------------- helpers

let sequence = 0;

function prepayBody(overrides: Body = {}, m: TestMerchant = merchant): Body {
  sequence += 1;
  return {
    appid: m.appid,
    mchid: m.mchid,
    description: '海珠政务-证照补办工本费',
    out_trade_no: `P${Date.now().toString(36)}${String(sequence).padStart(4, '0')}`,
    notify_url: `${receiver.url}${NOTIFY_PATH}`,
    amount: { total: 100, currency: 'CNY' },
    payer: { openid: OPENID },
    ...overrides,
  };
}

async function createOrder(overrides: Body = {}): Promise<{ outTradeNo: string; prepayId: string; body: Body }> {
  const body = prepayBody(overrides);
  const reply = await client.send('POST', '/v3/pay/transactions/jsapi', { body });
  expect([reply.status, reply.text]).toEqual([200, expect.stringContaining('prepay_id')]);
  return { outTradeNo: String(body.out_trade_no), prepayId: String(reply.body.prepay_id), body };
}

function query(outTradeNo: string, mchid = merchant.mchid): Promise<Reply> {
  return client.send('GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${mchid}`);
}

function pay(outTradeNo: string, body: Body = {}): Promise<Body> {
  return client.control('POST', `/__sim/orders/${outTradeNo}/pay`, body);
}

/** Pays and waits for the TRANSACTION.SUCCESS to be acknowledged, so later notifications are the test's own. */
async function paidOrder(total = 100): Promise<{ outTradeNo: string; transactionId: string }> {
  const { outTradeNo } = await createOrder({ amount: { total, currency: 'CNY' } });
  const paid = await pay(outTradeNo);
  await eventually(() => receiver.calls.length, (n) => n >= 1);
  receiver.reset();
  return { outTradeNo, transactionId: String(paid.transaction_id) };
}

function refund(body: Body): Promise<Reply> {
  return client.send('POST', '/v3/refund/domestic/refunds', { body });
}

function refundBody(outTradeNo: string, outRefundNo: string, refundFen: number, totalFen = 100): Body {
  return { out_trade_no: outTradeNo, out_refund_no: outRefundNo, reason: '申请撤回', amount: { refund: refundFen, total: totalFen, currency: 'CNY' } };
}

function expectError(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, code: reply.body.code }).toEqual({ status, code });
  expect(typeof reply.body.message).toBe('string');
}

function expectSigned(reply: Reply): void {
  for (const name of SIGNATURE_HEADERS) expect([name, reply.headers.get(name)]).toEqual([name, expect.any(String)]);
  expect(reply.headers.get('wechatpay-signature-type')).toBe(SIGN_SCHEME);
  expect(verifyReply(reply, sim.platform, client.nowSec())).toEqual({ ok: true, serial: reply.headers.get('wechatpay-serial') });
}

function nowSec(): number {
  return client.nowSec();
}

async function outbox(filter = ''): Promise<Body[]> {
  return client.control<Body[]>('GET', `/__sim/outbox${filter}`);
}

function attemptsOf(notification: Body | undefined): Body[] {
  const deliveries = (notification?.deliveries ?? []) as Body[];
  return deliveries.flatMap((d) => d.attempts as Body[]);
}

/** The receiver acknowledges only what verifies, decrypts and matches the stored order, as our API must. */
function businessReceiver(order: { appid: string; mchid: string; outTradeNo: string; total: number }) {
  return (call: ReceivedCall): { status: number; body?: unknown } => {
    const seen = inspect(call, sim.platform, merchant.apiV3Key, nowSec());
    if (!seen.verify.ok || !seen.resource) return { status: 401, body: { code: 'FAIL', message: '失败' } };
    const amount = seen.resource.amount as Body | undefined;
    const matches = seen.resource.appid === order.appid && seen.resource.mchid === order.mchid && seen.resource.out_trade_no === order.outTradeNo && amount?.total === order.total;
    return matches ? { status: 204 } : { status: 400, body: { code: 'FAIL', message: '失败' } };
  };
}

// ---------------------------------------------------------------- §14

describe('WeChat Pay simulator conformance (spec §14)', () => {
  it('item 1: a request signed over the exact 5-line message is accepted; altering method, path, query, timestamp, nonce or body yields 401 SIGN_ERROR', async () => {
    const body = prepayBody();
    const sent = JSON.stringify(body);
    const accepted = await client.send('POST', '/v3/pay/transactions/jsapi', { rawBody: sent });
    expect(accepted.status).toBe(200);

    const path = `/v3/pay/transactions/out-trade-no/${String(body.out_trade_no)}`;
    const url = `${path}?mchid=${merchant.mchid}`;
    expect((await client.send('GET', url)).status).toBe(200);
    const alterations: { name: string; method: string; url: string; rawBody?: string; signAs: Record<string, string> }[] = [
      { name: 'method', method: 'GET', url, signAs: { method: 'PUT' } },
      { name: 'path', method: 'GET', url, signAs: { url: url.replace('out-trade-no', 'out-trade-nO') } },
      { name: 'query', method: 'GET', url, signAs: { url: `${path}?mchid=1900000009` } },
      { name: 'timestamp', method: 'GET', url, signAs: { timestamp: String(nowSec() - 1) } },
      { name: 'nonce', method: 'GET', url, signAs: { nonce: 'another-nonce' } },
      { name: 'body', method: 'POST', url: '/v3/pay/transactions/jsapi', rawBody: sent, signAs: { body: sent.replace('"total":100', '"total":101') } },
    ];
    for (const alteration of alterations) {
      const reply = await client.send(alteration.method, alteration.url, { rawBody: alteration.rawBody, signAs: alteration.signAs });
      expect([alteration.name, reply.status, reply.body.code]).toEqual([alteration.name, 401, 'SIGN_ERROR']);
      const detail = reply.body.detail as Body;
      expect(detail).toMatchObject({ field: 'signature', location: 'authorization', detail: { issue: 'sign not match' } });
      expect(detail.sign_information).toMatchObject({ method: alteration.method, sign_message_length: expect.any(Number), truncated_sign_message: expect.stringContaining(`${alteration.method}\n`) });
      expectSigned(reply);
    }
  });

  it('item 2: a GET request is verified with an empty body line (…nonce\\n\\n)', async () => {
    const { outTradeNo } = await createOrder();
    const url = `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${merchant.mchid}`;
    const reply = await client.send('GET', url, { nonce: 'GETNONCE0001' });
    expect(reply.status).toBe(200);
    const journal = await client.control<Body[]>('GET', '/__sim/requests?route=query');
    const message = (journal.at(-1)?.auth as Body).message as string;
    expect(message).toBe(`GET\n${url}\n${message.split('\n')[2]}\nGETNONCE0001\n\n`);
    // Signing "{}" as the body of a GET is a different message.
    expectError(await client.send('GET', url, { signAs: { body: '{}' } }), 401, 'SIGN_ERROR');
  });

  it('item 3: Authorization pairs in any order are accepted; a missing pair or an unknown serial_no yields 401', async () => {
    const url = `/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid=${merchant.mchid}`;
    const timestamp = String(nowSec());
    const nonce = 'REORDEREDPAIRS01';
    const signature = rsaSign(merchant.privateKey, requestSignMessage('GET', url, timestamp, nonce, ''));
    const pairs = { serial_no: merchant.serialNo, timestamp, signature, nonce_str: nonce, mchid: merchant.mchid };
    const header = (keys: (keyof typeof pairs)[]): string => `${SIGN_SCHEME} ${keys.map((k) => `${k}="${pairs[k]}"`).join(',')}`;

    expectError(await client.send('GET', url, { authorization: header(['serial_no', 'timestamp', 'signature', 'nonce_str', 'mchid']) }), 404, 'ORDER_NOT_EXIST');
    expectError(await client.send('GET', url, { authorization: header(['signature', 'mchid', 'nonce_str', 'serial_no', 'timestamp']) }), 404, 'ORDER_NOT_EXIST');
    for (const missing of Object.keys(pairs) as (keyof typeof pairs)[]) {
      const keys = (Object.keys(pairs) as (keyof typeof pairs)[]).filter((k) => k !== missing);
      expectError(await client.send('GET', url, { authorization: header(keys) }), 401, 'SIGN_ERROR');
    }
    expectError(await client.send('GET', url, { authorization: null }), 401, 'SIGN_ERROR');
    expectError(await client.send('GET', url, { merchant: { ...merchant, serialNo: '0123456789ABCDEF0123456789ABCDEF01234567' } }), 401, 'SIGN_ERROR');
  });

  it('item 4: a timestamp 301 s in the past or future yields 401 with the "不得超过5分钟" message', async () => {
    const url = `/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid=${merchant.mchid}`;
    for (const skew of [-301, 301]) {
      const reply = await client.send('GET', url, { timestamp: nowSec() + skew });
      expect([reply.status, reply.body.code, reply.body.message]).toEqual([401, 'SIGN_ERROR', STALE_MESSAGE]);
      expectSigned(reply);
    }
    for (const skew of [-290, 290]) expectError(await client.send('GET', url, { timestamp: nowSec() + skew }), 404, 'ORDER_NOT_EXIST');
    // The window follows the simulator clock, not the wall clock.
    await client.control('POST', '/__sim/clock', { offsetSec: 600 });
    const wallClock = await client.send('GET', url, { timestamp: Math.floor(Date.now() / 1000) });
    expect([wallClock.status, wallClock.body.message]).toEqual([401, STALE_MESSAGE]);
  });

  it('item 5: every API response (200, 204, 4xx, 5xx) carries the six headers and verifies over ts\\nnonce\\nbody\\n', async () => {
    const { outTradeNo, body } = await createOrder();
    const replies: Reply[] = [
      await query(outTradeNo),
      await client.send('POST', '/v3/pay/transactions/jsapi', { body: { ...body, amount: { total: 0 } } }),
      await client.send('GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${merchant.mchid}`, { timestamp: nowSec() - 3600 }),
      await client.send('POST', '/v3/pay/transactions/jsapi', { body: { ...body, amount: { total: 999, currency: 'CNY' } } }),
      await query('NOSUCHORDER1'),
      await client.send('GET', '/v3/no/such/endpoint'),
    ];
    await client.control('POST', '/__sim/faults', { endpoint: 'query', httpStatus: 500, code: 'SYSTEM_ERROR' });
    replies.push(await query(outTradeNo));
    replies.push(await client.send('POST', `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`, { body: { mchid: merchant.mchid } }));
    expect(replies.map((r) => r.status)).toEqual([200, 400, 401, 403, 404, 404, 500, 204]);
    for (const reply of replies) expectSigned(reply);
    expect(replies[7]?.bytes.length).toBe(0);
  });

  it('item 6: pubkey mode signs as PUB_KEY_ID_…; cert mode signs as a serial /v3/certificates lists, whose ciphertext decrypts with the APIv3 key', async () => {
    const pubkeyReply = await query('NOSUCHORDER1');
    expect(pubkeyReply.headers.get('wechatpay-serial')).toMatch(/^PUB_KEY_ID_\d+$/);
    expect((await client.control('GET', '/__sim/keys')).mode).toBe('pubkey');

    await client.control('POST', '/__sim/config', { signMode: 'cert' });
    const certs = await client.send('GET', '/v3/certificates');
    expect(certs.status).toBe(200);
    const entry = (certs.body.data as Body[])[0] as Body;
    const serial = certs.headers.get('wechatpay-serial');
    expect(serial).toBe(entry.serial_no);
    expect(serial).not.toMatch(/^PUB_KEY_ID_/);
    const encrypted = entry.encrypt_certificate as Body;
    expect(encrypted).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'certificate' });
    const pem = decryptAesGcm(merchant.apiV3Key, String(encrypted.nonce), 'certificate', String(encrypted.ciphertext));
    const certificate = new X509Certificate(pem);
    expect(certificate.serialNumber.toUpperCase()).toBe(entry.serial_no);
    expect(entry.expire_time).toMatch(/\+08:00$/);
    // The decrypted certificate's key verifies the response that carried it.
    expect(rsaVerify(certificate.publicKey, Buffer.concat([Buffer.from(`${certs.headers.get('wechatpay-timestamp')}\n${certs.headers.get('wechatpay-nonce')}\n`), certs.bytes, Buffer.from('\n')]), certs.headers.get('wechatpay-signature') ?? '')).toBe(true);
    expect(() => decryptAesGcm(merchant.apiV3Key, String(encrypted.nonce), 'transaction', String(encrypted.ciphertext))).toThrow();
    // During a switch the response follows the request's Wechatpay-Serial (§1).
    const switching = await client.send('GET', '/v3/certificates', { headers: { 'wechatpay-serial': sim.platform.publicKeyId } });
    expect(switching.headers.get('wechatpay-serial')).toBe(sim.platform.publicKeyId);
    expectSigned(switching);
  });

  it('item 7: a valid JSAPI prepay returns 200 prepay_id; amount.total ≤ 0 or non-integer yields 400 PARAM_ERROR', async () => {
    const reply = await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody() });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ prepay_id: expect.stringMatching(/^wx\d{14}[0-9a-f]{20}$/) });
    for (const total of [0, -1, 1.5, '100', null]) {
      const bad = await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody({ amount: { total, currency: 'CNY' } }) });
      expectError(bad, 400, 'PARAM_ERROR');
      expect(bad.body.detail).toMatchObject({ field: '/amount/total', location: 'body' });
    }
    const currency = await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody({ amount: { total: 1, currency: 'XYZ' } }) });
    expect(currency.body).toEqual({ code: 'PARAM_ERROR', message: '参数错误', detail: { field: '/amount/currency', value: 'XYZ', issue: 'Currency code is invalid', location: 'body' } });
    const invalid: [Body, string][] = [
      [{ description: undefined }, '/description'],
      [{ out_trade_no: 'ab12' }, '/out_trade_no'],
      [{ out_trade_no: 'bad#char0001' }, '/out_trade_no'],
      [{ notify_url: 'http://example.com/notify' }, '/notify_url'],
      [{ notify_url: `${receiver.url}/notify?x=1` }, '/notify_url'],
      [{ payer: {} }, '/payer/openid'],
      [{ time_expire: '2025-05-20 13:29:35' }, '/time_expire'],
      [{ attach: 'x'.repeat(129) }, '/attach'],
    ];
    for (const [overrides, field] of invalid) {
      const bad = await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody(overrides) });
      expect([field, bad.status, bad.body.code, (bad.body.detail as Body | undefined)?.field]).toEqual([field, 400, 'PARAM_ERROR', field]);
    }
  });

  it('item 8: an appid not bound to the mchid yields 400 APPID_MCHID_NOT_MATCH; an unknown mchid MCH_NOT_EXISTS', async () => {
    expectError(await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody({ appid: otherMerchant.appid }) }), 400, 'APPID_MCHID_NOT_MATCH');
    expectError(await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody({ mchid: '1900000099' }) }), 400, 'MCH_NOT_EXISTS');
  });

  it('item 9: an identical re-post returns 200 with a usable prepay_id; a changed amount.total yields 403 OUT_TRADE_NO_USED', async () => {
    const { prepayId, body } = await createOrder();
    const again = await client.send('POST', '/v3/pay/transactions/jsapi', { body });
    expect(again.status).toBe(200);
    expect(again.body.prepay_id).toBe(prepayId);
    const cashier = await fetch(`${sim.url}/__sim/cashier?prepay_id=${prepayId}&redirect=${encodeURIComponent('http://127.0.0.1:10086/pages/pay/result')}`);
    expect(cashier.status).toBe(200);
    expectError(await client.send('POST', '/v3/pay/transactions/jsapi', { body: { ...body, amount: { total: 101, currency: 'CNY' } } }), 403, 'OUT_TRADE_NO_USED');
    // prepay_id lives 2 hours: re-posting later yields a fresh, usable one.
    await client.advanceClock(2 * 3600 + 1);
    const later = await client.send('POST', '/v3/pay/transactions/jsapi', { body });
    expect(later.status).toBe(200);
    expect(later.body.prepay_id).not.toBe(prepayId);
    const stale = await fetch(`${sim.url}/__sim/cashier?prepay_id=${prepayId}&redirect=${encodeURIComponent('http://127.0.0.1:10086/')}`);
    expect(stale.status).toBe(410);
  });

  it('item 10: paySign made with the merchant key verifies against the configured merchant key over appId\\ntimeStamp\\nnonceStr\\npackage\\n', async () => {
    const { prepayId } = await createOrder();
    const params = { appId: merchant.appid, timeStamp: String(nowSec()), nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', package: `prepay_id=${prepayId}`, signType: 'RSA' };
    expect(params.timeStamp).toMatch(/^\d{10}$/);
    const paySign = rsaSign(merchant.privateKey, paySignMessage(params.appId, params.timeStamp, params.nonceStr, params.package));
    const configured = await client.control<{ merchants: { mchid: string; publicKeyPem: string }[] }>('GET', '/__sim/config');
    const merchantKey = createPublicKey(configured.merchants.find((m) => m.mchid === merchant.mchid)?.publicKeyPem ?? '');
    expect(paySignMessage(params.appId, params.timeStamp, params.nonceStr, params.package)).toBe(`${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`);
    expect(rsaVerify(merchantKey, paySignMessage(params.appId, params.timeStamp, params.nonceStr, params.package), paySign)).toBe(true);
    expect(rsaVerify(merchantKey, paySignMessage(otherMerchant.appid, params.timeStamp, params.nonceStr, params.package), paySign)).toBe(false);
  });

  it('item 11: an unpaid order queries NOTPAY without transaction_id; after /pay it is SUCCESS with transaction_id, success_time, payer.openid', async () => {
    const { outTradeNo } = await createOrder({ attach: 'case=GZ-1' });
    const before = await query(outTradeNo);
    expect(before.body).toMatchObject({ trade_state: 'NOTPAY', out_trade_no: outTradeNo, attach: 'case=GZ-1', amount: { total: 100, currency: 'CNY' } });
    for (const key of ['transaction_id', 'success_time', 'bank_type', 'payer']) expect(before.body).not.toHaveProperty(key);
    expect(before.body.amount).not.toHaveProperty('payer_total');

    await pay(outTradeNo);
    const after = await query(outTradeNo);
    expect(after.body).toMatchObject({
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      trade_type: 'JSAPI',
      transaction_id: expect.stringMatching(/^\d{28}$/),
      success_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      payer: { openid: OPENID },
      amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
    });
    const byId = await client.send('GET', `/v3/pay/transactions/id/${String(after.body.transaction_id)}?mchid=${merchant.mchid}`);
    expect(byId.body).toEqual(after.body);
  });

  it('item 12: a query of an unknown out_trade_no yields 404 ORDER_NOT_EXIST (also an unpaid order by transaction_id)', async () => {
    expectError(await query('NOSUCHORDER1'), 404, 'ORDER_NOT_EXIST');
    expectError(await client.send('GET', `/v3/pay/transactions/id/4200000000202501010000000000?mchid=${merchant.mchid}`), 404, 'ORDER_NOT_EXIST');
    expectError(await client.send('GET', '/v3/pay/transactions/out-trade-no/NOSUCHORDER1'), 400, 'PARAM_ERROR');
  });

  it('item 13: close answers 204 with an empty signed body; a later query shows CLOSED; prepay on it yields 400 ORDER_CLOSED', async () => {
    const { outTradeNo, body } = await createOrder();
    const closed = await client.send('POST', `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`, { body: { mchid: merchant.mchid } });
    expect([closed.status, closed.text]).toEqual([204, '']);
    expectSigned(closed);
    expect((await query(outTradeNo)).body).toMatchObject({ trade_state: 'CLOSED', trade_state_desc: '已关闭' });
    expectError(await client.send('POST', '/v3/pay/transactions/jsapi', { body }), 400, 'ORDER_CLOSED');
    expectError(await client.send('POST', `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`, { body: { mch_id: merchant.mchid } }), 400, 'PARAM_ERROR');
  });

  it('item 14: closing a paid order fails with a 4xx and the order stays SUCCESS', async () => {
    const { outTradeNo } = await paidOrder();
    const reply = await client.send('POST', `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`, { body: { mchid: merchant.mchid } });
    expectError(reply, 400, 'ORDER_PAID');
    expect((await query(outTradeNo)).body.trade_state).toBe('SUCCESS');
  });

  it('item 15: /pay emits exactly one TRANSACTION.SUCCESS whose decrypted resource equals the query response', async () => {
    const { outTradeNo } = await createOrder();
    await pay(outTradeNo, { bankType: 'CMB_DEBIT' });
    await eventually(() => receiver.calls.length, (n) => n >= 1);
    await sleep(100);
    expect(receiver.calls).toHaveLength(1);
    const call = receiver.calls[0] as ReceivedCall;
    expect(call.path).toBe(NOTIFY_PATH);
    expect(call.body).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', summary: '支付成功', resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction' } });
    expect(call.body.id).toEqual(expect.any(String));
    const seen = inspect(call, sim.platform, merchant.apiV3Key, nowSec());
    expect(seen.verify.ok).toBe(true);
    expect(seen.resource).toEqual((await query(outTradeNo)).body);
    expect(await outbox(`?out_trade_no=${outTradeNo}`)).toHaveLength(1);
  });

  it('item 16: encryptor and decryptor reproduce the §10 AES-GCM test vector', () => {
    const key = '0123456789abcdef0123456789abcdef';
    const plaintext = '{"mchid":"1900000001","out_trade_no":"P1","trade_state":"SUCCESS","amount":{"total":1}}';
    const vector = 'DUcegK33A8MEOgdCtMPWwAdqzVjy3c3PSUd0ZmYkqr+HZBhZ2IIJKIjOKcbe3e1eNfXz6wxj1gnpkfSxBuiofdM+XsZnmix7IwF0B25KWYtGsEOG9FRKTCMBMExMI0VUQ+G+1XbIgQ==';
    expect(encryptAesGcm(key, 'fdasflkja484', 'transaction', plaintext)).toBe(vector);
    expect(decryptAesGcm(key, 'fdasflkja484', 'transaction', vector)).toBe(plaintext);
    expect(() => decryptAesGcm(key, 'fdasflkja484', 'refund', vector)).toThrow();
    expect(() => decryptAesGcm(key, 'fdasflkja485', 'transaction', vector)).toThrow();
  });

  it('item 17: a notification answered 200 or 204 is not re-sent; one answered 500 or too late is re-sent on the configured schedule', async () => {
    for (const status of [200, 204]) {
      receiver.reset();
      receiver.responder = () => ({ status });
      const { outTradeNo } = await createOrder();
      await pay(outTradeNo);
      await eventually(() => receiver.calls.length, (n) => n >= 1);
      await sleep(150);
      expect([status, receiver.calls.length]).toEqual([status, 1]);
    }

    receiver.reset();
    receiver.responder = (_call, index) => (index < 2 ? { status: 500, body: { code: 'FAIL', message: '失败' } } : { status: 204 });
    const failing = await createOrder();
    await pay(failing.outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 3);
    await sleep(150);
    expect(receiver.calls).toHaveLength(3);
    const [notification] = await outbox(`?out_trade_no=${failing.outTradeNo}`);
    expect(attemptsOf(notification).map((a) => a.status)).toEqual([500, 500, 204]);
    expect(attemptsOf(notification)[0]?.responseBody).toEqual({ code: 'FAIL', message: '失败' });

    // The simulator under test acks within 300 ms; an answer after 500 ms is a timeout.
    receiver.reset();
    receiver.responder = (_call, index) => (index === 0 ? { status: 204, delayMs: 500 } : { status: 204 });
    const slow = await createOrder();
    await pay(slow.outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 2);
    expect(receiver.calls[1]?.body.id).toBe(receiver.calls[0]?.body.id);
    const attempts = await eventually(
      async () => attemptsOf((await outbox(`?out_trade_no=${slow.outTradeNo}`))[0]),
      (list) => list.length === 2,
    );
    expect(attempts[0]).toMatchObject({ status: null, error: expect.stringContaining('no reply within 300 ms') });
    expect(attempts[1]).toMatchObject({ status: 204 });
  });

  it('item 18: with duplicates:n the receiver gets n+1 copies with the same id and the same bytes', async () => {
    await client.control('POST', '/__sim/notify/policy', { duplicates: 2 });
    const { outTradeNo } = await createOrder();
    await pay(outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 3);
    await sleep(100);
    expect(receiver.calls).toHaveLength(3);
    expect(new Set(receiver.calls.map((c) => c.body.id)).size).toBe(1);
    expect(new Set(receiver.calls.map((c) => c.raw)).size).toBe(1);
    // Each copy is signed afresh, and each verifies.
    for (const call of receiver.calls) expect(inspect(call, sim.platform, merchant.apiV3Key, nowSec()).verify.ok).toBe(true);
    const [notification] = await outbox(`?out_trade_no=${outTradeNo}`);
    expect(((notification?.deliveries ?? []) as Body[]).map((d) => [d.kind, d.state])).toEqual([
      ['original', 'delivered'],
      ['duplicate', 'delivered'],
      ['duplicate', 'delivered'],
    ]);
  });

  it('item 19: forged signature / probe / unknown_serial / stale_timestamp / bad_ciphertext notifications carry exactly that defect and change no state', async () => {
    const { outTradeNo } = await createOrder();
    receiver.responder = businessReceiver({ appid: merchant.appid, mchid: merchant.mchid, outTradeNo, total: 100 });
    const expectations: Record<string, (seen: ReturnType<typeof inspect>) => void> = {
      signature: (seen) => {
        expect(seen.verify).toEqual({ ok: false, reason: 'signature mismatch' });
        expect([seen.serialKnown, seen.probe, seen.resource?.out_trade_no]).toEqual([true, false, outTradeNo]);
      },
      probe: (seen) => {
        expect(seen.probe).toBe(true);
        expect(seen.verify).toEqual({ ok: false, reason: 'signature probe' });
      },
      unknown_serial: (seen) => {
        expect(seen.serialKnown).toBe(false);
        expect(seen.verify).toEqual({ ok: false, reason: expect.stringMatching(/^unknown serial PUB_KEY_ID_/) });
      },
      stale_timestamp: (seen) => {
        expect(seen.timestampAgeSec).toBeGreaterThan(300);
        expect(seen.verify).toEqual({ ok: false, reason: 'stale timestamp' });
      },
      bad_ciphertext: (seen) => {
        expect(seen.verify.ok).toBe(true);
        expect(seen.resource).toBeUndefined();
        expect(seen.decryptError).toEqual(expect.any(String));
      },
    };
    for (const [tamper, check] of Object.entries(expectations)) {
      receiver.calls = [];
      const forged = await client.control<{ attempt: Body; notification: Body }>('POST', '/__sim/notify/forge', { out_trade_no: outTradeNo, tamper });
      expect([tamper, forged.attempt.status]).toEqual([tamper, 401]);
      expect(forged.notification).toMatchObject({ kind: 'forged', tamper, eventType: 'TRANSACTION.SUCCESS' });
      expect(receiver.calls).toHaveLength(1);
      check(inspect(receiver.calls[0] as ReceivedCall, sim.platform, merchant.apiV3Key, nowSec()));
    }
    await sleep(100);
    // Sent once each, never retried, and the simulator's own order is untouched.
    expect(receiver.calls).toHaveLength(1);
    expect((await query(outTradeNo)).body.trade_state).toBe('NOTPAY');
  });

  it('item 20: forged amount / appid / mchid notifications are validly signed and decryptable, but disagree with the order', async () => {
    const { outTradeNo } = await createOrder();
    const order = { appid: merchant.appid, mchid: merchant.mchid, outTradeNo, total: 100 };
    receiver.responder = businessReceiver(order);
    for (const tamper of ['amount', 'appid', 'mchid']) {
      receiver.calls = [];
      const forged = await client.control<{ attempt: Body }>('POST', '/__sim/notify/forge', { out_trade_no: outTradeNo, tamper });
      expect([tamper, forged.attempt.status]).toEqual([tamper, 400]);
      const seen = inspect(receiver.calls[0] as ReceivedCall, sim.platform, merchant.apiV3Key, nowSec());
      expect(seen.verify.ok).toBe(true);
      const resource = seen.resource ?? {};
      expect(resource.out_trade_no).toBe(outTradeNo);
      const differs = { amount: (resource.amount as Body).total !== order.total, appid: resource.appid !== order.appid, mchid: resource.mchid !== order.mchid };
      expect(differs).toEqual({ amount: tamper === 'amount', appid: tamper === 'appid', mchid: tamper === 'mchid' });
    }
    expect((await query(outTradeNo)).body.trade_state).toBe('NOTPAY');
  });

  it('item 21: a new refund is PROCESSING; resolving it emits REFUND.SUCCESS, the refund queries SUCCESS and the order REFUND', async () => {
    const { outTradeNo, transactionId } = await paidOrder();
    const created = await refund(refundBody(outTradeNo, 'R-CONF-21', 30));
    expect(created.status).toBe(200);
    expectSigned(created);
    expect(created.body).toMatchObject({ out_refund_no: 'R-CONF-21', out_trade_no: outTradeNo, transaction_id: transactionId, status: 'PROCESSING', channel: 'ORIGINAL', amount: { refund: 30, total: 100, currency: 'CNY' } });
    expect(created.body).not.toHaveProperty('success_time');
    expect((await query(outTradeNo)).body.trade_state).toBe('SUCCESS');

    await client.control('POST', '/__sim/refunds/R-CONF-21/resolve', { status: 'SUCCESS' });
    await eventually(() => receiver.calls.length, (n) => n >= 1);
    const call = receiver.calls[0] as ReceivedCall;
    expect(call.body).toMatchObject({ event_type: 'REFUND.SUCCESS', resource: { original_type: 'refund', associated_data: 'refund' } });
    const seen = inspect(call, sim.platform, merchant.apiV3Key, nowSec());
    expect(seen.verify.ok).toBe(true);
    expect(seen.resource).toMatchObject({ mchid: merchant.mchid, out_trade_no: outTradeNo, transaction_id: transactionId, out_refund_no: 'R-CONF-21', refund_id: created.body.refund_id, refund_status: 'SUCCESS', success_time: expect.any(String), amount: { total: 100, refund: 30, payer_total: 100, payer_refund: 30 } });

    const after = await client.send('GET', '/v3/refund/domestic/refunds/R-CONF-21');
    expect(after.body).toMatchObject({ status: 'SUCCESS', success_time: expect.stringMatching(/\+08:00$/), refund_id: created.body.refund_id });
    expect((await query(outTradeNo)).body).toMatchObject({ trade_state: 'REFUND', trade_state_desc: '转入退款' });
  });

  it('item 22: repeating a refund with the same out_refund_no returns the same refund_id and moves no extra money', async () => {
    const { outTradeNo } = await paidOrder();
    const first = await refund(refundBody(outTradeNo, 'R-CONF-22', 60));
    const again = await refund(refundBody(outTradeNo, 'R-CONF-22', 60));
    expect(again.status).toBe(200);
    expect(again.body.refund_id).toBe(first.body.refund_id);
    expect((await client.control<Body[]>('GET', '/__sim/refunds')).map((r) => r.out_refund_no)).toEqual(['R-CONF-22']);
    // Only 60 of 100 are held: the remaining 40 can still be refunded, 41 cannot.
    await client.advanceClock(61);
    expectError(await refund(refundBody(outTradeNo, 'R-CONF-22b', 41)), 400, 'INVALID_REQUEST');
    expect((await refund(refundBody(outTradeNo, 'R-CONF-22c', 40))).status).toBe(200);
    expectError(await refund(refundBody(outTradeNo, 'R-CONF-22', 61)), 400, 'INVALID_REQUEST');
  });

  it('item 23: a refund exceeding amount.total yields 400 INVALID_REQUEST; the 51st partial refund is refused', async () => {
    const { outTradeNo } = await paidOrder(100);
    const over = await refund(refundBody(outTradeNo, 'R-CONF-23-over', 101));
    expectError(over, 400, 'INVALID_REQUEST');
    for (let i = 1; i <= 50; i += 1) {
      const reply = await refund(refundBody(outTradeNo, `R-CONF-23-${i}`, 1));
      expect([i, reply.status]).toEqual([i, 200]);
      // §9: refunds of one order at least a minute apart.
      await client.advanceClock(61);
    }
    const fiftyFirst = await refund(refundBody(outTradeNo, 'R-CONF-23-51', 1));
    expectError(fiftyFirst, 400, 'INVALID_REQUEST');
    expect(fiftyFirst.body.message).toContain('50');
  });

  it('item 24: a query of an unknown out_refund_no yields 404', async () => {
    expectError(await client.send('GET', '/v3/refund/domestic/refunds/R-NO-SUCH-REFUND'), 404, 'RESOURCE_NOT_EXISTS');
  });

  it('item 25: the trade bill of a day with activity points at the production host and its SHA1 matches the (decompressed) file; a day without a bill yields 400', async () => {
    const { outTradeNo } = await paidOrder(12345);
    await refund(refundBody(outTradeNo, 'R-CONF-25', 345, 12345));
    await client.control('POST', '/__sim/refunds/R-CONF-25/resolve', { status: 'SUCCESS' });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expectError(await client.send('GET', `/v3/bill/tradebill?bill_date=${today}&bill_type=ALL`), 400, 'NO_STATEMENT_EXIST');

    // Tomorrow 10:30 Beijing: today's bill exists.
    const tomorrowTen = Date.parse(`${today}T10:30:00+08:00`) + 86_400_000;
    await client.setClock(Math.ceil((tomorrowTen - Date.now()) / 1000));
    for (const tarType of ['GZIP', undefined]) {
      const reply = await client.send('GET', `/v3/bill/tradebill?bill_date=${today}&bill_type=ALL${tarType ? `&tar_type=${tarType}` : ''}`);
      expect(reply.status).toBe(200);
      expectSigned(reply);
      expect(reply.body).toEqual({ hash_type: 'SHA1', hash_value: expect.stringMatching(/^[0-9a-f]{40}$/), download_url: expect.stringMatching(/^https:\/\/api\.mch\.weixin\.qq\.com\/v3\/billdownload\/file\?token=/) });
      const downloadUrl = new URL(String(reply.body.download_url));
      const file = await client.send('GET', `${downloadUrl.pathname}${downloadUrl.search}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('wechatpay-signature')).toBeNull();
      const plain = tarType === 'GZIP' ? gunzipSync(file.bytes) : file.bytes;
      expect(createHash('sha1').update(plain).digest('hex')).toBe(reply.body.hash_value);
      const lines = plain.toString('utf8').split(/\r?\n/).filter((l) => l !== '');
      expect(lines[0]).toMatch(/^交易时间,公众账号ID,商户号,/);
      expect(lines).toHaveLength(5);
      const [payment, refundLine] = [lines[1] ?? '', lines[2] ?? ''];
      expect(payment.split(',').every((f) => f.startsWith('`'))).toBe(true);
      expect(payment).toContain(`\`${outTradeNo}`);
      expect(payment).toContain('`123.45');
      expect(refundLine).toContain('`REFUND');
      expect(refundLine).toContain('`3.45');
      expect(lines[3]).toMatch(/^总交易单数,/);
      expect(lines[4]?.split(',').slice(0, 3)).toEqual(['`2', '`123.45', '`3.45']);
    }
    const refundsOnly = await client.control<{ rows: Body[] }>('GET', `/__sim/bills/${today}?bill_type=REFUND`);
    expect(refundsOnly.rows).toHaveLength(1);
    const yesterday = new Date(Date.now() - 16 * 3600_000).toISOString().slice(0, 10);
    expectError(await client.send('GET', `/v3/bill/tradebill?bill_date=${yesterday}`), 400, 'NO_STATEMENT_EXIST');
    expectError(await client.send('GET', '/v3/bill/tradebill?bill_date=2025-13-01'), 400, 'PARAM_ERROR');
  });

  it('item 26: fault rules with unsigned:true (or badSignature:true) produce responses a verifier rejects', async () => {
    const { outTradeNo } = await createOrder();
    await client.control('POST', '/__sim/faults', { endpoint: 'query', unsigned: true });
    const unsigned = await query(outTradeNo);
    expect(unsigned.status).toBe(200);
    expect(unsigned.body.trade_state).toBe('NOTPAY');
    expect(unsigned.headers.get('wechatpay-signature')).toBeNull();
    expect(verifyReply(unsigned, sim.platform, nowSec())).toEqual({ ok: false, reason: 'missing Wechatpay-* headers' });

    await client.control('POST', '/__sim/faults', { endpoint: '/v3/pay/transactions/*', badSignature: true });
    const spoiled = await query(outTradeNo);
    expect(verifyReply(spoiled, sim.platform, nowSec())).toEqual({ ok: false, reason: 'signature mismatch' });
    // times defaults to 1: the next answer is signed again.
    expectSigned(await query(outTradeNo));

    await client.control('POST', '/__sim/faults', { endpoint: 'jsapi', httpStatus: 500, unsigned: true, times: 2 });
    const failed = await client.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody() });
    expect([failed.status, failed.body.code, failed.headers.get('wechatpay-signature')]).toEqual([500, 'SYSTEM_ERROR', null]);
    expect((await client.control<Body[]>('GET', '/__sim/faults'))[0]).toMatchObject({ remaining: 1 });
  });

  it('item 27: latency delays the answer (the effect stands, so a timed-out client reconciles by query); down modes refuse, hang, http502, http503', async () => {
    await client.control('POST', '/__sim/latency', { endpoint: 'jsapi', fixedMs: 400 });
    const body = prepayBody();
    await expect(client.send('POST', '/v3/pay/transactions/jsapi', { body, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect((await query(String(body.out_trade_no))).body.trade_state).toBe('NOTPAY');
    const started = Date.now();
    expect((await client.send('POST', '/v3/pay/transactions/jsapi', { body })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    await client.control('DELETE', '/__sim/latency');

    await client.control('POST', '/__sim/down', { down: true, mode: 'refuse' });
    await expect(query(String(body.out_trade_no))).rejects.toThrow();
    await client.control('POST', '/__sim/down', { down: true, mode: 'hang' });
    await expect(client.send('GET', `/v3/pay/transactions/out-trade-no/${String(body.out_trade_no)}?mchid=${merchant.mchid}`, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    for (const [mode, status] of [
      ['http502', 502],
      ['http503', 503],
    ] as const) {
      await client.control('POST', '/__sim/down', { down: true, mode });
      const reply = await query(String(body.out_trade_no));
      expect([reply.status, reply.headers.get('content-type'), reply.headers.get('wechatpay-signature')]).toEqual([status, 'text/html', null]);
      expect(reply.text).toContain(`<h1>${status}`);
    }
    await client.control('POST', '/__sim/down', { down: false });
    const reconciled = await query(String(body.out_trade_no));
    expect(reconciled.status).toBe(200);
    expectSigned(reconciled);
  });
});

// ---------------------------------------------------------------- §10 schedule

describe('notification schedule (§10)', () => {
  it('follows the compressed schedule: the same 15 intervals with seconds read as milliseconds', async () => {
    expect(OFFICIAL_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBe((24 * 60 + 4) * 60_000);
    expect(COMPRESSED_RETRY_DELAYS_MS).toEqual([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600]);
    receiver.responder = (_call, index) => (index < 5 ? { status: 503 } : { status: 200 });
    const { outTradeNo } = await createOrder();
    await pay(outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 6, 5000);
    const gaps = receiver.calls.slice(1).map((call, i) => call.receivedAt - (receiver.calls[i]?.receivedAt ?? 0));
    gaps.forEach((gap, i) => {
      const expected = COMPRESSED_RETRY_DELAYS_MS[i] ?? 0;
      expect([i, gap >= expected - 2, gap < expected + 250]).toEqual([i, true, true]);
    });
    await sleep(100);
    expect(receiver.calls).toHaveLength(6);
  });

  it('follows the official schedule by the simulator clock: 16 attempts in all, then gives up', async () => {
    await client.control('POST', '/__sim/notify/policy', { schedule: 'official' });
    receiver.responder = () => ({ status: 500, body: { code: 'FAIL', message: '失败' } });
    const { outTradeNo } = await createOrder();
    await pay(outTradeNo);
    for (let attempt = 1; attempt <= 16; attempt += 1) {
      await eventually(() => receiver.calls.length, (n) => n >= attempt);
      const [notification] = await eventually(
        () => outbox(`?out_trade_no=${outTradeNo}`),
        (list) => attemptsOf(list[0]).length === attempt,
      );
      const delivery = ((notification?.deliveries ?? []) as Body[])[0] ?? {};
      const delay = OFFICIAL_RETRY_DELAYS_MS[attempt - 1];
      if (delay === undefined) {
        expect(delivery).toMatchObject({ state: 'failed', nextAttemptAt: null });
        break;
      }
      const lastAt = Date.parse(String(attemptsOf(notification).at(-1)?.at));
      expect([attempt, Math.abs(Date.parse(String(delivery.nextAttemptAt)) - lastAt - delay) <= 1000]).toEqual([attempt, true]);
      // Nothing happens in real time; moving the clock past the due time sends the retry.
      await sleep(30);
      expect(receiver.calls).toHaveLength(attempt);
      await client.advanceClock(delay / 1000 + 1);
    }
    await sleep(50);
    expect(receiver.calls).toHaveLength(16);
  });

  it('dropFirst swallows attempts (retried on schedule), delayMs holds the first attempt, reorder lets a later notification overtake', async () => {
    await client.control('POST', '/__sim/notify/policy', { dropFirst: 2 });
    const dropped = await createOrder();
    await pay(dropped.outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 1);
    const attempts = attemptsOf((await outbox(`?out_trade_no=${dropped.outTradeNo}`))[0]);
    expect(attempts.map((a) => a.status)).toEqual([null, null, 204]);
    expect(attempts[0]?.error).toContain('dropFirst');

    receiver.reset();
    await client.control('POST', '/__sim/notify/policy', { delayMs: 300, reorder: true });
    const first = await createOrder();
    const second = await createOrder();
    const paidAt = Date.now();
    await pay(first.outTradeNo);
    await pay(second.outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 2);
    expect((receiver.calls[0]?.receivedAt ?? 0) - paidAt).toBeGreaterThanOrEqual(290);
    const order = receiver.calls.map((c) => inspect(c, sim.platform, merchant.apiV3Key, nowSec()).resource?.out_trade_no);
    expect(order).toEqual([second.outTradeNo, first.outTradeNo]);
  });

  it('replays a past notification verbatim under the same id, freshly signed', async () => {
    const { outTradeNo } = await createOrder();
    await pay(outTradeNo);
    await eventually(() => receiver.calls.length, (n) => n >= 1);
    const [notification] = await outbox(`?out_trade_no=${outTradeNo}`);
    const replayed = await client.control<{ attempt: Body }>('POST', '/__sim/notify/replay', { notificationId: notification?.id });
    expect(replayed.attempt.status).toBe(204);
    expect(receiver.calls).toHaveLength(2);
    expect(receiver.calls[1]?.raw).toBe(receiver.calls[0]?.raw);
    expect(receiver.calls[1]?.headers['wechatpay-nonce']).not.toBe(receiver.calls[0]?.headers['wechatpay-nonce']);
    expect(inspect(receiver.calls[1] as ReceivedCall, sim.platform, merchant.apiV3Key, nowSec()).verify.ok).toBe(true);
    const missing = await fetch(`${sim.url}/__sim/notify/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationId: 'EV-none' }) });
    expect(missing.status).toBe(404);
  });
});

// ---------------------------------------------------------------- cashier page

describe('cashier page (/__sim/cashier)', () => {
  const redirect = 'http://127.0.0.1:10086/pages/payment/result?paymentId=PAY1';

  function cashierUrl(prepayId: string, target = redirect): string {
    return `${sim.url}/__sim/cashier?prepay_id=${encodeURIComponent(prepayId)}&redirect=${encodeURIComponent(target)}`;
  }

  function post(action: 'confirm' | 'cancel', prepayId: string, target = redirect): Promise<Response> {
    return fetch(`${sim.url}/__sim/cashier/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prepay_id: prepayId, redirect: target }).toString(),
      redirect: 'manual',
    });
  }

  it('GET serves a large-type Chinese page with the description, the amount in yuan, both buttons and a strict CSP', async () => {
    const { prepayId } = await createOrder({ description: '海珠政务-<不动产>证明', amount: { total: 12345, currency: 'CNY' } });
    const res = await fetch(cashierUrl(prepayId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('海珠政务-&#60;不动产&#62;证明');
    expect(html).toContain('¥123.45');
    expect(html).toMatch(/<button[^>]*id="wxpay-confirm"[^>]*>确认支付<\/button>/);
    expect(html).toMatch(/<button[^>]*id="wxpay-cancel"[^>]*>取消支付<\/button>/);
    expect(html).toMatch(/min-height:(4[89]|[5-9]\d)px/);
    expect(html).not.toContain('<script');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'nonce-[^']+'/);
    expect(csp).toContain("form-action 'self' http://127.0.0.1:10086");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).toContain(`nonce="${/'nonce-([^']+)'/.exec(csp)?.[1] ?? 'missing'}"`);
  });

  it('POST confirm pays the order (one TRANSACTION.SUCCESS) and redirects with wxpay=ok', async () => {
    const { outTradeNo, prepayId } = await createOrder();
    const res = await post('confirm', prepayId);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${redirect}&wxpay=ok`);
    expect((await query(outTradeNo)).body.trade_state).toBe('SUCCESS');
    await eventually(() => receiver.calls.length, (n) => n >= 1);
    expect(receiver.calls[0]?.body.event_type).toBe('TRANSACTION.SUCCESS');
    // A second press lands on the same result without paying twice.
    const again = await post('confirm', prepayId, 'http://localhost:10086/pages/payment/result');
    expect(again.headers.get('location')).toBe('http://localhost:10086/pages/payment/result?wxpay=ok');
    await sleep(50);
    expect(await outbox(`?out_trade_no=${outTradeNo}`)).toHaveLength(1);
    const page = await (await fetch(cashierUrl(prepayId))).text();
    expect(page).toContain('该订单已支付');
  });

  it('POST cancel leaves the order NOTPAY and redirects with wxpay=cancel', async () => {
    const { outTradeNo, prepayId } = await createOrder();
    const res = await post('cancel', prepayId, 'http://[::1]:10086/pay');
    expect([res.status, res.headers.get('location')]).toEqual([303, 'http://[::1]:10086/pay?wxpay=cancel']);
    expect((await query(outTradeNo)).body.trade_state).toBe('NOTPAY');
    expect(await client.control('GET', `/__sim/orders/${outTradeNo}`)).toMatchObject({ cashier_cancels: 1 });
    expect(receiver.calls).toHaveLength(0);
  });

  it('refuses redirects off loopback, unknown prepay_ids and closed orders', async () => {
    const { prepayId, outTradeNo } = await createOrder();
    for (const target of ['https://evil.example/pay', 'javascript:alert(1)', 'http://127.0.0.2.evil.example/', '']) {
      expect([target, (await fetch(cashierUrl(prepayId, target))).status]).toEqual([target, 400]);
      expect([target, (await post('confirm', prepayId, target)).status]).toEqual([target, 400]);
    }
    expect((await fetch(cashierUrl('wx-no-such-prepay'))).status).toBe(404);
    await client.control('POST', `/__sim/orders/${outTradeNo}/expire`);
    expect((await fetch(cashierUrl(prepayId))).status).toBe(410);
    expect((await post('confirm', prepayId)).status).toBe(409);
    expect((await query(outTradeNo)).body.trade_state).toBe('CLOSED');
  });
});

// ---------------------------------------------------------------- controls and options

describe('controls and options', () => {
  it('fail → PAYERROR without a notification; cancel keeps NOTPAY; expire closes; time_expire is raised to 1 min and defaults to 7 days', async () => {
    const failing = await createOrder();
    expect(await client.control('POST', `/__sim/orders/${failing.outTradeNo}/fail`)).toMatchObject({ trade_state: 'PAYERROR' });
    expect((await query(failing.outTradeNo)).body.trade_state).toBe('PAYERROR');
    await sleep(50);
    expect(receiver.calls).toHaveLength(0);

    const soon = new Date(Date.now() + 5000).toISOString().replace('Z', '+00:00');
    const short = await createOrder({ time_expire: soon });
    const shortView = await client.control('GET', `/__sim/orders/${short.outTradeNo}`);
    expect(Date.parse(String(shortView.time_expire)) - Date.now()).toBeGreaterThan(55_000);
    const plain = await createOrder();
    const plainView = await client.control('GET', `/__sim/orders/${plain.outTradeNo}`);
    expect(Math.round((Date.parse(String(plainView.time_expire)) - Date.now()) / 86_400_000)).toBe(7);

    await client.advanceClock(61);
    expect((await query(short.outTradeNo)).body.trade_state).toBe('CLOSED');
    expect((await query(plain.outTradeNo)).body.trade_state).toBe('NOTPAY');
    expect(await client.control('POST', `/__sim/orders/${plain.outTradeNo}/cancel`)).toMatchObject({ trade_state: 'NOTPAY', cashier_cancels: 1 });
    expect(await client.control('POST', `/__sim/orders/${plain.outTradeNo}/expire`)).toMatchObject({ trade_state: 'CLOSED', closed_by: 'expired' });
    const conflict = await fetch(`${sim.url}/__sim/orders/${plain.outTradeNo}/pay`, { method: 'POST' });
    expect(conflict.status).toBe(409);
  });

  it('settles refunds by themselves after refundAutoSucceedMs, and resolves CLOSED / ABNORMAL on request', async () => {
    await client.control('POST', '/__sim/config', { refundAutoSucceedMs: 30 });
    const { outTradeNo } = await paidOrder();
    await refund(refundBody(outTradeNo, 'R-AUTO-1', 10));
    await eventually(async () => (await client.send('GET', '/v3/refund/domestic/refunds/R-AUTO-1')).body.status, (s) => s === 'SUCCESS');
    await eventually(() => receiver.calls.length, (n) => n >= 1);
    expect(receiver.calls[0]?.body.event_type).toBe('REFUND.SUCCESS');

    await client.control('POST', '/__sim/config', { refundAutoSucceedMs: 0 });
    await client.advanceClock(61);
    await refund({ ...refundBody(outTradeNo, 'R-MANUAL-1', 10), notify_url: `${receiver.url}/refund-notify` });
    expect(await client.control('POST', '/__sim/refunds/R-MANUAL-1/resolve', { status: 'ABNORMAL' })).toMatchObject({ status: 'ABNORMAL' });
    expect(await client.control('POST', '/__sim/refunds/R-MANUAL-1/resolve', { status: 'CLOSED' })).toMatchObject({ status: 'CLOSED' });
    await eventually(() => receiver.calls.length, (n) => n >= 3);
    expect(receiver.calls.slice(1).map((c) => [c.path, c.body.event_type])).toEqual([
      ['/refund-notify', 'REFUND.ABNORMAL'],
      ['/refund-notify', 'REFUND.CLOSED'],
    ]);
    const final = await fetch(`${sim.url}/__sim/refunds/R-MANUAL-1/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"SUCCESS"}' });
    expect(final.status).toBe(409);
    // CLOSED gave the money back: 90 of 100 are refundable again.
    await client.advanceClock(61);
    expect((await refund(refundBody(outTradeNo, 'R-MANUAL-2', 90))).status).toBe(200);
  });

  it('refuses refunds of unpaid orders and a second refund of one order within a minute', async () => {
    const { outTradeNo } = await createOrder();
    expectError(await refund(refundBody(outTradeNo, 'R-UNPAID', 10)), 400, 'INVALID_REQUEST');
    expectError(await refund(refundBody('NOSUCHORDER1', 'R-NOORDER', 10)), 404, 'RESOURCE_NOT_EXISTS');
    const paid = await paidOrder();
    expect((await refund(refundBody(paid.outTradeNo, 'R-GAP-1', 10))).status).toBe(200);
    expectError(await refund(refundBody(paid.outTradeNo, 'R-GAP-2', 10)), 429, 'FREQUENCY_LIMITED');
    expectError(await refund({ ...refundBody(paid.outTradeNo, 'R-GAP-3', 10), amount: { refund: 10, total: 100 } }), 400, 'PARAM_ERROR');
  });

  it('keeps merchants apart, accepts a merchant certificate PEM via /__sim/config, and answers a missing User-Agent with PARAM_ERROR', async () => {
    const other = new PayClient(sim.url, otherMerchant);
    const { outTradeNo } = await createOrder();
    expectError(await other.send('GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${otherMerchant.mchid}`), 404, 'ORDER_NOT_EXIST');
    expectError(await other.send('GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${merchant.mchid}`), 400, 'INVALID_REQUEST');

    const certMerchant = newMerchant('1900000003', 'wxcertmerchant0001');
    const pems = await generate([{ name: 'commonName', value: '1900000003' }], {
      keyPair: { privateKey: certMerchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: certMerchant.publicKeyPem },
      algorithm: 'sha256',
    });
    const serialNo = new X509Certificate(pems.cert).serialNumber;
    await client.control('POST', '/__sim/config', { merchants: [merchantInput(merchant), { mchid: certMerchant.mchid, appids: [certMerchant.appid], serialNo, certPem: pems.cert, apiV3Key: certMerchant.apiV3Key }] });
    const certClient = new PayClient(sim.url, { ...certMerchant, serialNo });
    expect((await certClient.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody({}, certMerchant) })).status).toBe(200);
    // otherMerchant is gone from the configuration.
    expectError(await other.send('GET', `/v3/pay/transactions/out-trade-no/X123456?mchid=${otherMerchant.mchid}`), 401, 'SIGN_ERROR');
    const bad = await fetch(`${sim.url}/__sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ merchants: [{ ...merchantInput(merchant), apiV3Key: 'short' }] }) });
    expect(bad.status).toBe(400);

    expectError(await client.send('GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${merchant.mchid}`, { userAgent: null }), 400, 'PARAM_ERROR');
  });

  it('journals requests with the canonical message verified, and reset clears orders, outbox, faults, policy and clock', async () => {
    const { outTradeNo } = await createOrder();
    await pay(outTradeNo);
    await client.control('POST', '/__sim/faults', { endpoint: 'refund', httpStatus: 500, times: 3 });
    await client.control('POST', '/__sim/notify/policy', { duplicates: 1 });
    await client.setClock(120);
    const journal = await client.control<Body[]>('GET', '/__sim/requests?route=jsapi');
    expect(journal[0]).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/jsapi', auth: { ok: true, mchid: merchant.mchid, message: expect.stringMatching(/^POST\n\/v3\/pay\/transactions\/jsapi\n\d+\n[^\n]+\n\{.*\}\n$/s) }, response: { kind: 'http', status: 200, signed: true } });

    await client.control('POST', '/__sim/reset');
    client.offsetMs = 0;
    expectError(await query(outTradeNo), 404, 'ORDER_NOT_EXIST');
    expect(await outbox()).toEqual([]);
    expect(await client.control('GET', '/__sim/faults')).toEqual([]);
    expect(await client.control('GET', '/__sim/notify/policy')).toMatchObject({ duplicates: 0, schedule: 'compressed', timeoutMs: 300 });
    expect(await client.control('GET', '/__sim/clock')).toMatchObject({ offsetSec: 0 });
    expect(await client.control<Body[]>('GET', '/__sim/requests')).toHaveLength(1);
  });

  it('defaults: pubkey mode, 5 s ack window, official schedule, and refuses bad start options', async () => {
    const plain = await startWechatPaySimulator({ merchants: [merchantInput(merchant)], platform: { publicKeyId: 'PUB_KEY_ID_0114000000000000000000000001' } });
    try {
      const res = await fetch(`${plain.url}/__sim/notify/policy`);
      expect(await res.json()).toMatchObject({ schedule: 'official', timeoutMs: 5000 });
      const keys = (await (await fetch(`${plain.url}/__sim/keys`)).json()) as Body;
      expect(keys).toMatchObject({ mode: 'pubkey', serial: 'PUB_KEY_ID_0114000000000000000000000001', publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
      expect(keys).not.toHaveProperty('certificatePem');
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(((await (await fetch(`${plain.url}/__sim/config`)).json()) as Body).refundAutoSucceedMs).toBe(1000);
    } finally {
      await plain.close();
    }
    await expect(startWechatPaySimulator({ merchants: [{ ...merchantInput(merchant), publicKeyPem: 'not a key' }] })).rejects.toThrow(/publicKeyPem/);
    await expect(startWechatPaySimulator({ merchants: [merchantInput(merchant)], platform: { publicKeyId: 'KEY_1' } })).rejects.toThrow(/PUB_KEY_ID_/);
  });
});

// ---------------------------------------------------------------- CLI

describe('main.ts', () => {
  const MAIN = join(__dirname, 'main.ts');

  function run(env: Record<string, string>, onListening?: (url: string) => Promise<void>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: join(__dirname, '..', '..'), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let started = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const url = /wechatpay simulator listening on (\S+)/.exec(stdout)?.[1];
        if (url && !started) {
          started = true;
          (onListening ? onListening(url) : Promise.resolve()).then(
            () => child.kill('SIGTERM'),
            (error: unknown) => {
              child.kill('SIGKILL');
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('exits 1 with a clear message when the merchant key is missing', async () => {
    const result = await run({ WXPAY_SIM_PORT: '0', WXPAY_API_V3_KEY: merchant.apiV3Key });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('WXPAY_MERCHANT_PUBLIC_KEY_FILE is not set');
  }, 20_000);

  it('starts from env, prints its URL, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-sim-'));
    try {
      const keyFile = join(dir, 'merchant-public.pem');
      writeFileSync(keyFile, merchant.publicKeyPem);
      const result = await run(
        { WXPAY_SIM_PORT: '0', WXPAY_MERCHANT_PUBLIC_KEY_FILE: keyFile, WXPAY_MERCHANT_SERIAL: merchant.serialNo, WXPAY_API_V3_KEY: merchant.apiV3Key, WXPAY_SIM_SIGN_MODE: 'cert', WXPAY_SIM_NOTIFY_SCHEDULE: 'compressed' },
        async (url) => {
          const cli = new PayClient(url, { ...merchant, appid: 'wxdev0000000000000' });
          const reply = await cli.send('POST', '/v3/pay/transactions/jsapi', { body: prepayBody({ appid: 'wxdev0000000000000' }) });
          expect(reply.status).toBe(200);
          expect((await cli.control('GET', '/__sim/keys')).mode).toBe('cert');
          expect(await cli.control('GET', '/__sim/notify/policy')).toMatchObject({ schedule: 'compressed' });
        },
      );
      expect(result.stdout).toMatch(/^wechatpay simulator listening on http:\/\/127\.0\.0\.1:\d+$/m);
      expect(result.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
