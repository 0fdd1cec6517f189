import type { CatalogueFile, ServiceItemInput, StatsFigureKey } from '@haizhu/shared-types';
import { type RunningCourierSimulator, startCourierSimulator } from '@haizhu/scripts/simulators/courier';
import { workerDatabaseUrl } from '@haizhu/scripts/lib/test-db';
import { FixedClock } from '../../common/clock';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { eventually } from '../../../test/support/eventually';
import { freePort } from '../../../test/support/ports';
import { givenLicence, givenResident, givenStaff, type GivenResident } from '../../../test/support/scenario';
import { ApplicationService } from '../application';
import { AppointmentService } from '../appointment';
import { CourierService } from '../courier';
import { EvaluationService } from '../evaluation';

type Auth = { auth: { Authorization: string } };

const PARTNER = { partnerID: 'HZZW_STATS', checkWord: 'stats-checkword-0123456789abcdef', monthlyCard: '0200000001' };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);
const HOME = { contactName: '陈秀英', phone: '13800138000', regionCode: '440105', detail: '江南大道中 100 号 3 栋 501' };
const RANGE = { from: '2026-11-02', to: '2026-11-13' };

/** Beijing time on a day of November 2026 (no holidays: every weekday is a working day). */
const at = (day: number, hhmm: string) => new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

/*
 * One scenario with known answers, built through the real HTTP routes and services, in a database
 * of this file's own (so the district-wide figures are exactly the scenario's):
 *
 * Department A (items I1: 法定 20 / 承诺 5 working days; I2: 10 / 2), cases handled at hall H1;
 * department B (I3: 15 / 15) at hall H2. Cases, all submitted Mon 11-02 unless said:
 *   C1 I1  身份证 by e-licence, result electronic            → 0 visits, decided on time, rated 5
 *   C2 I1  身份证 uploaded (original to hand in), electronic → 1 visit,  on time, rated 1 (差评, rectified and revisited)
 *   C3 I2  户口簿 original collected by courier, electronic   → 0 visits, on time, not rated (7-day default 基本满意)
 *   C4 I2  户口簿 original, result collected at the window    → 2 visits, decided a day late, rated 2 (差评, left open)
 *   C5 I3  no materials, electronic                          → 0 visits, on time, rated 1 — excluded by review as malicious
 *   C6 I1  submitted Tue 11-03, not yet accepted
 * Hall H1 (booked for I1): R_a and R_b check in Mon 09:05 / 09:10 and are called 09:15 / 09:25; a
 * walk-in for I1 at 09:30 is called 10:00; on Tue a walk-in without item at 09:00 is called 09:20 —
 * all four served to the end. R_d books Mon 10:00 and never comes (no-show), R_e cancels, R_f's
 * slot (Fri 11-13 15:00) has not ended when the figures are asked for (Fri 12:00). R_a rates the
 * visit 4, R_b 3.
 */
let t: TestApp;
let sim: RunningCourierSimulator;
let clock: FixedClock;
let admin: Auth;
let hallAdmin1: Auth;
let reviewerA: Auth;
let ids: { tag: string; deptA: string; deptB: string; hall1: string; hall2: string };

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  sim = await startCourierSimulator({ port: 0, partners: [PARTNER], pushUrl: `${base}/api/v1/callbacks/courier`, retrySchedule: 'compressed' });
  t = await createTestApp({
    DATABASE_URL: await workerDatabaseUrl('stats'),
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    COURIER_BASE: sim.url,
    COURIER_PARTNER_ID: PARTNER.partnerID,
    COURIER_CHECKWORD: PARTNER.checkWord,
    COURIER_MONTHLY_CARD: PARTNER.monthlyCard,
    COURIER_TIMEOUT_MS: '2000',
    // The scenario spans two weeks of platform time: sessions outlive it.
    RESIDENT_SESSION_HOURS: '2000',
    STAFF_SESSION_HOURS: '2000',
  });
  clock = new FixedClock(new Date('2026-10-30T10:07:00+08:00'));
  t.platform.clock = clock;
  await buildScenario();
}, 180_000);

afterAll(async () => {
  await t.close();
  await sim.close();
});

const http = () => t.http();

function catalogue(): { file: CatalogueFile; tag: string } {
  const { file, tag } = givenCatalogue({ items: () => [] });
  const deptA = `T-${tag}-RS`;
  const deptB = `T-${tag}-MZ`;
  const hall1 = `T-${tag}-HALL`;
  const hall2 = `T-${tag}-H2`;
  const item = (code: string, dept: string, hall: string, legalDays: number, promisedDays: number, extra: Partial<ServiceItemInput>): ServiceItemInput => ({
    itemCode: `T-${tag}-${code}`,
    name: `测试事项${code}${tag}`,
    departmentCode: dept,
    category: '社保',
    guide: { legalDays, promisedDays, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [{ hallId: hall, description: '综合受理窗口' }] },
    materials: [],
    onlineApply: true,
    resultDelivery: ['electronic'],
    ...extra,
  });
  file.departments.push({ code: deptB, name: `测试民政局${tag}` });
  file.items = [
    item('I1', deptA, hall1, 20, 5, {
      appointmentCategory: 'social_security',
      materials: [
        { code: 'id', name: '居民身份证', form: 'original', eLicenceType: 'id_card' },
        { code: 'bank', name: '本人银行卡', form: 'copy' },
      ],
      resultDelivery: ['electronic', 'window'],
    }),
    item('I2', deptA, hall1, 10, 2, { materials: [{ code: 'hukou', name: '户口簿', form: 'original' }], resultDelivery: ['electronic', 'window', 'courier'] }),
    item('I3', deptB, hall2, 15, 15, {}),
  ];
  file.bundles = [];
  const [h1] = file.halls ?? [];
  if (!h1) throw new Error('the support catalogue has a hall');
  h1.windows = [
    { code: 'A01', name: '综合受理1号', kind: 'accept' },
    { code: 'D01', name: '综合取件1号', kind: 'deliver' },
  ];
  file.halls = [h1, { ...h1, id: hall2, name: `测试街道中心${tag}`, level: 'street', categories: [{ code: 'civil_affairs', name: '民政业务' }] }];
  return { file, tag };
}

async function upload(r: GivenResident): Promise<string> {
  const res = await http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'scan.pdf');
  expect(res.status).toBe(201);
  return res.body.id;
}

async function provide(r: GivenResident, id: string, material: string, source: Record<string, string>): Promise<void> {
  expect((await http().put(`/api/v1/applications/${id}/materials/${material}`).set(r.auth).send(source)).status).toBe(200);
}

async function submittedCase(r: GivenResident, itemCode: string, materials: Record<string, 'upload' | 'e_licence'>): Promise<string> {
  const created = await http().post('/api/v1/applications').set(r.auth).send({ itemCode });
  expect(created.status).toBe(201);
  for (const [code, how] of Object.entries(materials)) await provide(r, created.body.id, code, how === 'upload' ? { fileId: await upload(r) } : { eLicenceType: 'id_card' });
  expect((await http().post(`/api/v1/applications/${created.body.id}/submit`).set(r.auth)).status).toBe(200);
  return created.body.id;
}

async function staffPost(who: Auth, path: string, body: Record<string, unknown> = {}) {
  const res = await http().post(path).set(who.auth).send(body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function slot(hallId: string, date: string, start: string): Promise<string> {
  const res = await http().get(`/api/v1/halls/${hallId}/slots?date=${date}&category=social_security`);
  const found = (res.body as { id: string; start: string }[]).find((s) => s.start.slice(11, 16) === start);
  if (!found) throw new Error(`no slot ${date} ${start}`);
  return found.id;
}

async function buildScenario(): Promise<void> {
  const { file, tag } = catalogue();
  ids = { tag, deptA: `T-${tag}-RS`, deptB: `T-${tag}-MZ`, hall1: `T-${tag}-HALL`, hall2: `T-${tag}-H2` };
  const [I1, I2, I3] = ['I1', 'I2', 'I3'].map((c) => `T-${tag}-${c}`) as [string, string, string];
  admin = await givenStaff(t, ['district_admin']);
  expect((await http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  hallAdmin1 = await givenStaff(t, ['hall_admin'], { hallId: ids.hall1 });
  reviewerA = await givenStaff(t, ['dept_reviewer'], { departmentCode: ids.deptA });
  const reviewerB = await givenStaff(t, ['dept_reviewer'], { departmentCode: ids.deptB });
  const window1 = await givenStaff(t, ['hall_window'], { hallId: ids.hall1 });
  const apps = await t.app.getApplicationContext().getAsync(ApplicationService);
  const courier = await t.app.getApplicationContext().getAsync(CourierService);

  // Fri 10-30: slots for the next two weeks, and the bookings.
  await staffPost(hallAdmin1, `/api/v1/staff/halls/${ids.hall1}/schedules`, {
    from: '2026-11-02',
    to: '2026-11-13',
    category: 'social_security',
    slotMinutes: 60,
    capacity: 5,
    hours: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
  });
  const verified = () => givenResident(t, { verified: true });
  const [ra, rb, rd, re, rf] = await Promise.all([verified(), verified(), verified(), verified(), verified()]);
  const book = async (r: GivenResident, date: string, start: string) => {
    const res = await http().post('/api/v1/appointments').set(r.auth).send({ slotId: await slot(ids.hall1, date, start), itemCode: I1 });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const aptA = await book(ra, '2026-11-02', '09:00');
  const aptB = await book(rb, '2026-11-02', '09:00');
  await book(rd, '2026-11-02', '10:00');
  const aptE = await book(re, '2026-11-02', '10:00');
  expect((await http().post(`/api/v1/appointments/${aptE}/cancel`).set(re.auth)).status).toBe(200);
  await book(rf, '2026-11-13', '15:00');

  // Mon 11-02, before the hall opens: five cases submitted online; C3 books a courier for its 户口簿.
  clock.set(at(2, '08:41'));
  const [r1, r2, r3, r4, r5, r6] = await Promise.all([verified(), verified(), verified(), verified(), verified(), verified()]);
  await givenLicence(t, r1.id, 'id_card');
  await givenLicence(t, r6.id, 'id_card');
  const c1 = await submittedCase(r1, I1, { id: 'e_licence', bank: 'upload' });
  const c2 = await submittedCase(r2, I1, { id: 'upload', bank: 'upload' });
  const c3 = await submittedCase(r3, I2, { hukou: 'upload' });
  const c4 = await submittedCase(r4, I2, { hukou: 'upload' });
  const c5 = await submittedCase(r5, I3, {});
  const pickup = await http().post(`/api/v1/applications/${c3}/courier/pickup`).set(r3.auth).send({ address: HOME, window: { start: '2026-11-02T14:00:00+08:00', end: '2026-11-02T17:00:00+08:00' } });
  expect(pickup.status).toBe(201);
  // The carrier signs with the real time and checks ours against it: stand at the real time while it works.
  clock.set(new Date());
  await courier.createAtCarrier(pickup.body.id);
  const sfNow = new Date(Date.now() + 8 * 3600_000 + 60_000).toISOString().slice(0, 19).replace('T', ' ');
  await fetch(`${sim.url}/__sim/orders/${pickup.body.id}/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ opCode: '50', acceptTime: sfNow }) });
  await eventually(async () => (await http().get(`/api/v1/courier/orders/${pickup.body.id}`).set(r3.auth)).body.status, (s) => s === 'picked_up', 8000);

  // The queue: two appointments checked in, a walk-in, calls and service at window A01.
  clock.set(at(2, '09:05'));
  const ticketA = (await http().post(`/api/v1/appointments/${aptA}/check-in`).set(ra.auth)).body.ticket.id as string;
  clock.set(at(2, '09:10'));
  const ticketB = (await http().post(`/api/v1/appointments/${aptB}/check-in`).set(rb.auth)).body.ticket.id as string;
  const serveNext = async (expected: string) => {
    const called = await staffPost(window1, `/api/v1/staff/windows/${ids.hall1}.A01/call-next`);
    expect(called.id).toBe(expected);
    await staffPost(window1, `/api/v1/staff/tickets/${expected}/serve`);
    await staffPost(window1, `/api/v1/staff/tickets/${expected}/done`);
  };
  clock.set(at(2, '09:15'));
  await serveNext(ticketA);
  clock.set(at(2, '09:25'));
  await serveNext(ticketB);
  clock.set(at(2, '09:30'));
  const walkIn = await staffPost(hallAdmin1, `/api/v1/staff/halls/${ids.hall1}/tickets`, { category: 'social_security', itemCode: I1 });
  clock.set(at(2, '10:00'));
  await serveNext(walkIn.id);

  // The windows accept the five cases; R_d's slot ends unvisited.
  clock.set(at(2, '10:31'));
  for (const id of [c1, c2, c3, c4]) await staffPost(reviewerA, `/api/v1/staff/applications/${id}/accept`);
  await staffPost(reviewerB, `/api/v1/staff/applications/${c5}/accept`);
  clock.set(at(2, '11:21'));
  expect(await (await t.app.getApplicationContext().getAsync(AppointmentService)).markNoShows()).toBe(1);

  // Tue 11-03: a walk-in without an item; C6 submitted; C1, C2, C3, C5 decided, sent electronically and closed.
  clock.set(at(3, '09:00'));
  const walkIn2 = await staffPost(window1, `/api/v1/staff/halls/${ids.hall1}/tickets`, { category: 'social_security' });
  clock.set(at(3, '09:20'));
  await serveNext(walkIn2.id);
  clock.set(at(3, '09:41'));
  await submittedCase(r6, I1, { id: 'e_licence', bank: 'upload' });
  clock.set(at(3, '10:03'));
  for (const id of [c1, c2, c3, c5]) {
    await apps.departmentTransition('TEST', id, 'forward', '已转送');
    await apps.departmentTransition('TEST', id, 'approve', '审批通过');
  }
  clock.set(at(3, '10:33'));
  for (const [id, who] of [[c1, reviewerA], [c2, reviewerA], [c3, reviewerA], [c5, reviewerB]] as const) {
    await staffPost(who, `/api/v1/staff/applications/${id}/deliver`, { method: 'electronic' });
    await staffPost(who, `/api/v1/staff/applications/${id}/complete`);
  }
  clock.set(at(3, '11:07'));
  const rate = async (r: GivenResident, body: Record<string, unknown>) => {
    const res = await http().post('/api/v1/evaluations').set(r.auth).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; rectification: { id: string } | null };
  };
  await rate(r1, { targetType: 'application', targetId: c1, level: 5 });
  const bad2 = await rate(r2, { targetType: 'application', targetId: c2, level: 1, tags: ['办理超时'] });
  const bad5 = await rate(r5, { targetType: 'application', targetId: c5, level: 1, comment: '随便打个差评' });
  await rate(ra, { targetType: 'appointment', targetId: aptA, level: 4 });
  await rate(rb, { targetType: 'appointment', targetId: aptB, level: 3 });

  // Wed 11-04: C2's 差评 handled and revisited; C4 goes on to the department.
  clock.set(at(4, '09:13'));
  await staffPost(reviewerA, `/api/v1/staff/evaluation-tasks/${bad2.rectification?.id}/handle`, { outcome: 'rectified', note: '已督促经办人按时办结并增加进度提醒' });
  clock.set(at(4, '10:13'));
  await staffPost(reviewerA, `/api/v1/staff/evaluation-tasks/${bad2.rectification?.id}/revisit`, { method: 'phone', result: '申请人表示认可', residentSatisfied: true });
  await apps.departmentTransition('TEST', c4, 'forward', '已转送');

  // Thu 11-05: C4 approved a day after its promise, collected at the window, rated 2.
  clock.set(at(5, '10:03'));
  await apps.departmentTransition('TEST', c4, 'approve', '审批通过');
  clock.set(at(5, '10:33'));
  await staffPost(reviewerA, `/api/v1/staff/applications/${c4}/deliver`, { method: 'window', hallId: ids.hall1 });
  await staffPost(reviewerA, `/api/v1/staff/applications/${c4}/complete`);
  clock.set(at(5, '11:07'));
  await rate(r4, { targetType: 'application', targetId: c4, level: 2, comment: '要跑两趟' });

  // Mon 11-09: the malicious rating is excluded by review; Wed 11-11: C3's 7 days are over.
  clock.set(at(9, '09:11'));
  await staffPost(admin, `/api/v1/staff/evaluations/${bad5.id}/reviews`, { decision: 'exclude', reason: '经核实与办件无关，属恶意评价' });
  clock.set(at(11, '09:01'));
  expect(await (await t.app.getApplicationContext().getAsync(EvaluationService)).applyDefaults()).toBe(1);

  clock.set(at(13, '12:00'));
}

async function overview(who: Auth, query: Record<string, string>) {
  const res = await http().get('/api/v1/stats/overview').query(query).set(who.auth);
  if (res.status !== 200) throw new Error(`overview: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Each figure as [value, numerator, denominator]. */
function figures(body: { figures: { key: StatsFigureKey; value: number | null; numerator?: number; denominator?: number }[] }) {
  return Object.fromEntries(body.figures.map((f) => [f.key, [f.value, f.numerator ?? null, f.denominator ?? null]]));
}

describe('GET /api/v1/stats/overview', () => {
  it('computes every figure of the district from the scenario, each with its definition', async () => {
    const body = await overview(admin, RANGE);
    expect(body).toMatchObject({ from: '2026-11-02', to: '2026-11-13', scope: { hallId: null, departmentCode: null, fixed: [] }, generatedAt: '2026-11-13T12:00:00.000+08:00' });
    expect(figures(body)).toEqual({
      // C1–C6 online; 4 tickets served at the window.
      onlineRate: [60, 6, 10],
      // C1, C3, C5 of the five closed cases; C4 came twice.
      zeroVisitRate: [60, 3, 5],
      atMostOneVisitRate: [80, 4, 5],
      // I1: 2 × (20 − 5), I2: 2 × (10 − 2), I3: 15 − 15 working days saved, of 2 × 20 + 2 × 10 + 15.
      speedUpRate: [61.3, 46, 75],
      onTimeRate: [80, 4, 5],
      // 5, 1, 2, the default 3 and the visits' 4 and 3; the excluded 1 is not counted.
      satisfactionRate: [66.7, 4, 6],
      badRectifiedRate: [50, 1, 2],
      // Waits of 10, 15, 30 and 20 minutes.
      averageWaitMinutes: [18.8, null, 4],
      p90WaitMinutes: [27, null, 4],
      // R_a, R_b, R_d (no-show); R_e cancelled, R_f's slot not over.
      noShowRate: [33.3, 1, 3],
    });
    const satisfaction = body.figures.find((f: { key: string }) => f.key === 'satisfactionRate');
    expect(satisfaction).toMatchObject({ name: '满意率', unit: '%', countUnit: '条' });
    expect(satisfaction.definition).toContain('基本满意');
    for (const f of body.figures) expect(f.definition.length).toBeGreaterThan(20);
    expect(body.figures.find((f: { key: string }) => f.key === 'averageWaitMinutes')).toMatchObject({ name: '平均等候时长', unit: '分钟' });
  });

  it('gives the chart series per day and per level', async () => {
    const body = await overview(admin, RANGE);
    expect(body.series.applicationsByDay).toHaveLength(12);
    expect(body.series.applicationsByDay.slice(0, 3)).toEqual([
      { date: '2026-11-02', online: 5, hall: 3 },
      { date: '2026-11-03', online: 1, hall: 1 },
      { date: '2026-11-04', online: 0, hall: 0 },
    ]);
    expect(body.series.satisfactionByLevel).toEqual([
      { level: 5, name: '非常满意', count: 1 },
      { level: 4, name: '满意', count: 1 },
      { level: 3, name: '基本满意', count: 2 },
      { level: 2, name: '不满意', count: 1 },
      { level: 1, name: '非常不满意', count: 1 },
    ]);
    expect(body.series.waitsByDay.slice(0, 3)).toEqual([
      { date: '2026-11-02', averageMinutes: 18.3, p90Minutes: 27, tickets: 3 },
      { date: '2026-11-03', averageMinutes: 20, p90Minutes: 20, tickets: 1 },
      { date: '2026-11-04', averageMinutes: null, p90Minutes: null, tickets: 0 },
    ]);
  });

  it('narrows to a hall: its cases, queue, bookings and the ratings of its services', async () => {
    const h1 = await overview(admin, { ...RANGE, hallId: ids.hall1 });
    expect(h1.scope).toMatchObject({ hallId: ids.hall1, hallName: `测试政务服务中心${ids.tag}`, fixed: [] });
    expect(figures(h1)).toEqual({
      onlineRate: [55.6, 5, 9],
      zeroVisitRate: [50, 2, 4],
      atMostOneVisitRate: [75, 3, 4],
      speedUpRate: [76.7, 46, 60],
      onTimeRate: [75, 3, 4],
      satisfactionRate: [66.7, 4, 6],
      badRectifiedRate: [50, 1, 2],
      averageWaitMinutes: [18.8, null, 4],
      p90WaitMinutes: [27, null, 4],
      noShowRate: [33.3, 1, 3],
    });
    const h2 = await overview(admin, { ...RANGE, hallId: ids.hall2 });
    expect(figures(h2)).toEqual({
      onlineRate: [100, 1, 1],
      zeroVisitRate: [100, 1, 1],
      atMostOneVisitRate: [100, 1, 1],
      speedUpRate: [0, 0, 15],
      onTimeRate: [100, 1, 1],
      // C5's only rating was excluded: nothing to count, which is not 0 %.
      satisfactionRate: [null, 0, 0],
      badRectifiedRate: [null, 0, 0],
      averageWaitMinutes: [null, null, 0],
      p90WaitMinutes: [null, null, 0],
      noShowRate: [null, 0, 0],
    });
  });

  it('narrows to a department: its cases and whatever concerns its items', async () => {
    const a = await overview(admin, { ...RANGE, departmentCode: ids.deptA });
    expect(a.scope).toMatchObject({ departmentCode: ids.deptA, departmentName: `测试人社局${ids.tag}` });
    expect(figures(a)).toEqual({
      // The walk-in of Tuesday named no item: it is nobody's department.
      onlineRate: [62.5, 5, 8],
      zeroVisitRate: [50, 2, 4],
      atMostOneVisitRate: [75, 3, 4],
      speedUpRate: [76.7, 46, 60],
      onTimeRate: [75, 3, 4],
      satisfactionRate: [66.7, 4, 6],
      badRectifiedRate: [50, 1, 2],
      averageWaitMinutes: [18.3, null, 3],
      p90WaitMinutes: [27, null, 3],
      noShowRate: [33.3, 1, 3],
    });
    const both = await overview(admin, { ...RANGE, departmentCode: ids.deptB, hallId: ids.hall1 });
    expect(figures(both).onlineRate).toEqual([null, 0, 0]);
  });

  it('follows the date range: one day, and a week without data', async () => {
    const monday = await overview(admin, { from: '2026-11-02', to: '2026-11-02' });
    expect(figures(monday)).toMatchObject({
      onlineRate: [62.5, 5, 8],
      zeroVisitRate: [null, 0, 0],
      speedUpRate: [61.3, 46, 75],
      onTimeRate: [null, 0, 0],
      satisfactionRate: [null, 0, 0],
      averageWaitMinutes: [18.3, null, 3],
      noShowRate: [33.3, 1, 3],
    });
    expect(monday.series.applicationsByDay).toEqual([{ date: '2026-11-02', online: 5, hall: 3 }]);
    const tuesdayToThursday = await overview(admin, { from: '2026-11-03', to: '2026-11-05' });
    expect(figures(tuesdayToThursday)).toMatchObject({ onlineRate: [50, 1, 2], zeroVisitRate: [60, 3, 5], onTimeRate: [80, 4, 5], satisfactionRate: [60, 3, 5], speedUpRate: [null, 0, 0] });
    const empty = await overview(admin, { from: '2026-11-16', to: '2026-11-20' });
    expect(empty.figures.every((f: { value: number | null }) => f.value === null)).toBe(true);
    expect(empty.series.satisfactionByLevel.every((l: { count: number }) => l.count === 0)).toBe(true);
    // Without a range: the 30 days up to today.
    const recent = await overview(admin, {});
    expect([recent.from, recent.to]).toEqual(['2026-10-15', '2026-11-13']);
    expect(figures(recent).onlineRate).toEqual([60, 6, 10]);
  });

  it('keeps a hall’s admin to the hall and a department’s reviewer to the department', async () => {
    const own = await overview(hallAdmin1, RANGE);
    expect(own.scope).toMatchObject({ hallId: ids.hall1, fixed: ['hall'] });
    expect(figures(own).onlineRate).toEqual([55.6, 5, 9]);
    const elsewhere = await http().get('/api/v1/stats/overview').query({ ...RANGE, hallId: ids.hall2 }).set(hallAdmin1.auth);
    expect([elsewhere.status, elsewhere.body.code, elsewhere.body.message]).toEqual([403, 'STATS_SCOPE_FORBIDDEN', '只能查看本大厅的统计数据']);

    const dept = await overview(reviewerA, { ...RANGE, departmentCode: ids.deptA });
    expect(dept.scope).toMatchObject({ departmentCode: ids.deptA, fixed: ['department'] });
    expect(figures(dept).onlineRate).toEqual([62.5, 5, 8]);
    const otherDept = await http().get('/api/v1/stats/overview').query({ ...RANGE, departmentCode: ids.deptB }).set(reviewerA.auth);
    expect([otherDept.status, otherDept.body.code]).toEqual([403, 'STATS_SCOPE_FORBIDDEN']);

    const window = await givenStaff(t, ['hall_window'], { hallId: ids.hall1 });
    expect((await http().get('/api/v1/stats/overview').set(window.auth)).body.code).toBe('FORBIDDEN');
    const resident = await givenResident(t);
    expect((await http().get('/api/v1/stats/overview').set(resident.auth)).status).toBe(403);
    expect((await http().get('/api/v1/stats/overview')).status).toBe(401);
  });

  it('names a bad range or an unknown unit field by field', async () => {
    const backwards = await http().get('/api/v1/stats/overview').query({ from: '2026-11-13', to: '2026-11-02' }).set(admin.auth);
    expect([backwards.status, backwards.body.code, backwards.body.details.fields]).toEqual([400, 'VALIDATION_FAILED', { to: '结束日期不能早于开始日期' }]);
    const long = await http().get('/api/v1/stats/overview').query({ from: '2025-01-01', to: '2026-11-13' }).set(admin.auth);
    expect(long.body.details.fields).toEqual({ to: '一次最多统计 366 天' });
    const badDate = await http().get('/api/v1/stats/overview').query({ from: '2026-02-30' }).set(admin.auth);
    expect(badDate.body.details.fields).toEqual({ from: '日期不存在' });
    const unknown = await http().get('/api/v1/stats/overview').query({ hallId: 'NO-SUCH-HALL', departmentCode: 'NO-SUCH-DEPT' }).set(admin.auth);
    expect([unknown.status, unknown.body.details.fields]).toEqual([400, { hallId: '大厅不存在' }]);
  });
});
