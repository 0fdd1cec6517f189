import type { ApplicationStatus } from '@haizhu/shared-types';
import { api, armCrash, clearCrashes, crashed, dbRows, DEPT_SIM, eventually, importCatalogue, resident, sim, staffToken, WECHAT_SIM, whenUp } from './support/http';

/*
 * Crash injection at every application transition: the API process kills itself (SIGKILL) either
 * inside the transition's transaction (before COMMIT) or right after it (the change kept, the answer
 * lost), whether the transition came from a resident, staff, the department-delivery job or a
 * department callback. Every case must end where it would have without crashes, with each step on
 * its timeline and in the audit chain once, one case at the department, and no message twice on
 * WeChat — checked in PostgreSQL and in the simulators' own records.
 */

/**
 * A transition and what makes it: a person's request (retried when its answer is lost), or the
 * system (a job, the department). `prepare` runs before the crash is armed; `afterCommit` names
 * the point where the change is committed if it is not the transition's own.
 */
type Step = { event: string; by: 'person' | 'system'; run: (c: Case) => Promise<unknown>; prepare?: (c: Case) => Promise<unknown>; afterCommit?: string };
type Answer = { status: number; body: { code?: string; status?: string } };
type Case = { id: string; applicationNo: string; resident: string; openid: string };

const ITEM = 'FAULT-RS-2';
let reviewer: string;

beforeAll(async () => {
  reviewer = await staffToken('reviewer-rs');
  await importCatalogue(
    [{ code: 'HZ-RSJ', name: '广州市海珠区人力资源和社会保障局' }],
    [
      {
        itemCode: ITEM,
        name: '故障演练事项（全流程）',
        departmentCode: 'HZ-RSJ',
        category: '社保',
        guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
        // Optional, and allowed missing at acceptance: so a case can be accepted 容缺 or not.
        materials: [{ code: 'M01', name: '劳动合同', form: 'electronic', required: false, deficiencyAllowed: true, deficiencyWay: '三个工作日内上传' }],
        onlineApply: true,
        resultDelivery: ['electronic', 'window'],
      },
    ],
  );
  // The department answers only when told to (so every callback is ours to time), and retries
  // unacknowledged callbacks within milliseconds rather than the contract's 10 s.
  await sim(DEPT_SIM, 'POST', '/__sim/cases/auto', { enabled: false });
  await sim(DEPT_SIM, 'POST', '/__sim/callbacks/policy', { schedule: 'compressed' });
});
afterAll(async () => {
  clearCrashes();
  await sim(DEPT_SIM, 'POST', '/__sim/callbacks/policy', { schedule: 'contract' });
  await sim(DEPT_SIM, 'POST', '/__sim/cases/auto', { enabled: true, scenario: 'approve', stepDelayMs: 2000 });
});



const timeline = async (c: Case) => (await whenUp(() => api<{ timeline: { status: string }[] }>('GET', `/api/v1/applications/${c.id}`, c.resident))).body.timeline;
/** The case's status changes (notes, such as the department's receipt, repeat the status they were written in). */
const changes = (t: { status: string }[]) => t.filter((e, i) => i > 0 && e.status !== t[i - 1]?.status);
const changesTo = async (c: Case, s: ApplicationStatus) => changes(await timeline(c)).filter((e) => e.status === s).length;

/** The department moves its case (it accepted it on receipt); each move is a signed callback to us. */
/** The department moves its case and its signed callback reaches us (the simulator's own log says so). */
async function deptSays(c: Case, move: { status: string; result?: unknown }): Promise<void> {
  await sim(DEPT_SIM, 'POST', `/__sim/cases/${c.applicationNo}/transition`, move);
  await eventually(
    () => sim<{ body?: { applicationNo?: string; status?: string }; state: string }[]>(DEPT_SIM, 'GET', '/__sim/callbacks'),
    (log) => log.some((d) => d.body?.applicationNo === c.applicationNo && d.body.status === move.status && d.state === 'delivered'),
    30_000,
  );
}

/** A resident who agreed to 办件进度通知 (long-term), with a draft of the fault item. */
async function newCase(): Promise<Case> {
  const me = await resident('fault-tx', { verified: true });
  const templates = (await api<{ templates: { key: string; templateId: string }[] }>('GET', '/api/v1/notifications/templates')).body.templates;
  const caseTemplate = templates.find((t) => t.key === 'case')?.templateId as string;
  await sim(WECHAT_SIM, 'POST', '/__sim/subscriptions', { openid: me.openid, templateId: caseTemplate, status: 'accept' });
  expect((await api('POST', '/api/v1/me/subscriptions', me.token, { [caseTemplate]: 'accept', errMsg: 'requestSubscribeMessage:ok' })).status).toBe(200);
  const draft = await api<{ id: string; applicationNo: string }>('POST', '/api/v1/applications', me.token, { itemCode: ITEM });
  expect(draft.status).toBe(201);
  return { ...draft.body, resident: me.token, openid: me.openid };
}

// The ways a case moves, each step the call (or the department's word) that makes the transition.
const submit: Step = { event: 'submit', by: 'person', run: (c) => api('POST', `/api/v1/applications/${c.id}/submit`, c.resident) };
const withdraw: Step = { event: 'withdraw', by: 'person', run: (c) => api('POST', `/api/v1/applications/${c.id}/withdraw`, c.resident) };
const accept: Step = { event: 'accept', by: 'person', run: (c) => api('POST', `/api/v1/staff/applications/${c.id}/accept`, reviewer, {}) };
const acceptDeficient: Step = {
  event: 'accept_deficient',
  by: 'person',
  run: (c) => api('POST', `/api/v1/staff/applications/${c.id}/accept`, reviewer, { deficient: [{ materialCode: 'M01', dueWorkingDays: 3, way: '三个工作日内上传' }] }),
};
const refuse: Step = { event: 'refuse', by: 'person', run: (c) => api('POST', `/api/v1/staff/applications/${c.id}/refuse`, reviewer, { reason: '不属于本部门受理范围' }) };
const requestSupplement: Step = { event: 'request_supplement', by: 'person', run: (c) => api('POST', `/api/v1/staff/applications/${c.id}/request-supplement`, reviewer, { materials: ['M01'], reason: '请上传劳动合同' }) };
// The department-delivery job makes this one by itself: the walk only waits for it.
const forward: Step = { event: 'forward', by: 'system', run: async () => undefined };
// A department event and its effect on the case commit together, in the callback's own transaction.
const ON_CALLBACK = 'dept_callback.after_commit';
const deptAccepts = (c: Case) => deptSays(c, { status: 'ACCEPTED' });
const startReview: Step = { event: 'start_review', by: 'system', prepare: deptAccepts, run: (c) => deptSays(c, { status: 'IN_REVIEW' }), afterCommit: ON_CALLBACK };
const approve: Step = { event: 'approve', by: 'system', run: (c) => deptSays(c, { status: 'CONCLUDED', result: { decision: 'APPROVED' } }), afterCommit: ON_CALLBACK };
const deny: Step = {
  event: 'deny',
  by: 'system',
  prepare: deptAccepts,
  run: (c) => deptSays(c, { status: 'CONCLUDED', result: { decision: 'DENIED', reason: '不符合申领条件' } }),
  afterCommit: ON_CALLBACK,
};
const deliver: Step = { event: 'deliver_result', by: 'person', run: (c) => api('POST', `/api/v1/staff/applications/${c.id}/deliver`, reviewer, { method: 'electronic' }) };
const confirmReceipt: Step = { event: 'complete', by: 'person', run: (c) => api('POST', `/api/v1/applications/${c.id}/confirm-receipt`, c.resident) };
const staffComplete: Step = { event: 'complete', by: 'person', run: (c) => api('POST', `/api/v1/staff/applications/${c.id}/complete`, reviewer) };

const TO: Record<string, ApplicationStatus> = {
  submit: 'submitted',
  withdraw: 'withdrawn',
  accept: 'accepted',
  accept_deficient: 'accepted_deficient',
  refuse: 'refused',
  request_supplement: 'supplement_requested',
  forward: 'forwarded',
  start_review: 'in_review',
  approve: 'approved',
  deny: 'denied',
  deliver_result: 'result_delivered',
  complete: 'completed',
};

const PATHS: Record<string, Step[]> = {
  approved: [submit, accept, forward, startReview, approve, deliver, confirmReceipt],
  denied: [submit, acceptDeficient, forward, deny, staffComplete],
  supplemented: [submit, requestSupplement, submit, refuse],
  withdrawn: [submit, withdraw],
};

/**
 * Runs a path with a crash at `when` on each step's transition (the first occurrence of each event).
 * A step that fails with the process is retried as the person (or system) would; after an
 * after-commit crash the retry finds the step done.
 */
async function walk(path: Step[], when: 'before_commit' | 'after_commit'): Promise<Case> {
  const c = await newCase();
  const armed = new Set<string>();
  const arm = (step: Step) => {
    const point = when === 'after_commit' && step.afterCommit ? step.afterCommit : `application.${step.event}.${when}`;
    if (armed.has(point)) return false;
    armed.add(point);
    armCrash(point);
    return true;
  };
  for (const [i, step] of path.entries()) {
    await step.prepare?.(c);
    arm(step);
    // The job forwards by itself right after acceptance: arm its point with the acceptance's.
    if (path[i + 1] === forward) arm(forward);
    const target = TO[step.event] as ApplicationStatus;
    // How many times the case has entered this status once this step is done (a job may get there first).
    const nth = path.slice(0, i + 1).filter((x) => TO[x.event] === target).length;
    // A person's request may die with the process; the system's moves (job, department) must not fail.
    const first = step.by === 'person' ? ((await step.run(c).catch(() => null)) as Answer | null) : await step.run(c);
    if (step.by === 'person' && first !== null) expect({ step: step.event, status: (first as Answer).status }).toEqual({ step: step.event, status: 200 });
    if (step.by === 'person' && first === null) {
      const again = (await whenUp(() => step.run(c))) as Answer;
      if ((await changesTo(c, target)) < nth) {
        // Not applied? Then the retry must apply it. (Read after the retry: a job may move the case on quickly.)
        expect({ step: step.event, status: again.status }).toEqual({ step: step.event, status: 200 });
      } else {
        // The change was kept though its answer was lost: trying again changes nothing — it shows
        // the case as it is (submitting is idempotent) or says the step is done.
        expect([200, 409]).toContain(again.status);
        if (again.status === 409) expect(again.body.code).toBe('INVALID_STATE');
      }
    }
    await eventually(() => changesTo(c, target), (n) => n === nth, 60_000);
  }
  expect([...armed].filter((p) => !crashed(p))).toEqual([]);
  return c;
}

async function expectOnce(c: Case, path: Step[]): Promise<void> {
  const expected = new Map<string, number>();
  for (const s of path) expected.set(s.event, (expected.get(s.event) ?? 0) + 1);
  const changed = changes(await timeline(c));
  const audit = await dbRows<{ action: string; n: string }>(`select action, count(*) n from audit_records where subject_type = 'application' and subject_id = $1 and action like 'application.%' and action not like 'application.view%' group by action`, [c.id]);
  for (const [event, n] of expected) {
    expect({ event, timeline: changed.filter((e) => e.status === TO[event]).length }).toEqual({ event, timeline: n });
    expect({ event, audit: Number(audit.find((r) => r.action === `application.${event}`)?.n ?? 0) }).toEqual({ event, audit: n });
  }
  if (path.includes(forward)) expect(await sim(DEPT_SIM, 'GET', `/__sim/cases?applicationNo=${c.applicationNo}`)).toHaveLength(1);
  // WeChat's own record: no case message twice (each step's message names the new status).
  await new Promise((r) => setTimeout(r, 1500));
  const messages = await sim<{ data: Record<string, { value: string } | undefined> }[]>(WECHAT_SIM, 'GET', `/__sim/messages?touser=${c.openid}`);
  const caseMessages = messages.filter((m) => m.data.character_string1?.value === c.applicationNo).map((m) => `${m.data.phrase3?.value}|${m.data.thing5?.value}`);
  expect(caseMessages).toEqual([...new Set(caseMessages)]);
}

describe.each(['before_commit', 'after_commit'] as const)('a crash %s at every transition', (when) => {
  beforeEach(clearCrashes);
  it.each(Object.keys(PATHS))('leaves the %s path with each step once', async (name) => {
    const path = PATHS[name] as Step[];
    const c = await walk(path, when);
    await expectOnce(c, path);
  }, 150_000);
});

it('keeps the audit chain whole through every crash', async () => {
  const verified = await api<{ ok: boolean; checked: number }>('GET', '/api/v1/staff/audit/verify', await staffToken('auditor'));
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ ok: true });
});
