/**
 * Conformance of the courier simulator with /work/shared/specs/courier.md §6.
 * Items about our client or server (8, 12, 15–19, 22) are checked from the simulator's side here
 * — it produces the situation (duplicates with one id, unsorted routes, forged pushes, …) and a
 * reference receiver applying the §3.5/§4 rules ends in the required state; the API suite tests
 * our own implementation of those rules.
 */
import { createHash } from 'node:crypto';

import { deriveStatus } from './canonical';
import { CourierClient, eventually, header, ReferenceReceiver, routesOf, sleep, startPushReceiver, type Body, type ReceivedPush, type RecordingReceiver, type ServiceReply } from './conformance-support';
import { parseSfTime, sfTime } from './format';
import { COMPRESSED_RETRY_DELAYS_MS, COURIER_SIM_DEV_DEFAULTS, javaUrlEncode, msgDigest, pushHeaders, startCourierSimulator, type RunningCourierSimulator } from './index';
import { checkPush } from './signing';

const PARTNER = { partnerID: 'HZZW_TEST', checkWord: 'TestCheckWord0123456789abcdefXYZ', monthlyCard: '0209876543' };
const SENDER_TAIL = '8000';
const RECIPIENT_TAIL = '1234';
const CREATE = 'EXP_RECE_CREATE_ORDER';
const UPDATE = 'EXP_RECE_UPDATE_ORDER';
const SEARCH_ORDER = 'EXP_RECE_SEARCH_ORDER_RESP';
const SEARCH_ROUTES = 'EXP_RECE_SEARCH_ROUTES';
const WIRE_ROUTE_KEYS = ['id', 'mailno', 'orderid', 'acceptTime', 'acceptAddress', 'remark', 'opCode', 'reasonCode', 'reasonName'];
const MINUTE = 60;

let sim: RunningCourierSimulator;
let receiver: RecordingReceiver;
let client: CourierClient;
let orderSeq = 0;

beforeAll(async () => {
  receiver = await startPushReceiver();
  sim = await startCourierSimulator({ port: 0, partners: [PARTNER], pushUrl: receiver.url });
  client = new CourierClient(sim.url, PARTNER);
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

beforeEach(async () => {
  await client.control('POST', '/__sim/reset');
  client.offsetMs = 0;
  receiver.reset();
});

// ---------------------------------------------------------------- helpers

function nextOrderId(): string {
  orderSeq += 1;
  return `SHP${Date.now()}${String(orderSeq).padStart(4, '0')}`;
}

function sender(overrides: Body = {}): Body {
  return { contactType: 1, contact: '海珠区政务服务中心', mobile: '13800138000', company: '海珠区政务服务数据管理局', country: 'CN', province: '广东省', city: '广州市', county: '海珠区', address: '新港中路397号', ...overrides };
}

function recipient(overrides: Body = {}): Body {
  return { contactType: 2, contact: '李四', mobile: '13912341234', country: 'CN', province: '广东省', city: '深圳市', county: '南山区', address: '科技园南区1号', ...overrides };
}

function orderData(overrides: Body = {}): Body {
  const now = client.now();
  return {
    language: 'zh-CN',
    orderId: nextOrderId(),
    monthlyCard: PARTNER.monthlyCard,
    payMethod: 1,
    expressTypeId: 2,
    parcelQty: 1,
    totalWeight: 0.5,
    cargoDesc: '文件',
    cargoDetails: [{ name: '文件', count: 1, unit: '份' }],
    isDocall: 1,
    sendStartTm: sfTime(now + 2 * 3600_000),
    pickupAppointEndtime: sfTime(now + 4 * 3600_000),
    serviceList: [{ name: 'INSURE', value: '500' }],
    contactInfoList: [sender(), recipient()],
    remark: '证照寄递',
    ...overrides,
  };
}

function msg(reply: ServiceReply): Body {
  expect(reply.body.apiResultCode).toBe('A1000');
  expect(reply.result?.success).toBe(true);
  return reply.result?.msgData as Body;
}

function expectBusinessError(reply: ServiceReply, errorCode: string): string {
  expect(reply.status).toBe(200);
  expect(reply.body.apiResultCode).toBe('A1000');
  expect(reply.result).toMatchObject({ success: false, errorCode, msgData: null });
  return String(reply.result?.errorMsg);
}

function expectGateway(reply: ServiceReply, code: string): void {
  expect(reply.status).toBe(200);
  expect(reply.body.apiResultCode).toBe(code);
  expect(reply.body.apiResultData).toBeNull();
}

async function create(overrides: Body = {}): Promise<{ orderId: string; waybillNo: string; data: Body }> {
  const body = orderData(overrides);
  const data = msg(await client.call(CREATE, body));
  const list = data.waybillNoInfoList as Body[];
  return { orderId: String(body.orderId), waybillNo: String(list[0]?.waybillNo), data };
}

function advance(orderId: string, body: Body): Promise<Body> {
  return client.control('POST', `/__sim/orders/${encodeURIComponent(orderId)}/advance`, body);
}

function pushLog(query = ''): Promise<Body[]> {
  return client.control<Body[]>('GET', `/__sim/pushes${query}`);
}

function orderView(orderId: string): Promise<Body> {
  return client.control('GET', `/__sim/orders/${encodeURIComponent(orderId)}`);
}

async function routeQuery(numbers: string[], trackingType: 1 | 2, checkPhoneNo?: string): Promise<Body[]> {
  const data = msg(await client.call(SEARCH_ROUTES, { language: 'zh-CN', trackingType, trackingNumber: numbers, methodType: 1, ...(checkPhoneNo === undefined ? {} : { checkPhoneNo }) }));
  return data.routeResps as Body[];
}

function opCodes(pushes: readonly ReceivedPush[]): string[] {
  return pushes.flatMap((p) => routesOf(p).map((r) => String(r.opCode)));
}

/** The §2 rule written independently: encodeURIComponent plus Java's differences. */
function independentJavaEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function independentDigest(text: string, timestamp: string, checkWord: string): string {
  return createHash('md5').update(independentJavaEncode(text + timestamp + checkWord)).digest('base64');
}

/** Expects the push to carry §3.5 headers that verify with `checkWord` against simulator time. */
function expectSigned(push: ReceivedPush, checkWord = PARTNER.checkWord): void {
  const timestamp = header(push, 'x-courier-timestamp') ?? '';
  expect(header(push, 'x-courier-digest')).toBe(independentDigest(push.raw, timestamp, checkWord));
  expect(checkPush(push.raw, { timestamp, digest: header(push, 'x-courier-digest') }, checkWord, client.now())).toEqual({ ok: true });
}

// ---------------------------------------------------------------- §6

describe('courier simulator conformance (spec §6)', () => {
  it('item 1: a correctly signed request gets A1000 and apiResultData as a JSON string', async () => {
    const reply = await client.call(CREATE, orderData());
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/application\/json/);
    expect(reply.body.apiResultCode).toBe('A1000');
    expect(reply.body.apiErrorMsg).toBe('');
    expect(reply.body.apiResponseID).toMatch(/^[0-9A-F]{32}$/);
    expect(typeof reply.body.apiResultData).toBe('string');
    expect(JSON.parse(String(reply.body.apiResultData))).toMatchObject({ success: true, errorCode: 'S0000', errorMsg: null });
  });

  it('item 2: one changed character of msgData or timestamp, or a wrong checkWord, yields A1006', async () => {
    const body = orderData();
    const text = JSON.stringify(body);
    expectGateway(await client.call(CREATE, body, { signedMsgData: text.replace('文件', '文書') }), 'A1006');
    const timestamp = String(client.now());
    const otherDigit = String((Number(timestamp.slice(-1)) + 1) % 10);
    expectGateway(await client.call(CREATE, body, { timestamp, signedTimestamp: timestamp.slice(0, -1) + otherDigit }), 'A1006');
    expectGateway(await client.call(CREATE, body, { checkWord: `${PARTNER.checkWord}x` }), 'A1006');
    // An unknown partner cannot have a valid digest either.
    expectGateway(await client.call(CREATE, body, { partnerID: 'NOBODY' }), 'A1006');
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toEqual([]);

    const journal = await client.control<Body[]>('GET', `/__sim/requests?serviceCode=${CREATE}`);
    expect(journal).toHaveLength(4);
    expect(journal.map((e) => (e.digest as Body).ok)).toEqual([false, false, false, false]);
    expect(journal[3]?.digest).toMatchObject({ expected: null });
    msg(await client.call(CREATE, body));
  });

  it('item 3: a timestamp more than 10 minutes from simulator time yields A1002', async () => {
    const now = client.now();
    expectGateway(await client.call(SEARCH_ORDER, { orderId: 'X', searchType: '1' }, { timestamp: String(now - 11 * MINUTE * 1000) }), 'A1002');
    expectGateway(await client.call(SEARCH_ORDER, { orderId: 'X', searchType: '1' }, { timestamp: String(now + 11 * MINUTE * 1000) }), 'A1002');
    expectBusinessError(await client.call(SEARCH_ORDER, { orderId: 'X', searchType: '1' }, { timestamp: String(now - 9 * MINUTE * 1000) }), '8018');
    // The tolerance is measured against simulator time: move it, and real-time requests are stale.
    await client.control('POST', '/__sim/clock', { offsetSec: 3600 });
    expectGateway(await client.call(SEARCH_ORDER, { orderId: 'X', searchType: '1' }), 'A1002');
    client.offsetMs = 3600_000;
    expectBusinessError(await client.call(SEARCH_ORDER, { orderId: 'X', searchType: '1' }), '8018');
    expectGateway(await client.call(SEARCH_ORDER, { orderId: 'X', searchType: '1' }, { timestamp: 'yesterday' }), 'A1002');
  });

  it('item 4: leaving out any of partnerID, requestID, serviceCode, timestamp, msgData (or msgDigest) yields A1001 naming it', async () => {
    for (const name of ['partnerID', 'requestID', 'serviceCode', 'timestamp', 'msgData', 'msgDigest']) {
      const reply = await client.call(CREATE, orderData(), { omit: [name] });
      expectGateway(reply, 'A1001');
      expect(reply.body.apiErrorMsg).toContain(name);
    }
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toEqual([]);
  });

  it('item 5: the official msgDigest vector and the push vector reproduce in our helper and in the simulator', async () => {
    const official = { msgData: '{"language":"zh-CN","orderId":"QIAO-20200618-004"}', timestamp: '12312334453453', checkWord: 'fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci' };
    expect(msgDigest(official.msgData, official.timestamp, official.checkWord)).toBe('IIKJtuLVzoFTu4kHI8M8vA==');
    const pushBody =
      '{"Body":{"WaybillRoute":[{"id":"1","mailno":"SF1234567890123","orderid":"SHP1","acceptTime":"2025-01-02 10:12:03","remark":"顺丰速运 已收取快件","opCode":"50"}]}}';
    expect(msgDigest(pushBody, '1735783923000', official.checkWord)).toBe('ISy8/Sf53k5YbmsJdOjh1g==');
    expect(pushHeaders(pushBody, official.checkWord, 1735783923000)).toEqual({ 'X-Courier-Timestamp': '1735783923000', 'X-Courier-Digest': 'ISy8/Sf53k5YbmsJdOjh1g==' });

    // Java rule, not encodeURIComponent: the two differ for space ~ ' ( ) ! (and agree on * . - _).
    expect(javaUrlEncode("a b~'()!*._-顺")).toBe('a+b%7E%27%28%29%21*._-%E9%A1%BA');
    const tricky = '{"remark":"it\'s (urgent)! ~ 顺丰 a*b"}';
    expect(msgDigest(tricky, '1', 'k')).toBe(independentDigest(tricky, '1', 'k'));
    expect(msgDigest(tricky, '1', 'k')).not.toBe(createHash('md5').update(encodeURIComponent(`${tricky}1k`)).digest('base64'));

    // The simulator recomputes the official digest for a partner with that checkWord (the vector's
    // timestamp lies in the year 2360, so the call itself is refused as expired).
    await client.control('POST', '/__sim/config', { partners: [PARTNER, { partnerID: 'QIAO', checkWord: official.checkWord, monthlyCard: '7551234567' }] });
    const res = await fetch(new URL('/std/service', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ partnerID: 'QIAO', requestID: 'vector-1', serviceCode: SEARCH_ORDER, ...official, msgDigest: 'IIKJtuLVzoFTu4kHI8M8vA==' }).toString(),
    });
    expect(((await res.json()) as Body).apiResultCode).toBe('A1002');
    const [entry] = await client.control<Body[]>('GET', '/__sim/requests?partnerID=QIAO');
    expect(entry?.digest).toEqual({ received: 'IIKJtuLVzoFTu4kHI8M8vA==', expected: 'IIKJtuLVzoFTu4kHI8M8vA==', ok: true });

    // The simulator's own pushes verify under the independent implementation.
    const { orderId } = await create();
    await advance(orderId, { opCode: '50', remark: "it's (urgent)! ~ 顺丰 已收取快件" });
    const [push] = await eventually(() => receiver.calls, (list) => list.length === 1);
    expectSigned(push as ReceivedPush);
  });

  it('item 6: a valid create returns success, a waybill SF + 13 digits and filterResult 2', async () => {
    const body = orderData();
    const data = msg(await client.call(CREATE, body));
    expect(data).toEqual({
      orderId: body.orderId,
      originCode: '020',
      destCode: '755',
      filterResult: 2,
      remark: '',
      waybillNoInfoList: [{ waybillType: 1, waybillNo: expect.stringMatching(/^SF\d{13}$/) as unknown }],
    });
    const view = await orderView(String(body.orderId));
    expect(view).toMatchObject({ partnerID: PARTNER.partnerID, status: 'CREATED', routes: [], createCalls: 1, request: { orderId: body.orderId } });
    // Numbers as strings (common in SF integrations) are accepted too.
    msg(await client.call(CREATE, orderData({ payMethod: '1', parcelQty: '1', totalWeight: '0.5', isDocall: '1' })));
  });

  it('item 7: a second create with the same orderId yields 8016 and no second waybill; return_original returns the original', async () => {
    const body = orderData();
    const first = msg(await client.call(CREATE, body));
    expect(expectBusinessError(await client.call(CREATE, body), '8016')).toContain('重复下单');
    expectBusinessError(await client.call(CREATE, { ...body, remark: '换了备注' }), '8016');
    const orders = await client.control<Body[]>('GET', '/__sim/orders');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ createCalls: 3, waybillNo: (first.waybillNoInfoList as Body[])[0]?.waybillNo });

    await client.control('POST', '/__sim/config', { duplicateOrder: 'return_original' });
    expect(msg(await client.call(CREATE, body))).toEqual(first);
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toHaveLength(1);

    // orderId is unique per partner: another partner may use the same one.
    const other = { partnerID: 'HZZW_OTHER', checkWord: 'OtherCheckWord0123456789abcdefgh', monthlyCard: '0201111111' };
    await client.control('POST', '/__sim/config', { partners: [PARTNER, other] });
    const otherClient = new CourierClient(sim.url, other);
    msg(await otherClient.call(CREATE, { ...body, monthlyCard: other.monthlyCard }));
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toHaveLength(2);
  });

  it('item 8 (simulator side): after 8016 — also when the create reply was lost — EXP_RECE_SEARCH_ORDER_RESP returns the stored waybill', async () => {
    // The create is stored, then the connection drops before the reply (phase "after").
    await client.control('POST', '/__sim/faults', { serviceCode: CREATE, dropConnection: true, phase: 'after' });
    const body = orderData();
    await expect(client.call(CREATE, body)).rejects.toThrow();
    expectBusinessError(await client.call(CREATE, body), '8016');
    const recovered = msg(await client.call(SEARCH_ORDER, { orderId: body.orderId, searchType: '1', language: 'zh-CN' }));
    const stored = await orderView(String(body.orderId));
    expect(recovered).toMatchObject({ orderId: body.orderId, filterResult: 2, waybillNoInfoList: [{ waybillType: 1, waybillNo: stored.waybillNo }] });
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toHaveLength(1);
    expect(expectBusinessError(await client.call(SEARCH_ORDER, { orderId: 'NO-SUCH-ORDER', searchType: '1' }), '8018')).toContain('NO-SUCH-ORDER');
  });

  it('item 9: a contact without province/city/county whose address lacks them is refused with 9001 naming the field', async () => {
    const bare = recipient({ province: undefined, city: undefined, county: undefined, address: '科技园南区1号' });
    const refused = await client.call(CREATE, orderData({ contactInfoList: [sender(), bare] }));
    expect(expectBusinessError(refused, '9001')).toContain('contactInfoList[1].province');

    const cityMissing = recipient({ city: undefined, county: undefined, address: '南山区科技园南区1号' });
    expect(expectBusinessError(await client.call(CREATE, orderData({ contactInfoList: [sender(), cityMissing] })), '9001')).toContain('contactInfoList[1].city');

    // The address may carry the region instead of the fields.
    const inAddress = recipient({ province: undefined, city: undefined, county: undefined, address: '广东省深圳市南山区科技园南区1号' });
    expect(msg(await client.call(CREATE, orderData({ contactInfoList: [sender(), inAddress] }))).destCode).toBe('755');
    const municipality = recipient({ province: undefined, city: undefined, county: undefined, address: '北京市朝阳区建国路1号' });
    expect(msg(await client.call(CREATE, orderData({ contactInfoList: [sender(), municipality] }))).destCode).toBe('010');

    // Other fields are named the same way.
    const cases: [Body, string][] = [
      [{ contactInfoList: [sender({ mobile: undefined }), recipient()] }, 'contactInfoList[0].mobile'],
      [{ contactInfoList: [sender(), recipient({ contact: '' })] }, 'contactInfoList[1].contact'],
      [{ contactInfoList: [sender(), sender()] }, 'contactInfoList'],
      [{ monthlyCard: '0000000000' }, 'monthlyCard'],
      [{ orderId: '' }, 'orderId'],
      [{ cargoDetails: [] }, 'cargoDetails'],
      [{ sendStartTm: '2025-13-01 10:00:00' }, 'sendStartTm'],
      [{ sendStartTm: sfTime(Date.now() + 4 * 3600_000), pickupAppointEndtime: sfTime(Date.now() + 3 * 3600_000) }, 'pickupAppointEndtime'],
      [{ serviceList: [{ name: 'INSURE', value: 'lots' }] }, 'serviceList[0].value'],
    ];
    for (const [overrides, field] of cases) expect(expectBusinessError(await client.call(CREATE, orderData(overrides)), '9001')).toContain(field);
    expect(expectBusinessError(await client.call(CREATE, undefined, { rawMsgData: 'not json' }), '9001')).toContain('msgData');
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toHaveLength(2);
  });

  it('item 10: cancel before PICKED_UP succeeds, again as well; after PICKED_UP it fails with 9002', async () => {
    const { orderId, waybillNo } = await create();
    const cancel = { orderId, dealType: 2, language: 'zh-CN' };
    expect(msg(await client.call(UPDATE, cancel))).toEqual({ orderId, waybillNoInfoList: [{ waybillType: 1, waybillNo }], resStatus: 2 });
    expect(msg(await client.call(UPDATE, cancel))).toMatchObject({ orderId, resStatus: 2 });
    expect(await orderView(orderId)).toMatchObject({ status: 'CANCELLED', cancelled: true });
    // A cancelled order gets no more routes.
    expect((await client.controlReply('POST', `/__sim/orders/${orderId}/advance`, { opCode: '50' })).status).toBe(409);

    const picked = await create();
    await advance(picked.orderId, { canonical: 'PICKED_UP' });
    expect(expectBusinessError(await client.call(UPDATE, { orderId: picked.orderId, dealType: 2 }), '9002')).toContain(picked.orderId);
    expect(await orderView(picked.orderId)).toMatchObject({ status: 'PICKED_UP', cancelled: false });

    // pickup_failed: a 33 before pickup flags the order but still allows the cancel.
    const failed = await create();
    await client.control('POST', `/__sim/orders/${failed.orderId}/script`, { scenario: 'pickup_failed', stepDelayMs: 0 });
    await eventually(() => orderView(failed.orderId), (view) => (view.routes as Body[]).length === 1);
    expect(await orderView(failed.orderId)).toMatchObject({ status: 'CREATED', exception: true, routes: [{ opCode: '33' }] });
    msg(await client.call(UPDATE, { orderId: failed.orderId, dealType: '2' }));

    expectBusinessError(await client.call(UPDATE, { orderId: 'NO-SUCH', dealType: 2 }), '8018');
    expect(expectBusinessError(await client.call(UPDATE, { orderId, dealType: 3 }), '9001')).toContain('dealType');
  });

  it('item 11: a route query by waybill needs the last 4 digits of either phone; by orderId it does not', async () => {
    const { orderId, waybillNo } = await create();
    await advance(orderId, { opCode: '50', push: false });
    await advance(orderId, { opCode: '30', push: false });
    expect(await routeQuery([waybillNo], 1)).toEqual([{ mailNo: waybillNo, routes: [] }]);
    expect(await routeQuery([waybillNo], 1, '0000')).toEqual([{ mailNo: waybillNo, routes: [] }]);
    for (const tail of [SENDER_TAIL, RECIPIENT_TAIL]) {
      const [resp] = await routeQuery([waybillNo], 1, tail);
      expect(((resp?.routes as Body[]) ?? []).map((r) => r.opCode).sort()).toEqual(['30', '50']);
    }
    const [byOrder] = await routeQuery([orderId], 2);
    expect(byOrder?.mailNo).toBe(waybillNo);
    expect((byOrder?.routes as Body[]).length).toBe(2);
    expect(Object.keys((byOrder?.routes as Body[])[0] ?? {})).toEqual(['acceptTime', 'acceptAddress', 'remark', 'opCode']);
    // Unknown waybills answer an empty list, unknown orderIds are left out.
    expect(await routeQuery(['SF0000000000000', waybillNo], 1, SENDER_TAIL)).toEqual([
      { mailNo: 'SF0000000000000', routes: [] },
      { mailNo: waybillNo, routes: expect.any(Array) as unknown },
    ]);
    expect(await routeQuery(['NO-SUCH-ORDER'], 2)).toEqual([]);
    expect(expectBusinessError(await client.call(SEARCH_ROUTES, { trackingType: 3, trackingNumber: [waybillNo] }), '9001')).toContain('trackingType');
  });

  it('item 12 (simulator side): route queries come back unsorted; the §4 status is the same as for sorted input', async () => {
    const { orderId } = await create();
    const times = ['2025-01-02 10:12:03', '2025-01-02 18:40:00', '2025-01-03 06:05:10', '2025-01-03 09:01:44', '2025-01-03 15:30:00'];
    const codes = ['50', '30', '31', '44', '80'];
    for (const [i, opCode] of codes.entries()) await advance(orderId, { opCode, acceptTime: times[i], push: false });

    await client.control('POST', '/__sim/config', { routeOrder: 'shuffled' });
    const [shuffled] = await routeQuery([orderId], 2);
    const routes = shuffled?.routes as { acceptTime: string; opCode: string }[];
    expect(routes.map((r) => r.acceptTime)).not.toEqual(times);
    expect([...routes.map((r) => r.acceptTime)].sort()).toEqual(times);
    expect(deriveStatus(routes)).toEqual(deriveStatus(times.map((acceptTime, i) => ({ acceptTime, opCode: codes[i] ?? '' }))));
    expect(deriveStatus(routes).status).toBe('DELIVERED');

    await client.control('POST', '/__sim/config', { routeOrder: 'reversed' });
    expect(((await routeQuery([orderId], 2))[0]?.routes as Body[]).map((r) => r.acceptTime)).toEqual([...times].reverse());
    await client.control('POST', '/__sim/config', { routeOrder: 'sorted' });
    expect(((await routeQuery([orderId], 2))[0]?.routes as Body[]).map((r) => r.acceptTime)).toEqual(times);

    // Default "random": some queries sorted, some not.
    await client.control('POST', '/__sim/config', { routeOrder: 'random' });
    const seen = new Set<boolean>();
    for (let i = 0; i < 40 && seen.size < 2; i += 1) {
      const order = ((await routeQuery([orderId], 2))[0]?.routes as Body[]).map((r) => r.acceptTime);
      seen.add(JSON.stringify(order) === JSON.stringify(times));
    }
    expect(seen).toEqual(new Set([true, false]));
  });

  it('item 13: each advance with push:true produces a §3.5 push whose X-Courier-Digest verifies', async () => {
    const { orderId, waybillNo } = await create();
    const reply = await advance(orderId, { canonical: 'PICKED_UP' });
    const route = reply.route as Body;
    const [push] = await eventually(() => receiver.calls, (list) => list.length === 1);
    const received = push as ReceivedPush;
    expect(header(received, 'content-type')).toMatch(/^application\/json/);
    expect(Object.keys(received.body)).toEqual(['Body']);
    expect(Object.keys(received.body.Body as Body)).toEqual(['WaybillRoute']);
    const [wire] = routesOf(received);
    expect(Object.keys(wire ?? {})).toEqual(WIRE_ROUTE_KEYS);
    expect(wire).toEqual({
      id: route.id,
      mailno: waybillNo,
      orderid: orderId,
      acceptTime: route.acceptTime,
      acceptAddress: '广州市海珠区',
      remark: '顺丰速运 已收取快件',
      opCode: '50',
      reasonCode: '',
      reasonName: '',
    });
    expect(String(wire?.id)).toMatch(/^\d{15}$/);
    expect(String(wire?.acceptTime)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expectSigned(received);
    expect(Math.abs(Number(header(received, 'x-courier-timestamp')) - Date.now())).toBeLessThan(5000);

    // push:false appends the route without pushing; the next push is signed afresh.
    await advance(orderId, { opCode: '30', push: false });
    await advance(orderId, { opCode: '31', acceptAddress: '深圳市', remark: '快件到达【深圳南山营业部】' });
    const pushes = await eventually(() => receiver.calls, (list) => list.length === 2);
    expect(routesOf(pushes[1] as ReceivedPush)[0]).toMatchObject({ opCode: '31', acceptAddress: '深圳市', remark: '快件到达【深圳南山营业部】' });
    expectSigned(pushes[1] as ReceivedPush);
    await sleep(50);
    expect(receiver.calls).toHaveLength(2);
    expect(((await orderView(orderId)).routes as Body[]).map((r) => r.opCode)).toEqual(['50', '30', '31']);
  });

  it('item 14: a push answered 0000 is not re-sent; one answered otherwise is re-sent at +1 min (contract)', async () => {
    const { orderId } = await create();
    await advance(orderId, { opCode: '50' });
    const [delivered] = await eventually(() => pushLog(), (list) => list[0]?.state === 'delivered');
    expect(delivered?.attempts).toEqual([expect.objectContaining({ httpStatus: 200, reply: { return_code: '0000', return_msg: '成功' } })]);
    await client.advanceClock(86_400);
    await sleep(100);
    expect(receiver.calls).toHaveLength(1);

    // return_code 1000 (HTTP 200) is a failure too: retried one minute later, then delivered.
    let failures = 1;
    receiver.responder = () => (failures-- > 0 ? { status: 200, body: { return_code: '1000', return_msg: '系统异常' } } : { status: 200, body: { return_code: '0000' } });
    await advance(orderId, { opCode: '30' });
    const [pending] = await eventually(() => pushLog('?state=pending'), (list) => (list[0]?.attempts as Body[] | undefined)?.length === 1);
    const firstAt = Date.parse(String((pending?.attempts as Body[])[0]?.at));
    const dueIn = Date.parse(String(pending?.nextAttemptAt)) - firstAt;
    expect(dueIn).toBeGreaterThanOrEqual(60_000);
    expect(dueIn).toBeLessThan(61_000);
    await client.advanceClock(50);
    await sleep(100);
    expect(receiver.calls).toHaveLength(2);
    await client.advanceClock(11);
    const retried = await eventually(() => pushLog(`?orderId=${orderId}`), (list) => list[1]?.state === 'delivered');
    expect((retried[1]?.attempts as Body[]).map((a) => a.httpStatus)).toEqual([200, 200]);
    // The same bytes and route id, signed afresh with the later time.
    expect(receiver.calls[2]?.raw).toBe(receiver.calls[1]?.raw);
    expect(header(receiver.calls[2] as ReceivedPush, 'x-courier-timestamp')).not.toBe(header(receiver.calls[1] as ReceivedPush, 'x-courier-timestamp'));
    expectSigned(receiver.calls[2] as ReceivedPush);
  });

  it('item 14 (timeout): a push answered after more than 5 s is re-sent', async () => {
    await client.control('POST', '/__sim/push/policy', { retrySchedule: 'compressed' });
    let slow = 1;
    receiver.responder = () => (slow-- > 0 ? { status: 200, body: { return_code: '0000' }, delayMs: 5300 } : { status: 200, body: { return_code: '0000' } });
    const { orderId } = await create();
    await advance(orderId, { opCode: '50' });
    const [late] = await eventually(() => pushLog(), (list) => list[0]?.state === 'delivered', 9000);
    const attempts = late?.attempts as Body[];
    expect(attempts.map((a) => a.httpStatus)).toEqual([null, 200]);
    expect(attempts[0]?.error).toMatch(/no reply within 5000 ms/);
    expect(Number(attempts[0]?.latencyMs)).toBeGreaterThanOrEqual(4900);
  }, 15_000);

  it('item 14 (schedule): a push never acknowledged is attempted at +1m, 5m, 10m, 30m, 1h, 2h, 6h, 12h and then dropped', async () => {
    receiver.responder = () => ({ status: 503, body: 'busy' });
    const { orderId } = await create();
    await advance(orderId, { opCode: '50' });
    const schedule = [1, 5, 10, 30, 60, 120, 360, 720];
    for (const [i, minutes] of schedule.entries()) {
      await eventually(() => pushLog(), (list) => (list[0]?.attempts as Body[]).length === i + 1 && list[0]?.state === 'pending');
      await client.advanceClock(minutes * MINUTE + 0.05);
    }
    const [dropped] = await eventually(() => pushLog(), (list) => list[0]?.state === 'failed');
    const times = (dropped?.attempts as Body[]).map((a) => Date.parse(String(a.at)));
    expect(times).toHaveLength(9);
    times.slice(1).forEach((at, i) => {
      expect(at - (times[i] ?? 0)).toBeGreaterThanOrEqual((schedule[i] ?? 0) * 60_000);
      expect(at - (times[i] ?? 0)).toBeLessThan((schedule[i] ?? 0) * 60_000 + 2000);
    });
    expect(dropped?.nextAttemptAt).toBeNull();
    expect(receiver.calls).toHaveLength(9);
  });

  it('item 14 (compressed schedule): the same intervals with each minute read as a millisecond', async () => {
    expect(COMPRESSED_RETRY_DELAYS_MS).toEqual([1, 5, 10, 30, 60, 120, 360, 720]);
    const compressed = await startCourierSimulator({ port: 0, partners: [PARTNER], pushUrl: receiver.url, retrySchedule: 'compressed' });
    try {
      const other = new CourierClient(compressed.url, PARTNER);
      receiver.responder = () => ({ status: 500, body: { return_code: '1000' } });
      const body = orderData();
      msg(await other.call(CREATE, body));
      await other.control('POST', `/__sim/orders/${String(body.orderId)}/advance`, { opCode: '50' });
      const [dropped] = await eventually(() => other.control<Body[]>('GET', '/__sim/pushes'), (list) => list[0]?.state === 'failed', 6000);
      const times = (dropped?.attempts as Body[]).map((a) => Date.parse(String(a.at)));
      expect(times).toHaveLength(9);
      times.slice(1).forEach((at, i) => expect(at - (times[i] ?? 0)).toBeGreaterThanOrEqual(COMPRESSED_RETRY_DELAYS_MS[i] ?? 0));
      expect((times[8] ?? 0) - (times[0] ?? 0)).toBeLessThan(5000);
      expect(receiver.calls.every((p) => p.raw === receiver.calls[0]?.raw)).toBe(true);
    } finally {
      await compressed.close();
    }
  });

  it('item 15 (simulator side): duplicated pushes carry the same id and bytes; a receiver deduping by id stores one event', async () => {
    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    await client.control('POST', '/__sim/push/policy', { duplicates: 2 });
    const { orderId, waybillNo } = await create();
    reference.track(waybillNo);
    await advance(orderId, { opCode: '50' });
    const pushes = await eventually(() => receiver.calls, (list) => list.length === 3);
    expect(new Set(pushes.map((p) => p.raw)).size).toBe(1);
    expect(new Set(pushes.map((p) => routesOf(p)[0]?.id)).size).toBe(1);
    expect((await pushLog()).map((p) => p.kind)).toEqual(['route', 'duplicate', 'duplicate']);
    await eventually(() => reference.verdicts, (v) => v.length === 3);
    expect(reference.verdicts).toEqual(['stored', 'duplicate', 'duplicate']);
    expect(reference.routes.get(waybillNo)).toHaveLength(1);
  });

  it('item 16 (simulator side): reorder sends 80 before 44; a receiver applying §4 ends DELIVERED with both in history', async () => {
    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    const { orderId, waybillNo } = await create();
    reference.track(waybillNo);
    await advance(orderId, { opCode: '50' });
    await advance(orderId, { opCode: '30' });
    await eventually(() => receiver.calls, (list) => list.length === 2);
    await client.control('POST', '/__sim/push/policy', { reorder: true });
    await advance(orderId, { opCode: '44' });
    await sleep(30);
    expect((await pushLog('?state=held')).map((p) => p.routeIds)).toHaveLength(1);
    await advance(orderId, { opCode: '80' });
    await eventually(() => receiver.calls, (list) => list.length === 4);
    expect(opCodes(receiver.calls)).toEqual(['50', '30', '80', '44']);
    expect(reference.derived(waybillNo)).toEqual({ status: 'DELIVERED', exception: false });
    expect((reference.routes.get(waybillNo) ?? []).map((r) => r.opCode)).toEqual(['50', '30', '80', '44']);
    // The trail never moved back from DELIVERED when 44 came late.
    expect(reference.statusTrail.get(waybillNo)?.slice(-2).map((s) => s.status)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('item 17 (simulator side): exception_then_delivered flags the shipment after OUT_FOR_DELIVERY; the final 80 clears it', async () => {
    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    const { orderId, waybillNo } = await create();
    reference.track(waybillNo);
    await client.control('POST', `/__sim/orders/${orderId}/script`, { scenario: 'exception_then_delivered', stepDelayMs: 5 });
    await eventually(() => reference.verdicts, (v) => v.length === 7);
    expect(opCodes(receiver.calls)).toEqual(['50', '30', '31', '44', '33', '44', '80']);
    const trail = reference.statusTrail.get(waybillNo) ?? [];
    expect(trail[5]).toEqual({ status: 'OUT_FOR_DELIVERY', exception: true });
    expect(trail[7]).toEqual({ status: 'DELIVERED', exception: false });
    const exceptional = routesOf(receiver.calls[4] as ReceivedPush)[0];
    expect(exceptional).toMatchObject({ opCode: '33', reasonCode: '02', reasonName: '客户改约' });
    expect(await orderView(orderId)).toMatchObject({ status: 'DELIVERED', exception: false, script: { scenario: 'exception_then_delivered', done: 7, finished: true } });
  });

  it('item 18 (simulator side): forged pushes (bad digest, stale timestamp) are refused with 401 and change nothing', async () => {
    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    const { orderId, waybillNo } = await create();
    reference.track(waybillNo);

    const digest = await client.control('POST', '/__sim/push/forge', { orderId, tamper: 'digest' });
    expect(digest).toMatchObject({ kind: 'forged', tamper: 'digest', state: 'failed', attempts: [{ httpStatus: 401, reply: { return_code: '1000' } }] });
    const forged = receiver.calls[0] as ReceivedPush;
    expect(routesOf(forged)[0]).toMatchObject({ mailno: waybillNo, orderid: orderId, opCode: '80' });
    expect(header(forged, 'x-courier-digest')).not.toBe(msgDigest(forged.raw, header(forged, 'x-courier-timestamp') ?? '', PARTNER.checkWord));

    const stale = await client.control('POST', '/__sim/push/forge', { orderId, tamper: 'stale_timestamp' });
    expect(stale).toMatchObject({ state: 'failed', attempts: [{ httpStatus: 401 }] });
    const old = receiver.calls[1] as ReceivedPush;
    const timestamp = Number(header(old, 'x-courier-timestamp'));
    expect(Date.now() - timestamp).toBeGreaterThan(10 * 60_000);
    expect(Date.now() - timestamp).toBeLessThan(12 * 60_000);
    // Correctly signed for its (stale) time: only the time gives it away.
    expect(header(old, 'x-courier-digest')).toBe(msgDigest(old.raw, String(timestamp), PARTNER.checkWord));

    expect(reference.verdicts).toEqual(['refused_bad_digest', 'refused_stale_timestamp']);
    expect(reference.routes.get(waybillNo)).toEqual([]);
    expect((await orderView(orderId)).routes).toEqual([]);
    await sleep(50);
    expect(receiver.calls).toHaveLength(2);
  });

  it('item 19 (simulator side): a correctly signed push for an unknown mailno is acknowledged by the reference receiver and kept as orphan', async () => {
    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    const { waybillNo } = await create();
    reference.track(waybillNo);
    const push = await client.control('POST', '/__sim/push/forge', { tamper: 'unknown_mailno' });
    expect(push).toMatchObject({ state: 'delivered', attempts: [{ httpStatus: 200, reply: { return_code: '0000' } }] });
    const received = receiver.calls[0] as ReceivedPush;
    expectSigned(received);
    const mailno = String(routesOf(received)[0]?.mailno);
    expect(mailno).toMatch(/^SF\d{13}$/);
    expect((await client.control<Body[]>('GET', '/__sim/orders')).map((o) => o.waybillNo)).toEqual([waybillNo]);
    expect(reference.verdicts).toEqual(['orphan']);
    expect(reference.orphans).toHaveLength(1);
  });

  it('item 20: script happy yields CREATED → PICKED_UP → IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED in order', async () => {
    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    const { orderId, waybillNo } = await create();
    reference.track(waybillNo);
    const run = await client.control('POST', `/__sim/orders/${orderId}/script`, { scenario: 'happy', stepDelayMs: 5 });
    expect(run).toMatchObject({ scenario: 'happy', steps: ['50', '30', '31', '44', '80'], stepDelayMs: 5 });
    await eventually(() => reference.verdicts, (v) => v.length === 5);
    const statuses = (reference.statusTrail.get(waybillNo) ?? []).map((s) => s.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(statuses).toEqual(['CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(await orderView(orderId)).toMatchObject({ status: 'DELIVERED', statusName: '已签收' });
  });

  it('item 21: fault rules reproduce apiResultCode, errorCode, HTTP status or a dropped connection exactly `times` times', async () => {
    await client.control('POST', '/__sim/faults', { serviceCode: CREATE, apiResultCode: 'A1009', times: 2 });
    const body = orderData();
    for (let i = 0; i < 2; i += 1) {
      const reply = await client.call(CREATE, body);
      expectGateway(reply, 'A1009');
      expect(reply.body.apiErrorMsg).toBe('目标服务异常或不可达');
    }
    msg(await client.call(CREATE, body));
    expect(await client.control<Body[]>('GET', '/__sim/faults')).toEqual([]);

    await client.control('POST', '/__sim/faults', { serviceCode: SEARCH_ORDER, errorCode: '9099', errorMsg: '系统繁忙', times: 1 });
    // Rules only hit their service.
    msg(await client.call(CREATE, orderData()));
    expect(expectBusinessError(await client.call(SEARCH_ORDER, { orderId: body.orderId, searchType: '1' }), '9099')).toBe('系统繁忙');
    msg(await client.call(SEARCH_ORDER, { orderId: body.orderId, searchType: '1' }));

    await client.control('POST', '/__sim/faults', { serviceCode: '*', httpStatus: 503, times: 1 });
    const unavailable = await client.call(SEARCH_ORDER, { orderId: body.orderId });
    expect(unavailable.status).toBe(503);
    expect(unavailable.contentType).not.toMatch(/json/);
    msg(await client.call(SEARCH_ORDER, { orderId: body.orderId }));

    await client.control('POST', '/__sim/faults', { serviceCode: SEARCH_ORDER, dropConnection: true, times: 1 });
    await expect(client.call(SEARCH_ORDER, { orderId: body.orderId })).rejects.toThrow();
    msg(await client.call(SEARCH_ORDER, { orderId: body.orderId }));

    await client.control('POST', '/__sim/faults', { serviceCode: SEARCH_ORDER, apiResultCode: 'A1099', httpStatus: 500, times: 1 });
    const systemError = await client.call(SEARCH_ORDER, { orderId: body.orderId });
    expect(systemError.status).toBe(500);
    expect(systemError.body.apiResultCode).toBe('A1099');

    await client.control('POST', '/__sim/faults', { serviceCode: SEARCH_ORDER, errorCode: '9099', probability: 0, times: 3 });
    msg(await client.call(SEARCH_ORDER, { orderId: body.orderId }));
    expect(await client.control<Body[]>('GET', '/__sim/faults')).toHaveLength(1);
    await client.control('DELETE', '/__sim/faults');

    await client.control('POST', '/__sim/faults', { serviceCode: SEARCH_ORDER, latencyMs: 200 });
    const started = performance.now();
    msg(await client.call(SEARCH_ORDER, { orderId: body.orderId }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);

    const faulted = (await client.control<Body[]>('GET', '/__sim/requests')).filter((e) => e.fault !== null);
    // 2 × A1009, 9099, 503, dropped, A1099, slow.
    expect(faulted).toHaveLength(7);
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toHaveLength(2);
  });

  it('item 22 (simulator side): while down, calls fail retryably and create nothing; after recovery the retry creates exactly one order', async () => {
    const body = orderData();
    await client.control('POST', '/__sim/down', { down: true, mode: 'refuse' });
    await expect(client.call(CREATE, body)).rejects.toThrow();
    await client.control('POST', '/__sim/down', { down: true, mode: 'hang' });
    await expect(client.call(CREATE, body, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    for (const [mode, status] of [
      ['http502', 502],
      ['http503', 503],
    ] as const) {
      await client.control('POST', '/__sim/down', { down: true, mode });
      const reply = await client.call(CREATE, body);
      expect(reply.status).toBe(status);
      expect(reply.contentType).not.toMatch(/json/);
      expect(() => JSON.parse(reply.text) as unknown).toThrow();
    }
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toEqual([]);

    await client.control('POST', '/__sim/down', { down: false });
    msg(await client.call(CREATE, body));
    expectBusinessError(await client.call(CREATE, body), '8016');
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toHaveLength(1);
    const journal = await client.control<Body[]>('GET', `/__sim/requests`);
    expect(journal.map((e) => (e.response as Body | null)?.kind)).toEqual(['dropped', 'hung', 'text', 'text', 'json', 'json']);
  });
});

// ---------------------------------------------------------------- beyond the checklist

describe('courier simulator: gateway, controls and push policies', () => {
  it('answers A1004 for an unknown serviceCode and A1007 for a reused requestID', async () => {
    expectGateway(await client.call('EXP_RECE_NO_SUCH_SERVICE', { orderId: 'X' }), 'A1004');
    const first = await client.call(SEARCH_ORDER, { orderId: 'X' }, { requestID: 'fixed-request-id' });
    expectBusinessError(first, '8018');
    expectGateway(await client.call(SEARCH_ORDER, { orderId: 'X' }, { requestID: 'fixed-request-id' }), 'A1007');
    // Refused calls do not spend their requestID.
    expectGateway(await client.call(SEARCH_ORDER, { orderId: 'X' }, { requestID: 'second-id', checkWord: 'wrong-checkword' }), 'A1006');
    expectBusinessError(await client.call(SEARCH_ORDER, { orderId: 'X' }, { requestID: 'second-id' }), '8018');
  });

  it('journals each call with its form fields, parsed msgData and the recomputed digest', async () => {
    const body = orderData();
    await client.call(CREATE, body, { requestID: 'journal-1' });
    const [entry] = await client.control<Body[]>('GET', `/__sim/requests?serviceCode=${CREATE}`);
    const params = entry?.params as Body;
    expect(entry).toMatchObject({ method: 'POST', path: '/std/service', serviceCode: CREATE, partnerID: PARTNER.partnerID, msgData: { orderId: body.orderId }, response: { kind: 'json', status: 200 } });
    expect(params).toMatchObject({ requestID: 'journal-1', serviceCode: CREATE });
    expect(entry?.digest).toEqual({ received: params.msgDigest, expected: msgDigest(JSON.stringify(body), String(params.timestamp), PARTNER.checkWord), ok: true });
  });

  it('advance by canonical code writes a typical opCode with a Chinese remark, in 广州市海珠区 at simulator time', async () => {
    const { orderId } = await create();
    await client.setClock(-86_400);
    const expected: [string, string, string][] = [
      ['PICKED_UP', '50', '顺丰速运 已收取快件'],
      ['IN_TRANSIT', '30', '完成分拣'],
      ['OUT_FOR_DELIVERY', '44', '正在派送途中'],
      ['EXCEPTION', '70', '派送不成功'],
      ['DELIVERED', '80', '签收'],
    ];
    for (const [canonical, opCode, remark] of expected) {
      const { route } = await advance(orderId, { canonical, push: false });
      expect(route).toMatchObject({ opCode, acceptAddress: '广州市海珠区' });
      expect(String((route as Body).remark)).toContain(remark);
      // Simulator time (a day back), not real time.
      expect(Math.abs((parseSfTime(String((route as Body).acceptTime)) ?? 0) - client.now())).toBeLessThan(5000);
    }
    expect((await client.controlReply('POST', `/__sim/orders/${orderId}/advance`, { canonical: 'CREATED' })).status).toBe(400);
    expect((await client.controlReply('POST', `/__sim/orders/${orderId}/advance`, { opCode: '50', canonical: 'PICKED_UP' })).status).toBe(400);
    expect((await client.controlReply('POST', `/__sim/orders/${orderId}/advance`, { opCode: '50', acceptTime: '2025/01/02' })).status).toBe(400);
    expect((await client.controlReply('POST', '/__sim/orders/NO-SUCH/advance', { opCode: '50' })).status).toBe(404);
    const returning = await create();
    await advance(returning.orderId, { canonical: 'RETURNING', push: false });
    await advance(returning.orderId, { canonical: 'RETURNED', push: false });
    expect(await orderView(returning.orderId)).toMatchObject({ status: 'RETURNED', routes: [{ opCode: '648' }, { opCode: '631' }] });
  });

  it('script returned ends RETURNED; a new script replaces the running one', async () => {
    const { orderId } = await create();
    await client.control('POST', `/__sim/orders/${orderId}/script`, { scenario: 'happy', stepDelayMs: 60_000 });
    await client.control('POST', `/__sim/orders/${orderId}/script`, { scenario: 'returned', stepDelayMs: 5 });
    await eventually(() => receiver.calls, (list) => list.length === 7);
    expect(opCodes(receiver.calls)).toEqual(['50', '30', '31', '44', '70', '648', '631']);
    expect(await orderView(orderId)).toMatchObject({ status: 'RETURNED', script: { scenario: 'returned', finished: true } });
    expect((await client.controlReply('POST', `/__sim/orders/${orderId}/script`, { scenario: 'lost' })).status).toBe(400);
  });

  it('filter forces filterResult on the next create; 3 (also outside serviceableProvinces) issues no waybill', async () => {
    const manual = orderData();
    await client.control('POST', `/__sim/orders/${String(manual.orderId)}/filter`, { filterResult: 1 });
    expect(msg(await client.call(CREATE, manual))).toMatchObject({ filterResult: 1, waybillNoInfoList: [{ waybillType: 1 }] });
    expect((await client.controlReply('POST', `/__sim/orders/${String(manual.orderId)}/filter`, { filterResult: 2 })).status).toBe(409);

    const refused = orderData();
    await client.control('POST', `/__sim/orders/${String(refused.orderId)}/filter`, { filterResult: 3 });
    expect(msg(await client.call(CREATE, refused))).toMatchObject({ filterResult: 3, waybillNoInfoList: [] });
    expect((await client.controlReply('POST', `/__sim/orders/${String(refused.orderId)}/advance`, { opCode: '50' })).status).toBe(409);
    expect(msg(await client.call(CREATE, orderData())).filterResult).toBe(2);

    await client.control('POST', '/__sim/config', { serviceableProvinces: ['广东省'] });
    expect(msg(await client.call(CREATE, orderData())).filterResult).toBe(2);
    const outside = orderData({ contactInfoList: [sender(), recipient({ province: '西藏自治区', city: '拉萨市', county: '城关区' })] });
    expect(msg(await client.call(CREATE, outside)).filterResult).toBe(3);
  });

  it('holds pushes while no push URL is configured and sends them once one is', async () => {
    await client.control('POST', '/__sim/config', { pushUrl: null });
    const { orderId } = await create();
    await advance(orderId, { opCode: '50' });
    await sleep(50);
    expect(receiver.calls).toHaveLength(0);
    expect((await pushLog()).map((p) => p.state)).toEqual(['no_url']);
    await client.control('POST', '/__sim/config', { pushUrl: receiver.url });
    await eventually(() => pushLog(), (list) => list[0]?.state === 'delivered');
    expect(opCodes(receiver.calls)).toEqual(['50']);
  });

  it('pushSign:false sends pushes without the digest headers', async () => {
    await client.control('POST', '/__sim/config', { pushSign: false });
    const { orderId } = await create();
    await advance(orderId, { opCode: '50' });
    const [push] = await eventually(() => receiver.calls, (list) => list.length === 1);
    expect(header(push as ReceivedPush, 'x-courier-digest')).toBeUndefined();
    expect(header(push as ReceivedPush, 'x-courier-timestamp')).toBeUndefined();
  });

  it('batch:n puts n routes into one push (listed last first under reorder)', async () => {
    await client.control('POST', '/__sim/push/policy', { batch: 3 });
    const a = await create();
    const b = await create();
    await advance(a.orderId, { opCode: '50' });
    await advance(b.orderId, { opCode: '50' });
    await advance(a.orderId, { opCode: '30' });
    const [push] = await eventually(() => receiver.calls, (list) => list.length === 1);
    expect(routesOf(push as ReceivedPush).map((r) => [r.mailno, r.opCode])).toEqual([
      [a.waybillNo, '50'],
      [b.waybillNo, '50'],
      [a.waybillNo, '30'],
    ]);
    expectSigned(push as ReceivedPush);

    await client.control('POST', '/__sim/push/policy', { batch: 2, reorder: true });
    await advance(a.orderId, { opCode: '31' });
    await advance(a.orderId, { opCode: '44' });
    await eventually(() => receiver.calls, (list) => list.length === 2);
    expect(routesOf(receiver.calls[1] as ReceivedPush).map((r) => r.opCode)).toEqual(['44', '31']);

    // A batch that does not fill up leaves after the batch window (1 s).
    await advance(b.orderId, { opCode: '30' });
    await eventually(() => receiver.calls, (list) => list.length === 3, 3000);
  });

  it('dropFirst swallows attempts, which are retried; delayMs holds the first attempt back', async () => {
    await client.control('POST', '/__sim/push/policy', { dropFirst: 1, retrySchedule: 'compressed', delayMs: 150 });
    const { orderId } = await create();
    const before = Date.now();
    await advance(orderId, { opCode: '50' });
    const [push] = await eventually(() => pushLog(), (list) => list[0]?.state === 'delivered');
    expect((push?.attempts as Body[]).map((a) => a.httpStatus)).toEqual([null, 200]);
    expect(String((push?.attempts as Body[])[0]?.error)).toContain('dropFirst');
    expect(receiver.calls).toHaveLength(1);
    expect((receiver.calls[0]?.receivedAt ?? 0) - before).toBeGreaterThanOrEqual(140);
    expect(await client.control('GET', '/__sim/push/policy')).toMatchObject({ dropFirst: 1, dropRemaining: 0, delayMs: 150, retrySchedule: 'compressed' });
  });

  it('replay re-sends a past push with the same body and fresh headers; malformed_json forges unparseable but signed bytes', async () => {
    const { orderId } = await create();
    await advance(orderId, { opCode: '50' });
    const [original] = await eventually(() => pushLog(), (list) => list[0]?.state === 'delivered');
    await client.setClock(120);
    const replayed = await client.control('POST', '/__sim/push/replay', { pushId: original?.id });
    expect(replayed).toMatchObject({ kind: 'replay', replayOf: original?.id });
    await eventually(() => receiver.calls, (list) => list.length === 2);
    expect(receiver.calls[1]?.raw).toBe(receiver.calls[0]?.raw);
    expect(Number(header(receiver.calls[1] as ReceivedPush, 'x-courier-timestamp')) - Number(header(receiver.calls[0] as ReceivedPush, 'x-courier-timestamp'))).toBeGreaterThanOrEqual(119_000);
    expectSigned(receiver.calls[1] as ReceivedPush);
    expect((await client.controlReply('POST', '/__sim/push/replay', { pushId: 999 })).status).toBe(404);

    const reference = new ReferenceReceiver(PARTNER.checkWord);
    receiver.responder = reference.respond;
    const malformed = await client.control('POST', '/__sim/push/forge', { orderId, tamper: 'malformed_json' });
    const raw = receiver.calls[2]?.raw ?? '';
    expect(() => JSON.parse(raw) as unknown).toThrow();
    expect(malformed).toMatchObject({ tamper: 'malformed_json', rawBody: raw, state: 'failed', attempts: [{ httpStatus: 200, reply: { return_code: '1000' } }] });
    expect(reference.verdicts).toEqual(['malformed']);
    expect((await client.controlReply('POST', '/__sim/push/replay', { pushId: malformed.id })).status).toBe(409);
    expect((await client.controlReply('POST', '/__sim/push/forge', { orderId: 'NO-SUCH', tamper: 'digest' })).status).toBe(404);
  });

  it('latency delays service calls; reset clears orders, pushes, faults, latency, down and clock', async () => {
    await client.control('POST', '/__sim/latency', { serviceCode: SEARCH_ORDER, fixedMs: 200 });
    let started = performance.now();
    await client.call(SEARCH_ORDER, { orderId: 'X' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    started = performance.now();
    msg(await client.call(CREATE, orderData()));
    expect(performance.now() - started).toBeLessThan(150);

    await client.control('POST', '/__sim/faults', { serviceCode: CREATE, errorCode: '9099' });
    await client.control('POST', '/__sim/clock', { offsetSec: 600 });
    await client.control('POST', '/__sim/config', { duplicateOrder: 'return_original' });
    await client.control('POST', '/__sim/reset');
    expect(await client.control('GET', '/__sim/clock')).toMatchObject({ offsetSec: 0 });
    expect(await client.control<Body[]>('GET', '/__sim/orders')).toEqual([]);
    expect(await client.control<Body[]>('GET', '/__sim/faults')).toEqual([]);
    expect(await client.control('GET', '/__sim/latency')).toEqual({});
    expect(await client.control('GET', '/__sim/config')).toMatchObject({ duplicateOrder: 'error', pushUrl: receiver.url, partners: [PARTNER] });
    started = performance.now();
    expectBusinessError(await client.call(SEARCH_ORDER, { orderId: 'X' }), '8018');
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('refuses bad control bodies with 400 naming the field, unknown controls with 404', async () => {
    expect((await client.controlReply('POST', '/__sim/faults', { serviceCode: 'EXP_NOPE', errorCode: '9099' })).body).toMatchObject({ field: 'serviceCode' });
    expect((await client.controlReply('POST', '/__sim/faults', { serviceCode: CREATE })).status).toBe(400);
    expect((await client.controlReply('POST', '/__sim/push/policy', { batch: 0 })).body).toMatchObject({ field: 'batch' });
    expect((await client.controlReply('POST', '/__sim/config', { pushUrl: 'ftp://x' })).body).toMatchObject({ field: 'pushUrl' });
    expect((await client.controlReply('POST', '/__sim/down', { down: true, mode: 'sideways' })).status).toBe(400);
    expect((await client.controlReply('GET', '/__sim/nothing')).status).toBe(404);
    expect((await client.controlReply('GET', '/__sim/reset')).status).toBe(405);
  });

  it('close() resolves while a request hangs', async () => {
    const other = await startCourierSimulator({ port: 0 });
    await fetch(new URL('/__sim/down', other.url), { method: 'POST', body: JSON.stringify({ down: true, mode: 'hang' }) });
    const pending = fetch(new URL('/std/service', other.url), { method: 'POST', body: 'partnerID=x' });
    await sleep(50);
    await other.close();
    await expect(pending).rejects.toThrow();
  });

  it('accepts an injected clock: timestamps are checked against it', async () => {
    const base = Date.parse('2025-01-02T02:12:03Z');
    const clocked = await startCourierSimulator({ port: 0, clock: () => base });
    try {
      const dev = { partnerID: COURIER_SIM_DEV_DEFAULTS.partnerID, checkWord: COURIER_SIM_DEV_DEFAULTS.checkWord, monthlyCard: COURIER_SIM_DEV_DEFAULTS.monthlyCard };
      const other = new CourierClient(clocked.url, dev);
      expectGateway(await other.call(SEARCH_ORDER, { orderId: 'X' }), 'A1002');
      other.offsetMs = base - Date.now();
      expectBusinessError(await other.call(SEARCH_ORDER, { orderId: 'X' }), '8018');
      expect(await other.control('GET', '/__sim/clock')).toMatchObject({ now: '2025-01-02T02:12:03.000Z' });
    } finally {
      await clocked.close();
    }
  });
});

describe('courier simulator: auto scenarios', () => {
  it('auto runs the canned script on every new order by itself (developer stack)', async () => {
    const own = await startPushReceiver();
    const auto = await startCourierSimulator({ port: 0, partners: [PARTNER], pushUrl: own.url, auto: { scenario: 'happy', stepMs: 10 } });
    try {
      const other = new CourierClient(auto.url, PARTNER);
      const first = orderData();
      const second = orderData();
      msg(await other.call(CREATE, first));
      msg(await other.call(CREATE, second));
      await eventually(() => own.calls, (list) => list.length === 10);
      for (const orderId of [first.orderId, second.orderId]) {
        const view = await other.control(`GET`, `/__sim/orders/${String(orderId)}`);
        expect(view).toMatchObject({ status: 'DELIVERED', script: { scenario: 'happy', origin: 'auto', finished: true } });
        expect(opCodes(own.calls.filter((p) => routesOf(p)[0]?.orderid === orderId))).toEqual(['50', '30', '31', '44', '80']);
      }
      own.calls.forEach((push) => expectSigned(push));

      // Switchable at run time; reset goes back to the start-up setting.
      await other.control('POST', '/__sim/auto', { scenario: 'returned', stepMs: 5 });
      const third = orderData();
      msg(await other.call(CREATE, third));
      await eventually(() => own.calls, (list) => list.length === 17);
      expect(await other.control(`GET`, `/__sim/orders/${String(third.orderId)}`)).toMatchObject({ status: 'RETURNED' });
      await other.control('POST', '/__sim/reset');
      expect(await other.control('GET', '/__sim/auto')).toEqual({ scenario: 'happy', stepMs: 10 });
      await other.control('POST', '/__sim/auto', { scenario: null });
      const fourth = orderData();
      msg(await other.call(CREATE, fourth));
      await sleep(80);
      expect(own.calls).toHaveLength(17);
    } finally {
      await auto.close();
      await own.close();
    }
  });

  it('the main simulator runs no scenario unless asked', async () => {
    const { orderId } = await create();
    await sleep(50);
    expect(receiver.calls).toHaveLength(0);
    expect(await orderView(orderId)).toMatchObject({ routes: [], script: null });
  });
});
