import { STAFF_ROLES, type ServiceItemInput, type StaffRole } from '@haizhu/shared-types';
import { workerDatabaseUrl } from '@haizhu/scripts/lib/test-db';
import { type RunningCourierSimulator, startCourierSimulator } from '@haizhu/scripts/simulators/courier';
import { type RunningDeptSimulator, startDeptSimulator } from '@haizhu/scripts/simulators/dept';
import { z } from 'zod';
import { FixedClock, systemClock } from '../../src/common/clock';
import { ApplicationService } from '../../src/modules/application';
import { CourierService } from '../../src/modules/courier';
import { ROUTES, type RouteSpec } from '../../src/modules/openapi/routes';
import { createTestApp, type TestApp } from '../support/app';
import { givenCatalogue } from '../support/catalogue';
import { givenResident, givenStaff, newIdNumber, type GivenResident, wechatSim } from '../support/scenario';
import { givenWechatPay, type GivenWechatPay } from '../support/wechatpay';

/**
 * The authorisation matrix of issue #8, generated from the route table: (1) who may call each
 * route at all; (2) for every route whose path names a person's resource, that nobody but its owner
 * (an agent, within what the agent may do; the unit that handles it) gets past 404 (API.md:
 * "another person's resource → 404, never reveal that it exists").
 */

// ---- the classification of path parameters (a new route with one must be added here) ----

type Kind = 'agent' | 'appointment' | 'ticket' | 'file' | 'application' | 'payment' | 'address' | 'courierOrder' | 'courierTask' | 'evaluation' | 'rectificationTask' | 'consultation' | 'hall' | 'window';

/** The path up to its first parameter → the kind of resource that parameter names. */
const RESOURCE_OF: Record<string, Kind> = {
  '/api/v1/me/agents/:id': 'agent', '/api/v1/appointments/:id': 'appointment', '/api/v1/queue/tickets/:id': 'ticket', '/api/v1/files/:id': 'file',
  '/api/v1/applications/:id': 'application', '/api/v1/payments/:id': 'payment', '/api/v1/me/addresses/:id': 'address',
  '/api/v1/courier/orders/:id': 'courierOrder', '/api/v1/evaluations/:id': 'evaluation', '/api/v1/consultations/:id': 'consultation',
  '/api/v1/staff/applications/:id': 'application', '/api/v1/staff/payments/:id': 'payment', '/api/v1/staff/courier/orders/:id': 'courierOrder',
  '/api/v1/staff/courier/tasks/:id': 'courierTask', '/api/v1/staff/evaluation-tasks/:id': 'rectificationTask', '/api/v1/staff/evaluations/:id': 'evaluation',
  '/api/v1/staff/consultations/:id': 'consultation', '/api/v1/staff/tickets/:id': 'ticket',
  // A hall's queue and windows are staff work of that hall only.
  '/api/v1/staff/halls/:hallId': 'hall', '/api/v1/staff/windows/:windowId': 'window',
};
/** Parameters after the first, and what they are given (A's case's material, an action, A's file). */
const LATER_PARAMS = ['materialCode', 'action', 'fileId'];

/** Parameters that name nobody's resource: public reference data, or a caller proven by signature. */
const NOT_PERSONAL = new Set([
  '/api/v1/items/:itemCode',
  '/api/v1/bundles/:code',
  '/api/v1/halls/:hallId', // hall, its slots, dates and the public screen (numbers only)
  '/api/v1/staff/items/:itemCode',
  '/api/v1/staff/calendar/:date',
  '/api/v1/exchange/files/:fileId', // a department's presigned link (expires + sig)
  '/api/v1/callbacks/dept/:departmentCode', // signed department callback
]);

type Fixture = 'agent' | 'appointment' | 'ticket' | 'file' | 'draft' | 'submitted' | 'onBehalf' | 'payment' | 'address' | 'pickupOrder' | 'deliveryOrder' | 'courierTask' | 'evaluation' | 'rectificationTask' | 'consultation' | 'hall' | 'window';

/** Resident A's things each kind is tried with ('onBehalf': the case agent C made for A). */
const FIXTURES_OF: Record<Kind, Fixture[]> = {
  agent: ['agent'], appointment: ['appointment'], ticket: ['ticket'], file: ['file'], application: ['draft', 'submitted', 'onBehalf'],
  payment: ['payment'], address: ['address'], courierOrder: ['pickupOrder', 'deliveryOrder'], courierTask: ['courierTask'],
  evaluation: ['evaluation'], rectificationTask: ['rectificationTask'], consultation: ['consultation'], hall: ['hall'], window: ['window'],
};
/** Drafts are not cases yet and only deliveries are handed over: no staff member sees these. */
const NOT_STAFF_WORK = new Set<Fixture>(['draft', 'onBehalf', 'pickupOrder']);

type Actor = 'anon' | 'A' | 'B' | 'C' | 'D' | 'hallA' | 'deptA' | 'hallB' | 'deptB' | 'auditor' | 'district';
const HALL_STAFF: StaffRole[] = ['hall_window', 'hall_reception', 'hall_admin'];
const ROLES_OF: Partial<Record<Actor, StaffRole[]>> = { hallA: HALL_STAFF, hallB: HALL_STAFF, deptA: ['dept_reviewer'], deptB: ['dept_reviewer'], auditor: ['auditor'], district: ['district_admin'] };
/** The unit that handles A's things, by kind (a district admin handles all). */
const UNITS_OF: Record<Kind, Actor[]> = {
  application: ['hallA', 'deptA'], payment: ['hallA', 'deptA'], courierOrder: ['hallA', 'deptA'], courierTask: ['hallA'], hall: ['hallA'], window: ['hallA'], ticket: ['hallA'],
  rectificationTask: ['deptA'], consultation: ['deptA'], evaluation: [], agent: [], appointment: [], file: [], address: []
};

function classify(path: string): Kind | 'not personal' | 'unclassified' | undefined {
  const [first, ...later] = path.match(/:[A-Za-z]+/g) ?? [];
  if (!first) return undefined;
  const head = path.slice(0, path.indexOf(first) + first.length);
  if (later.some((p) => !LATER_PARAMS.includes(p.slice(1)))) return 'unclassified';
  return NOT_PERSONAL.has(head) ? 'not personal' : (RESOURCE_OF[head] ?? 'unclassified');
}

// ---- requests ----

type JsonSchema = { type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string; minimum?: number; minLength?: number; minItems?: number; items?: JsonSchema; properties?: Record<string, JsonSchema>; required?: string[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };

/** The smallest value its schema accepts (required keys only, first of every choice). */
function minimal(s: JsonSchema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const choice = s.anyOf ?? s.oneOf ?? s.allOf;
  if (choice?.length) return minimal(choice[0] as JsonSchema);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object') return Object.fromEntries((s.required ?? []).map((k) => [k, minimal(s.properties?.[k] ?? {})]));
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => minimal(s.items ?? {}));
  if (type === 'integer' || type === 'number') return Math.max(s.minimum ?? 1, 1);
  if (type === 'boolean') return true;
  if (type !== 'string') return null;
  return s.format === 'date-time' ? '2030-01-07T10:00:00+08:00' : s.format === 'date' ? '2030-01-07' : '测试内容说明文字'.padEnd(s.minLength ?? 0, '字');
}

/** Where the generated body would be refused by a refinement before the point of the test. */
const BODY: Record<string, unknown> = {
  'post /api/v1/staff/residents/lookup': { idNumber: newIdNumber(), purpose: '窗口核对身份' },
  'put /api/v1/applications/:id/materials/:materialCode': { eLicenceType: 'id_card' },
  'post /api/v1/staff/applications/:id/deliver': { method: 'window' },
  'post /api/v1/staff/applications/:id/request-supplement': { materials: ['hukou'], reason: '请重新上传户口簿原件照片' },
  'post /api/v1/staff/halls/:hallId/tickets': { category: 'social_security' },
  'post /api/v1/staff/halls/:hallId/schedules': { from: '2030-01-07', to: '2030-01-07', category: 'social_security', slotMinutes: 60, capacity: 1 },
};
const bodyOf = (r: RouteSpec) => BODY[`${r.method} ${r.path}`] ?? (r.body ? minimal(z.toJSONSchema(r.body, { unrepresentable: 'any', io: 'input' }) as JsonSchema) : {});

type Auth = { Authorization: string } | undefined;
type Result = { status: number; code?: string; text: string };

async function call(route: RouteSpec, path: string, auth: Auth, body: unknown = bodyOf(route)): Promise<Result> {
  let req = t.http()[route.method](path);
  if (auth) req = req.set(auth);
  if (route.method === 'post' || route.method === 'put') req = req.send(body as object);
  const res = await req;
  return { status: res.status, code: typeof res.body?.code === 'string' ? res.body.code : undefined, text: res.text ?? '' };
}

/** Through the gate and to the record: 2xx for a read; for a change anything but a refusal (e.g. 409 for its state). */
const ok = (route: RouteSpec, r: Result) => (route.method === 'get' ? r.status < 300 : r.status < 500 && ![401, 403, 404].includes(r.status));
const cell = (r: Result) => `${r.status}${r.code ? ` ${r.code}` : ''}`;
const label = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path}`;
const fakeId = (id: string) => id.replace(/_.*$/, `_${'0'.repeat(26)}`);

/** What each caller got, for the printed matrices: rows = routes, columns = callers. */
const matrices = { gate: new Map<string, Record<string, string>>(), ownership: new Map<string, Record<string, string>>() };
const note = (table: keyof typeof matrices, row: string, column: string, value: string) => matrices[table].set(row, { ...matrices[table].get(row), [column]: value });
function render(title: string, rows: Map<string, Record<string, string>>, columns: string[]): string {
  const first = Math.max(...[...rows.keys()].map((k) => k.length));
  const widths = columns.map((c) => Math.max(c.length, ...[...rows.values()].map((r) => (r[c] ?? '').length)) + 2);
  const line = (head: string, cells: string[]) => head.padEnd(first + 2) + cells.map((x, i) => x.padEnd(widths[i] as number)).join('');
  return [title, line('', columns), ...[...rows].map(([row, cells]) => line(row, columns.map((c) => cells[c] ?? '·')))].join('\n');
}

// ---- the world: resident A with one of everything, the people around A, and the staff ----

const PARTNER = { partnerID: 'HZZW_AUTHZ', checkWord: 'authz-checkword-0123456789abcdef', monthlyCard: '0200000000' };
// A Monday morning: halls are open and the next day is bookable.
const NOW = new Date('2026-09-28T09:17:00+08:00');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);
const HOME = { contactName: '林美华', phone: '13800138000', regionCode: '440105', detail: '江南大道中 100 号 3 栋 501' };

let t: TestApp;
let dept: RunningDeptSimulator;
let courierSim: RunningCourierSimulator;
let wx: GivenWechatPay;
const ids = {} as Record<Fixture, string>;
const people = {} as Record<'A' | 'B' | 'C' | 'D', GivenResident>;
const staff = {} as Record<'hallA' | 'deptA' | 'hallB' | 'deptB' | 'auditor' | 'district', Auth>;
/** The other unit's hall, department and catalogue: the gate checks use them, so they change nothing of A's. */
const unitB = { hall: '', dept: '', itemCode: '', bundle: '' };
let feeItem = '';

const item = (tag: string, code: string, extra: Partial<ServiceItemInput>): ServiceItemInput => ({
  itemCode: `T-${tag}-${code}`, name: `测试事项${code}${tag}`, departmentCode: `T-${tag}-RS`, category: '公安', onlineApply: true, materials: [],
  guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [{ hallId: `T-${tag}-HALL`, description: '综合受理窗口' }] },
  ...extra,
});

async function send(method: 'get' | 'post' | 'put', path: string, auth: Auth, body?: object) {
  const res = await (body ? t.http()[method](path).set(auth ?? {}).send(body) : t.http()[method](path).set(auth ?? {}));
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

async function buildWorld(): Promise<void> {
  const admin = await givenStaff(t, ['district_admin']);
  const ours = givenCatalogue({
    items: (tag) => [
      // A fee, a paper original (上门取件) and a result that may be sent by courier.
      item(tag, 'F', { guide: { ...item(tag, 'F', {}).guide, fee: { free: false, amountFen: 2000, description: '工本费 20 元' } }, materials: [{ code: 'hukou', name: '户口簿原件', form: 'original' }], resultDelivery: ['window', 'courier'] }),
      item(tag, 'E', { resultDelivery: ['electronic'] }),
    ],
  });
  ours.file.bundles = [];
  const theirs = givenCatalogue();
  for (const c of [ours, theirs]) await send('post', '/api/v1/staff/catalog/import', admin.auth, c.file);
  const [hallA, deptA, fee, finishedItem] = [`T-${ours.tag}-HALL`, `T-${ours.tag}-RS`, `T-${ours.tag}-F`, `T-${ours.tag}-E`];
  feeItem = fee;
  Object.assign(unitB, { hall: `T-${theirs.tag}-HALL`, dept: `T-${theirs.tag}-RS`, itemCode: `T-${theirs.tag}-1`, bundle: `T-${theirs.tag}-B` });
  const unit = async (roles: StaffRole[], scope: { hallId?: string; departmentCode?: string }) => (await givenStaff(t, roles, scope)).auth;
  Object.assign(staff, { district: admin.auth, hallA: await unit(HALL_STAFF, { hallId: hallA }), deptA: await unit(['dept_reviewer'], { departmentCode: deptA }) });
  Object.assign(staff, { hallB: await unit(HALL_STAFF, { hallId: unitB.hall }), deptB: await unit(['dept_reviewer'], { departmentCode: unitB.dept }), auditor: await unit(['auditor'], {}) });
  const resident = () => givenResident(t, { verified: true });
  const [A, B, C, D, E] = [await givenResident(t, { verified: true, name: '林美华' }), await resident(), await resident(), await resident(), await resident()];
  Object.assign(people, { A, B, C, D });
  const a = A.auth;

  // At hall A: a booked visit for tomorrow, and a number in today's queue.
  await send('post', `/api/v1/staff/halls/${hallA}/schedules`, staff.hallA, { from: '2026-09-28', to: '2026-10-12', category: 'social_security', slotMinutes: 60, capacity: 2, hours: [{ start: '09:00', end: '12:00' }] });
  const [slot] = await send('get', `/api/v1/halls/${hallA}/slots?date=2026-09-29&category=social_security`, undefined);
  ids.appointment = (await send('post', '/api/v1/appointments', a, { slotId: slot.id })).id;
  ids.ticket = (await send('post', '/api/v1/queue/tickets', a, { hallId: hallA, category: 'social_security' })).id;
  ids.hall = hallA;
  ids.window = `${hallA}.A01`;

  ids.file = (await t.http().post('/api/v1/files').set(a).attach('file', PDF, 'hukou.pdf')).body.id;
  ids.address = (await send('post', '/api/v1/me/addresses', a, HOME)).id;
  ids.agent = (await send('post', '/api/v1/me/agents', a, { agentIdNumber: C.idNumber, agentName: C.name, validUntil: '2026-12-31' })).id;
  await send('post', '/api/v1/me/agents', E.auth, { agentIdNumber: D.idNumber, agentName: D.name, validUntil: '2026-12-31' });

  ids.draft = (await send('post', '/api/v1/applications', a, { itemCode: fee })).id;
  ids.submitted = (await send('post', '/api/v1/applications', a, { itemCode: fee })).id;
  await send('put', `/api/v1/applications/${ids.submitted}/materials/hukou`, a, { fileId: ids.file });
  await send('post', `/api/v1/applications/${ids.submitted}/submit`, a);
  ids.onBehalf = (await send('post', '/api/v1/applications', C.auth, { itemCode: fee, onBehalfOf: A.idNumber })).id;

  // WeChat Pay checks signature times against the real clock: A pays from "now", on a fresh session.
  t.platform.clock = systemClock;
  const { code } = await wechatSim(t, 'login-codes', { openid: A.openid });
  const now = { Authorization: `Bearer ${(await send('post', '/api/v1/auth/wechat-login', undefined, { code })).token}` };
  ids.payment = (await send('post', `/api/v1/applications/${ids.submitted}/payments`, now, { purpose: 'fee' })).id;
  t.platform.clock = new FixedClock(NOW);

  ids.pickupOrder = (await send('post', `/api/v1/applications/${ids.submitted}/courier/pickup`, a, { address: { addressId: ids.address }, window: { start: '2026-09-29T09:00:00+08:00', end: '2026-09-29T12:00:00+08:00' } })).id;
  ids.deliveryOrder = (await send('post', `/api/v1/applications/${ids.submitted}/courier/delivery`, a, { address: { addressId: ids.address } })).id;
  // SF refuses the pickup: the hall gets a courier task for it.
  await fetch(`${courierSim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceCode: 'EXP_RECE_CREATE_ORDER', errorCode: '8019', errorMsg: '地址无法派送' }) });
  await (await t.app.getApplicationContext().getAsync(CourierService)).createAtCarrier(ids.pickupOrder);
  const tasks = (await send('get', '/api/v1/staff/courier/tasks', staff.hallA)).items as { id: string; orderId: string }[];
  ids.courierTask = tasks.find((x) => x.orderId === ids.pickupOrder)?.id as string;

  ids.consultation = (await send('post', '/api/v1/consultations', a, { topic: { type: 'item', itemCode: fee }, body: '请问户口簿原件可以快递吗？', attachmentIds: [ids.file] })).id;

  // A finished case (办结), driven the way evaluation.http.test.ts does, rated 差评 → a rectification task for department A.
  const finished = (await send('post', '/api/v1/applications', a, { itemCode: finishedItem })).id;
  await send('post', `/api/v1/applications/${finished}/submit`, a);
  await send('post', `/api/v1/staff/applications/${finished}/accept`, staff.deptA, {});
  const apps = await t.app.getApplicationContext().getAsync(ApplicationService);
  await apps.departmentTransition('TEST', finished, 'forward', '已转送');
  await apps.departmentTransition('TEST', finished, 'approve', '审批通过');
  await send('post', `/api/v1/staff/applications/${finished}/deliver`, staff.deptA, { method: 'electronic' });
  await send('post', `/api/v1/staff/applications/${finished}/complete`, staff.deptA);
  const rated = await send('post', '/api/v1/evaluations', a, { targetType: 'application', targetId: finished, level: 1, tags: ['办理超时'], comment: '等了很久也没有人联系我' });
  [ids.evaluation, ids.rectificationTask] = [rated.id, rated.rectification.id];
  for (const [k, v] of Object.entries(ids)) if (!v) throw new Error(`fixture ${k} was not made`);
}

beforeAll(async () => {
  dept = await startDeptSimulator({ port: 0, seed: true });
  courierSim = await startCourierSimulator({ port: 0, partners: [PARTNER] });
  wx = await givenWechatPay();
  t = await createTestApp({
    // Its own database: the positive controls really change A's things.
    DATABASE_URL: await workerDatabaseUrl('authz'),
    EXCHANGE_BASE: dept.url,
    COURIER_BASE: courierSim.url,
    COURIER_PARTNER_ID: PARTNER.partnerID,
    COURIER_CHECKWORD: PARTNER.checkWord,
    COURIER_MONTHLY_CARD: PARTNER.monthlyCard,
    ...wx.env,
  });
  t.platform.clock = new FixedClock(NOW);
  await buildWorld();
}, 120_000);

afterAll(async () => {
  console.log(
    `${render('1. who may call each route: status per caller (-roles: every role but the required; +role: each required role; · not asked)', matrices.gate, ['anon', 'resident', 'staff', '-roles', '+role'])}\n\n` +
      render('2. A’s things: status per caller (B stranger, C A’s agent, D someone else’s agent; hallA/deptA handle A’s things, hallB/deptB do not)', matrices.ownership, ACTORS),
  );
  await t?.close();
  await Promise.all([dept?.close(), courierSim?.close(), wx?.sim.close()]);
});

/** A path naming A's `fixture` (default: the first of its kind; `fake`: a well-formed id that exists nowhere), other parameters from the other unit. */
function pathOf(route: RouteSpec, fixture: Fixture | null, fake = false): string {
  const kind = classify(route.path);
  const others: Record<string, string> = { itemCode: unitB.itemCode, code: unitB.bundle, hallId: unitB.hall, date: '2030-01-07', departmentCode: unitB.dept, fileId: ids.file, materialCode: 'hukou', action: 'recall' };
  let first = true;
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const named = first && kind && kind !== 'not personal' && kind !== 'unclassified' ? kind : null;
    first = false;
    if (!named) return others[name] ?? 'x';
    if (named === 'hall' || named === 'window') return fixture ? ids[fixture] : named === 'hall' ? unitB.hall : `${unitB.hall}.A01`;
    const id = ids[fixture ?? (FIXTURES_OF[named][0] as Fixture)];
    return fake ? fakeId(id) : id;
  });
}

const authOf = (actor: Actor): Auth => (actor === 'anon' ? undefined : actor in people ? people[actor as 'A'].auth : staff[actor as 'hallA']);

describe('1. who may call each route (generated from ROUTES)', () => {
  const unitStaff = new Map<string, Promise<Auth>>();
  const staffWith = (roles: StaffRole[]): Promise<Auth> => {
    const key = roles.join(',');
    if (!unitStaff.has(key)) unitStaff.set(key, givenStaff(t, roles, { hallId: unitB.hall, departmentCode: unitB.dept }).then((s) => s.auth));
    return unitStaff.get(key) as Promise<Auth>;
  };

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s', async (name, route) => {
    const want: Record<string, string> = {};
    const got: Record<string, string> = {};
    const check = (column: string, r: Result, expected: string, actual = cell(r)) => {
      [want[column], got[column]] = [expected, actual];
      if (!column.startsWith('+')) note('gate', name, column, String(r.status));
    };
    const path = pathOf(route, null);
    const anon = await call(route, path, undefined);
    // Public routes never ask for a session (a login's own 401 BAD_CREDENTIALS is not that); a callback
    // proves its sender by signature instead, and refuses an unsigned call.
    if (route.path.startsWith('/api/v1/callbacks/')) check('anon', anon, 'refused', anon.status >= 400 && anon.status < 500 ? 'refused' : cell(anon));
    else if (route.auth.kind === 'public') check('anon', anon, 'no session asked', anon.code === 'UNAUTHENTICATED' ? cell(anon) : 'no session asked');
    else {
      check('anon', anon, '401 UNAUTHENTICATED');
      // Who asks is settled before what they sent: a stranger learns nothing from validation.
      if (route.body) check('anon, bad body', await call(route, path, undefined, [0]), '401 UNAUTHENTICATED');
    }
    if (route.auth.kind === 'any-session') {
      // Logging out ends the session it is called with: fresh ones.
      for (const [column, auth] of [['resident', (await givenResident(t)).auth], ['staff', (await givenStaff(t, ['auditor'])).auth]] as const) {
        const r = await call(route, path, auth);
        check(column, r, 'ok', ok(route, r) ? 'ok' : cell(r));
      }
    }
    if (route.auth.kind === 'staff') check('resident', await call(route, path, people.B.auth), '403 FORBIDDEN');
    if (route.auth.kind === 'resident') check('staff', await call(route, path, await staffWith([...STAFF_ROLES])), '403 FORBIDDEN');
    if (route.auth.kind === 'staff' && route.auth.roles) {
      const required = route.auth.roles;
      check('-roles', await call(route, path, await staffWith(STAFF_ROLES.filter((r) => !required.includes(r)))), '403 FORBIDDEN');
      // Holding any one required role passes the gate: ids that exist nowhere, so nothing of A's changes.
      const statuses: number[] = [];
      for (const role of required) {
        const r = await call(route, pathOf(route, null, true), await staffWith([role]));
        statuses.push(r.status);
        check(`+${role}`, r, 'past the gate', [401, 403].includes(r.status) ? cell(r) : 'past the gate');
      }
      note('gate', name, '+role', statuses.join('/'));
    }
    expect(got).toEqual(want);
  });
});

type Row = { name: string; route: RouteSpec; kind: Kind; fixture: Fixture };
const ROWS: Row[] = ROUTES.flatMap((route) => {
  const kind = classify(route.path);
  if (!kind || kind === 'not personal' || kind === 'unclassified') return [];
  return FIXTURES_OF[kind].filter((f) => route.auth.kind !== 'staff' || !NOT_STAFF_WORK.has(f)).map((fixture) => ({ name: `${label(route)} [${fixture}]`, route, kind, fixture }));
});
const ACTORS: Actor[] = ['anon', 'A', 'B', 'C', 'D', 'hallA', 'deptA', 'hallB', 'deptB', 'auditor', 'district'];

/** What `actor` must get on a row: 'ok' (through, see `ok`), a refusal, or null (not asked). */
function expected({ route, kind, fixture }: Row, actor: Actor): string | null {
  if (route.auth.kind === 'staff') {
    const held = ROLES_OF[actor];
    if (!held) return null;
    const roles = route.auth.roles;
    // A role the route never admits is refused the same for every id: that confirms nothing.
    if (roles && !held.some((r) => roles.includes(r))) return '403 FORBIDDEN';
    return actor === 'district' || UNITS_OF[kind].includes(actor) ? 'ok' : '404 NOT_FOUND';
  }
  // A changes nothing of A's here (C's authorisation, the case's state are other rows' fixtures): A reads.
  if (actor === 'A') return route.method === 'get' ? 'ok' : null;
  // The application module lets an agent act only on the cases the agent made for the principal.
  if (actor === 'C' && fixture === 'onBehalf') return 'ok';
  if (actor === 'B' || actor === 'C' || actor === 'D') return '404 NOT_FOUND';
  return actor === 'anon' && route.auth.kind === 'public' ? '404 NOT_FOUND' : null;
}

async function runRow(row: Row, through: boolean): Promise<void> {
  const want: Record<string, string> = {};
  const got: Record<string, string> = {};
  for (const actor of ACTORS) {
    const w = expected(row, actor);
    if (w === null || (w === 'ok') !== through) continue;
    const r = await call(row.route, pathOf(row.route, row.fixture), authOf(actor));
    note('ownership', row.name, actor, String(r.status));
    [want[actor], got[actor]] = [w, w === 'ok' && ok(row.route, r) ? 'ok' : cell(r)];
    if (w === 'ok') continue;
    // A refusal must not tell A's id from one that exists nowhere.
    const nowhere = await call(row.route, pathOf(row.route, row.fixture, true), authOf(actor));
    if (cell(nowhere) !== cell(r)) got[actor] += ` (an id that exists nowhere: ${cell(nowhere)})`;
  }
  expect(got).toEqual(want);
}

describe('2. another person’s resource is 404 (generated from ROUTES)', () => {
  it('every route with a path parameter names a kind of resource, or is on the not-personal list', () => {
    expect(ROUTES.filter((r) => classify(r.path) === 'unclassified').map(label)).toEqual([]);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s: others (resident B, agents C and D, other units) get 404', (_n, row) => runRow(row, false));

  it('A’s things never appear in anyone else’s lists', async () => {
    const lists = ROUTES.filter((r) => r.method === 'get' && !r.path.includes(':') && r.auth.kind !== 'public');
    const secrets = [...Object.entries(ids).filter(([k]) => k !== 'hall' && k !== 'window'), ['name', people.A.name], ['idNumber', people.A.idNumber]] as [string, string][];
    const leaks: string[] = [];
    let mine = '';
    for (const route of lists) {
      for (const actor of (route.auth.kind === 'staff' ? ['hallB', 'deptB', 'auditor'] : ['A', 'B', 'C', 'D']) as Actor[]) {
        const r = await call(route, route.path, authOf(actor));
        note('ownership', `${label(route)} (list)`, actor, String(r.status));
        if (actor === 'A') mine += r.text;
        // C holds A's authorisation and the case C made for A.
        else for (const [k, v] of secrets) if (r.text.includes(v) && !(actor === 'C' && (k === 'agent' || k === 'onBehalf'))) leaks.push(`${actor} ${label(route)}: ${k}`);
      }
    }
    expect(leaks).toEqual([]);
    // The positive control for the two things with no read of their own.
    expect(mine).toContain(ids.address);
    expect(mine).toContain(ids.agent);
  });

  it('A’s ids inside another resident’s request body are refused as unknown', async () => {
    const b = people.B.auth;
    const draft = (await send('post', '/api/v1/applications', b, { itemCode: feeItem })).id;
    const attempts = {
      consultAboutCase: await t.http().post('/api/v1/consultations').set(b).send({ topic: { type: 'application', applicationId: ids.submitted }, body: '这个办件进度如何？' }),
      attachFile: await t.http().post('/api/v1/consultations').set(b).send({ topic: { type: 'item', itemCode: feeItem }, body: '请看附件内容', attachmentIds: [ids.file] }),
      rateConsultation: await t.http().post('/api/v1/evaluations').set(b).send({ targetType: 'consultation', targetId: ids.consultation, level: 5 }),
      provideFile: await t.http().put(`/api/v1/applications/${draft}/materials/hukou`).set(b).send({ fileId: ids.file }),
      saveToLibrary: await t.http().post('/api/v1/me/library').set(b).send({ fileId: ids.file, title: '户口簿' }),
      applyForA: await t.http().post('/api/v1/applications').set(b).send({ itemCode: feeItem, onBehalfOf: people.A.idNumber }),
      applyForNobody: await t.http().post('/api/v1/applications').set(b).send({ itemCode: feeItem, onBehalfOf: newIdNumber() }),
    };
    expect(Object.fromEntries(Object.entries(attempts).map(([k, r]) => [k, `${r.status} ${r.body.code}`]))).toEqual({
      consultAboutCase: '404 NOT_FOUND',
      // "不存在，或不是您本人上传的文件": the same words either way.
      attachFile: '422 ATTACHMENT_NOT_USABLE',
      rateConsultation: '404 NOT_FOUND',
      provideFile: '404 NOT_FOUND',
      saveToLibrary: '404 NOT_FOUND',
      // The same refusal whether or not the ID number is anyone's.
      applyForA: '403 NOT_AN_AGENT',
      applyForNobody: '403 NOT_AN_AGENT',
    });
  });

  it.each(ROWS.filter((r) => ACTORS.some((a) => expected(r, a) === 'ok')).map((r) => [r.name, r] as const))('%s: the owner, the agent and the handling unit get through (positive control)', (_n, row) => runRow(row, true));
});
