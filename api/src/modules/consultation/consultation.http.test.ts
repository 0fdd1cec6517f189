import { FixedClock } from '../../common/clock';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { givenResident, givenStaff, type GivenResident, wechatSim } from '../../../test/support/scenario';
import { type AnsweredConsultation, ConsultationService } from '.';

type Auth = { auth: { Authorization: string } };

// The Monday before the National Day holiday (10-01 … 10-07 off, Saturday 10-10 worked). Odd minutes:
// staff logins are rate-limited per clock minute, and other suites freeze their clocks on the hour.
const START = new Date('2026-09-28T09:17:00+08:00');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400, 32)]);

let t: TestApp;
let clock: FixedClock;
let admin: Auth;
/** What the afterAnswered listener saw, from inside the answering transaction and from outside it. */
const heard: { c: AnsweredConsultation; inside: string | undefined; outside: string | undefined }[] = [];
let failListener = false;

beforeAll(async () => {
  t = await createTestApp();
  clock = new FixedClock(START);
  t.platform.clock = clock;
  admin = await givenStaff(t, ['district_admin']);
  const consultations = await t.app.getApplicationContext().getAsync(ConsultationService);
  consultations.afterAnswered(async (tx, c) => {
    const inside = await tx.selectFrom('consultations').select('status').where('id', '=', c.id).executeTakeFirst();
    const outside = await t.platform.db.selectFrom('consultations').select('status').where('id', '=', c.id).executeTakeFirst();
    heard.push({ c, inside: inside?.status, outside: outside?.status });
    if (failListener) throw new Error('listener refused');
  });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  clock.set(START);
  failListener = false;
});

const http = () => t.http();

/** A catalogue of its own: a department with one item served at one hall, and their staff. */
async function givenUnit() {
  const { file, tag } = givenCatalogue();
  file.bundles = [];
  expect((await http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const departmentCode = `T-${tag}-RS`;
  const hallId = `T-${tag}-HALL`;
  return {
    tag,
    itemCode: `T-${tag}-1`,
    itemName: `测试生育津贴申领${tag}`,
    departmentCode,
    departmentName: `测试人社局${tag}`,
    hallId,
    hallName: `测试政务服务中心${tag}`,
    reviewer: await givenStaff(t, ['dept_reviewer'], { departmentCode }),
    window: await givenStaff(t, ['hall_window'], { hallId }),
  };
}

async function upload(r: GivenResident, name = 'question.pdf'): Promise<string> {
  const res = await http().post('/api/v1/files').set(r.auth).attach('file', PDF, { filename: name, contentType: 'application/pdf' });
  expect(res.status).toBe(201);
  return res.body.id;
}

const ask = (r: GivenResident, body: Record<string, unknown>) => http().post('/api/v1/consultations').set(r.auth).send(body);
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((x) => x.id);
const trail = (id: string) =>
  t.platform.db.selectFrom('audit_records').select(['action', 'actor_type', 'data']).where('subject_id', '=', id).where('action', 'like', 'consultation.%').orderBy('seq').execute();

/** Sessions expire as the clock moves on: the same WeChat user logs in again. */
async function relogin(r: GivenResident): Promise<void> {
  const { code } = await wechatSim(t, 'login-codes', { openid: r.openid });
  const res = await http().post('/api/v1/auth/wechat-login').send({ code });
  expect(res.body.resident.id).toBe(r.id);
  r.auth = { Authorization: `Bearer ${res.body.token}` };
}

describe('asking', () => {
  it('routes an item question to the item’s department, seen only by that unit and the resident who asked', async () => {
    const unit = await givenUnit();
    const other = await givenUnit();
    const r = await givenResident(t, { verified: true, name: '李四' });
    // ASCII: the upload keeps a multipart filename's bytes as latin1 (material context).
    const fileId = await upload(r, 'social-card.pdf');

    const created = await ask(r, { topic: { type: 'item', itemCode: unit.itemCode }, subject: '生育津贴能否代领', body: '我爱人在外地，能否由我代领生育津贴？', attachmentIds: [fileId] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'awaiting_answer',
      statusName: '待答复',
      topic: { type: 'item', id: unit.itemCode, name: unit.itemName },
      subject: '生育津贴能否代领',
      unit: { type: 'department', id: unit.departmentCode, name: unit.departmentName },
      // Asked on Monday: due by the end of Tuesday.
      dueAt: '2026-09-29T23:59:59.999+08:00',
      overdue: false,
      answeredAt: null,
      messages: [{ author: 'resident', authorName: null, body: '我爱人在外地，能否由我代领生育津贴？', attachments: [{ id: fileId, name: 'social-card.pdf', mime: 'application/pdf', size: PDF.length }] }],
    });
    const id: string = created.body.id;
    expect(id).toMatch(/^csl_/);

    // The resident's own words are encrypted at rest.
    const row = await t.platform.db.selectFrom('consultations').select('subject_enc').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.subject_enc).not.toContain('生育');
    const msg = await t.platform.db.selectFrom('consultation_messages').select('body_enc').where('consultation_id', '=', id).executeTakeFirstOrThrow();
    expect(msg.body_enc).not.toContain('代领');

    // The department's inbox has it, the resident masked; the other department, the hall and other residents don't.
    const inbox = await http().get('/api/v1/staff/consultations').set(unit.reviewer.auth);
    expect(ids(inbox)).toEqual([id]);
    expect(inbox.body.items[0]).toMatchObject({ status: 'awaiting_answer', overdue: false, resident: { name: '李*' } });
    expect(ids(await http().get('/api/v1/staff/consultations').set(other.reviewer.auth))).toEqual([]);
    expect(ids(await http().get('/api/v1/staff/consultations').set(unit.window.auth))).toEqual([]);
    expect((await http().get(`/api/v1/staff/consultations/${id}`).set(other.reviewer.auth)).status).toBe(404);
    expect((await http().post(`/api/v1/staff/consultations/${id}/messages`).set(other.reviewer.auth).send({ body: '不是我们部门的' })).status).toBe(404);
    expect((await http().get(`/api/v1/staff/consultations/${id}/attachments/${fileId}/content`).set(other.reviewer.auth)).status).toBe(404);
    expect(ids(await http().get('/api/v1/staff/consultations?limit=100').set(admin.auth))).toContain(id);
    const auditor = await givenStaff(t, ['auditor']);
    expect((await http().get('/api/v1/staff/consultations').set(auditor.auth)).status).toBe(403);

    const stranger = await givenResident(t);
    expect((await http().get(`/api/v1/consultations/${id}`).set(stranger.auth)).status).toBe(404);
    expect((await http().post(`/api/v1/consultations/${id}/messages`).set(stranger.auth).send({ body: '我也想问这个' })).status).toBe(404);
    expect((await http().post(`/api/v1/consultations/${id}/close`).set(stranger.auth)).status).toBe(404);
    expect((await http().get('/api/v1/consultations').set(stranger.auth)).body.items).toEqual([]);
    expect(ids(await http().get('/api/v1/consultations').set(r.auth))).toEqual([id]);

    // Opening the thread shows who asked, in full: audited, and the resident sees it in their log.
    const page = await http().get(`/api/v1/staff/consultations/${id}`).set(unit.reviewer.auth);
    expect(page.body.resident.name).toBe('李四');
    const log = await http().get('/api/v1/me/data-access-log').set(r.auth);
    expect(log.body.items[0].purpose).toBe(`在线咨询答复（${unit.itemName}）`);
    const file = await http().get(`/api/v1/staff/consultations/${id}/attachments/${fileId}/content`).set(unit.reviewer.auth).buffer(true);
    expect([file.status, file.headers['content-type'], Buffer.compare(file.body as Buffer, PDF)]).toEqual([200, 'application/pdf', 0]);
    const notAttached = await upload(r);
    expect((await http().get(`/api/v1/staff/consultations/${id}/attachments/${notAttached}/content`).set(unit.reviewer.auth)).status).toBe(404);

    expect((await trail(id)).map((a) => [a.action, a.actor_type])).toEqual([['consultation.created', 'resident']]);
  });

  it('routes a question about one’s own case to the case’s department and one about a hall to that hall', async () => {
    const unit = await givenUnit();
    const r = await givenResident(t, { verified: true });
    const app = await http().post('/api/v1/applications').set(r.auth).send({ itemCode: unit.itemCode });
    expect(app.status).toBe(201);

    const stranger = await givenResident(t, { verified: true });
    const notMine = await ask(stranger, { topic: { type: 'application', applicationId: app.body.id }, body: '帮我看看这个办件' });
    expect(notMine.status).toBe(404);
    expect(await t.platform.db.selectFrom('consultations').select('id').where('resident_id', '=', stranger.id).execute()).toEqual([]);

    const aboutCase = await ask(r, { topic: { type: 'application', applicationId: app.body.id }, body: '银行卡可以容缺吗？' });
    expect(aboutCase.status).toBe(201);
    expect(aboutCase.body).toMatchObject({ topic: { type: 'application', id: app.body.id }, unit: { type: 'department', id: unit.departmentCode } });
    expect(aboutCase.body.topic.name).toBe(`${app.body.applicationNo} ${unit.itemName}`);
    // Without a title of its own the thread is called after its topic.
    expect(aboutCase.body.subject).toBe(aboutCase.body.topic.name);

    const aboutHall = await ask(r, { topic: { type: 'hall', hallId: unit.hallId }, subject: '停车', body: '大厅附近可以停车吗？' });
    expect(aboutHall.body).toMatchObject({ topic: { type: 'hall', id: unit.hallId, name: unit.hallName }, unit: { type: 'hall', id: unit.hallId, name: unit.hallName } });

    expect(ids(await http().get('/api/v1/staff/consultations').set(unit.reviewer.auth))).toEqual([aboutCase.body.id]);
    expect(ids(await http().get('/api/v1/staff/consultations').set(unit.window.auth))).toEqual([aboutHall.body.id]);

    const mine = await http().get('/api/v1/consultations?limit=1').set(r.auth);
    expect([ids(mine), typeof mine.body.nextCursor]).toEqual([[aboutHall.body.id], 'string']);
    const next = await http().get(`/api/v1/consultations?limit=1&cursor=${mine.body.nextCursor}`).set(r.auth);
    expect([ids(next), next.body.nextCursor]).toEqual([[aboutCase.body.id], null]);

    expect((await ask(r, { topic: { type: 'item', itemCode: 'T-NOPE' }, body: '这个事项怎么办？' })).status).toBe(404);
    expect((await ask(r, { topic: { type: 'hall', hallId: 'T-NOPE-HALL' }, body: '大厅在哪里？' })).status).toBe(404);
  });

  it('takes only the caller’s own uploads as attachments, and writes nothing otherwise', async () => {
    const unit = await givenUnit();
    const r = await givenResident(t);
    const other = await givenResident(t);
    const mine = await upload(r);
    const theirs = await upload(other);

    const refused = await ask(r, { topic: { type: 'item', itemCode: unit.itemCode }, body: '请看附件', attachmentIds: [mine, theirs, 'fil_nope'] });
    expect([refused.status, refused.body.code]).toEqual([422, 'ATTACHMENT_NOT_USABLE']);
    expect(refused.body.details.fields).toEqual({ 'attachmentIds.1': '附件不存在，或不是您本人上传的文件', 'attachmentIds.2': '附件不存在，或不是您本人上传的文件' });
    expect(await t.platform.db.selectFrom('consultations').select('id').where('resident_id', '=', r.id).execute()).toEqual([]);

    const created = await ask(r, { topic: { type: 'item', itemCode: unit.itemCode }, body: '请看附件', attachmentIds: [mine, mine] });
    expect(created.body.messages[0].attachments.map((a: { id: string }) => a.id)).toEqual([mine]);
    const followUp = await http().post(`/api/v1/consultations/${created.body.id}/messages`).set(r.auth).send({ body: '再补一份', attachmentIds: [theirs] });
    expect([followUp.status, followUp.body.code]).toEqual([422, 'ATTACHMENT_NOT_USABLE']);
    expect((await http().get(`/api/v1/consultations/${created.body.id}`).set(r.auth)).body.messages).toHaveLength(1);

    // Staff answer in words: there is no staff upload to attach.
    const staffFile = await http().post(`/api/v1/staff/consultations/${created.body.id}/messages`).set(unit.reviewer.auth).send({ body: '请参考附件', attachmentIds: [mine] });
    expect([staffFile.status, staffFile.body.details.fields]).toEqual([400, { attachmentIds: '工作人员答复暂不支持附件，请在答复中写明' }]);

    const invalid = await ask(r, { topic: { type: 'letter' }, body: '好', attachmentIds: ['1', '2', '3', '4', '5', '6'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.fields).toMatchObject({ body: '请填写内容（至少 2 个字）', attachmentIds: '每条消息最多 5 个附件' });
    expect(Object.values(invalid.body.details.fields)).toContain('请选择咨询的事项、办件或大厅');
  });
});

describe('answering', () => {
  it('answers inside one transaction with the afterAnswered listeners; a follow-up waits again; the resident closes it', async () => {
    const unit = await givenUnit();
    const r = await givenResident(t, { verified: true });
    const created = await ask(r, { topic: { type: 'item', itemCode: unit.itemCode }, subject: '材料问题', body: '身份证复印件要几份？' });
    const id: string = created.body.id;

    clock.set(new Date('2026-09-28T14:21:00+08:00'));
    const answered = await http().post(`/api/v1/staff/consultations/${id}/messages`).set(unit.reviewer.auth).send({ body: '提供电子证照即可，无需复印件。' });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({
      status: 'answered',
      statusName: '已答复',
      dueAt: null,
      overdue: false,
      answeredAt: '2026-09-28T14:21:00.000+08:00',
      resident: { name: '张*' },
      messages: [{ author: 'resident' }, { author: 'staff', authorName: '测试工作人员', body: '提供电子证照即可，无需复印件。', attachments: [] }],
    });
    // The listener ran inside the answering transaction: it saw the answer, nobody else had yet.
    const mineHeard = heard.filter((h) => h.c.id === id);
    expect(mineHeard).toEqual([
      {
        c: { id, residentId: r.id, subject: '材料问题', answeredAt: new Date('2026-09-28T14:21:00+08:00'), firstAnswer: true, topicName: unit.itemName, unit: { type: 'department', id: unit.departmentCode }, itemCode: unit.itemCode },
        inside: 'answered',
        outside: 'awaiting_answer',
      },
    ]);

    // A listener that fails takes the answer with it: nothing half-written.
    failListener = true;
    const failed = await http().post(`/api/v1/staff/consultations/${id}/messages`).set(unit.reviewer.auth).send({ body: '补充说明一下' });
    expect(failed.status).toBe(500);
    failListener = false;
    const after = await http().get(`/api/v1/consultations/${id}`).set(r.auth);
    expect([after.body.messages.length, after.body.answeredAt]).toEqual([2, '2026-09-28T14:21:00.000+08:00']);

    // 追问 on Tuesday: due by the end of the next working day, Wednesday; a second one doesn't move it.
    clock.set(new Date('2026-09-29T10:03:00+08:00'));
    const again = await http().post(`/api/v1/consultations/${id}/messages`).set(r.auth).send({ body: '户口本也需要吗？' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ status: 'awaiting_answer', dueAt: '2026-09-30T23:59:59.999+08:00', overdue: false });
    clock.set(new Date('2026-09-30T11:05:00+08:00'));
    const third = await http().post(`/api/v1/consultations/${id}/messages`).set(r.auth).send({ body: '麻烦尽快回复' });
    expect(third.body).toMatchObject({ status: 'awaiting_answer', dueAt: '2026-09-30T23:59:59.999+08:00' });

    const reviewer = await givenStaff(t, ['dept_reviewer'], { departmentCode: unit.departmentCode });
    const second = await http().post(`/api/v1/staff/consultations/${id}/messages`).set(reviewer.auth).send({ body: '不需要户口本。' });
    expect(second.body.status).toBe('answered');
    // The failed attempt heard it too (a further answer), then rolled back.
    expect(heard.filter((h) => h.c.id === id).map((h) => h.c.firstAnswer)).toEqual([true, false, false]);

    const closed = await http().post(`/api/v1/consultations/${id}/close`).set(r.auth);
    expect(closed.body).toMatchObject({ status: 'closed', statusName: '已解决', closedAt: '2026-09-30T11:05:00.000+08:00', dueAt: null });
    const late = await http().post(`/api/v1/consultations/${id}/messages`).set(r.auth).send({ body: '还有一个问题' });
    expect([late.status, late.body.code, late.body.message]).toEqual([409, 'INVALID_STATE', '该咨询已解决（已关闭），如有新问题请重新提问']);
    expect((await http().post(`/api/v1/staff/consultations/${id}/messages`).set(reviewer.auth).send({ body: '再补充一句' })).status).toBe(409);
    expect((await http().post(`/api/v1/consultations/${id}/close`).set(r.auth)).status).toBe(409);

    expect((await trail(id)).map((a) => [a.action, a.actor_type])).toEqual([
      ['consultation.created', 'resident'],
      ['consultation.answered', 'staff'],
      ['consultation.followed_up', 'resident'],
      ['consultation.followed_up', 'resident'],
      ['consultation.answered', 'staff'],
      ['consultation.closed', 'resident'],
    ]);
  });

  it('marks a question overdue once its working-day target passes, and lists overdue ones first', async () => {
    const unit = await givenUnit();
    const r = await givenResident(t);

    // Asked the day before the holiday: the next working day is Thursday 10-08.
    clock.set(new Date('2026-09-30T10:13:00+08:00'));
    const x = await ask(r, { topic: { type: 'item', itemCode: unit.itemCode }, body: '节后什么时候可以办？' });
    expect(x.body.dueAt).toBe('2026-10-08T23:59:59.999+08:00');

    clock.set(new Date('2026-10-08T22:11:00+08:00'));
    const evening = await givenStaff(t, ['dept_reviewer'], { departmentCode: unit.departmentCode });
    expect((await http().get('/api/v1/staff/consultations').set(evening.auth)).body.items[0]).toMatchObject({ id: x.body.id, overdue: false });

    // Friday 10-09: overdue. Two newer threads: one waiting (due on the 调休 Saturday), one answered.
    clock.set(new Date('2026-10-09T09:15:00+08:00'));
    const staff = await givenStaff(t, ['dept_reviewer'], { departmentCode: unit.departmentCode });
    const r2 = await givenResident(t);
    const z = await ask(r2, { topic: { type: 'item', itemCode: unit.itemCode }, body: '可以线上办吗？' });
    await http().post(`/api/v1/staff/consultations/${z.body.id}/messages`).set(staff.auth).send({ body: '可以，在小程序申办。' });
    const y = await ask(r2, { topic: { type: 'item', itemCode: unit.itemCode }, body: '需要本人到场吗？' });
    expect(y.body.dueAt).toBe('2026-10-10T23:59:59.999+08:00');

    const inbox = await http().get('/api/v1/staff/consultations').set(staff.auth);
    expect(ids(inbox)).toEqual([x.body.id, y.body.id, z.body.id]);
    expect(inbox.body.items.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, false, false]);
    expect(ids(await http().get('/api/v1/staff/consultations?overdue=true').set(staff.auth))).toEqual([x.body.id]);
    expect(ids(await http().get('/api/v1/staff/consultations?overdue=false').set(staff.auth))).toEqual([y.body.id, z.body.id]);
    expect(ids(await http().get('/api/v1/staff/consultations?status=answered').set(staff.auth))).toEqual([z.body.id]);
    const bad = await http().get('/api/v1/staff/consultations?overdue=maybe&status=lost').set(staff.auth);
    expect(bad.body.details.fields).toEqual({ overdue: '应为 true 或 false', status: '状态不正确' });

    // The same order, a page at a time.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await http()
        .get(`/api/v1/staff/consultations?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(staff.auth);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([x.body.id, y.body.id, z.body.id]);

    await relogin(r);
    expect((await http().get(`/api/v1/consultations/${x.body.id}`).set(r.auth)).body).toMatchObject({ status: 'awaiting_answer', overdue: true });
    const answered = await http().post(`/api/v1/staff/consultations/${x.body.id}/messages`).set(staff.auth).send({ body: '节后照常办理。' });
    expect(answered.body).toMatchObject({ status: 'answered', overdue: false, dueAt: null });
    expect((await trail(x.body.id))[1]).toMatchObject({ action: 'consultation.answered', data: { from: 'awaiting_answer', to: 'answered', late: true } });
    expect(ids(await http().get('/api/v1/staff/consultations?overdue=true').set(staff.auth))).toEqual([]);
  });
});
