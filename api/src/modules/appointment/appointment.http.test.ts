import { FixedClock } from '../../common/clock';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { givenResident, givenStaff, type GivenResident, wechatSim } from '../../../test/support/scenario';
import { AppointmentService } from './appointment.service';

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

/** A hall of its own (with 延时 and 错时 hours) and a hall admin for it. */
async function givenHall() {
  const { file, tag } = givenCatalogue();
  const hall = file.halls?.[0];
  if (hall) hall.extendedHours = { delayed: { start: '17:00', end: '18:30' }, weekend: [{ start: '09:00', end: '12:00' }] };
  expect((await t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file)).status).toBe(200);
  const hallId = `T-${tag}-HALL`;
  const hallAdmin = await givenStaff(t, ['hall_admin'], { hallId });
  return { hallId, tag, hallAdmin, itemCode: `T-${tag}-1` };
}

async function openSlots(hallId: string, auth: object, body: Record<string, unknown> = {}) {
  return t
    .http()
    .post(`/api/v1/staff/halls/${hallId}/schedules`)
    .set(auth)
    .send({ from: '2026-09-28', to: '2026-10-12', category: 'social_security', slotMinutes: 60, capacity: 2, hours: [{ start: '09:00', end: '12:00' }], ...body });
}

async function slotOn(hallId: string, date: string, index = 0): Promise<{ id: string; remaining: number; bookable: boolean; start: string }> {
  const res = await t.http().get(`/api/v1/halls/${hallId}/slots?date=${date}&category=social_security`);
  expect(res.status).toBe(200);
  return res.body[index];
}

const book = (r: GivenResident, slotId: string, itemCode?: string) => t.http().post('/api/v1/appointments').set(r.auth).send({ slotId, itemCode });

describe('calendar', () => {
  it('serves the official calendar with 调休 and adds working days', async () => {
    const days = await t.http().get('/api/v1/calendar?from=2026-09-30&to=2026-10-11');
    expect(days.body[0]).toEqual({ date: '2026-09-30', working: true, kind: 'workday' });
    expect(days.body[1]).toEqual({ date: '2026-10-01', working: false, kind: 'holiday', name: '国庆节' });
    expect(days.body.find((d: { date: string }) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', working: true, kind: 'makeup_workday', name: '国庆节' });
    const add = await t.http().get('/api/v1/calendar/add-working-days?from=2026-09-30&days=1');
    expect(add.body).toEqual({ date: '2026-10-08' });
    const bad = await t.http().get('/api/v1/calendar/add-working-days?from=2026-02-30&days=1');
    expect(bad.status).toBe(400);
  });

  it('lets a district admin record a future notice, audited', async () => {
    const res = await t.http().put('/api/v1/staff/calendar/2026-12-31').set(admin.auth).send({ kind: 'holiday', name: '测试假日' });
    expect(res.body).toMatchObject({ date: '2026-12-31', working: false, kind: 'holiday' });
    const cleared = await t.http().delete('/api/v1/staff/calendar/2026-12-31').set(admin.auth);
    expect(cleared.body).toMatchObject({ working: true, kind: 'workday' });
    const past = await t.http().put('/api/v1/staff/calendar/2026-09-01').set(admin.auth).send({ kind: 'holiday', name: '改历史' });
    expect(past.status).toBe(400);
  });
});

describe('schedules', () => {
  it('opens slots on working days only: holidays skipped, the 调休 Saturday included, 延时 and 错时 when asked', async () => {
    const { hallId, hallAdmin } = await givenHall();
    const res = await openSlots(hallId, hallAdmin.auth, { includeDelayed: true, includeWeekend: true });
    expect(res.status).toBe(201);
    // 7 working days x (3 regular + 1 delayed) + Sunday 10-11 (错时) x 3
    expect(res.body.created).toBe(31);
    expect(res.body.skippedDays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
    expect(res.body.skippedDays).not.toContain('2026-10-10');
    const makeup = await t.http().get(`/api/v1/halls/${hallId}/slots?date=2026-10-10&category=social_security`);
    expect(makeup.body.map((s: { kind: string }) => s.kind)).toEqual(['regular', 'regular', 'regular', 'delayed']);
    const holiday = await t.http().get(`/api/v1/halls/${hallId}/slots?date=2026-10-02&category=social_security`);
    expect(holiday.body).toEqual([]);
    expect((await openSlots(hallId, hallAdmin.auth)).body.created).toBe(0);
  });

  it('shows holidays as closed in the date picker', async () => {
    const { hallId, hallAdmin } = await givenHall();
    await openSlots(hallId, hallAdmin.auth);
    const res = await t.http().get(`/api/v1/halls/${hallId}/dates?category=social_security&from=2026-09-29&days=10`);
    const byDate = Object.fromEntries(res.body.items.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-09-29']).toMatchObject({ working: true, remaining: 6, bookable: true });
    expect(byDate['2026-10-02']).toMatchObject({ kind: 'holiday', bookable: false });
  });

  it('is for the hall admin of that hall or a district admin only', async () => {
    const { hallId } = await givenHall();
    const window = await givenStaff(t, ['hall_window'], { hallId });
    expect((await openSlots(hallId, window.auth)).status).toBe(403);
    const other = await givenStaff(t, ['hall_admin'], { hallId: 'HZ-OTHER' });
    expect((await openSlots(hallId, other.auth)).status).toBe(404);
    const bad = await openSlots(hallId, admin.auth, { slotMinutes: 1 });
    expect(bad.body.details.fields).toHaveProperty('slotMinutes');
  });
});

describe('booking', () => {
  it('books a slot, shows the code, and gives the place back on cancel', async () => {
    const { hallId, hallAdmin, itemCode } = await givenHall();
    await openSlots(hallId, hallAdmin.auth);
    const r = await givenResident(t);
    const slot = await slotOn(hallId, '2026-09-29');
    const res = await book(r, slot.id, itemCode);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'booked', code: expect.stringMatching(/^[A-Z2-9]{8}$/), slot: { id: slot.id, date: '2026-09-29' }, itemCode });
    expect((await slotOn(hallId, '2026-09-29')).remaining).toBe(1);

    const mine = await t.http().get('/api/v1/appointments').set(r.auth);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([res.body.id]);
    const cancelled = await t.http().post(`/api/v1/appointments/${res.body.id}/cancel`).set(r.auth);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await slotOn(hallId, '2026-09-29')).remaining).toBe(2);
    expect((await t.http().post(`/api/v1/appointments/${res.body.id}/cancel`).set(r.auth)).body.code).toBe('INVALID_STATE');
  });

  it('answers SLOT_FULL, ALREADY_BOOKED and SLOT_NOT_BOOKABLE', async () => {
    const { hallId, hallAdmin, itemCode } = await givenHall();
    await openSlots(hallId, hallAdmin.auth);
    const slot = await slotOn(hallId, '2026-09-30');
    const [a, b, c] = await Promise.all([givenResident(t), givenResident(t), givenResident(t)]);
    expect((await book(a, slot.id, itemCode)).status).toBe(201);
    expect((await book(b, slot.id, itemCode)).status).toBe(201);
    const full = await book(c as GivenResident, slot.id, itemCode);
    expect([full.status, full.body.code]).toEqual([409, 'SLOT_FULL']);

    const later = await slotOn(hallId, '2026-09-30', 1);
    const twice = await book(a as GivenResident, later.id, itemCode);
    expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_BOOKED']);

    const today = await slotOn(hallId, '2026-09-28');
    expect(today.bookable).toBe(false);
    const same = await book(c as GivenResident, today.id);
    expect([same.status, same.body.code]).toEqual([422, 'SLOT_NOT_BOOKABLE']);
  });

  it('refuses to cancel within the cut-off before the slot', async () => {
    const { hallId, hallAdmin } = await givenHall();
    await openSlots(hallId, hallAdmin.auth);
    const r = await givenResident(t);
    const slot = await slotOn(hallId, '2026-09-29');
    const booked = await book(r, slot.id);
    clock.set(new Date('2026-09-29T08:30:00+08:00'));
    const res = await t.http().post(`/api/v1/appointments/${booked.body.id}/cancel`).set(r.auth);
    expect([res.status, res.body.code]).toEqual([422, 'TOO_LATE_TO_CANCEL']);
  });

  it('never overbooks under a concurrent rush', async () => {
    const { hallId, hallAdmin } = await givenHall();
    await openSlots(hallId, hallAdmin.auth, { capacity: 3 });
    const slot = await slotOn(hallId, '2026-10-08');
    const residents = await Promise.all(Array.from({ length: 24 }, () => givenResident(t)));
    const results = await Promise.all(residents.map((r) => book(r, slot.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'SLOT_FULL')).toHaveLength(21);
    const row = await t.platform.db.selectFrom('slots').select(['booked', 'capacity']).where('id', '=', slot.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ booked: 3, capacity: 3 });
    const count = await t.platform.db.selectFrom('appointments').select((eb) => eb.fn.countAll<number>().as('n')).where('slot_id', '=', slot.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('restricts booking after 3 no-shows and tells the resident until when', async () => {
    const { hallId, hallAdmin } = await givenHall();
    await openSlots(hallId, hallAdmin.auth, { capacity: 5 });
    const r = await givenResident(t);
    const service = await t.app.getApplicationContext().getAsync(AppointmentService);
    for (const date of ['2026-09-29', '2026-09-30', '2026-10-08']) {
      clock.set(new Date('2026-09-28T10:00:00+08:00'));
      expect((await book(r, (await slotOn(hallId, date)).id)).status).toBe(201);
    }
    clock.set(new Date('2026-10-08T19:00:00+08:00'));
    expect(await service.markNoShows()).toBeGreaterThanOrEqual(3);
    // The first session has expired by now (the clock moved ten days): log in again.
    const { code } = await wechatSim(t, 'login-codes', { openid: r.openid });
    const login = await t.http().post('/api/v1/auth/wechat-login').send({ code });
    r.auth = { Authorization: `Bearer ${login.body.token}` };
    const record = await t.http().get('/api/v1/appointments/restriction').set(r.auth);
    expect(record.body).toMatchObject({ restricted: true, until: '2026-11-07', limit: 3 });
    expect(record.body.noShows).toHaveLength(3);
    const again = await book(r, (await slotOn(hallId, '2026-10-12')).id);
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ code: 'BOOKING_RESTRICTED', message: expect.stringContaining('2026年11月7日') });
  });
});

describe('check-in and the queue', () => {
  it('checks in within the slot and gets a ticket called before earlier walk-ins', async () => {
    const { hallId, hallAdmin } = await givenHall();
    await openSlots(hallId, hallAdmin.auth);
    const r = await givenResident(t, { verified: true });
    const booked = await book(r, (await slotOn(hallId, '2026-09-29', 1)).id); // 10:00-11:00

    clock.set(new Date('2026-09-29T09:00:00+08:00'));
    const early = await t.http().post(`/api/v1/appointments/${booked.body.id}/check-in`).set(r.auth);
    expect([early.status, early.body.code]).toEqual([422, 'CHECK_IN_NOT_OPEN']);

    const reception = await givenStaff(t, ['hall_reception'], { hallId });
    const walkIn = await t.http().post(`/api/v1/staff/halls/${hallId}/tickets`).set(reception.auth).send({ category: 'social_security' });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body).toMatchObject({ number: 'A001', source: 'walk_in', ahead: 0 });

    clock.set(new Date('2026-09-29T09:45:00+08:00'));
    const checkIn = await t.http().post(`/api/v1/appointments/${booked.body.id}/check-in`).set(r.auth);
    expect(checkIn.status).toBe(200);
    expect(checkIn.body.ticket).toMatchObject({ number: 'A002', source: 'appointment', ahead: 0 });

    const window = await givenStaff(t, ['hall_window'], { hallId });
    const called = await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ number: 'A002', status: 'called', window: 'A01', residentName: expect.stringMatching(/\*$/) });
    const mine = await t.http().get(`/api/v1/queue/tickets/${checkIn.body.ticket.id}`).set(r.auth);
    expect(mine.body).toMatchObject({ status: 'called', window: 'A01', windowName: '综合受理1号' });
  });

  it('takes remote numbers with live position and a predicted wait, and calls them in order', async () => {
    const { hallId } = await givenHall();
    clock.set(new Date('2026-09-29T14:00:00+08:00'));
    const [a, b] = await Promise.all([givenResident(t), givenResident(t)]);
    const ta = await t.http().post('/api/v1/queue/tickets').set(a.auth).send({ hallId, category: 'social_security' });
    const tb = await t.http().post('/api/v1/queue/tickets').set(b.auth).send({ hallId, category: 'social_security' });
    expect(ta.status).toBe(201);
    expect(tb.body).toMatchObject({ ahead: 1, etaMinutes: 16 }); // (1 + 1) x 8 min by default, one window
    const dup = await t.http().post('/api/v1/queue/tickets').set(a.auth).send({ hallId, category: 'social_security' });
    expect(dup.body).toMatchObject({ code: 'ALREADY_QUEUED', details: { ticketId: ta.body.id } });
    const mine = await t.http().get('/api/v1/queue/tickets').set(a.auth);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([ta.body.id]);
    expect((await t.http().get(`/api/v1/queue/tickets/${ta.body.id}`).set(b.auth)).status).toBe(404);

    const window = await givenStaff(t, ['hall_window'], { hallId });
    const first = await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    expect(first.body.id).toBe(ta.body.id);
    expect((await t.http().get(`/api/v1/queue/tickets/${tb.body.id}`).set(b.auth)).body.ahead).toBe(0);

    // Measured service time replaces the default: 4 minutes from serve to done.
    await t.http().post(`/api/v1/staff/tickets/${ta.body.id}/serve`).set(window.auth);
    clock.advance(4 * 60_000);
    const done = await t.http().post(`/api/v1/staff/tickets/${ta.body.id}/done`).set(window.auth);
    expect(done.body.status).toBe('done');
    expect((await t.http().get(`/api/v1/queue/tickets/${tb.body.id}`).set(b.auth)).body.etaMinutes).toBe(4);

    const display = await t.http().get(`/api/v1/halls/${hallId}/queue/display`);
    expect(display.body.waiting).toEqual([{ category: 'social_security', categoryName: '社保业务', count: 1 }]);
    expect(JSON.stringify(display.body)).not.toMatch(/\*/);
  });

  it('puts a skipped ticket back once, then skips it for good; times out unanswered calls', async () => {
    const { hallId } = await givenHall();
    clock.set(new Date('2026-09-29T10:00:00+08:00'));
    const r = await givenResident(t);
    const ticket = await t.http().post('/api/v1/queue/tickets').set(r.auth).send({ hallId, category: 'social_security' });
    const window = await givenStaff(t, ['hall_window'], { hallId });
    await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    const recall = await t.http().post(`/api/v1/staff/tickets/${ticket.body.id}/recall`).set(window.auth);
    expect(recall.body.status).toBe('called');
    const skip1 = await t.http().post(`/api/v1/staff/tickets/${ticket.body.id}/skip`).set(window.auth);
    expect(skip1.body.status).toBe('waiting');
    await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    clock.advance(10 * 60_000);
    const service = await t.app.getApplicationContext().getAsync((await import('./queue.service')).QueueService);
    expect(await service.timeOutCalls()).toBeGreaterThanOrEqual(1);
    expect((await t.http().get(`/api/v1/queue/tickets/${ticket.body.id}`).set(r.auth)).body.status).toBe('skipped');
    const none = await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    expect(none.status).toBe(204);
    const wrong = await t.http().post(`/api/v1/staff/tickets/${ticket.body.id}/done`).set(window.auth);
    expect([wrong.status, wrong.body.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('raises a queue.ticket_near event once when a ticket is 3 places from the front', async () => {
    const { hallId } = await givenHall();
    clock.set(new Date('2026-09-29T10:00:00+08:00'));
    const residents = await Promise.all(Array.from({ length: 6 }, () => givenResident(t)));
    const tickets = [];
    for (const r of residents) tickets.push((await t.http().post('/api/v1/queue/tickets').set(r.auth).send({ hallId, category: 'social_security' })).body);
    const events = async (id: string) => t.platform.db.selectFrom('appointment_events').select('type').where('subject_id', '=', id).where('type', '=', 'queue.ticket_near').execute();
    expect(await events(tickets[3].id)).toHaveLength(1); // ahead 3 when taken
    expect(await events(tickets[4].id)).toHaveLength(0);
    const window = await givenStaff(t, ['hall_window'], { hallId });
    await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    expect(await events(tickets[4].id)).toHaveLength(1);
    await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(window.auth).send({});
    expect(await events(tickets[4].id)).toHaveLength(1);
  });

  it('keeps staff to their own hall and closes outside hours', async () => {
    const { hallId } = await givenHall();
    const other = await givenStaff(t, ['hall_window'], { hallId: 'HZ-OTHER' });
    expect((await t.http().post(`/api/v1/staff/windows/${hallId}.A01/call-next`).set(other.auth).send({})).status).toBe(404);
    const r = await givenResident(t);
    clock.set(new Date('2026-10-02T10:00:00+08:00'));
    const holiday = await t.http().post('/api/v1/queue/tickets').set(r.auth).send({ hallId, category: 'social_security' });
    expect([holiday.status, holiday.body.code]).toEqual([422, 'QUEUE_CLOSED']);
    clock.set(new Date('2026-09-29T20:00:00+08:00'));
    expect((await t.http().post('/api/v1/queue/tickets').set(r.auth).send({ hallId, category: 'social_security' })).body.code).toBe('QUEUE_CLOSED');
    expect((await t.http().post('/api/v1/queue/tickets').set(r.auth).send({ hallId, category: 'household' })).body.code).toBe('CATEGORY_NOT_SERVED');
  });
});
