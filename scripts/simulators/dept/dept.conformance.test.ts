/**
 * Conformance of the departmental exchange simulator with spec dept-exchange.md §9, one test per
 * checklist item. Items 13–17 describe how our API must treat callbacks; here they run against
 * `ReferenceReceiver` (conformance-support.ts), which applies the §4.6 rules with the exported
 * helpers, so they prove the simulator produces the situations and that the rules handle them.
 * The API suite proves our server does the same.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { eventually, ExchangeClient, ReferenceReceiver, startCallbackReceiver, testNonce, type Body, type DeptKeyring, type RecordingReceiver, type Reply } from './conformance-support';
import { idCheckDigit } from './ids';
import { checkAppSignature, contentDigest, startDeptSimulator, type DeptSimulatorKeys, type RunningDeptSimulator } from './index';
import { PENSION_CERT_ITEM } from './seed';

const KEYS = {
  paasId: 'conformance-paas',
  paasToken: 'conformance-paas-token-0123456789',
  client: { appKey: 'conformance-app', appSecret: 'conformance-app-secret' },
  callback: { appKey: 'dept-callback-key', appSecret: 'dept-callback-secret' },
  perDept: { MZ: { appKey: 'dept-mz-key', appSecret: 'dept-mz-secret', signMethod: 'HMAC-SM3' } },
} satisfies DeptSimulatorKeys;

const KEYRING: DeptKeyring = {
  'dept-callback-key': { appSecret: 'dept-callback-secret', signMethod: 'HMAC-SHA256' },
  'dept-mz-key': { appSecret: 'dept-mz-secret', signMethod: 'HMAC-SM3' },
};

const CLIENT_KEYS = { paasId: KEYS.paasId, paasToken: KEYS.paasToken, appKey: KEYS.client.appKey, appSecret: KEYS.client.appSecret };
const CALLBACK_PATH = '/gov/callbacks/case-status';
const MARRIAGE_ITEM = 'SIM-MZ-MARRIAGE-RECORD-CERT';

let sim: RunningDeptSimulator;
let receiver: RecordingReceiver;
let client: ExchangeClient;
let fileServer: Server;
let fileServerUrl: string;
const files = new Map<string, Buffer>();

beforeAll(async () => {
  sim = await startDeptSimulator({ port: 0, keys: KEYS, seed: false });
  receiver = await startCallbackReceiver();
  client = new ExchangeClient(sim.url, CLIENT_KEYS);
  fileServer = createServer((req, res) => {
    const bytes = files.get(req.url ?? '');
    if (!bytes) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
  fileServerUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
  fileServer.closeAllConnections();
  await new Promise<void>((resolve) => fileServer.close(() => resolve()));
});

beforeEach(async () => {
  await client.control('POST', '/__sim/reset');
  client.offsetMs = 0;
  client.keys = CLIENT_KEYS;
  receiver.reset();
  files.clear();
});

// ---------------------------------------------------------------- scenario builders

let sequence = 0;

/** A fresh, GB 11643-valid ID number of a 海珠区 resident. */
function residentId(birth = '19900101', female = false): string {
  sequence += 1;
  const order = String((sequence * 2 + (female ? 0 : 1)) % 1000).padStart(3, '0');
  const body = `440105${birth}${order}`;
  return body + idCheckDigit(body);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const value = `${year}-${String(month).padStart(2, '0')}`;
    if (value > to) return out;
    out.push(value);
    month += 1;
    if (month > 12) {
      year += 1;
      month = 1;
    }
  }
}

interface Resident {
  idNumber: string;
  name: string;
}

async function givenResident(name: string, extra: Body = {}, birth?: string): Promise<Resident> {
  const idNumber = residentId(birth);
  await client.control('POST', '/__sim/people', { idNumber, name, ...extra });
  return { idNumber, name };
}

function contributions(from: string, to: string, types: string[]): Body[] {
  return months(from, to).flatMap((month) => types.map((insuranceType) => ({ month, insuranceType, employerName: '广州某某有限公司', paymentBase: '5000.00', employerAmount: '800.00', personalAmount: '400.00', status: 'PAID' })));
}

function caseBody(overrides: Body = {}): Body {
  sequence += 1;
  return {
    applicationNo: `GZ-MP-20250101-${String(sequence).padStart(6, '0')}`,
    itemCode: PENSION_CERT_ITEM,
    itemName: '职工基本养老保险参保证明开具',
    itemVersion: '3',
    deptCode: 'RS',
    regionCode: '440105',
    channel: 'WECHAT_MINIPROGRAM',
    submittedAt: '2025-01-01T10:00:00+08:00',
    applicant: { type: 'PERSON', name: '张三', idType: '111', idNumber: '440105199001011239', mobile: '13800138000', address: '广州市海珠区某某路1号' },
    agent: null,
    formSchemaVersion: '2025.1',
    formData: { purposeText: '购房资格审核', copies: 1 },
    materials: [
      { materialCode: 'M001', name: '居民身份证', source: 'E_LICENSE', licenseId: 'SIMLIC.ID_CARD.0001' },
      {
        materialCode: 'M002',
        name: '委托书',
        source: 'UPLOAD',
        fileName: 'wts.pdf',
        mimeType: 'application/pdf',
        size: 11,
        sha256: sha256('hello world'),
        url: `http://127.0.0.1:9/oss/wts.pdf?sig=${sequence}`,
        urlExpiresAt: '2025-01-08T10:00:00+08:00',
      },
    ],
    delivery: { method: 'POST', courierShipmentId: null, address: { name: '张三', mobile: '13800138000', province: '广东省', city: '广州市', county: '海珠区', detail: '某某路1号' } },
    callbackUrl: `${receiver.url}${CALLBACK_PATH}`,
    consentId: 'CS-conformance',
    ...overrides,
  };
}

async function submit(overrides: Body = {}): Promise<Body> {
  const reply = await client.send('POST', '/v1/cases', { body: caseBody(overrides) });
  expect([reply.status, reply.body.code]).toEqual([200, '0']);
  return reply.body.data as Body;
}

function decide(caseNo: string, decision: string, extra: Body = {}): Promise<Body> {
  return client.control('POST', `/__sim/cases/${caseNo}/decide`, { decision, ...extra });
}

async function authorize(subject: Resident, scope: Body[], extra: Body = {}): Promise<string> {
  const reply = await client.send('POST', '/v1/authorizations', {
    body: {
      consentId: `CS-${sequence}`,
      subject: { idType: '111', idNumber: subject.idNumber, name: subject.name },
      scope,
      purpose: { itemCode: PENSION_CERT_ITEM, applicationNo: 'GZ-MP-AUTH', text: '办理参保证明' },
      evidence: { method: 'FACE_VERIFY', verifiedAt: '2025-01-01T09:58:00+08:00', ref: 'FV-1' },
      ttlSec: 1800,
      ...extra,
    },
  });
  expect([reply.status, reply.body.code]).toEqual([200, '0']);
  return (reply.body.data as Body).authToken as string;
}

function query(dataset: string, subject: Resident, authToken: string | undefined, params: Body = {}, page?: Body): Promise<Reply> {
  return client.send('POST', `/v1/data/${dataset}/query`, {
    body: { subject: { idType: '111', idNumber: subject.idNumber, name: subject.name }, authToken, purpose: { itemCode: PENSION_CERT_ITEM }, params, ...(page ? { page } : {}) },
  });
}

function expectError(reply: Reply, status: number, code: string, field?: string): void {
  expect({ status: reply.status, code: reply.body.code }).toEqual({ status, code });
  if (field !== undefined) expect((reply.body.data as Body | null)?.field).toBe(field);
}

function data(reply: Reply): Body {
  expect([reply.status, reply.body.code]).toEqual([200, '0']);
  return reply.body.data as Body;
}

async function callbacks(filter = ''): Promise<Body[]> {
  return client.control<Body[]>('GET', `/__sim/callbacks${filter}`);
}

/** Waits until the receiver has answered `count` calls. */
function receivedCalls(count: number, timeoutMs?: number): Promise<number> {
  return eventually(
    () => receiver.calls.filter((call) => call.reply !== undefined).length,
    (n) => n >= count && receiver.calls.every((call) => call.reply !== undefined),
    timeoutMs,
  );
}

function useReferenceReceiver(): ReferenceReceiver {
  const reference = new ReferenceReceiver(client, KEYRING);
  receiver.responder = reference.respond;
  return reference;
}

// ---------------------------------------------------------------- §9 checklist

describe('departmental exchange simulator conformance (spec §9)', () => {
  it('item 1: a request with correct x-tif and application signatures succeeds; a wrong x-tif-signature is refused before any business logic', async () => {
    data(await client.send('GET', '/v1/index/data-items'));

    const forged = await client.send('POST', '/v1/cases', { body: caseBody(), headers: { 'x-tif-signature': '0'.repeat(64) } });
    expectError(forged, 401, '10002');
    const wrongToken = await client.send('POST', '/v1/cases', { body: caseBody(), keys: { paasToken: 'not-the-token' } });
    expectError(wrongToken, 401, '10002');
    const missing = await client.send('POST', '/v1/cases', { body: caseBody(), headers: { 'x-tif-paasid': '' } });
    expectError(missing, 401, '10002');

    expect(await client.control('GET', '/__sim/cases')).toEqual([]);
    expect(await client.control('GET', '/__sim/submissions')).toEqual([]);
    const journal = await client.control<Body[]>('GET', '/__sim/requests?path=/v1/cases');
    expect(journal.map((entry) => (entry.auth as Body).outcome)).toEqual(['10002', '10002', '10002']);
    expect(journal.every((entry) => (entry.deptCodes as unknown[]).length === 0)).toBe(true);
  });

  it('item 2: our client and the simulator both reproduce the §2 test vectors exactly', async () => {
    const vector = {
      paasToken: 'testPaasToken0123456789abcdefABCD',
      xTif: '3c2085c4171947c5a8b486dad233cbbe586e308982a31306a0b7a067d526bd44',
      body: '{"applicationNo":"A1"}',
      sha256: { digest: '60f62f4c25c732d64a5068588868c1373b0b8ed5fa318fa8b4edaab8a3ae7b75', signature: '7hLNgBvY3hlIhqhYWMwD30Tv/AcZZzmmdWRfwEmqbFk=' },
      sm3: { digest: 'd130e234ba9a766dfeed36a806271a4146abb66fa08cb31e65835c38b7a26a27', signature: '1q6LK296YeRE15jN5bQACVzhrmhiOzN2N7Bc8JCDKhE=' },
    };
    await client.control('POST', '/__sim/config', {
      paas: [{ paasId: 'vector-paas', paasToken: vector.paasToken }],
      apps: [
        { appKey: 'vector-sha256', appSecret: 'appSecret-demo', signMethod: 'HMAC-SHA256' },
        { appKey: 'vector-sm3', appSecret: 'appSecret-demo', signMethod: 'HMAC-SM3' },
      ],
    });
    // Simulator time = the vectors' 2025-01-01T01:00:00Z.
    await client.setClock(1_735_693_200 - Date.now() / 1000);

    for (const [appKey, method, expected] of [
      ['vector-sha256', 'HMAC-SHA256', vector.sha256],
      ['vector-sm3', 'HMAC-SM3', vector.sm3],
    ] as const) {
      // Our client's helpers produce the vector…
      expect(contentDigest(vector.body, method)).toBe(expected.digest);
      const reply = await client.send('POST', '/v1/cases', {
        rawBody: vector.body,
        keys: { paasId: 'vector-paas', paasToken: vector.paasToken, appKey, appSecret: 'appSecret-demo', signMethod: method },
        nowMs: 1_735_693_200_000,
        nonce: 'N0nceN0nceN0nce1',
        headers: { 'x-tif-nonce': 'a1b2c3d4', 'x-tif-signature': vector.xTif },
      });
      // …and the simulator computed the same values: authentication passed, the body is incomplete.
      expectError(reply, 400, '10001', 'itemCode');
      const [entry] = (await client.control<Body[]>('GET', '/__sim/requests?path=/v1/cases')).slice(-1);
      expect(entry?.auth).toMatchObject({
        outcome: 'ok',
        xTif: { received: vector.xTif, expected: vector.xTif, ok: true },
        stringToSign: `POST\n/v1/cases\n\n1735693200000\nN0nceN0nceN0nce1\n${expected.digest}\n`,
        digest: { received: expected.digest, expected: expected.digest },
        signature: { received: expected.signature, expected: expected.signature },
      });
    }
  });

  it('item 3: changing one body byte with unchanged headers yields 401 10002 (digest mismatch)', async () => {
    const body = JSON.stringify(caseBody());
    const nowMs = client.now();
    const nonce = testNonce();
    const tampered = await client.send('POST', '/v1/cases', { rawBody: body, sentBody: body.replace('"copies":1', '"copies":2'), nowMs, nonce });
    expectError(tampered, 401, '10002');
    const [entry] = await client.control<Body[]>('GET', '/__sim/requests?path=/v1/cases');
    expect((entry?.auth as Body).reason).toMatch(/Content-Digest/);
    expect(await client.control('GET', '/__sim/cases')).toEqual([]);
    // The same headers with the original bytes pass: a refused request does not spend its nonce.
    data(await client.send('POST', '/v1/cases', { rawBody: body, nowMs, nonce }));
  });

  it('item 4: X-Timestamp 301 s off yields 401 10003; reusing an X-Nonce within 15 min yields 401 10004', async () => {
    expectError(await client.send('GET', '/v1/index/data-items', { nowMs: client.now() - 301_000 }), 401, '10003');
    expectError(await client.send('GET', '/v1/index/data-items', { nowMs: client.now() + 301_000 }), 401, '10003');
    data(await client.send('GET', '/v1/index/data-items', { nowMs: client.now() - 290_000 }));

    const nonce = testNonce();
    data(await client.send('GET', '/v1/index/data-items', { nonce }));
    expectError(await client.send('GET', '/v1/index/data-items', { nonce }), 401, '10004');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody(), nonce }), 401, '10004');
    await client.advanceClock(14 * 60);
    expectError(await client.send('GET', '/v1/index/data-items', { nonce }), 401, '10004');
    await client.advanceClock(61);
    data(await client.send('GET', '/v1/index/data-items', { nonce }));
  });

  it('item 5: HMAC-SM3 requests verify when the app is configured for SM3 and fail under SHA-256 config', async () => {
    await client.control('POST', '/__sim/config', {
      apps: [
        { appKey: 'sm3-app', appSecret: 'sm3-secret', signMethod: 'HMAC-SM3' },
        { appKey: 'sha-app', appSecret: 'sha-secret', signMethod: 'HMAC-SHA256' },
      ],
    });
    const sm3 = { appKey: 'sm3-app', appSecret: 'sm3-secret', signMethod: 'HMAC-SM3' } as const;
    const sha = { appKey: 'sha-app', appSecret: 'sha-secret', signMethod: 'HMAC-SHA256' } as const;
    const body = caseBody();
    data(await client.send('POST', '/v1/cases', { body, keys: sm3 }));
    data(await client.send('POST', '/v1/cases', { body: caseBody(), keys: sha }));
    expectError(await client.send('POST', '/v1/cases', { body: caseBody(), keys: { ...sha, signMethod: 'HMAC-SM3' } }), 401, '10002');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody(), keys: { ...sm3, signMethod: 'HMAC-SHA256' } }), 401, '10002');
    // Under HMAC-SM3 the content digest is SM3 as well.
    const [entry] = await client.control<Body[]>('GET', '/__sim/requests?path=/v1/cases');
    expect((entry?.auth as Body).digest).toEqual({ received: contentDigest(JSON.stringify(body), 'HMAC-SM3'), expected: contentDigest(JSON.stringify(body), 'HMAC-SM3') });
    expect((entry?.auth as Body).signMethod).toBe('HMAC-SM3');
  });

  it('item 6: all responses use the §3 envelope with a non-empty requestId', async () => {
    const resident = await givenResident('赵六', { socialInsurance: contributions('2024-01', '2024-03', ['110']) });
    const token = await authorize(resident, [{ datasetCode: 'RS_SI_PAYMENT' }]);
    const submitted = await submit();
    await client.control('POST', '/__sim/faults', { path: '/v1/index/data-items', httpStatus: 500, code: '50000' });
    const replies = [
      await client.send('GET', '/v1/index/data-items'), // fault: 500
      await client.send('GET', '/v1/index/data-items'), // 200
      await query('RS_SI_PAYMENT', resident, token), // 200
      await client.send('POST', '/v1/cases', { body: { applicationNo: 'only' } }), // 400
      await client.send('GET', '/v1/index/data-items', { keys: { appSecret: 'wrong' } }), // 401
      await query('RS_SI_PAYMENT', resident, undefined), // 403
      await client.send('GET', '/v1/cases/RS2099010100000000'), // 404
      await client.send('POST', `/v1/cases/${String(submitted.caseNo)}/supplements`, { body: { supplementId: 'SP-1', requestSeq: 1, materials: [] } }), // 409
      await client.send('GET', '/v1/nowhere'), // 404 route
    ];
    await client.control('POST', '/__sim/down', { down: true, deptCode: 'RS' });
    replies.push(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`)); // 503
    await client.control('POST', '/__sim/config', { rateLimitPerSec: 1 });
    await client.advanceClock(1.1);
    replies.push(await client.send('GET', '/v1/index/data-items'), await client.send('GET', '/v1/index/data-items')); // 200, 429

    expect(replies.map((r) => r.status)).toEqual([500, 200, 200, 400, 401, 403, 404, 409, 404, 503, 200, 429]);
    const ids = new Set<string>();
    for (const reply of replies) {
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(reply.body).sort()).toEqual(['code', 'data', 'message', 'requestId']);
      expect(typeof reply.body.code).toBe('string');
      expect(typeof reply.body.message).toBe('string');
      expect(reply.body.requestId).toMatch(/^[0-9a-f]{32}$/);
      ids.add(reply.body.requestId as string);
      expect(reply.body.code === '0').toBe(reply.status === 200);
    }
    expect(ids.size).toBe(replies.length);
  });

  it('item 7: submitting a case returns caseNo, status "RECEIVED", seq 1', async () => {
    const body = caseBody();
    const reply = data(await client.send('POST', '/v1/cases', { body }));
    expect(reply).toEqual({ caseNo: expect.stringMatching(/^RS\d{16}$/), applicationNo: body.applicationNo, status: 'RECEIVED', seq: 1, receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/), duplicate: false });
    const status = data(await client.send('GET', `/v1/cases/${String(reply.caseNo)}`));
    expect(status).toMatchObject({ caseNo: reply.caseNo, applicationNo: body.applicationNo, itemCode: PENSION_CERT_ITEM, status: 'RECEIVED', seq: 1 });
    expect(status.history).toEqual([expect.objectContaining({ seq: 1, status: 'RECEIVED', statusName: '已收件' })]);
    expect(status).not.toHaveProperty('result');
  });

  it('item 8: resubmitting the identical payload returns the same caseNo with duplicate:true; a changed formData or material hash yields 409 20002', async () => {
    const body = caseBody();
    const first = data(await client.send('POST', '/v1/cases', { body }));
    const materials = (body.materials as Body[]).map((m) => (m.source === 'UPLOAD' ? { ...m, url: 'https://oss.example/wts.pdf?sig=fresh', urlExpiresAt: '2025-01-09T10:00:00+08:00' } : m));
    // Fresh presigned URLs, a new submittedAt and callbackUrl, keys in another order: still the same payload.
    const retry = Object.fromEntries(Object.entries({ ...body, materials, submittedAt: '2025-01-01T10:05:00+08:00', callbackUrl: 'https://elsewhere.example/cb' }).reverse());
    const again = data(await client.send('POST', '/v1/cases', { body: retry }));
    expect(again).toEqual({ ...first, duplicate: true });

    const changedForm = await client.send('POST', '/v1/cases', { body: { ...body, formData: { purposeText: '购房资格审核', copies: 2 } } });
    expectError(changedForm, 409, '20002');
    const changedHash = await client.send('POST', '/v1/cases', { body: { ...body, materials: (body.materials as Body[]).map((m) => (m.source === 'UPLOAD' ? { ...m, sha256: sha256('other') } : m)) } });
    expectError(changedHash, 409, '20002');

    const cases = await client.control<Body[]>('GET', '/__sim/cases');
    expect(cases).toEqual([expect.objectContaining({ caseNo: first.caseNo, submissions: 2, duplicates: 1, conflicts: 2 })]);
    const attempts = await client.control<Body[]>('GET', `/__sim/submissions?applicationNo=${String(body.applicationNo)}`);
    expect(attempts.map((a) => a.outcome)).toEqual(['created', 'duplicate', 'conflict', 'conflict']);
  });

  it('item 9: an itemCode not granted to the app key yields 403 10005; formData violating the schema yields 400 10001 naming the field', async () => {
    await client.control('POST', '/__sim/config', { apps: [{ ...KEYS.client, items: [PENSION_CERT_ITEM] }] });
    const other = await client.send('POST', '/v1/cases', { body: caseBody({ itemCode: MARRIAGE_ITEM, deptCode: 'MZ', formData: { purposeText: '出国', recordType: 'MARRIED' } }) });
    expectError(other, 403, '10005');
    expect((other.body.data as Body).itemCode).toBe(MARRIAGE_ITEM);

    expectError(await client.send('POST', '/v1/cases', { body: caseBody({ formData: { purposeText: '购房', copies: 1, extra: true } }) }), 400, '10001', 'formData.extra');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody({ formData: { purposeText: '购房', copies: 'two' } }) }), 400, '10001', 'formData.copies');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody({ formData: { copies: 1 } }) }), 400, '10001', 'formData.purposeText');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody({ formData: { purposeText: '购房', copies: 9 } }) }), 400, '10001', 'formData.copies');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody({ formSchemaVersion: '2024.9' }) }), 400, '10001', 'formSchemaVersion');
    expectError(await client.send('POST', '/v1/cases', { body: caseBody({ applicant: { type: 'PERSON', name: '张三', idType: '111', idNumber: '440105199001011230' } }) }), 400, '10001', 'applicant.idNumber');
    expect(await client.control('GET', '/__sim/cases')).toEqual([]);
  });

  it('item 10: an upload material whose bytes do not match sha256 leads to a SUPPLEMENT_REQUIRED event listing that materialCode', async () => {
    files.set('/wts.pdf', Buffer.from('the real bytes of the letter of authority'));
    files.set('/photo.jpg', Buffer.from('photo bytes'));
    await client.control('POST', '/__sim/materials/policy', { outcome: 'fetch' });
    const upload = (materialCode: string, path: string, digest: string): Body => ({ materialCode, name: materialCode, source: 'UPLOAD', fileName: path.slice(1), mimeType: 'application/octet-stream', size: 1, sha256: digest, url: `${fileServerUrl}${path}` });
    const submitted = await submit({
      materials: [upload('M002', '/wts.pdf', sha256('what the applicant claimed it was')), upload('M003', '/photo.jpg', sha256('photo bytes'))],
    });
    await receivedCalls(2);
    expect(receiver.calls.map((c) => [c.body.seq, c.body.status])).toEqual([
      [2, 'ACCEPTED'],
      [3, 'SUPPLEMENT_REQUIRED'],
    ]);
    const supplement = receiver.calls[1]?.body.supplement as { requiredMaterials: Body[]; deadline: string };
    expect(supplement.requiredMaterials).toEqual([{ materialCode: 'M002', name: 'M002', note: expect.stringContaining('校验') }]);
    expect(supplement.deadline).toMatch(/\+08:00$/);
    expect(receiver.calls[1]?.body.caseNo).toBe(submitted.caseNo);

    // A forced outcome works without fetching; matching uploads leave the case RECEIVED.
    await client.control('POST', '/__sim/materials/policy', { outcome: 'hash_mismatch', materialCodes: ['M009'] });
    const untouched = await submit();
    await client.control('POST', '/__sim/materials/policy', { outcome: 'unreachable' });
    const unreachable = await submit();
    await receivedCalls(4);
    expect(receiver.calls.slice(2).map((c) => [c.body.caseNo, c.body.status])).toEqual([
      [unreachable.caseNo, 'ACCEPTED'],
      [unreachable.caseNo, 'SUPPLEMENT_REQUIRED'],
    ]);
    expect(data(await client.send('GET', `/v1/cases/${String(untouched.caseNo)}`)).status).toBe('RECEIVED');
  });

  it('item 11: every transition produces exactly one logical callback with seq = previous + 1 and a valid department signature', async () => {
    const rs = await submit();
    const mz = await submit({ itemCode: MARRIAGE_ITEM, deptCode: 'MZ', formData: { purposeText: '出国', recordType: 'MARRIED' } });
    await decide(String(rs.caseNo), 'approve');
    await decide(String(mz.caseNo), 'deny');
    await receivedCalls(6);

    for (const [submitted, appKey, secret, method] of [
      [rs, 'dept-callback-key', 'dept-callback-secret', 'HMAC-SHA256'],
      [mz, 'dept-mz-key', 'dept-mz-secret', 'HMAC-SM3'],
    ] as const) {
      const calls = receiver.calls.filter((c) => c.body.caseNo === submitted.caseNo);
      expect(calls.map((c) => c.body.seq)).toEqual([2, 3, 4]);
      expect(calls.map((c) => c.body.status)).toEqual(['ACCEPTED', 'IN_REVIEW', 'CONCLUDED']);
      expect(new Set(calls.map((c) => c.body.eventId)).size).toBe(3);
      for (const call of calls) {
        expect(call.path).toBe(CALLBACK_PATH);
        expect(call.headers['x-app-key']).toBe(appKey);
        expect(call.headers['x-sign-method']).toBe(method);
        const check = checkAppSignature({
          method: 'POST',
          path: call.path,
          query: call.search,
          body: call.raw,
          headers: { timestamp: String(call.headers['x-timestamp']), nonce: String(call.headers['x-nonce']), signMethod: String(call.headers['x-sign-method']), digest: String(call.headers['x-content-digest']), signature: String(call.headers['x-signature']) },
          appSecret: secret,
          signMethod: method,
          nowMs: Date.now(),
        });
        expect(check.ok).toBe(true);
      }
      const history = data(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`)).history as Body[];
      expect(calls.map((c) => c.body)).toEqual(history.slice(1));
    }
    const concluded = receiver.calls.filter((c) => c.body.status === 'CONCLUDED').map((c) => c.body.result as Body);
    expect(concluded.map((r) => r.decision).sort()).toEqual(['APPROVED', 'DENIED']);
    expect((await callbacks()).filter((d) => d.kind === 'event')).toHaveLength(6);
  });

  it('item 12: a callback answered {"code":"0"} is not re-sent; a 500 or a reply slower than 5 s is re-sent per schedule', async () => {
    // Acknowledged: one attempt, even after a day.
    const acked = await submit();
    await decide(String(acked.caseNo), 'accept');
    const [delivered] = await eventually(() => callbacks(`?caseNo=${String(acked.caseNo)}`), (list) => list[0]?.state === 'delivered');
    await client.advanceClock(86_400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(((await callbacks(`?caseNo=${String(acked.caseNo)}`))[0]?.attempts as Body[]).length).toBe(1);
    expect(delivered?.attempts).toEqual([expect.objectContaining({ httpStatus: 200, body: { code: '0' } })]);

    // 500, then the contract's +10 s retry.
    await client.control('POST', '/__sim/reset');
    client.offsetMs = 0;
    receiver.reset();
    let failures = 1;
    receiver.responder = () => (failures-- > 0 ? { status: 500, body: { code: '50000' } } : { status: 200, body: { code: '0' } });
    const failing = await submit();
    await decide(String(failing.caseNo), 'accept');
    const [pending] = await eventually(() => callbacks(), (list) => (list[0]?.attempts as Body[] | undefined)?.length === 1 && list[0]?.state === 'pending');
    const firstAt = Date.parse(String((pending?.attempts as Body[])[0]?.at));
    const dueIn = Date.parse(String(pending?.nextAttemptAt)) - firstAt;
    expect(dueIn).toBeGreaterThanOrEqual(10_000);
    expect(dueIn).toBeLessThan(11_000);
    await client.advanceClock(9);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.calls).toHaveLength(1);
    await client.advanceClock(1.5);
    const [retried] = await eventually(() => callbacks(), (list) => list[0]?.state === 'delivered');
    expect((retried?.attempts as Body[]).map((a) => a.httpStatus)).toEqual([500, 200]);
    expect(receiver.calls.map((c) => c.body.eventId)).toEqual([pending?.eventId, pending?.eventId]);
    // Each attempt is signed afresh: a new nonce, so a receiver enforcing single use accepts the retry.
    expect(receiver.calls[0]?.headers['x-nonce']).not.toBe(receiver.calls[1]?.headers['x-nonce']);

    // Slower than 5 s: not delivered, re-sent (compressed schedule: +10 ms).
    await client.control('POST', '/__sim/reset');
    client.offsetMs = 0;
    receiver.reset();
    await client.control('POST', '/__sim/callbacks/policy', { schedule: 'compressed' });
    let slow = 1;
    receiver.responder = () => (slow-- > 0 ? { status: 200, body: { code: '0' }, delayMs: 5300 } : { status: 200, body: { code: '0' } });
    const slowCase = await submit();
    await decide(String(slowCase.caseNo), 'accept');
    const [late] = await eventually(() => callbacks(), (list) => list[0]?.state === 'delivered', 9000);
    const lateAttempts = late?.attempts as Body[];
    expect(lateAttempts.map((a) => a.httpStatus)).toEqual([null, 200]);
    expect(lateAttempts[0]?.error).toMatch(/no reply within 5000 ms/);
    expect(lateAttempts[0]?.latencyMs).toBeGreaterThanOrEqual(4900);
  }, 20_000);

  it('item 12 (schedule): a callback never acknowledged is attempted at +10 s, 30 s, 1 m, 5 m, 15 m, 30 m, 1 h, 2 h, 6 h, 12 h, 24 h and then given up', async () => {
    receiver.responder = () => ({ status: 503, body: 'busy' });
    const submitted = await submit();
    await decide(String(submitted.caseNo), 'accept');
    const schedule = [10, 30, 60, 300, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];
    for (const [i, delay] of schedule.entries()) {
      await eventually(() => callbacks(), (list) => (list[0]?.attempts as Body[]).length === i + 1 && list[0]?.state === 'pending');
      await client.advanceClock(delay + 0.05);
    }
    const [gaveUp] = await eventually(() => callbacks(), (list) => list[0]?.state === 'failed');
    const times = (gaveUp?.attempts as Body[]).map((a) => Date.parse(String(a.at)));
    expect(times).toHaveLength(12);
    times.slice(1).forEach((at, i) => {
      expect(at - (times[i] ?? 0)).toBeGreaterThanOrEqual((schedule[i] ?? 0) * 1000);
      expect(at - (times[i] ?? 0)).toBeLessThan((schedule[i] ?? 0) * 1000 + 2000);
    });
    expect(gaveUp?.nextAttemptAt).toBeNull();
    // §4.3 stays the source of truth after the department gives up.
    expect(data(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`)).status).toBe('ACCEPTED');
  }, 20_000);

  it('item 13: duplicated callbacks (same eventId) change our state once', async () => {
    const reference = useReferenceReceiver();
    await client.control('POST', '/__sim/callbacks/policy', { duplicates: 2 });
    const submitted = await submit();
    reference.track(submitted);
    await decide(String(submitted.caseNo), 'approve');
    await receivedCalls(9);
    const byEvent = new Map<unknown, number>();
    for (const call of receiver.calls) byEvent.set(call.body.eventId, (byEvent.get(call.body.eventId) ?? 0) + 1);
    expect([...byEvent.values()]).toEqual([3, 3, 3]);
    expect(reference.verdicts().filter((v) => v === 'applied')).toHaveLength(3);
    expect(reference.verdicts().filter((v) => v === 'duplicate')).toHaveLength(6);
    expect(reference.snapshot(String(submitted.caseNo))).toEqual({ status: 'CONCLUDED', seq: 4, seqs: [1, 2, 3, 4] });
    expect((await callbacks()).map((d) => d.kind)).toEqual(['event', 'duplicate', 'duplicate', 'event', 'duplicate', 'duplicate', 'event', 'duplicate', 'duplicate']);
  });

  it('item 14: reordered callbacks (seq 5 before 4) leave the case in the seq-5 status with full history after backfill', async () => {
    const reference = useReferenceReceiver();
    await client.control('POST', '/__sim/callbacks/policy', { reorder: true });
    const submitted = await submit();
    const caseNo = String(submitted.caseNo);
    reference.track(submitted);
    await decide(caseNo, 'supplement'); // seq 2 ACCEPTED, seq 3 SUPPLEMENT_REQUIRED
    await receivedCalls(2);
    data(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: { supplementId: 'SP-1', requestSeq: 3, materials: [], formPatch: { copies: 2 } } })); // seq 4
    await client.control('POST', `/__sim/cases/${caseNo}/transition`, { status: 'IN_REVIEW' }); // seq 5
    await receivedCalls(4);
    expect(receiver.calls.map((c) => c.body.seq)).toEqual([3, 2, 5, 4]);
    expect(reference.verdicts()).toEqual(['applied_with_backfill', 'stale', 'applied_with_backfill', 'stale']);
    expect(reference.snapshot(caseNo)).toEqual({ status: 'IN_REVIEW', seq: 5, seqs: [1, 2, 3, 4, 5] });
  });

  it('item 15: a skipped seq makes our server call §4.3 and store the missing event', async () => {
    const reference = useReferenceReceiver();
    await client.control('POST', '/__sim/callbacks/policy', { skipSeq: [2] });
    const submitted = await submit();
    const caseNo = String(submitted.caseNo);
    reference.track(submitted);
    await decide(caseNo, 'approve');
    await receivedCalls(2);
    expect(receiver.calls.map((c) => c.body.seq)).toEqual([3, 4]);
    const deliveries = await eventually(() => callbacks(`?caseNo=${caseNo}`), (list) => list.every((d) => d.state !== 'pending' && d.state !== 'in_flight'));
    expect(deliveries.map((d) => [d.seq, d.state])).toEqual([
      [2, 'skipped'],
      [3, 'delivered'],
      [4, 'delivered'],
    ]);
    expect(reference.backfills).toEqual([caseNo]);
    const lookups = await client.control<Body[]>('GET', `/__sim/requests?path=/v1/cases/${caseNo}&method=GET`);
    expect(lookups).toHaveLength(1);
    const history = data(await client.send('GET', `/v1/cases/${caseNo}`)).history as Body[];
    expect(reference.cases.get(caseNo)?.history.get(2)).toEqual(history[1]);
    expect(reference.snapshot(caseNo)).toEqual({ status: 'CONCLUDED', seq: 4, seqs: [1, 2, 3, 4] });
  });

  it('item 16: after CONCLUDED, a late SUPPLEMENT_REQUIRED callback is acked and ignored', async () => {
    const reference = useReferenceReceiver();
    let refusedOnce = false;
    receiver.responder = (call) => {
      if (call.body.status === 'SUPPLEMENT_REQUIRED' && !refusedOnce) {
        refusedOnce = true;
        return { status: 500, body: { code: '50000' } };
      }
      return reference.respond(call);
    };
    const submitted = await submit();
    const caseNo = String(submitted.caseNo);
    reference.track(submitted);
    await decide(caseNo, 'supplement'); // 2 delivered, 3 answered 500 (retry due in 10 s)
    await receivedCalls(2);
    data(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: { supplementId: 'SP-16', requestSeq: 3, materials: [] } })); // 4
    await decide(caseNo, 'approve'); // 5 IN_REVIEW, 6 CONCLUDED
    await receivedCalls(5);
    expect(reference.snapshot(caseNo)).toMatchObject({ status: 'CONCLUDED', seq: 6 });

    await client.advanceClock(11);
    await receivedCalls(6);
    const late = receiver.calls[5];
    expect([late?.body.seq, late?.body.status]).toEqual([3, 'SUPPLEMENT_REQUIRED']);
    expect(late?.reply).toEqual({ status: 200, body: { code: '0' } });
    expect(reference.verdicts().at(-1)).toBe('terminal');
    expect(reference.snapshot(caseNo)).toEqual({ status: 'CONCLUDED', seq: 6, seqs: [1, 2, 3, 4, 5, 6] });
    const [third] = await eventually(() => callbacks(`?eventId=${String(late?.body.eventId)}`), (list) => list[0]?.state === 'delivered');
    expect([third?.state, (third?.attempts as Body[]).length]).toEqual(['delivered', 2]);
  });

  it('item 17: forged callbacks (signature, stale timestamp, nonce replay, bad digest) get 401 and change nothing', async () => {
    const reference = useReferenceReceiver();
    const submitted = await submit();
    const caseNo = String(submitted.caseNo);
    reference.track(submitted);
    await decide(caseNo, 'accept');
    await receivedCalls(1);
    const before = reference.snapshot(caseNo);
    expect(before).toEqual({ status: 'ACCEPTED', seq: 2, seqs: [1, 2] });

    for (const [tamper, code] of [
      ['signature', '10002'],
      ['stale_timestamp', '10003'],
      ['nonce_replay', '10004'],
      ['bad_digest', '10002'],
    ] as const) {
      const forged = await client.control<Body>('POST', '/__sim/callbacks/forge', { caseNo, tamper });
      expect([tamper, forged.kind, forged.state, (forged.attempts as Body[])[0]?.httpStatus, (forged.attempts as Body[])[0]?.body]).toEqual([tamper, 'forged', 'failed', 401, { code }]);
      // What the forgery claims, had it been believed:
      expect(forged.body).toMatchObject({ caseNo, seq: 3, status: 'CONCLUDED', result: { decision: 'APPROVED' } });
    }
    expect(reference.snapshot(caseNo)).toEqual(before);

    // Correctly signed but for an unknown case: acked and parked; an older seq: acked and ignored.
    const unknown = await client.control<Body>('POST', '/__sim/callbacks/forge', { tamper: 'unknown_case', url: `${receiver.url}${CALLBACK_PATH}` });
    expect((unknown.attempts as Body[])[0]?.httpStatus).toBe(200);
    expect(reference.parked).toEqual([expect.objectContaining({ caseNo: unknown.caseNo })]);
    const regress = await client.control<Body>('POST', '/__sim/callbacks/forge', { caseNo, tamper: 'seq_regress' });
    expect((regress.attempts as Body[])[0]?.httpStatus).toBe(200);
    expect(reference.verdicts().slice(-6)).toEqual(['refused_10002', 'refused_10003', 'refused_10004', 'refused_10002', 'parked', 'stale']);
    expect(reference.snapshot(caseNo)).toEqual(before);
    // The forgeries are not part of the case.
    expect(data(await client.send('GET', `/v1/cases/${caseNo}`)).seq).toBe(2);
  });

  it('item 18: supplement outside SUPPLEMENT_REQUIRED yields 409 20003; a repeated supplementId is idempotent', async () => {
    const submitted = await submit();
    const caseNo = String(submitted.caseNo);
    const supplement = { supplementId: 'SP-18', requestSeq: 3, materials: [{ materialCode: 'M002', name: '委托书', source: 'UPLOAD', fileName: 'wts2.pdf', mimeType: 'application/pdf', size: 5, sha256: sha256('fixed'), url: 'https://oss.example/wts2.pdf?sig=1' }], formPatch: { copies: 2 } };
    expectError(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: supplement }), 409, '20003');
    await decide(caseNo, 'supplement');
    const first = data(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: supplement }));
    expect(first).toEqual({ caseNo, supplementId: 'SP-18', status: 'SUPPLEMENTED', seq: 4 });
    const repeated = data(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: { ...supplement, materials: [{ ...supplement.materials[0], url: 'https://oss.example/wts2.pdf?sig=2' }] } }));
    expect(repeated).toEqual(first);
    const status = data(await client.send('GET', `/v1/cases/${caseNo}`));
    expect((status.history as Body[]).map((e) => e.status)).toEqual(['RECEIVED', 'ACCEPTED', 'SUPPLEMENT_REQUIRED', 'SUPPLEMENTED']);
    expectError(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: { ...supplement, supplementId: 'SP-18b' } }), 409, '20003');
    expectError(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: { ...supplement, formPatch: { copies: 3 } } }), 409, '20002');
  });

  it('item 19: withdraw in RECEIVED succeeds; in CONCLUDED yields 409 20003', async () => {
    const received = await submit();
    const withdrawn = data(await client.send('POST', `/v1/cases/${String(received.caseNo)}/withdraw`, { body: { reason: '申请人主动撤回' } }));
    expect(withdrawn).toEqual({ caseNo: received.caseNo, status: 'WITHDRAWN', seq: 2 });
    expect(data(await client.send('POST', `/v1/cases/${String(received.caseNo)}/withdraw`, { body: { reason: '再次撤回' } }))).toEqual(withdrawn);

    const concluded = await submit();
    await decide(String(concluded.caseNo), 'approve');
    expectError(await client.send('POST', `/v1/cases/${String(concluded.caseNo)}/withdraw`, { body: { reason: '太晚了' } }), 409, '20003');
    const inReview = await submit();
    await decide(String(inReview.caseNo), 'review');
    expectError(await client.send('POST', `/v1/cases/${String(inReview.caseNo)}/withdraw`, { body: {} }), 409, '20003');
  });

  it('item 20: a data query without authToken on a CONDITIONAL dataset yields 403 10006; a token for another subject or dataset also 403 10006', async () => {
    const resident = await givenResident('钱七', { socialInsurance: contributions('2024-01', '2024-06', ['110']), marriage: { maritalStatus: 'UNMARRIED' } });
    const other = await givenResident('孙八', { socialInsurance: contributions('2024-01', '2024-06', ['110']) });
    const index = data(await client.send('GET', '/v1/index/data-items', { query: { keyword: '缴费' } }));
    expect((index.items as Body[])[0]).toMatchObject({ datasetCode: 'RS_SI_PAYMENT', shareType: 'CONDITIONAL' });

    expectError(await query('RS_SI_PAYMENT', resident, undefined), 403, '10006');
    expectError(await query('RS_SI_PAYMENT', resident, await authorize(other, [{ datasetCode: 'RS_SI_PAYMENT' }])), 403, '10006');
    expectError(await query('RS_SI_PAYMENT', resident, await authorize(resident, [{ datasetCode: 'MZ_MARRIAGE' }])), 403, '10006');
    expectError(await query('RS_SI_PAYMENT', resident, 'AT-made-up'), 403, '10006');
    data(await query('RS_SI_PAYMENT', resident, await authorize(resident, [{ datasetCode: 'RS_SI_PAYMENT' }])));
  });

  it('item 21: a revoked or expired token yields 403 10006; uses beyond maxUses yield 403 10006', async () => {
    const resident = await givenResident('周九', { socialInsurance: contributions('2024-01', '2024-02', ['110']) });
    const scope = [{ datasetCode: 'RS_SI_PAYMENT' }];

    const revoked = await authorize(resident, scope);
    data(await query('RS_SI_PAYMENT', resident, revoked));
    expect(data(await client.send('DELETE', `/v1/authorizations/${revoked}`))).toEqual({ authToken: revoked, revoked: true });
    expectError(await query('RS_SI_PAYMENT', resident, revoked), 403, '10006');

    const outOfBand = await authorize(resident, scope);
    await client.control('POST', `/__sim/authz/${outOfBand}/revoke`);
    expectError(await query('RS_SI_PAYMENT', resident, outOfBand), 403, '10006');

    const expiring = await authorize(resident, scope, { ttlSec: 60 });
    data(await query('RS_SI_PAYMENT', resident, expiring));
    await client.advanceClock(61);
    expectError(await query('RS_SI_PAYMENT', resident, expiring), 403, '10006');
    expectError(await client.send('POST', '/v1/authorizations', { body: { consentId: 'CS-x', subject: { idType: '111', idNumber: resident.idNumber, name: resident.name }, scope, purpose: { text: 't' }, evidence: { method: 'FACE_VERIFY', verifiedAt: '2025-01-01T09:58:00+08:00', ref: 'FV' }, ttlSec: 1801 } }), 400, '10001', 'ttlSec');

    await client.control('POST', '/__sim/config', { authMaxUses: 2 });
    const limited = await authorize(resident, scope);
    data(await query('RS_SI_PAYMENT', resident, limited));
    data(await query('RS_SI_PAYMENT', resident, limited));
    expectError(await query('RS_SI_PAYMENT', resident, limited), 403, '10006');
  });

  it('item 22: RS_SI_PAYMENT returns records in the requested month range and insurance types, amounts as 2-decimal strings, and a traceId', async () => {
    const records = [...contributions('2022-07', '2024-12', ['110', '210', '310']), { month: '2023-05', insuranceType: '410', employerName: '广州某某有限公司', paymentBase: 5000, employerAmount: 10, personalAmount: 0 }];
    const resident = await givenResident('吴十', { socialInsurance: records });
    const token = await authorize(resident, [{ datasetCode: 'RS_SI_PAYMENT' }]);
    const answer = data(await query('RS_SI_PAYMENT', resident, token, { insuranceTypes: ['110', '310'], startMonth: '2023-01', endMonth: '2023-12' }));
    expect(answer.traceId).toMatch(/^TR-RS-\d{8}-[0-9a-f]+$/);
    expect(answer.total).toBe(24);
    expect(answer.page).toEqual({ no: 1, size: 100 });
    const rows = answer.records as Body[];
    expect(rows).toHaveLength(24);
    for (const row of rows) {
      expect(String(row.month) >= '2023-01' && String(row.month) <= '2023-12').toBe(true);
      expect(['110', '310']).toContain(row.insuranceType);
      for (const key of ['paymentBase', 'employerAmount', 'personalAmount']) expect(row[key]).toMatch(/^\d+\.\d{2}$/);
    }
    expect(rows[0]).toEqual({ month: '2023-12', insuranceType: '110', insuranceTypeName: '企业职工基本养老保险', employerName: '广州某某有限公司', paymentBase: '5000.00', employerAmount: '800.00', personalAmount: '400.00', status: 'PAID' });
    expect(answer.summary).toEqual({ firstInsuredMonth: '2022-07', paidMonths: 30 });

    const page2 = data(await query('RS_SI_PAYMENT', resident, token, { insuranceTypes: ['110', '310'], startMonth: '2023-01', endMonth: '2023-12' }, { no: 2, size: 10 }));
    expect([page2.total, (page2.records as Body[]).length, (page2.records as Body[])[0]?.month]).toEqual([24, 10, '2023-07']);
    expect(page2.traceId).not.toBe(answer.traceId);
    const injury = data(await query('RS_SI_PAYMENT', resident, token, { insuranceTypes: ['410'] }));
    expect((injury.records as Body[])[0]).toMatchObject({ paymentBase: '5000.00', employerAmount: '10.00', personalAmount: '0.00' });
    expectError(await query('RS_SI_PAYMENT', resident, token, { startMonth: '2024-13' }), 400, '10001', 'params.startMonth');
    expectError(await query('RS_SI_PAYMENT', resident, token, { insuranceTypes: ['999'] }), 400, '10001', 'params.insuranceTypes[0]');
  });

  it('item 23: a name that does not match the ID number yields 400 10001 with field "subject.name"; an unknown subject yields 404 30001', async () => {
    const resident = await givenResident('郑十一', { socialInsurance: contributions('2024-01', '2024-01', ['110']) });
    const token = await authorize(resident, [{ datasetCode: 'RS_SI_PAYMENT' }]);
    expectError(await query('RS_SI_PAYMENT', { ...resident, name: '郑十二' }, token), 400, '10001', 'subject.name');

    const stranger = { idNumber: residentId('19800101'), name: '陌生人' };
    const strangerToken = await authorize(stranger, [{ datasetCode: 'RS_SI_PAYMENT' }]);
    expectError(await query('RS_SI_PAYMENT', stranger, strangerToken), 404, '30001');
    const noRecords = await givenResident('王十三');
    expectError(await query('RS_SI_PAYMENT', noRecords, await authorize(noRecords, [{ datasetCode: 'RS_SI_PAYMENT' }])), 404, '30001');
  });

  it('item 24: licence search returns only licences of the holder within the token scope; an unissued type is absent, not an error', async () => {
    const spouse = { idNumber: residentId('19920520', true), name: '李十五' };
    const holder = await givenResident('张十四', {
      licenses: [
        { licenseType: 'ID_CARD', issueDate: '2016-03-01', validTo: '2036-03-01' },
        { licenseType: 'MARRIAGE_CERT', licenseNumber: 'J440105-2018-009999', issueDate: '2018-05-20', surface: { spouseName: spouse.name, spouseIdNumber: spouse.idNumber, registrationDate: '2018-05-20' } },
        { licenseType: 'SOCIAL_SECURITY_CARD', issueDate: '2021-06-01' },
      ],
    });
    await client.control('POST', '/__sim/people', { ...spouse, licenses: [{ licenseType: 'MARRIAGE_CERT', licenseNumber: 'J440105-2018-009999', issueDate: '2018-05-20' }] });
    const token = await authorize(holder, [{ licenseType: 'ID_CARD' }, { licenseType: 'MARRIAGE_CERT' }, { licenseType: 'BIRTH_MEDICAL_CERT' }]);
    const found = data(
      await client.send('POST', '/v1/licenses/search', {
        body: { holder: { idType: '111', ...holder }, licenseTypes: ['ID_CARD', 'MARRIAGE_CERT', 'BIRTH_MEDICAL_CERT', 'SOCIAL_SECURITY_CARD'], authToken: token, purpose: { itemCode: PENSION_CERT_ITEM } },
      }),
    );
    const licenses = found.licenses as Body[];
    expect(licenses.map((l) => l.licenseType)).toEqual(['ID_CARD', 'MARRIAGE_CERT']);
    for (const licence of licenses) expect(licence.holder).toEqual({ name: holder.name, idType: '111', idNumber: holder.idNumber });
    expect(licenses[1]).toMatchObject({ licenseName: '结婚证', licenseNumber: 'J440105-2018-009999', catalogCode: expect.any(String), status: 'VALID', version: 1, validTo: null, issuer: { name: '广州市海珠区民政局', regionCode: '440105' } });
    expect(licenses[0]).toMatchObject({ licenseName: '居民身份证', issuer: { name: '广州市公安局海珠区分局' } });

    const onlySsc = await client.send('POST', '/v1/licenses/search', { body: { holder: { idType: '111', ...holder }, licenseTypes: ['SOCIAL_SECURITY_CARD'], authToken: token } });
    expectError(onlySsc, 403, '10006');
    const one = data(await client.send('GET', `/v1/licenses/${String(licenses[0]?.licenseId)}`, { headers: { 'x-auth-token': token } }));
    expect(one).toEqual(licenses[0]);
    expectError(await client.send('GET', `/v1/licenses/${String(licenses[0]?.licenseId)}`), 403, '10006');
    expectError(await client.send('GET', '/v1/licenses/SIMLIC.NOPE', { headers: { 'x-auth-token': token } }), 404, '30002');
  });

  it('item 25: a licence file download hashes to the returned sha256; the URL expires after ≤ 5 min (then 404)', async () => {
    const holder = await givenResident('冯十六', { licenses: [{ licenseType: 'ID_CARD', issueDate: '2016-03-01', validTo: '2036-03-01' }] });
    const token = await authorize(holder, [{ licenseType: 'ID_CARD' }]);
    const [licence] = data(await client.send('POST', '/v1/licenses/search', { body: { holder: { idType: '111', ...holder }, licenseTypes: ['ID_CARD'], authToken: token } })).licenses as Body[];
    const urls: string[] = [];
    for (const format of ['OFD', 'PDF'] as const) {
      const file = data(await client.send('POST', `/v1/licenses/${String(licence?.licenseId)}/file`, { body: { authToken: token, purpose: { itemCode: PENSION_CERT_ITEM }, format, watermark: '仅用于参保证明办理，他用无效' } }));
      expect(file).toMatchObject({ mimeType: format === 'OFD' ? 'application/ofd' : 'application/pdf', signature: { alg: expect.any(String), certSerial: expect.any(String), signer: '广州市公安局海珠区分局', value: expect.any(String) } });
      const expiresIn = Date.parse(String(file.urlExpiresAt)) - client.now();
      expect(expiresIn).toBeGreaterThan(290_000);
      expect(expiresIn).toBeLessThanOrEqual(300_000);
      const download = await fetch(String(file.downloadUrl));
      expect(download.headers.get('content-type')).toBe(file.mimeType);
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.length).toBe(file.size);
      expect(sha256(bytes)).toBe(file.sha256);
      expect(createHash('sm3').update(bytes).digest('hex')).toBe(file.sm3);
      urls.push(String(file.downloadUrl));
    }
    await client.advanceClock(301);
    for (const url of urls) {
      const expired = await fetch(url);
      expect(expired.status).toBe(404);
      expect(((await expired.json()) as Body).code).toBe('30002');
    }
  });

  it('item 26: licenses/verify returns valid:false for a modified hash and status "REVOKED" for a revoked licence', async () => {
    const holder = await givenResident('陈十七', { licenses: [{ licenseType: 'ID_CARD', issueDate: '2016-03-01', validTo: '2036-03-01' }] });
    const token = await authorize(holder, [{ licenseType: 'ID_CARD' }]);
    const [licence] = data(await client.send('POST', '/v1/licenses/search', { body: { holder: { idType: '111', ...holder }, licenseTypes: ['ID_CARD'], authToken: token } })).licenses as Body[];
    const licenseId = String(licence?.licenseId);
    const file = data(await client.send('POST', `/v1/licenses/${licenseId}/file`, { body: { authToken: token, format: 'OFD', watermark: '仅供核验' } }));
    const hash = String(file.sha256);
    const modified = `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
    expect(data(await client.send('POST', '/v1/licenses/verify', { body: { licenseId, sha256: hash } }))).toEqual({ valid: true, status: 'VALID' });
    expect(data(await client.send('POST', '/v1/licenses/verify', { body: { licenseId, sha256: modified } }))).toEqual({ valid: false, status: 'VALID' });
    await client.control('POST', `/__sim/licenses/${licenseId}/status`, { status: 'REVOKED' });
    expect(data(await client.send('POST', '/v1/licenses/verify', { body: { licenseId, sha256: hash } }))).toEqual({ valid: true, status: 'REVOKED' });
    expectError(await client.send('POST', '/v1/licenses/verify', { body: { licenseId: 'SIMLIC.NOPE', sha256: hash } }), 404, '30002');
  });

  it('item 27: index search filters by keyword and dept; lookup never returns data values, and returns hasData:null for a department in down mode', async () => {
    const marriage = data(await client.send('GET', '/v1/index/data-items', { query: { keyword: '婚姻', deptCode: 'MZ' } }));
    const items = marriage.items as Body[];
    expect(items.map((i) => i.dataItemCode)).toEqual(['MZ.MARRIAGE.STATUS', 'MZ.MARRIAGE.REGISTRATION']);
    expect(items[0]).toEqual({
      dataItemCode: 'MZ.MARRIAGE.STATUS',
      name: '婚姻状况',
      deptCode: 'MZ',
      deptName: '广东省民政厅',
      datasetCode: 'MZ_MARRIAGE',
      shareType: 'CONDITIONAL',
      shareCondition: '需本人授权，限婚姻相关事项',
      updateFrequency: 'REALTIME',
      fields: [{ code: 'maritalStatus', name: '婚姻状况', type: 'string' }],
    });
    expect((data(await client.send('GET', '/v1/index/data-items', { query: { keyword: '婚姻', deptCode: 'GA' } })).items as Body[])).toEqual([]);
    const ga = data(await client.send('GET', '/v1/index/data-items', { query: { deptCode: 'GA' } })).items as Body[];
    expect(ga.length).toBeGreaterThan(1);
    expect(ga.every((i) => i.deptCode === 'GA')).toBe(true);
    expect(ga.map((i) => i.shareType)).toContain('NOT_SHARED');

    const resident = await givenResident('褚十八', {
      marriage: { maritalStatus: 'MARRIED', spouseName: '卫十九', registrationDate: '2020-02-02' },
      household: { householdNumber: '440105099999', address: '广州市海珠区某某路18号' },
    });
    const token = await authorize(resident, [{ datasetCode: 'MZ_MARRIAGE' }]);
    const lookup = (): Promise<Reply> =>
      client.send('POST', '/v1/index/lookup', { body: { subject: { idType: '111', ...resident }, dataItemCodes: ['MZ.MARRIAGE.STATUS', 'GA.HOUSEHOLD.ADDRESS', 'WJ.BIRTH.CERT'], authToken: token } });
    const present = await lookup();
    expect(data(present)).toEqual({
      results: [
        { dataItemCode: 'MZ.MARRIAGE.STATUS', holders: [{ deptCode: 'MZ', hasData: true }] },
        { dataItemCode: 'GA.HOUSEHOLD.ADDRESS', holders: [{ deptCode: 'GA', hasData: true }] },
        { dataItemCode: 'WJ.BIRTH.CERT', holders: [{ deptCode: 'WJ', hasData: false }] },
      ],
    });
    for (const value of ['MARRIED', '卫十九', '2020-02-02', '440105099999', '某某路18号']) expect(present.text).not.toContain(value);

    await client.control('POST', '/__sim/down', { down: true, deptCode: 'GA' });
    expect((data(await lookup()).results as Body[]).map((r) => (r.holders as Body[])[0]?.hasData)).toEqual([true, null, false]);
    expectError(await client.send('POST', '/v1/index/lookup', { body: { subject: { idType: '111', ...resident }, dataItemCodes: ['GA.CRIMINAL.RECORD'], authToken: token } }), 403, '10005');
  });

  it('item 28: down on one deptCode yields 503 50300 only for that department\'s paths', async () => {
    const resident = await givenResident('蒋二十', { socialInsurance: contributions('2024-01', '2024-01', ['110']), marriage: { maritalStatus: 'UNMARRIED' } });
    const token = await authorize(resident, [{ datasetCode: 'RS_SI_PAYMENT' }, { datasetCode: 'MZ_MARRIAGE' }]);
    const rsCase = await submit();
    await client.control('POST', '/__sim/down', { down: true, deptCode: 'RS' });

    const refused = [
      await client.send('POST', '/v1/cases', { body: caseBody() }),
      await client.send('GET', `/v1/cases/${String(rsCase.caseNo)}`),
      await client.send('GET', '/v1/cases', { query: { applicationNo: String(rsCase.applicationNo) } }),
      await client.send('POST', `/v1/cases/${String(rsCase.caseNo)}/withdraw`, { body: {} }),
      await query('RS_SI_PAYMENT', resident, token),
    ];
    for (const reply of refused) {
      expectError(reply, 503, '50300');
      expect(reply.body.data).toEqual({ deptCode: 'RS' });
    }
    data(await client.send('POST', '/v1/cases', { body: caseBody({ itemCode: MARRIAGE_ITEM, deptCode: 'MZ', formData: { purposeText: '出国', recordType: 'UNMARRIED' } }) }));
    data(await query('MZ_MARRIAGE', resident, token));
    data(await client.send('GET', '/v1/index/data-items'));

    await client.control('POST', '/__sim/down', { down: false, deptCode: 'RS' });
    data(await query('RS_SI_PAYMENT', resident, token));
    expect(data(await client.send('GET', `/v1/cases/${String(rsCase.caseNo)}`)).status).toBe('RECEIVED');
  });

  it('item 29: a rate above the configured limit yields 429 10007 with Retry-After', async () => {
    await client.control('POST', '/__sim/config', { rateLimitPerSec: 5 });
    for (let i = 0; i < 5; i += 1) data(await client.send('GET', '/v1/index/data-items'));
    const limited = await client.send('GET', '/v1/index/data-items');
    expectError(limited, 429, '10007');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await client.advanceClock(1.1);
    data(await client.send('GET', '/v1/index/data-items'));
  });
});

// ---------------------------------------------------------------- other rules the spec states

describe('further rules of the contract', () => {
  it('§4.1: upload URLs valid less than 7 days after submittedAt are refused naming the field', async () => {
    const body = caseBody();
    const materials = (body.materials as Body[]).map((m) => (m.source === 'UPLOAD' ? { ...m, urlExpiresAt: '2025-01-02T10:00:00+08:00' } : m));
    expectError(await client.send('POST', '/v1/cases', { body: { ...body, materials } }), 400, '10001', 'materials[1].urlExpiresAt');
  });

  it('§4.3: the status can be read by applicationNo, with the full history in ascending seq', async () => {
    const body = caseBody();
    const submitted = await submit(body);
    await decide(String(submitted.caseNo), 'approve');
    const status = data(await client.send('GET', '/v1/cases', { query: { applicationNo: String(body.applicationNo) } }));
    expect((status.history as Body[]).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(status.result).toMatchObject({ decision: 'APPROVED', documents: [{ name: '职工基本养老保险参保证明开具', url: expect.stringContaining('/f/'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expectError(await client.send('GET', '/v1/cases', { query: { applicationNo: 'GZ-NOPE' } }), 404, '20001');
  });

  it('§5.2: RS_SI_ENROLLMENT reports per insurance type whether contributions are current', async () => {
    const now = new Date(Date.now() + 8 * 3600_000);
    const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const resident = await givenResident('韩二二', {
      socialInsurance: [...contributions('2020-01', thisMonth, ['110', '310']), ...contributions('2020-01', '2021-06', ['210'])],
    });
    const token = await authorize(resident, [{ datasetCode: 'RS_SI_ENROLLMENT' }]);
    const answer = data(await query('RS_SI_ENROLLMENT', resident, token));
    expect(answer.traceId).toMatch(/^TR-RS-/);
    expect((answer.records as Body[]).map((r) => [r.insuranceType, r.status, r.firstMonth, r.lastMonth])).toEqual([
      ['110', 'ACTIVE', '2020-01', thisMonth],
      ['210', 'STOPPED', '2020-01', '2021-06'],
      ['310', 'ACTIVE', '2020-01', thisMonth],
    ]);
  });

  it('§1: the request journal keeps ID numbers masked', async () => {
    await submit();
    const [entry] = await client.control<Body[]>('GET', '/__sim/requests?path=/v1/cases');
    expect(((entry?.body as Body).applicant as Body).idNumber).toBe('440***********1239');
  });
});

// ---------------------------------------------------------------- controls the suite relies on

describe('simulator controls', () => {
  it('a submission whose reply was lost is retried and stored once', async () => {
    await client.control('POST', '/__sim/faults', { path: '/v1/cases', method: 'POST', dropConnection: true, phase: 'after' });
    const body = caseBody();
    await expect(client.send('POST', '/v1/cases', { body })).rejects.toThrow();
    const retried = data(await client.send('POST', '/v1/cases', { body }));
    expect(retried.duplicate).toBe(true);
    expect(await client.control('GET', '/__sim/cases')).toEqual([expect.objectContaining({ applicationNo: body.applicationNo, submissions: 2, duplicates: 1 })]);
  });

  it('decide accepts an applicationNo; replay re-sends a stored event with a fresh signature', async () => {
    const body = caseBody();
    await submit(body);
    const decided = await decide(String(body.applicationNo), 'accept');
    expect(decided).toMatchObject({ status: 'ACCEPTED', seq: 2 });
    await receivedCalls(1);
    const eventId = String(receiver.calls[0]?.body.eventId);
    const replayed = await client.control<Body>('POST', '/__sim/callbacks/replay', { eventId });
    expect([replayed.kind, replayed.eventId]).toEqual(['replay', eventId]);
    await receivedCalls(2);
    expect(receiver.calls[1]?.raw).toBe(receiver.calls[0]?.raw);
    expect(receiver.calls[1]?.headers['x-nonce']).not.toBe(receiver.calls[0]?.headers['x-nonce']);
  });

  it('dropFirst loses attempts before they reach us, and they are retried per schedule', async () => {
    await client.control('POST', '/__sim/callbacks/policy', { dropFirst: 1, schedule: 'compressed', delayMs: 50 });
    const submitted = await submit();
    await decide(String(submitted.caseNo), 'accept');
    const [delivery] = await eventually(() => callbacks(), (list) => list[0]?.state === 'delivered');
    expect((delivery?.attempts as Body[]).map((a) => [a.httpStatus, a.error ?? null])).toEqual([
      [null, expect.stringContaining('dropFirst')],
      [200, null],
    ]);
    expect(receiver.calls).toHaveLength(1);
  });

  it('latency can slow one department, and faults fail a path a given number of times', async () => {
    await client.control('POST', '/__sim/latency', { deptCode: 'RS', fixedMs: 600 });
    let started = Date.now();
    data(await client.send('POST', '/v1/cases', { body: caseBody() }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    started = Date.now();
    data(await client.send('POST', '/v1/cases', { body: caseBody({ itemCode: MARRIAGE_ITEM, deptCode: 'MZ', formData: { purposeText: '出国', recordType: 'MARRIED' } }) }));
    expect(Date.now() - started).toBeLessThan(450);

    await client.control('POST', '/__sim/faults', { path: '/v1/cases/*', httpStatus: 503, code: '50300', times: 2 });
    const submitted = await submit({ itemCode: MARRIAGE_ITEM, deptCode: 'MZ', formData: { purposeText: '出国', recordType: 'MARRIED' } });
    expectError(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`), 503, '50300');
    expectError(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`), 503, '50300');
    data(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`));
  });

  it('residents added through /__sim/people must carry valid ID numbers and can be read back without putting the number in a URL', async () => {
    const refused = await fetch(new URL('/__sim/people', sim.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNumber: '440105199001011230', name: '错号' }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Body).field).toBe('idNumber');
    const resident = await givenResident('沈二一', { socialInsurance: contributions('2024-01', '2024-02', ['110']) });
    const found = await client.control<Body>('POST', '/__sim/people/find', { idNumber: resident.idNumber });
    expect([found.name, (found.socialInsurance as Body[]).length]).toEqual(['沈二一', 2]);
  });

  it('auto-processing walks new cases through the chosen scenario', async () => {
    await client.control('POST', '/__sim/cases/auto', { enabled: true, scenario: 'supplement_then_approve', stepDelayMs: 10 });
    const submitted = await submit();
    const caseNo = String(submitted.caseNo);
    await receivedCalls(2);
    data(await client.send('POST', `/v1/cases/${caseNo}/supplements`, { body: { supplementId: 'SP-auto', requestSeq: 3, materials: [] } }));
    await receivedCalls(5);
    expect(receiver.calls.map((c) => c.body.status)).toEqual(['ACCEPTED', 'SUPPLEMENT_REQUIRED', 'SUPPLEMENTED', 'IN_REVIEW', 'CONCLUDED']);
    expect((receiver.calls[4]?.body.result as Body).decision).toBe('APPROVED');
  });

  it('a missed supplement deadline rejects the case', async () => {
    const submitted = await submit();
    await decide(String(submitted.caseNo), 'supplement', { supplement: { deadline: '2030-01-01T17:00:00+08:00' } });
    await client.setClock((Date.parse('2030-01-01T17:00:01+08:00') - Date.now()) / 1000);
    const status = data(await client.send('GET', `/v1/cases/${String(submitted.caseNo)}`));
    expect([status.status, status.seq, (status.history as Body[]).at(-1)?.reason]).toEqual(['REJECTED', 4, '逾期未补正']);
  });

  it('transitions outside the §4.2 table are refused', async () => {
    const submitted = await submit();
    const res = await fetch(new URL(`/__sim/cases/${String(submitted.caseNo)}/transition`, sim.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'SUPPLEMENTED' }) });
    expect(res.status).toBe(409);
    await decide(String(submitted.caseNo), 'reject');
    const again = await fetch(new URL(`/__sim/cases/${String(submitted.caseNo)}/decide`, sim.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }) });
    expect(again.status).toBe(409);
  });

  it('whole-simulator down modes refuse connections or answer 502', async () => {
    await client.control('POST', '/__sim/down', { down: true });
    await expect(client.send('GET', '/v1/index/data-items')).rejects.toThrow();
    await client.control('POST', '/__sim/down', { down: true, mode: 'http502' });
    const gateway = await client.send('GET', '/v1/index/data-items');
    expect([gateway.status, gateway.text]).toEqual([502, expect.stringContaining('502 Bad Gateway')]);
    await client.control('POST', '/__sim/down', { down: false });
    data(await client.send('GET', '/v1/index/data-items'));
  });

  it('reset restores the boot configuration and forgets cases, tokens and callbacks', async () => {
    await client.control('POST', '/__sim/config', { rateLimitPerSec: 1, apps: [{ appKey: 'other', appSecret: 'other' }] });
    await client.control('POST', '/__sim/reset');
    const config = await client.control<Body>('GET', '/__sim/config');
    expect(config.rateLimitPerSec).toBe(50);
    expect((config.apps as Body[]).map((a) => a.appKey)).toEqual([KEYS.client.appKey]);
    expect(await client.control('GET', '/__sim/people')).toEqual([]);
  });
});

describe('boot seed', () => {
  it('a simulator started with defaults serves the synthetic residents with the dev keys', async () => {
    const seeded = await startDeptSimulator({ port: 0 });
    try {
      const dev = new ExchangeClient(seeded.url, { paasId: 'haizhu-dev', paasToken: 'dev-paas-token-0123456789abcdef', appKey: 'haizhu-api-dev', appSecret: 'dev-app-secret' });
      const people = await dev.control<Body[]>('GET', '/__sim/people');
      expect(people.map((p) => p.name)).toEqual(['张三', '李四', '张小明', '王五', '陈晓红', '赵敏']);
      const zhang = { idNumber: '440105199001011239', name: '张三' };
      const reply = await dev.send('POST', '/v1/authorizations', {
        body: { consentId: 'CS-seed', subject: { idType: '111', ...zhang }, scope: [{ datasetCode: 'RS_SI_PAYMENT' }], purpose: { text: '办理参保证明' }, evidence: { method: 'FACE_VERIFY', verifiedAt: '2025-01-01T09:58:00+08:00', ref: 'FV-1' } },
      });
      const token = (reply.body.data as Body).authToken;
      const payments = await dev.send('POST', '/v1/data/RS_SI_PAYMENT/query', { body: { subject: { idType: '111', ...zhang }, authToken: token, params: { insuranceTypes: ['110'], startMonth: '2024-12', endMonth: '2024-12' } } });
      expect(payments.body.data).toMatchObject({
        total: 1,
        records: [{ month: '2024-12', insuranceType: '110', employerName: '广州某某有限公司', paymentBase: '5000.00', employerAmount: '800.00', personalAmount: '400.00', status: 'PAID' }],
        summary: { firstInsuredMonth: '2015-07', paidMonths: 114 },
      });
    } finally {
      await seeded.close();
    }
  });
});
