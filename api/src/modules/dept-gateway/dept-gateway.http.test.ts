import { sql } from 'kysely';
import type { ServiceItemInput } from '@haizhu/shared-types';
import { type RunningDeptSimulator, startDeptSimulator } from '@haizhu/scripts/simulators/dept';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { freePort } from '../../../test/support/ports';
import { givenLicence, givenResident, givenStaff, type GivenResident } from '../../../test/support/scenario';
import { ApplicationService } from '../application';
import { DeptGatewayService, UNREACHABLE_NOTE } from '.';
import { ExchangeClient } from './exchange.client';
import { signRequest } from './exchange.signing';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);

let t: TestApp;
let sim: RunningDeptSimulator;
let gateway: DeptGatewayService;
let admin: { auth: { Authorization: string } };

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  sim = await startDeptSimulator({ port: 0, seed: true });
  t = await createTestApp({ PORT: String(port), PUBLIC_BASE_URL: base, EXCHANGE_BASE: sim.url, EXCHANGE_TIMEOUT_MS: '2000' });
  gateway = await t.app.getApplicationContext().getAsync(DeptGatewayService);
  admin = await givenStaff(t, ['district_admin']);
});
afterAll(async () => {
  await t.close();
  await sim.close();
});
beforeEach(async () => {
  await simPost('reset', {});
});

async function simPost(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${sim.url}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}
async function simGet<T>(path: string): Promise<T> {
  return (await (await fetch(`${sim.url}/__sim/${path}`)).json()) as T;
}

/** A 人社 item (department HZ-RSJ goes out through the exchange as RS) and a case accepted for it. */
async function acceptedCase(): Promise<{ r: GivenResident; id: string; applicationNo: string }> {
  const { file, tag } = givenCatalogue({ items: (tg) => [rsItem(tg)] });
  file.departments = [{ code: 'HZ-RSJ', name: '广州市海珠区人力资源和社会保障局' }];
  file.bundles = [];
  expect((await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: 'HZ-RSJ' });
  const r = await givenResident(t, { verified: true, name: '陈小红' });
  const app = (await t.http().post('/api/v1/applications').set(r.auth).send({ itemCode: `T-${tag}-9` })).body;
  const upload = await t.http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'proof.pdf');
  await givenLicence(t, r.id, 'id_card');
  await t.http().put(`/api/v1/applications/${app.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' });
  await t.http().put(`/api/v1/applications/${app.id}/materials/proof`).set(r.auth).send({ fileId: upload.body.id });
  expect((await t.http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).status).toBe(200);
  expect((await t.http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({})).body.status).toBe('accepted');
  return { r, id: app.id, applicationNo: app.applicationNo };
}

function rsItem(tag: string): ServiceItemInput {
  return {
    itemCode: `T-${tag}-9`,
    name: `测试参保证明开具${tag}`,
    departmentCode: 'HZ-RSJ',
    category: '社保',
    lifeEvents: [`t-${tag}-birth`],
    guide: { legalDays: 10, promisedDays: 3, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
    materials: [
      { code: 'id', name: '居民身份证', form: 'original', eLicenceType: 'id_card' },
      { code: 'proof', name: '证明材料', form: 'copy' },
    ],
    onlineApply: true,
  };
}

const statusOf = async (r: GivenResident, id: string) => (await t.http().get(`/api/v1/applications/${id}`).set(r.auth)).body;

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await probe();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 100));
    last = await probe();
  }
  return last;
}

describe('delivery to the department', () => {
  it('enqueues the delivery in the acceptance transaction and forwards the case once', async () => {
    const { r, id, applicationNo } = await acceptedCase();
    const jobs = await sql<{ task_identifier: string; key: string }>`select task_identifier, key from graphile_worker.jobs where key = ${`dept_submit_case:${id}`}`.execute(t.platform.db);
    expect(jobs.rows).toEqual([{ task_identifier: 'dept_submit_case', key: `dept_submit_case:${id}` }]);

    expect(await gateway.submitCase(id)).toBe('forwarded');
    const app = await statusOf(r, id);
    expect(app.status).toBe('forwarded');
    expect(app.timeline.at(-1).title).toContain('已转送');

    // The job running again (a retry after a crash) sends nothing twice.
    expect(await gateway.submitCase(id)).toBe('skipped');
    const submissions = await simGet<{ applicationNo: string }[]>(`submissions?applicationNo=${applicationNo}`);
    expect(submissions).toHaveLength(1);
    const cases = await simGet<{ applicationNo: string }[]>('cases');
    expect(cases.filter((c) => c.applicationNo === applicationNo)).toHaveLength(1);
  });

  it('is idempotent when the department received it but our acknowledgement was lost', async () => {
    const { r, id, applicationNo } = await acceptedCase();
    // The call went out, then the process died before recording it: the department has the case.
    const applications = await t.app.getApplicationContext().getAsync(ApplicationService);
    const payload = await (gateway as unknown as { casePayload(a: unknown, d: string): Promise<Record<string, unknown>> }).casePayload(await applications.byId(id), 'RS');
    const body = JSON.stringify(payload);
    const cfg = t.platform.config.exchange;
    const first = await fetch(`${sim.url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequest({ method: 'POST', path: '/v1/cases', body, paas: { paasId: cfg.paasId, paasToken: cfg.paasToken }, app: { appKey: cfg.appKey, appSecret: cfg.appSecret, signMethod: cfg.signMethod } }) },
      body,
    });
    expect(first.status).toBe(200);
    // The job retries: same case at the department, forwarded once here.
    expect(await gateway.submitCase(id)).toBe('forwarded');
    expect((await statusOf(r, id)).status).toBe('forwarded');
    const cases = await simGet<{ applicationNo: string }[]>('cases');
    expect(cases.filter((c) => c.applicationNo === applicationNo)).toHaveLength(1);
  });

  it('catches up with a department that decided before our retry learned the case number', async () => {
    const { r, id, applicationNo } = await acceptedCase();
    const applications = await t.app.getApplicationContext().getAsync(ApplicationService);
    const body = JSON.stringify(await (gateway as unknown as { casePayload(a: unknown, d: string): Promise<Record<string, unknown>> }).casePayload(await applications.byId(id), 'RS'));
    const cfg = t.platform.config.exchange;
    const headers = { 'content-type': 'application/json', ...signRequest({ method: 'POST', path: '/v1/cases', body, paas: { paasId: cfg.paasId, paasToken: cfg.paasToken }, app: { appKey: cfg.appKey, appSecret: cfg.appSecret, signMethod: cfg.signMethod } }) };
    expect((await fetch(`${sim.url}/v1/cases`, { method: 'POST', headers, body })).status).toBe(200);
    // The department decides at once; its callbacks reach us while we don't know the case yet.
    for (const move of [{ status: 'ACCEPTED' }, { status: 'IN_REVIEW' }, { status: 'CONCLUDED', result: { decision: 'APPROVED' } }]) await simPost(`cases/${applicationNo}/transition`, move);
    const parked = await eventually(
      () => t.platform.db.selectFrom('dept_events').select('outcome').where('payload', '@>', JSON.stringify({ applicationNo }) as never).execute(),
      (rows) => rows.length === 3,
    );
    expect(parked.map((e) => e.outcome)).toEqual(['parked_unknown_case', 'parked_unknown_case', 'parked_unknown_case']);
    // Our retry learns the number, forwards the case, and applies the department's history in order.
    expect(await gateway.submitCase(id)).toBe('forwarded');
    const app = await statusOf(r, id);
    expect(app.status).toBe('approved');
    expect(app.timeline.map((e: { status: string }) => e.status)).toEqual(expect.arrayContaining(['forwarded', 'in_review', 'approved']));
    expect(app.timeline.filter((e: { status: string }) => e.status === 'approved')).toHaveLength(1);
  });

  it('tells the resident while the department is down, and goes through by itself when it is back', async () => {
    const { r, id } = await acceptedCase();
    await simPost('down', { down: true, deptCode: 'RS' });
    await expect(gateway.submitCase(id)).rejects.toThrow();
    await expect(gateway.submitCase(id)).rejects.toThrow();
    let app = await statusOf(r, id);
    expect(app.status).toBe('accepted');
    expect(app.timeline.filter((e: { title: string }) => e.title === UNREACHABLE_NOTE)).toHaveLength(1);

    await simPost('down', { down: false, deptCode: 'RS' });
    expect(await gateway.submitCase(id)).toBe('forwarded');
    app = await statusOf(r, id);
    expect(app.status).toBe('forwarded');
    expect(app.timeline.at(-1).note).toBe('部门系统已恢复，已自动转送');
  });
});

describe('the exchange rate limit (429 10007)', () => {
  it('waits out a short Retry-After inside the call and goes through', async () => {
    const { r, id } = await acceptedCase();
    await simPost('faults', { path: '/v1/cases', httpStatus: 429, code: '10007', times: 1 });
    expect(await gateway.submitCase(id)).toBe('forwarded');
    expect((await statusOf(r, id)).status).toBe('forwarded');
  });

  it('hands a lasting refusal back to the job without telling the resident the department is down or opening the breaker', async () => {
    const { r, id } = await acceptedCase();
    const exchange = await t.app.getApplicationContext().getAsync(ExchangeClient);
    await simPost('faults', { path: '/v1/cases', httpStatus: 429, code: '10007', times: 9 });
    for (let i = 0; i < 3; i++) await expect(gateway.submitCase(id)).rejects.toThrow(/rate limited/);
    const app = await statusOf(r, id);
    expect(app.status).toBe('accepted');
    expect(app.timeline.filter((e: { title: string }) => e.title === UNREACHABLE_NOTE)).toHaveLength(0);
    expect(exchange.states().RS).toBe('closed');
    expect(await gateway.submitCase(id)).toBe('forwarded');
  });
});

describe('容缺 after forwarding', () => {
  it('lets the resident make up a 容缺 material after the case went on to the department', async () => {
    const { file, tag } = givenCatalogue({ items: (tg) => [{ ...rsItem(tg), materials: [{ code: 'id', name: '居民身份证', form: 'original', eLicenceType: 'id_card' }, { code: 'proof', name: '证明材料', form: 'copy', deficiencyAllowed: true }] }] });
    file.departments = [{ code: 'HZ-RSJ', name: '广州市海珠区人力资源和社会保障局' }];
    file.bundles = [];
    await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file);
    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: 'HZ-RSJ' });
    const r = await givenResident(t, { verified: true });
    const app = (await t.http().post('/api/v1/applications').set(r.auth).send({ itemCode: `T-${tag}-9` })).body;
    await givenLicence(t, r.id, 'id_card');
    await t.http().put(`/api/v1/applications/${app.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' });
    await t.http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth);
    await t.http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({ deficient: [{ materialCode: 'proof', dueWorkingDays: 5, way: '上传证明材料' }] });
    expect(await gateway.submitCase(app.id)).toBe('forwarded');
    expect((await statusOf(r, app.id)).needed[0]).toContain('证明材料');
    const upload = await t.http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'proof.pdf');
    const supplied = await t.http().put(`/api/v1/applications/${app.id}/materials/proof`).set(r.auth).send({ fileId: upload.body.id });
    expect(supplied.status).toBe(200);
    expect(supplied.body).toMatchObject({ status: 'forwarded', needed: [] });
  });
});

describe('status callbacks', () => {
  async function forwarded() {
    const c = await acceptedCase();
    expect(await gateway.submitCase(c.id)).toBe('forwarded');
    const caseNo = (await gateway.standing(c.id))?.case_no as string;
    return { ...c, caseNo };
  }

  it('moves the case through review to approved from signed callbacks', async () => {
    const { r, id, caseNo } = await forwarded();
    await simPost(`cases/${caseNo}/transition`, { status: 'ACCEPTED' });
    await simPost(`cases/${caseNo}/transition`, { status: 'IN_REVIEW' });
    expect((await eventually(() => statusOf(r, id), (a) => a.status === 'in_review')).status).toBe('in_review');
    await simPost(`cases/${caseNo}/transition`, { status: 'CONCLUDED', result: { decision: 'APPROVED' } });
    const done = await eventually(() => statusOf(r, id), (a) => a.status === 'approved');
    expect(done).toMatchObject({ status: 'approved', result: { outcome: 'approved' } });

    // 出件 and 办结: delivered electronically, the resident confirms, the case is completed.
    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: 'HZ-RSJ' });
    const courier = await t.http().post(`/api/v1/staff/applications/${id}/deliver`).set(reviewer.auth).send({ method: 'courier' });
    expect(courier.body.code).toBe('INVALID_STATE');
    const delivered = await t.http().post(`/api/v1/staff/applications/${id}/deliver`).set(reviewer.auth).send({ method: 'window', hallId: 'HZ-DIST' });
    expect(delivered.body).toMatchObject({ status: 'result_delivered', result: { delivery: { method: 'window' } } });
    const closed = await t.http().post(`/api/v1/applications/${id}/confirm-receipt`).set(r.auth);
    expect(closed.body.status).toBe('completed');
    expect(closed.body.deadline).toBeNull();
  });

  it('applies duplicated and reordered callbacks once, in sequence order', async () => {
    const { r, id, caseNo } = await forwarded();
    await simPost('callbacks/policy', { duplicates: 2, reorder: true });
    await simPost(`cases/${caseNo}/transition`, { status: 'ACCEPTED' });
    await simPost(`cases/${caseNo}/transition`, { status: 'IN_REVIEW' });
    await simPost(`cases/${caseNo}/transition`, { status: 'CONCLUDED', result: { decision: 'DENIED', reason: '不符合条件' } });
    const done = await eventually(() => statusOf(r, id), (a) => a.status === 'denied');
    expect(done.status).toBe('denied');
    await new Promise((res) => setTimeout(res, 500));
    const events = await t.platform.db.selectFrom('dept_events').select(['seq', 'outcome']).where('case_no', '=', caseNo).orderBy('seq').execute();
    expect(events.filter((e) => e.outcome === 'applied').map((e) => e.seq)).toEqual([...new Set(events.filter((e) => e.outcome === 'applied').map((e) => e.seq))]);
    const titles = (await statusOf(r, id)).timeline.map((e: { status: string }) => e.status);
    expect(titles.filter((s: string) => s === 'denied')).toHaveLength(1);
  });

  it('refuses forged callbacks with 401 and changes nothing', async () => {
    const { r, id, caseNo } = await forwarded();
    for (const tamper of ['signature', 'stale_timestamp', 'bad_digest']) {
      await simPost('callbacks/forge', { caseNo, tamper });
    }
    const deliveries = await eventually(
      () => simGet<{ kind?: string; attempts: { httpStatus: number }[] }[]>(`callbacks?caseNo=${caseNo}`),
      (d) => d.filter((x) => x.attempts.length > 0).length >= 3,
    );
    const forged = deliveries.filter((d) => d.kind === 'forged');
    expect(forged.length).toBeGreaterThanOrEqual(3);
    for (const d of forged) expect(d.attempts[0]?.httpStatus).toBe(401);
    expect((await statusOf(r, id)).status).toBe('forwarded');
  });

  it('a department 补正 goes back to the resident, and the case returns to review after resubmission', async () => {
    const { r, id, caseNo } = await forwarded();
    await simPost(`cases/${caseNo}/transition`, { status: 'ACCEPTED' });
    await simPost(`cases/${caseNo}/transition`, { status: 'SUPPLEMENT_REQUIRED', reason: '证明材料不清晰', supplement: { requiredMaterials: [{ materialCode: 'proof', name: '证明材料' }] } });
    const asked = await eventually(() => statusOf(r, id), (a) => a.status === 'supplement_requested');
    expect(asked).toMatchObject({ status: 'supplement_requested', supplement: { materials: ['proof'], reason: '证明材料不清晰' } });
    const upload = await t.http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'proof2.pdf');
    await t.http().put(`/api/v1/applications/${id}/materials/proof`).set(r.auth).send({ fileId: upload.body.id });
    expect((await t.http().post(`/api/v1/applications/${id}/submit`).set(r.auth)).body.status).toBe('submitted');
  });
});

describe('e-licences and data queries', () => {
  it('fetches an e-licence with the resident’s consent into their library, number masked, and audits it', async () => {
    const r = await givenResident(t, { verified: true, name: '周晓芳' });
    await simPost('people', [{ idNumber: r.idNumber, name: '周晓芳', licenses: [{ licenseType: 'ID_CARD', licenseNumber: r.idNumber, issueDate: '2020-05-01' }] }]);
    const res = await t.http().post('/api/v1/me/licences/fetch').set(r.auth).send({ type: 'id_card' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'id_card', status: 'VALID' });
    expect(res.body.number).not.toBe(r.idNumber);
    const library = await t.http().get('/api/v1/me/library').set(r.auth);
    expect(library.body.licences).toHaveLength(1);
    const missing = await t.http().post('/api/v1/me/licences/fetch').set(r.auth).send({ type: 'marriage_certificate' });
    expect(missing.status).toBe(404);
    const unverified = await givenResident(t);
    expect((await t.http().post('/api/v1/me/licences/fetch').set(unverified.auth).send({ type: 'id_card' })).body.code).toBe('REAL_NAME_REQUIRED');
  });

  it('reads the 社保 payment record from 人社 and keeps the department’s traceId in the audit trail', async () => {
    const r = await givenResident(t, { verified: true, name: '吴建国' });
    await simPost('people', [
      {
        idNumber: r.idNumber,
        name: '吴建国',
        socialInsurance: [
          { month: '2026-01', insuranceType: '110', employerName: '广州某某有限公司', paymentBase: '5000.00', employerAmount: '800.00', personalAmount: '400.00' },
          { month: '2026-02', insuranceType: '110', employerName: '广州某某有限公司', paymentBase: '5000.00', employerAmount: '800.00', personalAmount: '400.00' },
        ],
      },
    ]);
    const res = await t.http().get('/api/v1/me/social-insurance/payments?from=2026-01&to=2026-12').set(r.auth);
    expect(res.status).toBe(200);
    expect(res.body.records).toHaveLength(2);
    expect(res.body.records[0]).toMatchObject({ personalAmount: '400.00' });
    const audit = await t.platform.db.selectFrom('audit_records').select(['action', 'data']).where('resident_id', '=', r.id).where('action', '=', 'data_query.social_insurance').execute();
    expect(audit).toEqual([{ action: 'data_query.social_insurance', data: expect.objectContaining({ traceId: res.body.traceId }) }]);

    await simPost('down', { down: true, deptCode: 'RS' });
    const down = await t.http().get('/api/v1/me/social-insurance/payments?from=2026-01&to=2026-12').set(r.auth);
    expect([down.status, down.body.code]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
    await simPost('down', { down: false, deptCode: 'RS' });
  });

  it('says 人社 found no record (404 NOT_FOUND) when it answers 30001, and never blames the resident for a refusal between us and it', async () => {
    const r = await givenResident(t, { verified: true, name: '梁国华' });
    await simPost('faults', { path: '/v1/data/RS_SI_PAYMENT/query', httpStatus: 404, code: '30001', times: 1 });
    const none = await t.http().get('/api/v1/me/social-insurance/payments?from=2026-01&to=2026-12').set(r.auth);
    expect([none.status, none.body.code, none.body.message]).toEqual([404, 'NOT_FOUND', '部门没有查到相关记录']);
    await simPost('faults', { path: '/v1/data/RS_SI_PAYMENT/query', httpStatus: 403, code: '10005', times: 1 });
    const refused = await t.http().get('/api/v1/me/social-insurance/payments?from=2026-01&to=2026-12').set(r.auth);
    expect([refused.status, refused.body.code]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
  });
});

describe('the 公安 identity check', () => {
  it('is enqueued with every real-name verification and records what 公安 says: matched, mismatch, not found', async () => {
    const matched = await givenResident(t, { verified: true, name: '黄美玲' });
    const job = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${`ga_identity_check:${matched.id}`}`.execute(t.platform.db);
    expect(job.rows[0]?.n).toBe(1);
    await simPost('people', [{ idNumber: matched.idNumber, name: '黄美玲', household: { householdNumber: 'HH-001', address: '广州市海珠区江南大道中 1 号' } }]);
    expect(await gateway.checkIdentityWithGA(matched.id)).toBe('matched');
    expect((await t.http().get('/api/v1/me').set(matched.auth)).body.gaCheck).toMatchObject({ result: 'matched' });

    const renamed = await givenResident(t, { verified: true, name: '黄美琳' });
    await simPost('people', [{ idNumber: renamed.idNumber, name: '黄美玲', household: { householdNumber: 'HH-002', address: '广州市海珠区江南大道中 2 号' } }]);
    const res = await t.http().post('/api/v1/me/real-name/ga-check').set(renamed.auth);
    expect(res.body).toEqual({ result: 'mismatch' });

    const unknown = await givenResident(t, { verified: true, name: '王小明' });
    expect(await gateway.checkIdentityWithGA(unknown.id)).toBe('not_found');
    const audits = await t.platform.db.selectFrom('audit_records').select('data').where('action', '=', 'resident.ga_checked').where('resident_id', '=', unknown.id).execute();
    expect(audits).toHaveLength(1);
  });

  it('asks only verified residents, and tells them when 公安 cannot be reached', async () => {
    const r = await givenResident(t);
    expect((await t.http().post('/api/v1/me/real-name/ga-check').set(r.auth)).body.code).toBe('REAL_NAME_REQUIRED');
    const v = await givenResident(t, { verified: true });
    await simPost('down', { down: true, deptCode: 'GA' });
    try {
      const res = await t.http().post('/api/v1/me/real-name/ga-check').set(v.auth);
      expect([res.status, res.body.code]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
      expect((await t.http().get('/api/v1/me').set(v.auth)).body.gaCheck).toBeNull();
    } finally {
      await simPost('down', { down: false, deptCode: 'GA' });
    }
  });
});
