import { api, dbRows, DEPT_SIM, eventually, importCatalogue, resident, type Resident, sim, staffToken } from './support/http';

/*
 * The departmental exchange simulator's controls (dept-exchange.md §8) against the live stack.
 * Cases go to 人社 by job after acceptance: with the exchange failing, slow or down, or its reply
 * lost, the case waits, the resident is told, and the department gets it once. Status callbacks
 * come duplicated, reordered, with a seq skipped, lost and resent, late, forged and replayed: the
 * case ends in the department's state with every step once, and forgeries change nothing. The
 * resident's own 数据调阅 answers at once: a clean 503 while the department can't be reached.
 *
 * The stack's auto-processing (approve, 2 s steps) is paused for this file so every transition
 * is the test's own (`/__sim/cases/{no}/decide`); it is put back afterwards.
 */

const RSJ = { code: 'HZ-RSJ', name: '广州市海珠区人力资源和社会保障局' };
const ITEM = 'FAULT-DEPT-SIM-1';
const UNREACHABLE_NOTE = '已提交，部门系统暂时无法连接，恢复后将自动转送';
const BACK_NOTE = '部门系统已恢复，已自动转送';
const UNAVAILABLE = { status: 503, code: 'UPSTREAM_UNAVAILABLE', message: '部门系统暂时无法连接，请稍后再试' };
/** The department's steps as the resident's timeline shows them (ACCEPTED is a note, IN_REVIEW and CONCLUDED move the case). */
const STEPS = ['已收件受理', '审核中', '审批通过'];

type Timeline = { status: string; title: string; note?: string | null }[];
type Application = { id: string; applicationNo: string; status: string; timeline: Timeline };
type Attempt = { at: string; httpStatus: number | null; body: unknown };
type Delivery = { id: number; kind: string; eventId: string; caseNo: string; seq: number; status: string; state: string; attempts: Attempt[] };
type Submission = { applicationNo: string; outcome: string };

const dept = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => sim<T>(DEPT_SIM, method, path, body);

let reviewer: string;
let savedAuto: { enabled: boolean; scenario: string; stepDelayMs: number };

beforeAll(async () => {
  await importCatalogue(
    [RSJ],
    [{ itemCode: ITEM, name: '故障演练参保证明', departmentCode: RSJ.code, category: '社保', guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] }, materials: [], onlineApply: true }],
  );
  reviewer = await staffToken('reviewer-rs');
  savedAuto = await dept('GET', '/__sim/cases/auto');
  await dept('POST', '/__sim/cases/auto', { enabled: false });
});
afterAll(async () => {
  await dept('POST', '/__sim/cases/auto', savedAuto);
});
afterEach(async () => {
  await dept('DELETE', '/__sim/faults');
  await dept('DELETE', '/__sim/latency');
  await dept('POST', '/__sim/down', { down: false });
  await dept('POST', '/__sim/down', { down: false, deptCode: 'RS' });
  await dept('POST', '/__sim/callbacks/policy', { delayMs: 0, duplicates: 0, reorder: false, skipSeq: [], dropFirst: 0, schedule: 'contract', retryDelaysMs: null });
});

const appOf = async (r: Resident, id: string) => (await api<Application>('GET', `/api/v1/applications/${id}`, r.token)).body;
const titled = (app: Application, title: string) => app.timeline.filter((e) => e.title === title);
const forwardedSteps = (app: Application) => app.timeline.filter((e) => e.status === 'forwarded' && e.title.startsWith('已转送'));
/** The department's steps in the timeline, in order: each should be there once. */
const deptSteps = (app: Application) => app.timeline.map((e) => STEPS.find((s) => e.title.endsWith(s))).filter((s) => s !== undefined);
const caseRecord = async (id: string) => (await dbRows<{ case_no: string | null; attempts: number; last_seq: number; dept_status: string | null }>('select case_no, attempts, last_seq, dept_status from dept_cases where application_id = $1', [id]))[0];
const casesAtDept = (applicationNo: string) => dept<{ caseNo: string; status: string }[]>('GET', `/__sim/cases?applicationNo=${applicationNo}`);
const submissions = async (applicationNo: string) => (await dept<Submission[]>('GET', `/__sim/submissions?applicationNo=${applicationNo}`)).map((s) => s.outcome);

/** A verified resident's submitted case of the 人社 item. */
async function submittedCase(): Promise<{ r: Resident; id: string; applicationNo: string }> {
  const r = await resident('dept', { verified: true });
  const draft = await api<{ id: string; applicationNo: string }>('POST', '/api/v1/applications', r.token, { itemCode: ITEM });
  expect(draft.status).toBe(201);
  expect((await api('POST', `/api/v1/applications/${draft.body.id}/submit`, r.token)).status).toBe(200);
  return { r, id: draft.body.id, applicationNo: draft.body.applicationNo };
}

async function accept(id: string): Promise<void> {
  const res = await api<{ status: string }>('POST', `/api/v1/staff/applications/${id}/accept`, reviewer, {});
  expect([res.status, res.body.status]).toEqual([200, 'accepted']);
}

const forwarded = (r: Resident, id: string, ms = 30_000) => eventually(() => appOf(r, id), (a) => a.status === 'forwarded', ms);

/** A case the department has (forwarded here), with its caseNo. */
async function forwardedCase(): Promise<{ r: Resident; id: string; applicationNo: string; caseNo: string }> {
  const c = await submittedCase();
  await accept(c.id);
  await forwarded(c.r, c.id);
  return { ...c, caseNo: (await caseRecord(c.id))?.case_no as string };
}

describe('handing a case to the department (job)', () => {
  it.each([
    { name: 'HTTP 500 once', rule: { httpStatus: 500 }, attempts: 2, atDept: ['created'] },
    { name: 'the connection dropped once', rule: { dropConnection: true }, attempts: 2, atDept: ['created'] },
    // The department stored the case, then our answer was lost: the retry finds the same case (§4.1 idempotency).
    { name: 'the reply lost after the department stored the case', rule: { dropConnection: true, phase: 'after' }, attempts: 2, atDept: ['created', 'duplicate'] },
    { name: 'a slow department (1 s)', rule: { latencyMs: 1000 }, attempts: 1, atDept: ['created'] },
    // Asked to slow down on three tries (two Retry-Afters waited out): the job tries later, and the
    // resident is not told the department is unreachable — it isn't.
    { name: 'rate limited (429 10007) three times', rule: { httpStatus: 429, times: 3 }, attempts: 1, atDept: ['created'] },
  ])('$name: forwarded once, one case at the department', async ({ rule, attempts, atDept }) => {
    const c = await submittedCase();
    await dept('POST', '/__sim/faults', { path: '/v1/cases', method: 'POST', ...rule });
    await accept(c.id);
    const app = await forwarded(c.r, c.id);
    expect(forwardedSteps(app)).toHaveLength(1);
    expect(titled(app, UNREACHABLE_NOTE)).toHaveLength(attempts > 1 ? 1 : 0);
    expect(await caseRecord(c.id)).toMatchObject({ attempts, dept_status: 'RECEIVED', last_seq: 1 });
    expect(await casesAtDept(c.applicationNo)).toHaveLength(1);
    expect(await submissions(c.applicationNo)).toEqual(atDept);
  });

  it.each([
    { name: 'the whole exchange refuses connections', down: { mode: 'refuse' } },
    { name: '人社 alone is unavailable (503 50300)', down: { deptCode: 'RS' } },
  ])('$name: the resident is told, and the case goes through once it is back', async ({ down }) => {
    const c = await submittedCase();
    await dept('POST', '/__sim/down', { down: true, ...down });
    await accept(c.id);
    await eventually(() => caseRecord(c.id), (rec) => (rec?.attempts ?? 0) >= 1, 20_000);
    const waiting = await appOf(c.r, c.id);
    expect(waiting.status).toBe('accepted');
    expect(titled(waiting, UNREACHABLE_NOTE)).toHaveLength(1);
    expect(await casesAtDept(c.applicationNo)).toHaveLength(0);

    await dept('POST', '/__sim/down', { down: false, ...down });
    const app = await forwarded(c.r, c.id);
    expect(forwardedSteps(app)).toHaveLength(1);
    expect(forwardedSteps(app)[0]?.note).toBe(BACK_NOTE);
    expect(titled(app, UNREACHABLE_NOTE)).toHaveLength(1);
    expect(await casesAtDept(c.applicationNo)).toHaveLength(1);
    expect((await submissions(c.applicationNo)).filter((o) => o === 'created')).toHaveLength(1);
  });

  // Our answer is lost and the department decides before our retry: its callbacks arrive while we
  // don't know the caseNo (parked), and the retry's answer says CONCLUDED at seq 4. The case must
  // still end approved with every step (it used to stay 'forwarded' for good).
  it('ends approved when the department decides before our retry learns the caseNo', async () => {
    const c = await submittedCase();
    await dept('POST', '/__sim/faults', { path: '/v1/cases', method: 'POST', dropConnection: true, phase: 'after' });
    await accept(c.id);
    await eventually(() => casesAtDept(c.applicationNo), (cases) => cases.length === 1, 10_000);
    await dept('POST', `/__sim/cases/${c.applicationNo}/decide`, { decision: 'approve' });
    await eventually(() => caseRecord(c.id), (rec) => !!rec?.case_no, 20_000);
    expect((await casesAtDept(c.applicationNo))[0]?.status).toBe('CONCLUDED');
    const app = await eventually(() => appOf(c.r, c.id), (a) => a.status === 'approved', 12_000).catch(async () => appOf(c.r, c.id));
    expect(app.status).toBe('approved');
    expect(deptSteps(app)).toEqual(STEPS);
  });
});

describe('status callbacks from the department', () => {
  it.each([
    { name: 'each sent three times', policy: { duplicates: 2 }, copies: 3 },
    { name: 'reordered (seq 3 before seq 2)', policy: { reorder: true }, copies: 1 },
    { name: 'seq 3 never sent', policy: { skipSeq: [3] }, copies: 1 },
    { name: 'the first one lost and resent', policy: { dropFirst: 1, retryDelaysMs: [300] }, copies: 1 },
    { name: 'late (1.5 s)', policy: { delayMs: 1500 }, copies: 1 },
  ])('$name: the case ends approved with every step once', async ({ policy, copies }) => {
    const { r, id, caseNo } = await forwardedCase();
    await dept('POST', '/__sim/callbacks/policy', policy);
    await dept('POST', `/__sim/cases/${caseNo}/decide`, { decision: 'approve' });
    const done = await eventually(() => appOf(r, id), (a) => a.status === 'approved', 20_000);
    const deliveries = await eventually(
      () => dept<Delivery[]>('GET', `/__sim/callbacks?caseNo=${caseNo}`),
      (ds) => ds.every((d) => d.state !== 'pending' && d.state !== 'held' && d.state !== 'in_flight'),
      10_000,
    );
    // Every copy that went out was acknowledged, so the department stops sending.
    expect(deliveries.filter((d) => d.state === 'delivered')).toHaveLength(policy.skipSeq ? 2 * copies : 3 * copies);
    for (const d of deliveries.filter((x) => x.state === 'delivered')) expect(d.attempts.at(-1)?.httpStatus).toBe(200);
    expect(deptSteps(await appOf(r, id))).toEqual(STEPS);
    expect(done.timeline.filter((e) => e.status === 'approved')).toHaveLength(1);
    const events = await dbRows<{ seq: number; outcome: string }>('select seq, outcome from dept_events where case_no = $1 order by seq', [caseNo]);
    expect(events).toEqual([2, 3, 4].map((seq) => ({ seq, outcome: 'applied' })));
    expect(await caseRecord(id)).toMatchObject({ last_seq: 4, dept_status: 'CONCLUDED' });

    const backfilled = (await dept<unknown[]>('GET', `/__sim/requests?path=/v1/cases/${caseNo}&method=GET`)).length;
    const first = (seq: number) => deliveries.find((d) => d.seq === seq && d.kind === 'event') as Delivery;
    if (policy.reorder) {
      expect(Date.parse(first(3).attempts[0]?.at as string)).toBeLessThanOrEqual(Date.parse(first(2).attempts[0]?.at as string));
      // seq 3 came first: the missing seq 2 was fetched from the department (§4.3) and applied before it.
      expect(backfilled).toBeGreaterThanOrEqual(1);
    }
    if (policy.skipSeq) {
      expect(first(3).state).toBe('skipped');
      expect(backfilled).toBeGreaterThanOrEqual(1);
    }
    if (policy.dropFirst) expect(deliveries.some((d) => d.attempts.length === 2 && d.attempts[0]?.httpStatus === null && d.attempts[1]?.httpStatus === 200)).toBe(true);
  });

  describe('forged and replayed', () => {
    let c: { r: Resident; id: string; caseNo: string };
    let before: Application;

    beforeAll(async () => {
      const f = await forwardedCase();
      await dept('POST', `/__sim/cases/${f.caseNo}/decide`, { decision: 'review' });
      before = await eventually(() => appOf(f.r, f.id), (a) => a.status === 'in_review', 20_000);
      c = f;
    });

    it.each([
      { tamper: 'signature', httpStatus: 401, stored: null },
      { tamper: 'stale_timestamp', httpStatus: 401, stored: null },
      { tamper: 'nonce_replay', httpStatus: 401, stored: null },
      { tamper: 'bad_digest', httpStatus: 401, stored: null },
      // Correctly signed: acknowledged so the department stops, but kept aside or ignored.
      { tamper: 'unknown_case', httpStatus: 200, stored: 'parked_unknown_case' },
      { tamper: 'seq_regress', httpStatus: 200, stored: 'stale' },
    ])('a forged callback ($tamper) is answered $httpStatus and changes nothing', async ({ tamper, httpStatus, stored }) => {
      const forged = await dept<Delivery>('POST', '/__sim/callbacks/forge', { caseNo: c.caseNo, tamper });
      expect(forged.attempts.map((a) => a.httpStatus)).toEqual([httpStatus]);
      if (httpStatus === 401) expect(forged.attempts[0]?.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      const rows = await dbRows<{ outcome: string }>('select outcome from dept_events where event_id = $1', [forged.eventId]);
      expect(rows.map((x) => x.outcome)).toEqual(stored ? [stored] : []);
      const after = await appOf(c.r, c.id);
      expect(after.status).toBe('in_review');
      expect(after.timeline).toEqual(before.timeline);
      expect(await caseRecord(c.id)).toMatchObject({ last_seq: 3, dept_status: 'IN_REVIEW' });
    });

    it('a replayed callback (fresh signature, same event) is acknowledged and applied only the first time', async () => {
      const [accepted, inReview] = (await dept<Delivery[]>('GET', `/__sim/callbacks?caseNo=${c.caseNo}&kind=event`)).sort((a, b) => a.seq - b.seq);
      for (const event of [accepted, inReview] as Delivery[]) {
        await dept('POST', '/__sim/callbacks/replay', { eventId: event.eventId });
        const replays = await eventually(() => dept<Delivery[]>('GET', `/__sim/callbacks?eventId=${event.eventId}&kind=replay`), (ds) => ds.every((d) => d.state === 'delivered'), 10_000);
        expect(replays.length).toBeGreaterThan(0);
        expect(replays.every((d) => d.attempts.at(-1)?.httpStatus === 200)).toBe(true);
        expect(await dbRows('select 1 from dept_events where event_id = $1', [event.eventId])).toHaveLength(1);
      }
      const after = await appOf(c.r, c.id);
      expect(after.timeline).toEqual(before.timeline);
      expect(deptSteps(after)).toEqual(STEPS.slice(0, 2));
    });
  });
});

describe('the resident’s own 数据调阅 (社保缴费记录), answered at once', () => {
  let r: Resident;
  const query = '/api/v1/me/social-insurance/payments?from=2024-01&to=2024-12';
  const reads = async () => Number((await dbRows<{ n: string }>("select count(*) as n from audit_records where resident_id = $1 and action = 'data_query.social_insurance'", [r.id]))[0]?.n);

  beforeAll(async () => {
    r = await resident('dept-si', { verified: true });
    const month = { insuranceType: '110', employerName: '广州某某有限公司', paymentBase: '5000.00', employerAmount: '800.00', personalAmount: '400.00' };
    await dept('POST', '/__sim/people', [{ idNumber: r.idNumber, name: '林志强', socialInsurance: [{ month: '2024-03', ...month }, { month: '2024-04', ...month }] }]);
  });

  async function expectRecords(): Promise<void> {
    const res = await api<{ traceId: string; records: unknown[] }>('GET', query, r.token);
    expect(res.status).toBe(200);
    expect(res.body.records).toHaveLength(2);
    expect(res.body.traceId).toBeTruthy();
  }

  it.each([
    { name: 'the exchange refuses connections', down: { mode: 'refuse' }, minMs: 0 },
    { name: 'the exchange answers 502 pages', down: { mode: 'http502' }, minMs: 0 },
    { name: 'the exchange is unavailable (503 50300)', down: { mode: 'unavailable' }, minMs: 0 },
    { name: '人社 alone is unavailable', down: { deptCode: 'RS' }, minMs: 0 },
    // Never answered: our 5 s timeout ends it.
    { name: 'the exchange hangs', down: { mode: 'hang' }, minMs: 5000 },
  ])('$name: a clean 503, no read recorded; the next read works once it is back', async ({ down, minMs }) => {
    const readsBefore = await reads();
    await dept('POST', '/__sim/down', { down: true, ...down });
    const started = Date.now();
    const res = await api<{ code: string; message: string }>('GET', query, r.token);
    expect([res.status, res.body.code, res.body.message]).toEqual([UNAVAILABLE.status, UNAVAILABLE.code, UNAVAILABLE.message]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(minMs);
    expect(await reads()).toBe(readsBefore);
    await dept('POST', '/__sim/down', { down: false, ...down });
    await expectRecords();
    expect(await reads()).toBe(readsBefore + 1);
  });

  it.each([
    { name: 'HTTP 500 (50000)', rule: { httpStatus: 500 } },
    { name: 'department unavailable (503 50300)', rule: { httpStatus: 503 } },
    { name: 'connection dropped', rule: { dropConnection: true } },
    // Rate limited on every try: the Retry-After (1 s) is waited out twice, then given up.
    { name: 'rate limited (429 10007) three times', rule: { httpStatus: 429, times: 3 } },
  ])('the query failing with $name: a clean 503, then the next read works', async ({ rule }) => {
    const readsBefore = await reads();
    await dept('POST', '/__sim/faults', { path: '/v1/data/RS_SI_PAYMENT/query', ...rule });
    const res = await api<{ code: string }>('GET', query, r.token);
    expect([res.status, res.body.code]).toEqual([UNAVAILABLE.status, UNAVAILABLE.code]);
    expect(await reads()).toBe(readsBefore);
    await expectRecords();
  });

  it('waits out a Retry-After of the exchange’s rate limit (429 10007) and answers', async () => {
    const queried = async () => (await dept<unknown[]>('GET', '/__sim/requests?path=/v1/data/RS_SI_PAYMENT/query')).length;
    const before = await queried();
    await dept('POST', '/__sim/faults', { path: '/v1/data/RS_SI_PAYMENT/query', httpStatus: 429 });
    const started = Date.now();
    await expectRecords();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await queried()).toBe(before + 2);
  });

  it('is slow but answers while 人社 is slow', async () => {
    await dept('POST', '/__sim/latency', { deptCode: 'RS', fixedMs: 1500, jitterMs: 0 });
    const started = Date.now();
    await expectRecords();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  // An answer, not an outage (it used to reach our error filter as our own 404: ROUTE_NOT_FOUND 接口不存在).
  it('says "not found", not "no such API", when 人社 has no record (404 30001)', async () => {
    await dept('POST', '/__sim/faults', { path: '/v1/data/RS_SI_PAYMENT/query', httpStatus: 404, code: '30001' });
    const res = await api<{ code: string }>('GET', query, r.token);
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
