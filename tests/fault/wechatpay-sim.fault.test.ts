import { api, dbRows, eventually, importCatalogue, resident, type Resident, sim, sleep, staffToken, WXPAY_SIM } from './support/http';

/*
 * The WeChat Pay simulator's controls (wechatpay-v3.md §13) against the live stack. Opening an
 * order answers while the resident waits: with WeChat Pay failing, unverifiable, slow or down they
 * get a clean 503 PAYMENT_UNAVAILABLE, our order stays open and the next tap goes through, with one
 * order at WeChat Pay. Payment notifications duplicated, reordered, lost and resent, late, forged
 * (every tamper) and replayed leave the payment paid once or untouched; a payment whose notification
 * never comes is found by query once WeChat Pay answers again. Refunds go by job: a failed try is
 * repeated and WeChat Pay refunds once.
 */

const FEE = 2000;
const ITEM = 'FAULT-WXPAY-SIM-1';
const UNAVAILABLE = { status: 503, code: 'PAYMENT_UNAVAILABLE', message: '微信支付暂时无法使用，请稍后再试或到窗口缴费' };

type Opened = { id: string; amount: number; payParams: { package: string } };
type PaymentView = { id: string; status: string; amount: number; refunded: number; refunds: { id: string; status: string; amount: number }[] };
type Attempt = { at: string; status: number | null; responseBody: unknown };
type OutboxEntry = { id: string; kind: string; eventType: string; outTradeNo: string; deliveries: { kind: string; state: string; attempts: Attempt[] }[] };
type SimOrder = { out_trade_no: string; trade_state: string; amount: { total: number } };
type SimRefund = { out_refund_no: string; out_trade_no: string; status: string };

const pay = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => sim<T>(WXPAY_SIM, method, path, body);

let admin: string;

beforeAll(async () => {
  await importCatalogue(
    [{ code: 'FAULT-WXPAY', name: '故障演练收费窗口' }],
    [{ itemCode: ITEM, name: '故障演练证件补领', departmentCode: 'FAULT-WXPAY', category: '公安', guide: { legalDays: 20, promisedDays: 5, fee: { free: false, amountFen: FEE, description: '工本费 20 元' }, maxVisits: 0, places: [] }, materials: [], onlineApply: true, resultDelivery: ['window'] }],
  );
  admin = await staffToken('admin');
});
afterEach(async () => {
  await pay('DELETE', '/__sim/faults');
  await pay('DELETE', '/__sim/latency');
  await pay('POST', '/__sim/down', { down: false });
  await pay('POST', '/__sim/notify/policy', { delayMs: 0, duplicates: 0, reorder: false, dropFirst: 0, schedule: 'official' });
});

/** A resident's submitted case of the fee item. */
async function submittedCase(): Promise<{ r: Resident; id: string }> {
  const r = await resident('wxpay');
  const draft = await api<{ id: string }>('POST', '/api/v1/applications', r.token, { itemCode: ITEM });
  expect(draft.status).toBe(201);
  expect((await api('POST', `/api/v1/applications/${draft.body.id}/submit`, r.token)).status).toBe(200);
  return { r, id: draft.body.id };
}

const open = (r: Resident, caseId: string) => api<Opened & { code?: string; message?: string }>('POST', `/api/v1/applications/${caseId}/payments`, r.token, { purpose: 'fee' });
async function opened(r: Resident, caseId: string): Promise<Opened> {
  const res = await open(r, caseId);
  expect(res.status).toBe(201);
  return res.body;
}

/** What staff see: our record only, without asking WeChat Pay (the resident's view asks). */
const staffView = async (paymentId: string) => (await api<PaymentView>('GET', `/api/v1/staff/payments/${paymentId}`, admin)).body;
const paidHere = (paymentId: string, ms = 20_000) => eventually(() => staffView(paymentId), (p) => p.status === 'paid', ms);
const ourOrders = (caseId: string) => dbRows<{ id: string; status: string; prepay_id: string | null }>('select id, status, prepay_id from payments where application_id = $1', [caseId]);
const atWechatPay = async (paymentId: string) => (await pay<SimOrder[]>('GET', '/__sim/orders')).filter((o) => o.out_trade_no === paymentId);
const outcomes = async (paymentId: string) => (await dbRows<{ outcome: string }>('select outcome from payment_notifications where out_trade_no = $1 order by seq', [paymentId])).map((n) => n.outcome);
const outbox = (paymentId: string) => pay<OutboxEntry[]>('GET', `/__sim/outbox?out_trade_no=${paymentId}`);
const audits = async (paymentId: string, action: string) => (await dbRows('select 1 from audit_records where subject_id = $1 and action = $2', [paymentId, action])).length;
const timelineTitles = async (r: Resident, caseId: string) => (await api<{ timeline: { title: string }[] }>('GET', `/api/v1/applications/${caseId}`, r.token)).body.timeline.map((e) => e.title);

describe('opening an order (prepay), answered while the resident waits', () => {
  it.each([
    { name: 'refusing connections', down: 'refuse' },
    { name: 'answering 502 pages', down: 'http502' },
    { name: 'answering 503 pages', down: 'http503' },
    // Never answered: our 5 s timeout ends it.
    { name: 'hanging', down: 'hang', minMs: 5000 },
    { name: 'failing with 500 SYSTEM_ERROR', fault: { httpStatus: 500, code: 'SYSTEM_ERROR', message: '系统错误' } },
    { name: 'dropping the connection', fault: { dropConnection: true } },
    { name: 'answering unsigned', fault: { unsigned: true } },
    { name: 'answering with a bad signature', fault: { badSignature: true } },
    { name: 'rate limiting (429 FREQUENCY_LIMITED)', fault: { httpStatus: 429, code: 'FREQUENCY_LIMITED', message: '频率超限' }, message: '微信支付未能下单，请稍后再试或到窗口缴费' },
  ])('WeChat Pay $name: a clean 503, our order kept open, and the next tap goes through', async ({ down, fault, minMs, message }) => {
    const { r, id } = await submittedCase();
    if (down) await pay('POST', '/__sim/down', { down: true, mode: down });
    if (fault) await pay('POST', '/__sim/faults', { endpoint: 'jsapi', ...fault });
    const started = Date.now();
    const res = await open(r, id);
    expect([res.status, res.body.code, res.body.message]).toEqual([UNAVAILABLE.status, UNAVAILABLE.code, message ?? UNAVAILABLE.message]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(minMs ?? 0);
    // The order is ours before WeChat Pay hears of it (the sweep closes it at expiry if nobody pays).
    const [order] = await ourOrders(id);
    expect(order).toMatchObject({ status: 'created', prepay_id: null });

    await pay('POST', '/__sim/down', { down: false });
    await pay('DELETE', '/__sim/faults');
    const again = await opened(r, id);
    expect(again.id).toBe(order?.id);
    expect(again.payParams.package).toMatch(/^prepay_id=/);
    expect(await ourOrders(id)).toHaveLength(1);
    expect(await atWechatPay(again.id)).toEqual([expect.objectContaining({ trade_state: 'NOTPAY', amount: expect.objectContaining({ total: FEE }) })]);
  });

  it('is slow but opens the order while WeChat Pay is slow', async () => {
    const { r, id } = await submittedCase();
    await pay('POST', '/__sim/latency', { endpoint: 'jsapi', fixedMs: 1500, jitterMs: 0 });
    const started = Date.now();
    const o = await opened(r, id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(await atWechatPay(o.id)).toHaveLength(1);
  });
});

describe('payment notifications', () => {
  it.each([
    { name: 'each sent three times', policy: { duplicates: 2 }, copies: 3 },
    { name: 'the first one lost and resent', policy: { dropFirst: 1, schedule: 'compressed' }, copies: 1 },
    { name: 'late (1.5 s)', policy: { delayMs: 1500 }, copies: 1 },
  ])('$name: paid once, every copy acknowledged', async ({ policy, copies }) => {
    const { r, id } = await submittedCase();
    const o = await opened(r, id);
    await pay('POST', '/__sim/notify/policy', policy);
    const paidAt = Date.now();
    await pay('POST', `/__sim/orders/${o.id}/pay`, {});
    expect((await paidHere(o.id)).amount).toBe(FEE);
    if (policy.delayMs) expect(Date.now() - paidAt).toBeGreaterThanOrEqual(policy.delayMs);
    const [notice] = await eventually(() => outbox(o.id), (n) => n[0]?.deliveries.every((d) => d.state === 'delivered') === true, 10_000);
    expect(notice?.deliveries).toHaveLength(copies);
    const attempts = notice?.deliveries.flatMap((d) => d.attempts.map((a) => a.status)) ?? [];
    expect(attempts).toEqual(policy.dropFirst ? [null, 204] : Array(copies).fill(204));
    expect(await outcomes(o.id)).toEqual(['applied', ...Array(copies - 1).fill('duplicate')]);
    expect(await audits(o.id, 'payment.paid')).toBe(1);
    expect((await timelineTitles(r, id)).filter((t) => t.startsWith('已缴纳'))).toHaveLength(1);
  });

  it('applies two payments whose notifications arrive the other way round, each once', async () => {
    const a = await submittedCase();
    const b = await submittedCase();
    const [oa, ob] = [await opened(a.r, a.id), await opened(b.r, b.id)];
    await pay('POST', '/__sim/notify/policy', { reorder: true });
    await pay('POST', `/__sim/orders/${oa.id}/pay`, {});
    await pay('POST', `/__sim/orders/${ob.id}/pay`, {});
    await paidHere(oa.id);
    await paidHere(ob.id);
    const firstAttempt = async (paymentId: string) => Date.parse((await outbox(paymentId))[0]?.deliveries[0]?.attempts[0]?.at ?? '');
    // B's notification overtook A's.
    expect(await firstAttempt(ob.id)).toBeLessThanOrEqual(await firstAttempt(oa.id));
    for (const o of [oa, ob]) {
      expect(await outcomes(o.id)).toEqual(['applied']);
      expect(await audits(o.id, 'payment.paid')).toBe(1);
    }
  });

  describe('forged and replayed', () => {
    let c: { r: Resident; id: string };
    let order: Opened;
    beforeAll(async () => {
      c = await submittedCase();
      order = await opened(c.r, c.id);
    });
    const rejected = async (problem: string) => (await dbRows("select 1 from payment_notifications where outcome = 'rejected' and problem = $1", [problem])).length;

    it.each([
      { tamper: 'signature', status: 401, problem: 'bad_signature' },
      { tamper: 'probe', status: 401, problem: 'probe' },
      { tamper: 'unknown_serial', status: 401, problem: 'unknown_serial' },
      { tamper: 'stale_timestamp', status: 401, problem: 'stale_timestamp' },
      { tamper: 'bad_ciphertext', status: 400, problem: 'bad_ciphertext' },
      // Validly signed by WeChat Pay's key, but not what we ordered.
      { tamper: 'amount', status: 400, problem: 'amount_mismatch' },
      { tamper: 'appid', status: 400, problem: 'appid_mismatch' },
      { tamper: 'mchid', status: 400, problem: 'mchid_mismatch' },
    ])('a forged notification ($tamper) is answered $status and changes nothing', async ({ tamper, status, problem }) => {
      const before = await rejected(problem);
      const forged = await pay<{ attempt: Attempt }>('POST', '/__sim/notify/forge', { out_trade_no: order.id, tamper });
      expect(forged.attempt.status).toBe(status);
      expect(forged.attempt.responseBody).toEqual({ code: 'FAIL', message: '失败' });
      expect(await rejected(problem)).toBe(before + 1);
      expect((await staffView(order.id)).status).toBe('created');
      // The resident's view asks WeChat Pay, which says not paid.
      expect((await api<PaymentView>('GET', `/api/v1/payments/${order.id}`, c.r.token)).body.status).toBe('created');
      expect(await audits(order.id, 'payment.paid')).toBe(0);
    });

    it('a replayed notification is acknowledged and applied only the first time', async () => {
      await pay('POST', `/__sim/orders/${order.id}/pay`, {});
      await paidHere(order.id);
      const [real] = (await outbox(order.id)).filter((n) => n.kind === 'event');
      const replayed = await pay<{ attempt: Attempt }>('POST', '/__sim/notify/replay', { notificationId: real?.id });
      expect(replayed.attempt.status).toBe(204);
      // (The forgeries above are logged against this order too, as rejected.)
      expect((await outcomes(order.id)).filter((x) => x !== 'rejected')).toEqual(['applied', 'duplicate']);
      expect(await audits(order.id, 'payment.paid')).toBe(1);
      expect((await timelineTitles(c.r, c.id)).filter((t) => t.startsWith('已缴纳'))).toHaveLength(1);
    });
  });

  it('finds a payment whose notification never comes, by query, once WeChat Pay answers again', async () => {
    const { r, id } = await submittedCase();
    const o = await opened(r, id);
    await pay('POST', '/__sim/notify/policy', { dropFirst: 100 });
    await pay('POST', `/__sim/orders/${o.id}/pay`, {});
    await sleep(1000);
    expect((await staffView(o.id)).status).toBe('created');
    // WeChat Pay down: the resident's view can't ask, and says what we know without failing.
    await pay('POST', '/__sim/down', { down: true, mode: 'http503' });
    const blind = await api<PaymentView>('GET', `/api/v1/payments/${o.id}`, r.token);
    expect([blind.status, blind.body.status]).toEqual([200, 'created']);
    await pay('POST', '/__sim/down', { down: false });
    const seen = await api<PaymentView>('GET', `/api/v1/payments/${o.id}`, r.token);
    expect([seen.status, seen.body.status]).toEqual([200, 'paid']);
    expect(await outcomes(o.id)).toEqual([]);
    expect(await dbRows("select 1 from audit_records where subject_id = $1 and action = 'payment.paid' and data->>'via' = 'query'", [o.id])).toHaveLength(1);
  });
});

describe('refunds, sent by job', () => {
  async function paidCase(): Promise<{ r: Resident; id: string; paymentId: string }> {
    const c = await submittedCase();
    const o = await opened(c.r, c.id);
    await pay('POST', `/__sim/orders/${o.id}/pay`, {});
    await paidHere(o.id);
    return { ...c, paymentId: o.id };
  }
  const refundJob = async (refundId: string) => (await dbRows<{ attempts: number; last_error: string | null }>('select attempts, last_error from graphile_worker.jobs where key = $1', [`payment_refund:${refundId}`]))[0];

  it.each([
    { name: 'HTTP 500 once', fault: { httpStatus: 500, code: 'SYSTEM_ERROR', message: '系统错误' } },
    { name: 'the connection dropped once', fault: { dropConnection: true } },
    { name: 'an unsigned answer once', fault: { unsigned: true } },
    { name: 'a short outage', down: 'refuse' },
    { name: 'a slow WeChat Pay (1 s)', latencyMs: 1000 },
  ])('$name: refunded once, in full', async ({ fault, down, latencyMs }) => {
    const { r, id, paymentId } = await paidCase();
    if (fault) await pay('POST', '/__sim/faults', { endpoint: 'refund', ...fault });
    if (down) await pay('POST', '/__sim/down', { down: true, mode: down });
    if (latencyMs) await pay('POST', '/__sim/latency', { endpoint: 'refund', fixedMs: latencyMs, jitterMs: 0 });
    const asked = await api<PaymentView>('POST', `/api/v1/staff/payments/${paymentId}/refunds`, admin, { amount: FEE, reason: '故障演练全额退款' });
    expect(asked.status).toBe(201);
    const refundId = asked.body.refunds[0]?.id as string;
    if (down) {
      await eventually(() => refundJob(refundId), (j) => (j?.attempts ?? 0) >= 1 && !!j?.last_error, 20_000);
      expect((await staffView(paymentId)).refunds).toEqual([expect.objectContaining({ id: refundId, status: 'requested' })]);
      await pay('POST', '/__sim/down', { down: false });
    }
    const done = await eventually(() => staffView(paymentId), (p) => p.status === 'refunded', 30_000);
    expect(done).toMatchObject({ refunded: FEE, refunds: [expect.objectContaining({ id: refundId, status: 'succeeded', amount: FEE })] });
    const atWechat = (await pay<SimRefund[]>('GET', '/__sim/refunds')).filter((x) => x.out_trade_no === paymentId);
    expect(atWechat).toEqual([expect.objectContaining({ out_refund_no: refundId, status: 'SUCCESS' })]);
    expect(await audits(paymentId, 'payment.refunded')).toBe(1);
    expect((await timelineTitles(r, id)).filter((t) => t.startsWith('已退款'))).toHaveLength(1);
  });
});
