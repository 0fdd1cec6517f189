import { sql } from 'kysely';
import type { ServiceItemInput } from '@haizhu/shared-types';
import { FixedClock } from '../../common/clock';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { givenLicence, givenResident, givenStaff, type GivenResident } from '../../../test/support/scenario';
import { TRANSITION_PAIRS } from './migrations/001_application';
import { allowedPairs } from './application.state';
import { ApplicationService } from './application.service';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32)]);

let t: TestApp;
let clock: FixedClock;
let admin: { auth: { Authorization: string } };
beforeAll(async () => {
  t = await createTestApp();
  clock = new FixedClock(new Date('2026-09-28T10:00:00+08:00'));
  t.platform.clock = clock;
  admin = await givenStaff(t, ['district_admin']);
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => clock.set(new Date('2026-09-28T10:00:00+08:00')));

/** An item with a form and two materials (one allows 容缺), in a department of its own, plus its reviewer. */
async function givenItem() {
  const { file, tag } = givenCatalogue({
    items: (tg) => [
      item(tg, 1, `测试养老金申领${tg}`),
      item(tg, 2, `测试丧葬补助${tg}`),
    ],
  });
  expect((await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: `T-${tag}-RS` });
  return { tag, itemCode: `T-${tag}-1`, bundleCode: `T-${tag}-B`, reviewer };
}

function item(tag: string, n: number, name: string): ServiceItemInput {
  return {
    itemCode: `T-${tag}-${n}`,
    name,
    departmentCode: `T-${tag}-RS`,
    category: '社保',
    lifeEvents: [`t-${tag}-birth`],
    guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
    materials: [
      { code: 'id', name: '居民身份证', form: 'original', eLicenceType: 'id_card' },
      { code: 'bank', name: '本人银行卡', form: 'copy', deficiencyAllowed: true, deficiencyWay: '5个工作日内补交' },
    ],
    form: [
      { key: 'phone', label: '联系电话', type: 'phone' },
      { key: 'bank', label: '开户银行', type: 'select', options: [{ value: 'icbc', label: '工商银行' }, { value: 'ccb', label: '建设银行' }] },
    ],
    onlineApply: true,
  };
}

const http = () => t.http();
async function draft(r: GivenResident, itemCode: string, extra: object = {}) {
  const res = await http().post('/api/v1/applications').set(r.auth).send({ itemCode, form: { phone: '13800138000', bank: 'icbc' }, ...extra });
  expect(res.status).toBe(201);
  return res.body as { id: string; applicationNo: string; queryCode: string };
}
async function upload(r: GivenResident): Promise<string> {
  const res = await http().post('/api/v1/files').set(r.auth).attach('file', PDF, 'bank.pdf');
  return res.body.id;
}
async function submitted(r: GivenResident, itemCode: string, withBank = true) {
  const app = await draft(r, itemCode);
  await givenLicence(t, r.id, 'id_card');
  await http().put(`/api/v1/applications/${app.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' });
  if (withBank) await http().put(`/api/v1/applications/${app.id}/materials/bank`).set(r.auth).send({ fileId: await upload(r) });
  const res = await http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth);
  expect(res.status).toBe(200);
  return app;
}

describe('a resident applies', () => {
  it('creates a draft with a readable number and a query code, and refuses to submit it incomplete', async () => {
    const { itemCode } = await givenItem();
    const r = await givenResident(t, { verified: true });
    const created = await http().post('/api/v1/applications').set(r.auth).send({ itemCode, form: { phone: '123' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', applicationNo: expect.stringMatching(/^HZ20260928\d{6}$/), queryCode: expect.stringMatching(/^\d{6}$/) });
    const badForm = await http().post(`/api/v1/applications/${created.body.id}/submit`).set(r.auth);
    expect(badForm.status).toBe(400);
    expect(badForm.body.details.fields).toEqual({ 'form.phone': '联系电话应为 11 位手机号', 'form.bank': '请填写开户银行' });

    await http().put(`/api/v1/applications/${created.body.id}`).set(r.auth).send({ form: { phone: '13800138000', bank: 'ccb' } });
    const noMaterials = await http().post(`/api/v1/applications/${created.body.id}/submit`).set(r.auth);
    expect(noMaterials.status).toBe(422);
    expect(noMaterials.body).toMatchObject({ code: 'MATERIALS_MISSING', details: { missing: [expect.objectContaining({ code: 'id', name: '居民身份证' })] } });
  });

  it('accepts an e-licence only where the material names it, and files only of the caller', async () => {
    const { itemCode } = await givenItem();
    const r = await givenResident(t);
    const app = await draft(r, itemCode);
    const wrong = await http().put(`/api/v1/applications/${app.id}/materials/bank`).set(r.auth).send({ eLicenceType: 'id_card' });
    expect(wrong.body.code).toBe('E_LICENCE_NOT_ACCEPTED');
    // Only a licence the resident actually holds (fetched, valid) replaces the material.
    const notFetched = await http().put(`/api/v1/applications/${app.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' });
    expect([notFetched.status, notFetched.body.code]).toEqual([422, 'E_LICENCE_NOT_FETCHED']);
    await givenLicence(t, r.id, 'id_card');
    expect((await http().put(`/api/v1/applications/${app.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' })).status).toBe(200);
    const other = await givenResident(t);
    const theirs = await upload(other);
    expect((await http().put(`/api/v1/applications/${app.id}/materials/bank`).set(r.auth).send({ fileId: theirs })).status).toBe(404);
    expect((await http().put(`/api/v1/applications/${app.id}/materials/nope`).set(r.auth).send({ fileId: theirs })).body.code).toBe('MATERIAL_NOT_APPLICABLE');
    expect((await http().get(`/api/v1/applications/${app.id}`).set(other.auth)).status).toBe(404);
  });

  it('goes submitted → accepted with a working-day deadline, visible on the timeline and in 办件查询', async () => {
    const { itemCode, reviewer } = await givenItem();
    const r = await givenResident(t, { verified: true, name: '刘德明' });
    const app = await submitted(r, itemCode);
    const accepted = await http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({});
    expect(accepted.status).toBe(200);
    // Accepted Mon 2026-09-28; 5 working days skip the National Day holiday: 09-29, 09-30, 10-08, 10-09, 10-10 (调休).
    expect(accepted.body).toMatchObject({ status: 'accepted', deadline: { due: '2026-10-10', legalDue: expect.any(String), workingDaysLeft: 5, light: 'green' } });

    const mine = await http().get(`/api/v1/applications/${app.id}`).set(r.auth);
    expect(mine.body.timeline.map((e: { status: string }) => e.status)).toEqual(['draft', 'submitted', 'accepted']);
    expect(mine.body.applicantName).toBe('刘**');

    const progress = await http().get(`/api/v1/progress?applicationNo=${app.applicationNo}&queryCode=${app.queryCode}`);
    expect(progress.body).toMatchObject({ status: 'accepted', statusName: '已受理', deadline: { due: '2026-10-10' } });
    expect(JSON.stringify(progress.body)).not.toMatch(/刘|138001/);
    const wrongCode = String((Number(app.queryCode) + 1) % 1_000_000).padStart(6, '0');
    expect((await http().get(`/api/v1/progress?applicationNo=${app.applicationNo}&queryCode=${wrongCode}`)).status).toBe(404);

    expect((await http().post(`/api/v1/applications/${app.id}/withdraw`).set(r.auth)).body.code).toBe('INVALID_STATE');
  });

  it('lets the window accept with 容缺: due date, way, and the resident supplies it later', async () => {
    const { itemCode, reviewer } = await givenItem();
    const r = await givenResident(t);
    const app = await submitted(r, itemCode, false);
    const notAllowed = await http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({ deficient: [{ materialCode: 'id', dueWorkingDays: 3, way: '现场补交' }] });
    expect(notAllowed.status).toBe(400);
    const plain = await http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({});
    expect(plain.body.code).toBe('MATERIALS_MISSING');
    const ok = await http().post(`/api/v1/staff/applications/${app.id}/accept`).set(reviewer.auth).send({ deficient: [{ materialCode: 'bank', dueWorkingDays: 3, way: '上传银行卡照片' }] });
    expect(ok.body.status).toBe('accepted_deficient');
    const mine = await http().get(`/api/v1/applications/${app.id}`).set(r.auth);
    expect(mine.body.needed).toEqual(['请在 2026-10-08 前补齐“本人银行卡”（上传银行卡照片）']);
    const supplied = await http().put(`/api/v1/applications/${app.id}/materials/bank`).set(r.auth).send({ fileId: await upload(r) });
    expect(supplied.body.needed).toEqual([]);
    expect(supplied.body.materials.find((m: { code: string }) => m.code === 'bank').deficient).toBeNull();
  });

  it('runs a 补正 round trip and records refusals with their reason', async () => {
    const { itemCode, reviewer } = await givenItem();
    const r = await givenResident(t);
    const app = await submitted(r, itemCode);
    const asked = await http().post(`/api/v1/staff/applications/${app.id}/request-supplement`).set(reviewer.auth).send({ materials: ['bank'], reason: '银行卡照片不清晰，请重新拍照' });
    expect(asked.body.status).toBe('supplement_requested');
    const mine = await http().get(`/api/v1/applications/${app.id}`).set(r.auth);
    expect(mine.body.needed[0]).toBe('请补正：银行卡照片不清晰，请重新拍照');
    expect((await http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).status).toBe(200);
    // bank allows 容缺, so resubmitting without it is allowed; give it anyway and resubmit after a second request
    await http().post(`/api/v1/staff/applications/${app.id}/request-supplement`).set(reviewer.auth).send({ materials: ['id'], reason: '请用电子证照' });
    expect((await http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).body.code).toBe('MATERIALS_MISSING');
    await givenLicence(t, r.id, 'id_card');
    await http().put(`/api/v1/applications/${app.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' });
    expect((await http().post(`/api/v1/applications/${app.id}/submit`).set(r.auth)).body.status).toBe('submitted');

    const refused = await http().post(`/api/v1/staff/applications/${app.id}/refuse`).set(reviewer.auth).send({ reason: '不属于本区受理范围' });
    expect(refused.body).toMatchObject({ status: 'refused', refusalReason: '不属于本区受理范围' });
  });
});

describe('staff scope and audit', () => {
  it('shows a reviewer only their department, audits the case view, and hides others (404)', async () => {
    const a = await givenItem();
    const b = await givenItem();
    const r = await givenResident(t, { verified: true });
    const app = await submitted(r, a.itemCode);
    const list = await http().get('/api/v1/staff/applications?status=submitted').set(a.reviewer.auth);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([app.id]);
    expect((await http().get('/api/v1/staff/applications').set(b.reviewer.auth)).body.items).toEqual([]);
    expect((await http().get(`/api/v1/staff/applications/${app.id}`).set(b.reviewer.auth)).status).toBe(404);
    expect((await http().post(`/api/v1/staff/applications/${app.id}/accept`).set(b.reviewer.auth).send({})).status).toBe(404);

    const view = await http().get(`/api/v1/staff/applications/${app.id}`).set(a.reviewer.auth);
    expect(view.body.applicantName).toBe('张三');
    const file = await http().get(`/api/v1/staff/applications/${app.id}/materials/bank/content`).set(a.reviewer.auth);
    expect(file.status).toBe(200);
    const log = await http().get('/api/v1/me/data-access-log').set(r.auth);
    expect(log.body.items.map((i: { purpose: string }) => i.purpose)).toEqual([`查看材料 bank（${app.applicationNo}）`, `案件审核（${app.applicationNo}）`]);
  });

  it('the database refuses a status change the machine does not allow', async () => {
    expect(new Set(TRANSITION_PAIRS.map((p) => p.join('>')))).toEqual(new Set(allowedPairs().map((p) => p.join('>'))));
    const { itemCode } = await givenItem();
    const r = await givenResident(t);
    const app = await draft(r, itemCode);
    await expect(sql`update applications set status = 'approved' where id = ${app.id}`.execute(t.platform.db)).rejects.toThrow(/cannot go from draft to approved/);
  });
});

describe('agents and bundles', () => {
  it('lets an authorised agent apply and act, and stops them once the authorisation is revoked', async () => {
    const { itemCode } = await givenItem();
    const principal = await givenResident(t, { verified: true, name: '黄阿婆' });
    const agent = await givenResident(t, { verified: true, name: '黄小明' });
    const stranger = await givenResident(t, { verified: true });
    const denied = await http().post('/api/v1/applications').set(stranger.auth).send({ itemCode, onBehalfOf: principal.idNumber });
    expect([denied.status, denied.body.code]).toEqual([403, 'NOT_AN_AGENT']);
    const grant = await http().post('/api/v1/me/agents').set(principal.auth).send({ agentIdNumber: agent.idNumber, agentName: '黄小明', validUntil: '2026-12-31' });
    const app = await draft(agent, itemCode, { onBehalfOf: principal.idNumber });
    const seenByPrincipal = await http().get(`/api/v1/applications/${app.id}`).set(principal.auth);
    expect(seenByPrincipal.body).toMatchObject({ onBehalf: true, applicantName: '黄**' });
    await http().post(`/api/v1/me/agents/${grant.body.id}/revoke`).set(principal.auth);
    expect((await http().get(`/api/v1/applications/${app.id}`).set(agent.auth)).status).toBe(404);
  });

  it('creates one case per bundle member and asks each shared material once', async () => {
    const { bundleCode } = await givenItem();
    const r = await givenResident(t);
    const res = await http().post('/api/v1/applications').set(r.auth).send({ bundleCode, form: { phone: '13800138000', bank: 'icbc' } });
    expect(res.status).toBe(201);
    expect(res.body.bundle).toHaveLength(2);
    await givenLicence(t, r.id, 'id_card');
    await http().put(`/api/v1/applications/${res.body.id}/materials/id`).set(r.auth).send({ eLicenceType: 'id_card' });
    const second = await http().get(`/api/v1/applications/${res.body.bundle[1].id}`).set(r.auth);
    expect(second.body.materials.find((m: { code: string }) => m.code === 'id').provided).toMatchObject({ source: 'e_licence' });
    const sub = await http().post(`/api/v1/applications/${res.body.id}/submit`).set(r.auth);
    expect(sub.body.status).toBe('submitted');
    expect((await http().get(`/api/v1/applications/${res.body.bundle[1].id}`).set(r.auth)).body.status).toBe('submitted');
  });
});

describe('supervision lights', () => {
  it('turns yellow within 2 working days of the promise and red after it', async () => {
    const { itemCode, reviewer: first, tag } = await givenItem();
    const r = await givenResident(t);
    const app = await submitted(r, itemCode);
    await http().post(`/api/v1/staff/applications/${app.id}/accept`).set(first.auth).send({});
    const service = await t.app.getApplicationContext().getAsync(ApplicationService);
    clock.set(new Date('2026-10-08T10:00:00+08:00'));
    await service.updateLights();
    // A staff session lasts a working day; the clock moved ten days on.
    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: `T-${tag}-RS` });
    expect((await http().get(`/api/v1/staff/applications?light=yellow`).set(reviewer.auth)).body.items.map((x: { id: string }) => x.id)).toContain(app.id);
    clock.set(new Date('2026-10-12T10:00:00+08:00'));
    await service.updateLights();
    const later = await givenStaff(t, ['dept_reviewer'], { departmentCode: `T-${tag}-RS` });
    const red = await http().get(`/api/v1/staff/applications?light=red`).set(later.auth);
    expect(red.body.items.map((x: { id: string }) => x.id)).toContain(app.id);
    expect(red.body.items.find((x: { id: string }) => x.id === app.id).deadline).toMatchObject({ light: 'red', workingDaysLeft: -1 });
  });
});
