import { createTestApp, type TestApp } from '../../../test/support/app';
import { uniqueOpenid } from '../../../test/support/scenario';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '3' });
});
afterAll(async () => {
  await t.close();
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
});
