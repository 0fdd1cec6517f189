import { createTestApp, type TestApp } from '../../../test/support/app';
import { uniqueOpenid } from '../../../test/support/scenario';
import { StaffService } from './staff.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '3', STAFF_LOGIN_RATE_PER_MINUTE: '4' });
});
afterAll(async () => {
  await t.close();
});
// This worker's database is shared with the test files before this one, whose logins from the
// same address this minute would count against the limits: each test starts from none.
beforeEach(async () => {
  await t.platform.db.deleteFrom('rate_limit_buckets').where((eb) => eb.or([eb('bucket', 'like', 'staff-login:%'), eb('bucket', 'like', 'wechat-login:%')])).execute();
});

describe('login throttling', () => {
  it('limits WeChat logins per client address with 429 RATE_LIMITED and Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.http().post('/api/v1/auth/wechat-login').send({ code: `sim:${uniqueOpenid()}` });
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(last?.body.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits staff logins per client address across usernames, before any password is checked', async () => {
    // Guessing passwords for many accounts from one address: the per-account lockout alone would
    // let each account take its five failures; the address limit stops the spray first.
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await t.http().post('/api/v1/staff/auth/login').send({ username: `nobody-${i}`, password: 'guess-123456' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    expect(last?.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    // The right password from the same address waits too: the limit counts requests, not failures.
    const admin = await givenStaffAccount();
    const blocked = await t.http().post('/api/v1/staff/auth/login').send(admin);
    expect(blocked.status).toBe(429);
  });
});

async function givenStaffAccount(): Promise<{ username: string; password: string }> {
  const staff = await t.app.getApplicationContext().getAsync(StaffService);
  const account = { username: `staff-${uniqueOpenid()}`, password: 'right-password-123' };
  await staff.upsertAccount({ ...account, displayName: '测试工作人员', roles: ['hall_window'] });
  return account;
}
