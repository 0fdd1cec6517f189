import { sql } from 'kysely';
import type { ServiceItemInput } from '@haizhu/shared-types';
import { FixedClock } from '../../common/clock';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { givenResident, givenStaff, type GivenResident, wechatSim } from '../../../test/support/scenario';
import { ApplicationService } from '../application';
import { EvaluationService } from '.';

type Auth = { auth: { Authorization: string } };

// A Monday just before the National Day holiday. Odd minutes throughout: staff logins are rate-limited per
// clock minute, and other suites sharing this worker's database freeze their clocks on the hour.
const START = new Date('2026-09-28T09:17:00+08:00');

let t: TestApp;
let clock: FixedClock;
let admin: Auth;
let apps: ApplicationService;
let evaluations: EvaluationService;
beforeAll(async () => {
  t = await createTestApp();
  clock = new FixedClock(START);
  t.platform.clock = clock;
  admin = await givenStaff(t, ['district_admin']);
  apps = await t.app.getApplicationContext().getAsync(ApplicationService);
  evaluations = await t.app.getApplicationContext().getAsync(EvaluationService);
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => clock.set(START));

const http = () => t.http();

/** An item of a department of its own (no materials, result sent electronically), and that department's reviewer. */
async function givenItem() {
  const { file, tag } = givenCatalogue({ items: (tg) => [item(tg)] });
  file.bundles = [];
  expect((await http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const departmentCode = `T-${tag}-RS`;
  return { tag, itemCode: `T-${tag}-E`, departmentCode, hallId: `T-${tag}-HALL`, reviewer: await givenStaff(t, ['dept_reviewer'], { departmentCode }) };
}

function item(tag: string): ServiceItemInput {
  return {
    itemCode: `T-${tag}-E`,
    name: `测试就业登记${tag}`,
    departmentCode: `T-${tag}-RS`,
    category: '社保',
    guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] },
    materials: [],
    onlineApply: true,
    resultDelivery: ['electronic'],
  };
}

/** A submitted case of the resident's. */
async function submitted(r: GivenResident, itemCode: string): Promise<string> {
  const app = await http().post('/api/v1/applications').set(r.auth).send({ itemCode });
  expect(app.status).toBe(201);
  expect((await http().post(`/api/v1/applications/${app.body.id}/submit`).set(r.auth)).status).toBe(200);
  return app.body.id;
}

/** Accepted by the window, decided by the department, delivered electronically and closed (办结). */
async function complete(id: string, reviewer: Auth): Promise<void> {
  expect((await http().post(`/api/v1/staff/applications/${id}/accept`).set(reviewer.auth).send({})).status).toBe(200);
  await apps.departmentTransition('TEST', id, 'forward', '已转送');
  await apps.departmentTransition('TEST', id, 'approve', '审批通过');
  expect((await http().post(`/api/v1/staff/applications/${id}/deliver`).set(reviewer.auth).send({ method: 'electronic' })).body.status).toBe('result_delivered');
  expect((await http().post(`/api/v1/staff/applications/${id}/complete`).set(reviewer.auth)).body.status).toBe('completed');
}

async function completedCase(r?: GivenResident) {
  const given = await givenItem();
  const resident = r ?? (await givenResident(t, { verified: true }));
  const id = await submitted(resident, given.itemCode);
  await complete(id, given.reviewer);
  return { ...given, r: resident, id };
}

/** Sessions expire as the clock moves on: the same WeChat user logs in again. */
async function relogin(r: GivenResident): Promise<void> {
  const { code } = await wechatSim(t, 'login-codes', { openid: r.openid });
  const res = await http().post('/api/v1/auth/wechat-login').send({ code });
  expect(res.body.resident.id).toBe(r.id);
  r.auth = { Authorization: `Bearer ${res.body.token}` };
}

const rate = (r: GivenResident, body: Record<string, unknown>) => http().post('/api/v1/evaluations').set(r.auth).send(body);

/** A question of the resident's about an item (routed to the item's department). */
async function asked(r: GivenResident, itemCode: string, body: string): Promise<string> {
  const res = await http().post('/api/v1/consultations').set(r.auth).send({ topic: { type: 'item', itemCode }, body });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A visit booked for Tue 09-29 at a hall of its own, checked in and served at the window then. */
async function servedVisit() {
  const { file, tag } = givenCatalogue();
  expect((await http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const hallId = `T-${tag}-HALL`;
  const hallAdmin = await givenStaff(t, ['hall_admin'], { hallId });
  const opened = await http()
    .post(`/api/v1/staff/halls/${hallId}/schedules`)
    .set(hallAdmin.auth)
    .send({ from: '2026-09-28', to: '2026-10-12', category: 'social_security', slotMinutes: 60, capacity: 2, hours: [{ start: '09:00', end: '12:00' }] });
  expect(opened.status).toBe(201);
  const slot = (await http().get(`/api/v1/halls/${hallId}/slots?date=2026-09-29&category=social_security`)).body[1];
  const r = await givenResident(t, { verified: true });
  const booked = await http().post('/api/v1/appointments').set(r.auth).send({ slotId: slot.id });
  expect(booked.status).toBe(201);
  clock.set(new Date('2026-09-29T09:47:00+08:00'));
  const ticket = await http().post(`/api/v1/appointments/${booked.body.id}/check-in`).set(r.auth);
  expect(ticket.status).toBe(200);
  const window = await givenStaff(t, ['hall_window'], { hallId });
  const called = await http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
  expect(called.body.id).toBe(ticket.body.ticket.id);
  expect((await http().post(`/api/v1/staff/tickets/${called.body.id}/serve`).set(window.auth)).status).toBe(200);
  return { r, hallId, tag, appointmentId: booked.body.id as string, ticketId: called.body.id as string, window };
}
const evaluationRepoPending = (targetId: string) => t.platform.db.selectFrom('evaluation_pending').selectAll().where('target_id', '=', targetId).executeTakeFirst();
const auditOf = (subjectId: string) =>
  t.platform.db.selectFrom('audit_records').select(['action', 'actor_type', 'actor_role', 'data']).where('subject_id', '=', subjectId).where('action', 'like', 'evaluation.%').orderBy('seq').execute();

describe('rating a service', () => {
  it('takes one real-name rating per finished case, of the caller’s own cases only, with the channel’s dimensions', async () => {
    const { itemCode, reviewer } = await givenItem();
    const r = await givenResident(t, { verified: true });
    const id = await submitted(r, itemCode);
    const early = await rate(r, { targetType: 'application', targetId: id, level: 5 });
    expect([early.status, early.body.code, early.body.message]).toEqual([422, 'NOT_EVALUABLE_YET', '办件办结后才能评价']);

    await complete(id, reviewer);
    const pending = await http().get('/api/v1/evaluations/pending').set(r.auth);
    expect(pending.body.items).toEqual([expect.objectContaining({ targetType: 'application', targetId: id, completedOn: '2026-09-28', rateBy: '2026-10-05' })]);

    const stranger = await givenResident(t, { verified: true });
    expect((await rate(stranger, { targetType: 'application', targetId: id, level: 1, comment: '随便打个差评' })).status).toBe(404);
    const unverified = await givenResident(t);
    const anonymous = await rate(unverified, { targetType: 'application', targetId: id, level: 5 });
    expect([anonymous.status, anonymous.body.code]).toEqual([403, 'REAL_NAME_REQUIRED']);

    const created = await rate(r, { targetType: 'application', targetId: id, level: 5, dimensions: { efficiency: 5, guide_accuracy: 4 }, tags: ['办事高效'], comment: '三天就办好了' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      targetType: 'application',
      targetId: id,
      channel: 'online',
      level: 5,
      levelName: '非常满意',
      grade: 'good',
      gradeName: '好评',
      dimensions: [
        { code: 'efficiency', name: '办事效率', score: 5 },
        { code: 'guide_accuracy', name: '办事指南精确度', score: 4 },
      ],
      tags: ['办事高效'],
      comment: '三天就办好了',
      source: 'resident',
      excluded: false,
      rectification: null,
    });
    expect(created.body.id).toMatch(/^evl_/);
    expect(created.body.subject).toMatch(/^HZ20260928\d{6} 测试就业登记/);

    const again = await rate(r, { targetType: 'application', targetId: id, level: 4 });
    expect([again.status, again.body.code, again.body.message]).toEqual([409, 'ALREADY_EVALUATED', '您已评价过，每次服务只能评价一次']);
    const mine = await http().get(`/api/v1/evaluations?targetType=application&targetId=${id}`).set(r.auth);
    expect(mine.body.items.map((e: { id: string; level: number }) => [e.id, e.level])).toEqual([[created.body.id, 5]]);
    expect((await http().get(`/api/v1/evaluations?targetType=application&targetId=${id}`).set(stranger.auth)).body.items).toEqual([]);
    expect((await http().get('/api/v1/evaluations/pending').set(r.auth)).body.items).toEqual([]);

    // The comment is free text of a person: encrypted at rest like the other free text.
    const row = await t.platform.db.selectFrom('evaluations').select(['comment_enc', 'resident_id']).where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.resident_id).toBe(r.id);
    expect(row.comment_enc).not.toContain('三天');
    expect((await auditOf(created.body.id)).map((a) => [a.action, a.actor_type])).toEqual([['evaluation.created', 'resident']]);
  });

  it('rates a consultation once it was answered, the caller’s own only, and a 差评 goes to the unit that answered', async () => {
    const { tag, itemCode, reviewer, departmentCode } = await givenItem();
    const r = await givenResident(t, { verified: true });
    const id = await asked(r, itemCode, '灵活就业可以登记吗？');
    const early = await rate(r, { targetType: 'consultation', targetId: id, level: 5 });
    expect([early.status, early.body.code, early.body.message]).toEqual([422, 'NOT_EVALUABLE_YET', '咨询得到答复后才能评价']);
    // Closed by the resident before anyone answered: nothing was served to rate.
    const unanswered = await asked(r, itemCode, '算了，我自己查到了');
    expect((await http().post(`/api/v1/consultations/${unanswered}/close`).set(r.auth)).body.status).toBe('closed');
    expect((await rate(r, { targetType: 'consultation', targetId: unanswered, level: 3 })).body.code).toBe('NOT_EVALUABLE_YET');

    clock.set(new Date('2026-09-28T11:23:00+08:00'));
    expect((await http().post(`/api/v1/staff/consultations/${id}/messages`).set(reviewer.auth).send({ body: '可以，带身份证到窗口或在线申办。' })).status).toBe(201);
    const pending = await http().get('/api/v1/evaluations/pending').set(r.auth);
    expect(pending.body.items).toEqual([{ targetType: 'consultation', targetId: id, subject: `在线咨询 测试就业登记${tag}`, completedOn: '2026-09-28', rateBy: '2026-10-05' }]);

    const stranger = await givenResident(t, { verified: true });
    expect((await rate(stranger, { targetType: 'consultation', targetId: id, level: 1, comment: '随便打个差评' })).status).toBe(404);
    expect((await rate(r, { targetType: 'consultation', targetId: 'csl_nope', level: 5 })).status).toBe(404);
    // A follow-up waiting for a further answer doesn't take back the answer already given.
    expect((await http().post(`/api/v1/consultations/${id}/messages`).set(r.auth).send({ body: '需要社保卡吗？' })).body.status).toBe('awaiting_answer');

    const bad = await rate(r, { targetType: 'consultation', targetId: id, level: 2, dimensions: { guide_accuracy: 2 }, tags: ['指引不清'], comment: '答复太笼统' });
    expect(bad.status).toBe(201);
    expect(bad.body).toMatchObject({
      targetType: 'consultation',
      targetId: id,
      subject: `在线咨询 测试就业登记${tag}`,
      channel: 'online',
      level: 2,
      dimensions: [{ code: 'guide_accuracy', name: '办事指南精确度', score: 2 }],
      rectification: { status: 'open', unit: { type: 'department', id: departmentCode }, dueDate: '2026-10-23' },
    });
    expect((await http().get('/api/v1/staff/evaluation-tasks').set(reviewer.auth)).body.items.map((x: { id: string }) => x.id)).toEqual([bad.body.rectification.id]);
    expect((await http().get('/api/v1/evaluations/pending').set(r.auth)).body.items).toEqual([]);
    expect((await rate(r, { targetType: 'consultation', targetId: id, level: 5 })).body.code).toBe('ALREADY_EVALUATED');
    const mine = await http().get(`/api/v1/evaluations?targetType=consultation&targetId=${id}`).set(r.auth);
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([bad.body.id]);
  });

  it('names each invalid field in Chinese', async () => {
    const r = await givenResident(t, { verified: true });
    const bad = await rate(r, { targetType: 'letter', targetId: '', level: 6, tags: ['好'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields).toEqual({ targetType: '评价对象只能是办件、预约或咨询', targetId: '请指明评价的服务', level: '请选择 1 至 5 星', 'tags.0': '不支持的评价标签' });
    // Every problem at once: a score out of range and a dimension of the other channel.
    const hallDimensionOnline = await rate(r, { targetType: 'application', targetId: 'app_x', level: 4, dimensions: { attitude: 5, efficiency: 0 } });
    expect(hallDimensionOnline.body.details.fields).toEqual({ 'dimensions.efficiency': '请选择 1 至 5 星', 'dimensions.attitude': '该服务渠道没有这项评价指标' });
    const wrongChannel = await rate(r, { targetType: 'application', targetId: 'app_x', level: 4, dimensions: { attitude: 5 } });
    expect(wrongChannel.body.details.fields).toEqual({ 'dimensions.attitude': '该服务渠道没有这项评价指标' });
    const silentBad = await rate(r, { targetType: 'application', targetId: 'app_x', level: 2 });
    expect(silentBad.body.details.fields).toEqual({ comment: '差评请选择或填写不满意的原因' });
    const missing = await rate(r, {});
    expect(missing.body.details.fields).toMatchObject({ targetId: '请指明评价的服务', level: '请选择 1 至 5 星' });
  });
});

describe('差评 → rectification → 回访', () => {
  it('opens a task for the department with a 15-working-day deadline, handled, revisited, appealed once and rated by the resident', async () => {
    const { id, r, departmentCode, tag } = await completedCase(await givenResident(t, { verified: true, name: '张三' }));
    const bad = await rate(r, { targetType: 'application', targetId: id, level: 1, tags: ['办理超时'], comment: '打了三次电话才有人回复' });
    expect(bad.status).toBe(201);
    // From Mon 09-28, 15 working days skip the National Day holiday and count the 调休 Saturday 10-10.
    expect(bad.body).toMatchObject({ grade: 'bad', gradeName: '差评', rectification: { status: 'open', statusName: '待整改', unit: { type: 'department', id: departmentCode }, dueDate: '2026-10-23', workingDaysLeft: 15, overdue: false, light: 'green' } });
    const taskId: string = bad.body.rectification.id;
    expect(taskId).toMatch(/^rtk_/);
    const evaluationId: string = bad.body.id;

    // Only the responsible unit (and the district) sees it.
    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    const list = await http().get('/api/v1/staff/evaluation-tasks').set(reviewer.auth);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([taskId]);
    expect(list.body.items[0]).toMatchObject({ evaluation: { id: evaluationId, level: 1, levelName: '非常不满意', tags: ['办理超时'], comment: '打了三次电话才有人回复' }, resident: { name: '张*' } });
    const otherDept = (await givenItem()).reviewer;
    expect((await http().get('/api/v1/staff/evaluation-tasks').set(otherDept.auth)).body.items).toEqual([]);
    expect((await http().get(`/api/v1/staff/evaluation-tasks/${taskId}`).set(otherDept.auth)).status).toBe(404);
    expect((await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/handle`).set(otherDept.auth).send({ outcome: 'rectified', note: '不是我们的事' })).status).toBe(404);
    const hallStaff = await givenStaff(t, ['hall_window'], { hallId: `T-${tag}-HALL` });
    expect((await http().get('/api/v1/staff/evaluation-tasks').set(hallStaff.auth)).body.items).toEqual([]);
    const districtView = await http().get('/api/v1/staff/evaluation-tasks?status=open').set(admin.auth);
    expect(districtView.body.items.map((x: { id: string }) => x.id)).toContain(taskId);

    // The task page shows who to call, in full: audited, and the resident can see it.
    const page = await http().get(`/api/v1/staff/evaluation-tasks/${taskId}`).set(reviewer.auth);
    expect(page.body.resident.name).toBe('张三');
    const log = await http().get('/api/v1/me/data-access-log').set(r.auth);
    expect(log.body.items[0].purpose).toMatch(/^差评整改回访（HZ/);

    // Nothing to appeal or rate before a handling; no 回访 before it either.
    expect((await http().post(`/api/v1/evaluations/${evaluationId}/rectification/appeals`).set(r.auth).send({ reason: '还没人处理呢' })).body.code).toBe('INVALID_STATE');
    expect((await http().post(`/api/v1/evaluations/${evaluationId}/rectification/rating`).set(r.auth).send({ rating: 'satisfied' })).body.code).toBe('INVALID_STATE');
    expect((await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/revisit`).set(reviewer.auth).send({ method: 'phone', result: '已联系' })).body.code).toBe('INVALID_STATE');

    const shortNote = await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/handle`).set(reviewer.auth).send({ outcome: 'fixed', note: '好' });
    expect(shortNote.body.details.fields).toEqual({ outcome: '请选择处理结果：已整改或已解释说明', note: '请写明整改或解释情况（至少 4 个字）' });
    const handled = await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/handle`).set(reviewer.auth).send({ outcome: 'rectified', note: '已督促经办人当日答复，并开通办理进度短信提醒' });
    expect(handled.status).toBe(200);
    expect(handled.body).toMatchObject({ status: 'handled', handlings: [{ outcome: 'rectified', outcomeName: '已整改', staffName: '测试工作人员' }] });

    clock.set(new Date('2026-09-29T15:03:00+08:00'));
    const caller = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    const revisited = await http()
      .post(`/api/v1/staff/evaluation-tasks/${taskId}/revisit`)
      .set(caller.auth)
      .send({ method: 'phone', result: '已电话告知整改情况，申请人认为仍未解决', residentSatisfied: false, at: '2026-09-29T14:30:00+08:00' });
    expect(revisited.body).toMatchObject({
      status: 'revisited',
      statusName: '已回访',
      overdue: false,
      light: null,
      revisits: [{ at: '2026-09-29T14:30:00.000+08:00', staffName: '测试工作人员', method: 'phone', methodName: '电话回访', result: '已电话告知整改情况，申请人认为仍未解决', residentSatisfied: false }],
    });

    // The resident appeals after the holiday: the unit gets a fresh deadline, once.
    clock.set(new Date('2026-10-09T09:07:00+08:00'));
    await relogin(r);
    const noReason = await http().post(`/api/v1/evaluations/${evaluationId}/rectification/appeals`).set(r.auth).send({ reason: '不' });
    expect(noReason.body.details.fields).toEqual({ reason: '请写明申诉理由（至少 4 个字）' });
    const stranger = await givenResident(t, { verified: true });
    expect((await http().post(`/api/v1/evaluations/${evaluationId}/rectification/appeals`).set(stranger.auth).send({ reason: '我也不满意这个' })).status).toBe(404);
    const appealed = await http().post(`/api/v1/evaluations/${evaluationId}/rectification/appeals`).set(r.auth).send({ reason: '只是口头答复，进度仍然查不到' });
    expect(appealed.status).toBe(201);
    // 15 working days from Fri 10-09: 10-10 (调休) … 10-29.
    expect(appealed.body).toMatchObject({ status: 'appealed', dueDate: '2026-10-29', appeals: [{ reason: '只是口头答复，进度仍然查不到' }] });
    const twice = await http().post(`/api/v1/evaluations/${evaluationId}/rectification/appeals`).set(r.auth).send({ reason: '还是不满意，再申诉' });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_STATE']);

    const again = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    expect((await http().get('/api/v1/staff/evaluation-tasks?status=appealed').set(again.auth)).body.items.map((x: { id: string }) => x.id)).toEqual([taskId]);
    await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/handle`).set(again.auth).send({ outcome: 'rectified', note: '已补发办理进度，并向申请人当面致歉' });
    await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/revisit`).set(again.auth).send({ method: 'in_person', result: '申请人表示满意', residentSatisfied: true });

    const rated = await http().post(`/api/v1/evaluations/${evaluationId}/rectification/rating`).set(r.auth).send({ rating: 'satisfied', comment: '这次解决了' });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ status: 'closed', closedReason: 'rated', rating: { rating: 'satisfied', ratingName: '满意', comment: '这次解决了' } });
    expect(rated.body.handlings).toHaveLength(2);
    expect(rated.body.revisits).toHaveLength(2);
    const ratedAgain = await http().post(`/api/v1/evaluations/${evaluationId}/rectification/rating`).set(r.auth).send({ rating: 'dissatisfied' });
    expect([ratedAgain.status, ratedAgain.body.code]).toEqual([409, 'ALREADY_EVALUATED']);
    const mine = await http().get(`/api/v1/evaluations?targetType=application&targetId=${id}`).set(r.auth);
    expect(mine.body.items[0].rectification).toMatchObject({ status: 'closed', statusName: '已办结' });

    expect((await auditOf(taskId)).map((a) => [a.action, a.actor_type])).toEqual([
      ['evaluation.task_opened', 'system'],
      ['evaluation.task_handled', 'staff'],
      ['evaluation.task_revisited', 'staff'],
      ['evaluation.task_appealed', 'resident'],
      ['evaluation.task_handled', 'staff'],
      ['evaluation.task_revisited', 'staff'],
      ['evaluation.task_rated', 'resident'],
    ]);
  });

  it('marks a task overdue (red) once its deadline passes unhandled', async () => {
    const { id, r, departmentCode } = await completedCase();
    const bad = await rate(r, { targetType: 'application', targetId: id, level: 2, tags: ['指引不清'] });
    const taskId: string = bad.body.rectification.id;

    clock.set(new Date('2026-10-21T10:11:00+08:00'));
    const near = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    expect((await http().get('/api/v1/staff/evaluation-tasks').set(near.auth)).body.items[0]).toMatchObject({ id: taskId, dueDate: '2026-10-23', workingDaysLeft: 2, light: 'yellow', overdue: false });

    clock.set(new Date('2026-10-26T10:13:00+08:00'));
    const late = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    const overdue = await http().get('/api/v1/staff/evaluation-tasks?overdue=true').set(late.auth);
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toEqual([taskId]);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, light: 'red', workingDaysLeft: -1 });
    expect((await http().get('/api/v1/staff/evaluation-tasks?overdue=false').set(late.auth)).body.items).toEqual([]);
    const badQuery = await http().get('/api/v1/staff/evaluation-tasks?overdue=maybe&status=lost').set(late.auth);
    expect(badQuery.body.details.fields).toEqual({ overdue: '应为 true 或 false', status: '状态不正确' });

    // Handled and revisited late, it is no longer owed: not overdue any more.
    await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/handle`).set(late.auth).send({ outcome: 'explained', note: '指南已写明需本人到场，已向申请人解释' });
    const done = await http().post(`/api/v1/staff/evaluation-tasks/${taskId}/revisit`).set(late.auth).send({ method: 'sms', result: '已短信告知' });
    expect(done.body).toMatchObject({ status: 'revisited', overdue: false, light: null, workingDaysLeft: null });
  });

  it('rates an appointment visit once it was served, and a 差评 goes to that hall', async () => {
    const { file, tag } = givenCatalogue();
    expect((await http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
    const hallId = `T-${tag}-HALL`;
    const hallAdmin = await givenStaff(t, ['hall_admin'], { hallId });
    const opened = await http()
      .post(`/api/v1/staff/halls/${hallId}/schedules`)
      .set(hallAdmin.auth)
      .send({ from: '2026-09-28', to: '2026-10-12', category: 'social_security', slotMinutes: 60, capacity: 2, hours: [{ start: '09:00', end: '12:00' }] });
    expect(opened.status).toBe(201);
    const slot = (await http().get(`/api/v1/halls/${hallId}/slots?date=2026-09-29&category=social_security`)).body[1];
    const r = await givenResident(t, { verified: true });
    const booked = await http().post('/api/v1/appointments').set(r.auth).send({ slotId: slot.id });
    expect(booked.status).toBe(201);
    const notYet = await rate(r, { targetType: 'appointment', targetId: booked.body.id, level: 5 });
    expect([notYet.status, notYet.body.code]).toEqual([422, 'NOT_EVALUABLE_YET']);

    clock.set(new Date('2026-09-29T09:47:00+08:00'));
    const ticket = await http().post(`/api/v1/appointments/${booked.body.id}/check-in`).set(r.auth);
    expect(ticket.status).toBe(200);
    const window = await givenStaff(t, ['hall_window'], { hallId });
    const called = await http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    expect(called.body.id).toBe(ticket.body.ticket.id);
    expect((await http().post(`/api/v1/staff/tickets/${called.body.id}/serve`).set(window.auth)).status).toBe(200);

    const wrongDimension = await rate(r, { targetType: 'appointment', targetId: booked.body.id, level: 2, dimensions: { operability: 1 }, tags: ['等候时间长'] });
    expect(wrongDimension.body.details.fields).toEqual({ 'dimensions.operability': '该服务渠道没有这项评价指标' });
    const bad = await rate(r, { targetType: 'appointment', targetId: booked.body.id, level: 2, dimensions: { attitude: 1, efficiency: 2 }, tags: ['等候时间长'] });
    expect(bad.status).toBe(201);
    expect(bad.body).toMatchObject({
      channel: 'hall',
      levelName: '不满意',
      dimensions: [
        { code: 'efficiency', name: '服务效率', score: 2 },
        { code: 'attitude', name: '服务态度', score: 1 },
      ],
      rectification: { status: 'open', unit: { type: 'hall', id: hallId }, dueDate: '2026-10-26' },
    });
    expect((await http().get('/api/v1/staff/evaluation-tasks').set(window.auth)).body.items.map((x: { id: string }) => x.id)).toEqual([bad.body.rectification.id]);
    expect((await rate(r, { targetType: 'appointment', targetId: booked.body.id, level: 5 })).body.code).toBe('ALREADY_EVALUATED');
  });
});

describe('the 7-day default (Guangdong)', () => {
  it('counts a case nobody rated within 7 natural days of completion as 基本满意, once', async () => {
    const { id, r } = await completedCase();
    const rated = await completedCase(r);
    await rate(r, { targetType: 'application', targetId: rated.id, level: 4 });

    // 10-05 is the 7th natural day after completion: still the resident's to rate.
    clock.set(new Date('2026-10-05T23:00:00+08:00'));
    await evaluations.applyDefaults();
    expect(await t.platform.db.selectFrom('evaluations').select('id').where('target_id', '=', id).executeTakeFirst()).toBeUndefined();

    clock.set(new Date('2026-10-06T01:30:00+08:00'));
    expect(await evaluations.applyDefaults()).toBeGreaterThanOrEqual(1);
    expect(await evaluations.applyDefaults()).toBe(0);
    const rows = await t.platform.db.selectFrom('evaluations').select(['level', 'source', 'resident_id']).where('target_type', '=', 'application').where('target_id', 'in', [id, rated.id]).orderBy('source', 'desc').execute();
    expect(rows).toEqual([
      { level: 4, source: 'resident', resident_id: r.id },
      { level: 3, source: 'default', resident_id: r.id },
    ]);

    await relogin(r);
    const mine = await http().get(`/api/v1/evaluations?targetType=application&targetId=${id}`).set(r.auth);
    expect(mine.body.items).toEqual([expect.objectContaining({ level: 3, levelName: '基本满意', grade: 'neutral', source: 'default', comment: null, rectification: null })]);
    const late = await rate(r, { targetType: 'application', targetId: id, level: 1, comment: '现在才想起来评' });
    expect([late.status, late.body.code]).toEqual([409, 'ALREADY_EVALUATED']);
    expect((await http().get('/api/v1/evaluations/pending').set(r.auth)).body.items).toEqual([]);
    const audit = await auditOf(mine.body.items[0].id);
    expect(audit).toEqual([expect.objectContaining({ action: 'evaluation.defaulted', actor_type: 'system' })]);
  });
});

describe('the 7-day default for visits and consultations', () => {
  it('counts a served visit and an answered consultation nobody rated within 7 natural days as 基本满意', async () => {
    const { departmentCode, itemCode } = await givenItem();
    const { r, hallId, appointmentId, ticketId, window } = await servedVisit();
    const pending = await http().get('/api/v1/evaluations/pending').set(r.auth);
    expect(pending.body.items).toEqual([expect.objectContaining({ targetType: 'appointment', targetId: appointmentId, completedOn: '2026-09-29', rateBy: '2026-10-06' })]);
    expect(pending.body.items[0].subject).toMatch(/^2026-09-29 测试政务服务中心/);
    // 办结 at the window after serving doesn't start a second window.
    expect((await http().post(`/api/v1/staff/tickets/${ticketId}/done`).set(window.auth)).status).toBe(200);
    expect((await t.platform.db.selectFrom('evaluation_pending').select('target_id').where('target_id', '=', appointmentId).execute()).length).toBe(1);

    // Asked and answered on Tuesday; a later answer doesn't move the window.
    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    const consultation = await asked(r, itemCode, '退休后还能领失业金吗？');
    expect((await http().post(`/api/v1/staff/consultations/${consultation}/messages`).set(reviewer.auth).send({ body: '不能，退休后按养老待遇处理。' })).status).toBe(201);
    clock.set(new Date('2026-09-30T10:09:00+08:00'));
    await http().post(`/api/v1/consultations/${consultation}/messages`).set(r.auth).send({ body: '那医保呢？' });
    const again = await givenStaff(t, ['dept_reviewer'], { departmentCode });
    expect((await http().post(`/api/v1/staff/consultations/${consultation}/messages`).set(again.auth).send({ body: '医保另行咨询医保局。' })).status).toBe(201);
    expect(await evaluationRepoPending(consultation)).toMatchObject({ completed_on: '2026-09-29', rate_by: '2026-10-06', unit_type: 'department', unit_id: departmentCode });

    clock.set(new Date('2026-10-06T23:31:00+08:00'));
    await evaluations.applyDefaults();
    expect(await t.platform.db.selectFrom('evaluations').select('id').where('target_id', 'in', [appointmentId, consultation]).execute()).toEqual([]);

    clock.set(new Date('2026-10-07T01:31:00+08:00'));
    expect(await evaluations.applyDefaults()).toBeGreaterThanOrEqual(2);
    const rows = await t.platform.db
      .selectFrom('evaluations')
      .select(['target_type', 'level', 'source', 'channel', 'unit_type', 'unit_id', 'resident_id'])
      .where('target_id', 'in', [appointmentId, consultation])
      .orderBy('target_type')
      .execute();
    expect(rows).toEqual([
      { target_type: 'appointment', level: 3, source: 'default', channel: 'hall', unit_type: 'hall', unit_id: hallId, resident_id: r.id },
      { target_type: 'consultation', level: 3, source: 'default', channel: 'online', unit_type: 'department', unit_id: departmentCode, resident_id: r.id },
    ]);
    await relogin(r);
    expect((await rate(r, { targetType: 'appointment', targetId: appointmentId, level: 5 })).body.code).toBe('ALREADY_EVALUATED');
    expect((await http().get('/api/v1/evaluations/pending').set(r.auth)).body.items).toEqual([]);
  });

  it('takes the resident’s own rating of a served visit within the window instead of the default', async () => {
    const { r, appointmentId } = await servedVisit();
    expect((await rate(r, { targetType: 'appointment', targetId: appointmentId, level: 5, dimensions: { attitude: 5 } })).status).toBe(201);
    expect(await evaluationRepoPending(appointmentId)).toBeUndefined();
    clock.set(new Date('2026-10-07T01:33:00+08:00'));
    await evaluations.applyDefaults();
    const rows = await t.platform.db.selectFrom('evaluations').select(['level', 'source']).where('target_id', '=', appointmentId).execute();
    expect(rows).toEqual([{ level: 5, source: 'resident' }]);
  });
});

describe('excluding a malicious rating', () => {
  it('happens only through a district admin’s recorded review, with a reason, and closes the rectification', async () => {
    const { id, r, reviewer } = await completedCase();
    const bad = await rate(r, { targetType: 'application', targetId: id, level: 1, comment: '就是想打差评' });
    const evaluationId: string = bad.body.id;

    // Not by flipping the flag, not by the unit rated, not without a reason.
    await expect(sql`update evaluations set excluded = true where id = ${evaluationId}`.execute(t.platform.db)).rejects.toThrow(/evaluations_excluded_by_review/);
    expect((await http().post(`/api/v1/staff/evaluations/${evaluationId}/reviews`).set(reviewer.auth).send({ decision: 'exclude', reason: '恶意差评' })).status).toBe(403);
    const noReason = await http().post(`/api/v1/staff/evaluations/${evaluationId}/reviews`).set(admin.auth).send({ decision: 'exclude' });
    expect([noReason.status, noReason.body.details.fields]).toEqual([400, { reason: '请写明复核理由' }]);
    expect((await http().post('/api/v1/staff/evaluations/evl_nope/reviews').set(admin.auth).send({ decision: 'exclude', reason: '不存在的评价' })).status).toBe(404);

    const kept = await http().post(`/api/v1/staff/evaluations/${evaluationId}/reviews`).set(admin.auth).send({ decision: 'keep', reason: '部门申诉理由不足，维持差评' });
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ excluded: false, reviews: [{ decision: 'keep', decisionName: '维持评价', reason: '部门申诉理由不足，维持差评' }], rectification: { status: 'open' } });

    const excluded = await http().post(`/api/v1/staff/evaluations/${evaluationId}/reviews`).set(admin.auth).send({ decision: 'exclude', reason: '核实为同一人多次恶意差评，附录音' });
    expect(excluded.body).toMatchObject({ excluded: true, rectification: { status: 'closed', closedReason: 'excluded' } });
    expect(excluded.body.reviews.map((x: { decision: string }) => x.decision)).toEqual(['keep', 'exclude']);
    expect((await http().post(`/api/v1/staff/evaluations/${evaluationId}/reviews`).set(admin.auth).send({ decision: 'exclude', reason: '再剔除一次' })).body.code).toBe('INVALID_STATE');

    const list = await http().get('/api/v1/staff/evaluations?excluded=true&limit=100').set(admin.auth);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(evaluationId);
    const mine = await http().get(`/api/v1/evaluations?targetType=application&targetId=${id}`).set(r.auth);
    expect(mine.body.items[0]).toMatchObject({ excluded: true });

    const trail = await auditOf(evaluationId);
    expect(trail.map((a) => [a.action, a.actor_type, a.actor_role])).toEqual([
      ['evaluation.created', 'resident', null],
      ['evaluation.review_kept', 'staff', 'district_admin'],
      ['evaluation.excluded', 'staff', 'district_admin'],
    ]);
    expect(trail[2]?.data).toMatchObject({ decision: 'exclude', reason: '核实为同一人多次恶意差评，附录音' });
    expect((await auditOf(bad.body.rectification.id)).map((a) => a.action)).toEqual(['evaluation.task_opened', 'evaluation.task_void']);
  });
});
