import { api, BASE, COURIER_SIM, dbRows, eventually, importCatalogue, resident, type Resident, sim, sleep, staffToken } from './support/http';

/*
 * The courier simulator's controls (courier.md §5) against the live stack. A pickup order goes to
 * SF by job: with SF failing (HTTP 5xx, dropped connections, busy codes, the reply lost after SF
 * stored the order), slow or down, the order waits and SF ends up with exactly one order and one
 * waybill; a refusal opens a task for staff and is not retried. Cancelling answers at once: a clean
 * 503 while SF can't be reached. Route pushes duplicated, reordered, batched, lost and resent, late,
 * forged and replayed leave the parcel in its right state with each route stored once.
 *
 * The stack's auto script (happy, 5 s steps) is paused for this file so every route is the test's
 * own (`/__sim/orders/{id}/advance`); it is put back afterwards.
 */

const ITEM = 'FAULT-COURIER-SIM-1';
const HOME = { contactName: '陈秀英', phone: '13800138000', regionCode: '440105', detail: '江南大道中 100 号 3 栋 501' };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);
const CREATE = 'EXP_RECE_CREATE_ORDER';

type OrderView = { id: string; status: string; waybillNo: string | null; exception: boolean; events: { status: string; at: string }[] };
type SimOrder = { orderId: string; waybillNo: string | null; createCalls: number; cancelled: boolean; routes: { id: string; opCode: string }[] };
type PushAttempt = { at: string; httpStatus: number | null; reply: unknown };
type Push = { id: number; kind: string; routeIds: string[]; orderIds: string[]; body: { Body: { WaybillRoute: { id: string; opCode: string }[] } }; state: string; attempts: PushAttempt[] };
type JournalEntry = { serviceCode: string; msgData?: { orderId?: string } };

const SF = COURIER_SIM;
const sf = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => sim<T>(SF, method, path, body);

let savedAuto: { scenario: string | null; stepMs: number };
let admin: string;

beforeAll(async () => {
  await importCatalogue(
    [{ code: 'FAULT-COURIER', name: '故障演练寄件窗口' }],
    [
      {
        itemCode: ITEM,
        name: '故障演练户籍证明',
        departmentCode: 'FAULT-COURIER',
        category: '公安',
        guide: { legalDays: 10, promisedDays: 3, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
        materials: [{ code: 'hukou', name: '户口簿原件', form: 'original' }],
        onlineApply: true,
        resultDelivery: ['window', 'courier'],
      },
    ],
  );
  admin = await staffToken('admin');
  savedAuto = await sf('GET', '/__sim/auto');
  await sf('POST', '/__sim/auto', { scenario: null });
});
afterAll(async () => {
  await sf('POST', '/__sim/auto', savedAuto);
});
afterEach(async () => {
  await sf('DELETE', '/__sim/faults');
  await sf('DELETE', '/__sim/latency');
  await sf('POST', '/__sim/down', { down: false });
  await sf('POST', '/__sim/push/policy', { delayMs: 0, duplicates: 0, reorder: false, batch: 1, dropFirst: 0, retrySchedule: 'contract' });
});

/** A resident's submitted case that needs a paper original (uploaded as a scan for the online part). */
async function submittedCase(): Promise<{ r: Resident; id: string }> {
  const r = await resident('sf');
  const draft = await api<{ id: string }>('POST', '/api/v1/applications', r.token, { itemCode: ITEM });
  expect(draft.status).toBe(201);
  const form = new FormData();
  form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'hukou.pdf');
  const upload = await fetch(`${BASE}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${r.token}` }, body: form });
  expect(upload.status).toBe(201);
  const file = (await upload.json()) as { id: string };
  expect((await api('PUT', `/api/v1/applications/${draft.body.id}/materials/hukou`, r.token, { fileId: file.id })).status).toBe(200);
  expect((await api('POST', `/api/v1/applications/${draft.body.id}/submit`, r.token)).status).toBe(200);
  return { r, id: draft.body.id };
}

/** Tomorrow (Beijing) 09:00–12:00, a window the carrier offers. */
function tomorrowWindow(): { start: string; end: string } {
  const day = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  return { start: `${day}T09:00:00+08:00`, end: `${day}T12:00:00+08:00` };
}

/** `yyyy-MM-dd HH:mm:ss` Beijing time, `minutes` from now: routes with distinct, ordered times. */
function sfAt(minutes: number): string {
  return new Date(Date.now() + 8 * 3600_000 + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

async function bookPickup(): Promise<{ r: Resident; id: string; orderId: string }> {
  const c = await submittedCase();
  const res = await api<{ id: string; status: string }>('POST', `/api/v1/applications/${c.id}/courier/pickup`, c.r.token, { address: HOME, window: tomorrowWindow() });
  expect([res.status, res.body.status]).toEqual([201, 'requested']);
  return { ...c, orderId: res.body.id };
}

const orderOf = async (r: Resident, orderId: string) => (await api<OrderView>('GET', `/api/v1/courier/orders/${orderId}`, r.token)).body;
const created = (r: Resident, orderId: string, ms = 20_000) => eventually(() => orderOf(r, orderId), (o) => o.status === 'created', ms);
const atSf = async (orderId: string) => (await sf<SimOrder[]>('GET', '/__sim/orders')).filter((o) => o.orderId === orderId);
const calls = async (serviceCode: string, orderId: string) => (await sf<JournalEntry[]>('GET', `/__sim/requests?serviceCode=${serviceCode}`)).filter((e) => e.msgData?.orderId === orderId).length;
const ourOrder = async (orderId: string) => (await dbRows<{ status: string; last_error: string | null }>('select status, last_error from courier_orders where id = $1', [orderId]))[0];
const storedRoutes = async (orderId: string) => (await dbRows<{ route_id: string }>('select route_id from courier_events where order_id = $1', [orderId])).map((e) => e.route_id);
const timeline = async (r: Resident, caseId: string) => (await api<{ timeline: { title: string }[] }>('GET', `/api/v1/applications/${caseId}`, r.token)).body.timeline.map((e) => e.title);

describe('creating the pickup order at SF (job)', () => {
  it.each([
    { name: 'HTTP 503 once', rule: { httpStatus: 503 }, createCalls: 1 },
    { name: 'the connection dropped once', rule: { dropConnection: true }, createCalls: 1 },
    { name: 'busy (9099) once', rule: { errorCode: '9099', errorMsg: '系统繁忙' }, createCalls: 1 },
    { name: 'its backend unreachable (A1009) once', rule: { apiResultCode: 'A1009' }, createCalls: 1 },
    // SF stored the order, then our answer was lost: the retry is told 8016 and finds the waybill by query.
    { name: 'the reply lost after SF stored the order', rule: { dropConnection: true, phase: 'after' }, createCalls: 2 },
    { name: 'a slow SF (1 s)', rule: { latencyMs: 1000 }, createCalls: 1 },
  ])('$name: one order, one waybill at SF', async ({ rule, createCalls }) => {
    await sf('POST', '/__sim/faults', { serviceCode: CREATE, ...rule });
    const { r, id, orderId } = await bookPickup();
    const order = await created(r, orderId);
    expect(order.waybillNo).toMatch(/^SF\d{13}$/);
    const [atCarrier] = await atSf(orderId);
    expect(await atSf(orderId)).toHaveLength(1);
    expect(atCarrier).toMatchObject({ waybillNo: order.waybillNo, createCalls, cancelled: false });
    expect(await calls('EXP_RECE_SEARCH_ORDER_RESP', orderId)).toBe(createCalls > 1 ? 1 : 0);
    expect((await timeline(r, id)).filter((t) => t.startsWith('快递已下单'))).toEqual([`快递已下单（运单号 ${order.waybillNo}），快递员将按预约时间上门取件`]);
  });

  it.each(['refuse', 'http503'])('waits out SF being down (%s) and creates exactly one order once it is back', async (mode) => {
    await sf('POST', '/__sim/down', { down: true, mode });
    const { r, orderId } = await bookPickup();
    const waiting = await eventually(() => ourOrder(orderId), (o) => !!o?.last_error, 20_000);
    expect(waiting?.status).toBe('requested');
    expect((await orderOf(r, orderId)).status).toBe('requested');
    expect(await atSf(orderId)).toHaveLength(0);
    await sf('POST', '/__sim/down', { down: false });
    const order = await created(r, orderId);
    expect(await atSf(orderId)).toEqual([expect.objectContaining({ waybillNo: order.waybillNo, createCalls: 1 })]);
  });

  it('opens one task for staff when SF refuses the order, and does not ask again', async () => {
    await sf('POST', '/__sim/faults', { serviceCode: CREATE, errorCode: '9001', errorMsg: 'contactInfoList[0].address 地址不详' });
    const { r, orderId } = await bookPickup();
    const tasks = await eventually(
      async () => (await api<{ items: { orderId: string; kind: string; note: string }[] }>('GET', '/api/v1/staff/courier/tasks?status=open', admin)).body.items.filter((t) => t.orderId === orderId),
      (t) => t.length > 0,
      20_000,
    );
    expect(tasks).toEqual([expect.objectContaining({ kind: 'create_failed', note: expect.stringContaining('9001') })]);
    // Longer than the job's first backoff (e¹ ≈ 2.7 s): a retry would have come by now.
    await sleep(4000);
    expect(await calls(CREATE, orderId)).toBe(1);
    expect((await orderOf(r, orderId)).status).toBe('requested');
    expect(await atSf(orderId)).toHaveLength(0);
  });
});

describe('cancelling before pickup, answered while the resident waits', () => {
  let c: { r: Resident; orderId: string };
  beforeAll(async () => {
    const booked = await bookPickup();
    await created(booked.r, booked.orderId);
    c = booked;
  });

  it.each([
    { name: 'SF refusing connections', down: 'refuse' },
    { name: 'SF answering 503 pages', down: 'http503' },
    // Never answered: our 5 s timeout ends it.
    { name: 'SF hanging', down: 'hang', minMs: 5000 },
    { name: 'SF failing with HTTP 500', fault: { httpStatus: 500 } },
    { name: 'SF dropping the connection', fault: { dropConnection: true } },
  ])('$name: a clean 503, and the order is still booked here and at SF', async ({ down, fault, minMs }) => {
    if (down) await sf('POST', '/__sim/down', { down: true, mode: down });
    if (fault) await sf('POST', '/__sim/faults', { serviceCode: 'EXP_RECE_UPDATE_ORDER', ...fault });
    const started = Date.now();
    const res = await api<{ code: string; message: string }>('POST', `/api/v1/courier/orders/${c.orderId}/cancel`, c.r.token);
    expect([res.status, res.body.code, res.body.message]).toEqual([503, 'UPSTREAM_UNAVAILABLE', '快递公司系统暂时无法连接，请稍后再试']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(minMs ?? 0);
    expect((await orderOf(c.r, c.orderId)).status).toBe('created');
    expect(await atSf(c.orderId)).toEqual([expect.objectContaining({ cancelled: false })]);
  });

  it('goes through once SF answers: cancelled here and at SF', async () => {
    const res = await api<{ status: string }>('POST', `/api/v1/courier/orders/${c.orderId}/cancel`, c.r.token);
    expect([res.status, res.body.status]).toEqual([200, 'cancelled']);
    expect(await atSf(c.orderId)).toEqual([expect.objectContaining({ cancelled: true })]);
  });
});

describe('route pushes from SF', () => {
  /** 揽收 → 运输 → 派送 → 签收, one minute apart in route time, advanced one after another. */
  const ROUTES = [
    { opCode: '50', minutes: 1, status: 'picked_up' },
    { opCode: '30', minutes: 2, status: 'in_transit' },
    { opCode: '44', minutes: 3, status: 'delivering' },
    { opCode: '80', minutes: 4, status: 'signed' },
  ];

  it.each([
    { name: 'each pushed three times', policy: { duplicates: 2 }, copies: 3 },
    // In the next two the order passes several milestones at once: 揽收 arrives after 运输
    // (reordered) or in one push with it (batched). Each still gets its line (once only the last did).
    { name: 'reordered (each route after the next one, 80 before 44)', policy: { reorder: true }, copies: 1 },
    { name: 'batched three to a push, in order', policy: { batch: 3 }, copies: 1 },
    { name: 'the first push lost and resent', policy: { dropFirst: 1, retrySchedule: 'compressed' }, copies: 1 },
    { name: 'late (1.5 s)', policy: { delayMs: 1500 }, copies: 1 },
  ])('$name: signed for, every route stored once', async ({ policy, copies }) => {
    const { r, id, orderId } = await bookPickup();
    await created(r, orderId);
    await sf('POST', '/__sim/push/policy', policy);
    const routeIds: string[] = [];
    for (const route of ROUTES) {
      const advanced = await sf<{ route: { id: string } }>('POST', `/__sim/orders/${orderId}/advance`, { opCode: route.opCode, acceptTime: sfAt(route.minutes) });
      routeIds.push(advanced.route.id);
    }
    const done = await eventually(() => orderOf(r, orderId), (o) => o.status === 'signed' && o.events.length === ROUTES.length, 20_000);
    expect(done.events.map((e) => e.status)).toEqual(ROUTES.map((x) => x.status));
    expect(done.exception).toBe(false);
    expect((await storedRoutes(orderId)).sort()).toEqual([...routeIds].sort());

    const pushes = await eventually(() => sf<Push[]>('GET', `/__sim/pushes?orderId=${orderId}`), (ps) => ps.every((p) => p.state === 'delivered'), 10_000);
    // Every copy of every route went out and was acknowledged, so SF stops sending.
    for (const routeId of routeIds) expect(pushes.filter((p) => p.routeIds.includes(routeId))).toHaveLength(copies);
    for (const p of pushes) expect(p.attempts.at(-1)).toMatchObject({ httpStatus: 200, reply: { return_code: '0000' } });
    if (policy.batch) expect(pushes.some((p) => p.routeIds.length > 1)).toBe(true);
    if (policy.reorder) {
      // 运输 reached us before 揽收, and the sign-off before 派送.
      const sentAt = (i: number) => Math.min(...pushes.filter((p) => p.routeIds.includes(routeIds[i] as string)).map((p) => Date.parse(p.attempts[0]?.at ?? '')));
      expect(sentAt(1)).toBeLessThanOrEqual(sentAt(0));
      expect(sentAt(3)).toBeLessThanOrEqual(sentAt(2));
    }
    if (policy.dropFirst) expect(pushes.some((p) => p.attempts.length === 2 && p.attempts[0]?.httpStatus === null)).toBe(true);

    // The resident's timeline: collected once, delivered to the hall once.
    const notes = await timeline(r, id);
    expect(notes.filter((t) => t === '纸质材料已送达大厅')).toHaveLength(1);
    expect(notes.filter((t) => t === '快递员已上门取走纸质材料')).toHaveLength(1);
  });

  describe('forged and replayed', () => {
    let c: { r: Resident; orderId: string };
    let before: OrderView;
    beforeAll(async () => {
      const booked = await bookPickup();
      await created(booked.r, booked.orderId);
      await sf('POST', `/__sim/orders/${booked.orderId}/advance`, { opCode: '50', acceptTime: sfAt(1) });
      before = await eventually(() => orderOf(booked.r, booked.orderId), (o) => o.status === 'picked_up', 20_000);
      c = booked;
    });
    const orphans = async () => Number((await dbRows<{ n: string }>('select count(*) as n from courier_orphan_routes'))[0]?.n);

    it.each([
      // Both claim the parcel was signed for just now.
      { tamper: 'digest', httpStatus: 401, reply: { return_code: '1000' }, orphan: 0 },
      { tamper: 'stale_timestamp', httpStatus: 401, reply: { return_code: '1000' }, orphan: 0 },
      // Correctly signed, for a waybill we don't have: acknowledged, kept for review.
      { tamper: 'unknown_mailno', httpStatus: 200, reply: { return_code: '0000' }, orphan: 1 },
      // Unreadable before it is a push at all: our body parser's 400, so SF would send it again.
      { tamper: 'malformed_json', httpStatus: 400, reply: { code: 'BAD_REQUEST' }, orphan: 0 },
    ])('a forged push ($tamper) is answered $httpStatus and changes nothing', async ({ tamper, httpStatus, reply, orphan }) => {
      const orphansBefore = await orphans();
      const forged = await sf<Push>('POST', '/__sim/push/forge', { orderId: c.orderId, tamper });
      expect(forged.attempts).toEqual([expect.objectContaining({ httpStatus, reply: expect.objectContaining(reply) })]);
      expect(await orphans()).toBe(orphansBefore + orphan);
      expect(await orderOf(c.r, c.orderId)).toEqual(before);
    });

    it('a replayed push (fresh headers, same routes) is acknowledged and stored once', async () => {
      const [original] = await sf<Push[]>('GET', `/__sim/pushes?orderId=${c.orderId}&kind=route`);
      const replay = await sf<Push>('POST', '/__sim/push/replay', { pushId: original?.id });
      const delivered = await eventually(() => sf<Push[]>('GET', `/__sim/pushes?orderId=${c.orderId}&kind=replay`), (ps) => ps.some((p) => p.id === replay.id && p.state === 'delivered'), 10_000);
      expect(delivered.find((p) => p.id === replay.id)?.attempts.at(-1)).toMatchObject({ httpStatus: 200, reply: { return_code: '0000' } });
      expect(await storedRoutes(c.orderId)).toEqual(original?.routeIds);
      expect(await orderOf(c.r, c.orderId)).toEqual(before);
    });
  });
});
