import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenStaff } from '../../../test/support/scenario';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ STAFF_LOGIN_MAX_FAILURES: '3', STAFF_LOCKOUT_MINUTES: '15' });
});
afterAll(async () => {
  await t.close();
});

describe('staff login', () => {
  it('returns a token and the roles and scope of the account', async () => {
    const s = await givenStaff(t, ['hall_window'], { hallId: 'HZ-DIST' });
    const res = await t.http().post('/api/v1/staff/auth/login').send({ username: s.username, password: s.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token: expect.stringMatching(/^hzs_/), staff: { username: s.username, roles: ['hall_window'], hallId: 'HZ-DIST' } });
    expect(JSON.stringify(res.body)).not.toContain('password');
    const me = await t.http().get('/api/v1/staff/me').set({ Authorization: `Bearer ${res.body.token}` });
    expect(me.body).toMatchObject({ username: s.username, roles: ['hall_window'] });
  });

  it('answers a wrong password and an unknown user alike: 401 BAD_CREDENTIALS', async () => {
    const s = await givenStaff(t, ['auditor']);
    const wrong = await t.http().post('/api/v1/staff/auth/login').send({ username: s.username, password: 'nope' });
    const unknown = await t.http().post('/api/v1/staff/auth/login').send({ username: 'nobody-here', password: 'nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.code).toBe('BAD_CREDENTIALS');
  });

  it('locks the account after repeated failures, even for the right password, with 429', async () => {
    const s = await givenStaff(t, ['hall_reception']);
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/v1/staff/auth/login').send({ username: s.username, password: 'wrong' });
    }
    const locked = await t.http().post('/api/v1/staff/auth/login').send({ username: s.username, password: s.password });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringContaining('锁定') });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a resident token is not a staff token', async () => {
    const res = await t.http().post('/api/v1/auth/wechat-login').send({ code: 'sim:o-staff-test-resident' });
    const me = await t.http().get('/api/v1/staff/me').set({ Authorization: `Bearer ${res.body.token}` });
    expect(me.status).toBe(403);
  });
});
