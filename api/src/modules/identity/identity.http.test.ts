import { idCheckDigit } from '@haizhu/shared-types';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenResident, givenStaff, newIdNumber, uniqueOpenid, wechatSim } from '../../../test/support/scenario';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('WeChat login', () => {
  it('creates a resident on first login and returns the same resident next time', async () => {
    const openid = uniqueOpenid();
    const first = await t.http().post('/api/v1/auth/wechat-login').send({ code: `sim:${openid}` });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token: expect.stringMatching(/^hzr_/), resident: { realNameVerified: false, phoneBound: false } });
    expect(first.body.expiresAt).toMatch(/\+08:00$/);

    const code = await wechatSim(t, 'login-codes', { openid });
    const second = await t.http().post('/api/v1/auth/wechat-login').send({ code: code.code });
    expect(second.status).toBe(200);
    expect(second.body.resident.id).toBe(first.body.resident.id);
    expect(second.body.token).not.toBe(first.body.token);
  });

  it('answers 401 WECHAT_CODE_INVALID for a code WeChat does not know, and never leaks session_key', async () => {
    const res = await t.http().post('/api/v1/auth/wechat-login').send({ code: 'not-a-real-code' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'WECHAT_CODE_INVALID', message: expect.stringContaining('微信') });
    const ok = await t.http().post('/api/v1/auth/wechat-login').send({ code: `sim:${uniqueOpenid()}` });
    expect(JSON.stringify(ok.body)).not.toMatch(/session_key|access_token/);
  });

  it('answers 403 when WeChat blocks a high-risk user', async () => {
    const openid = uniqueOpenid();
    await wechatSim(t, 'users', [{ openid, risk: 'blocked' }]);
    const { code } = await wechatSim(t, 'login-codes', { openid });
    const res = await t.http().post('/api/v1/auth/wechat-login').send({ code });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('WECHAT_LOGIN_BLOCKED');
  });

  it('answers 503 UPSTREAM_UNAVAILABLE while WeChat is down, and works again when it is back', async () => {
    await wechatSim(t, 'down', { down: true, mode: 'http502' });
    try {
      const res = await t.http().post('/api/v1/auth/wechat-login').send({ code: `sim:${uniqueOpenid()}` });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await wechatSim(t, 'down', { down: false });
    }
    const res = await t.http().post('/api/v1/auth/wechat-login').send({ code: `sim:${uniqueOpenid()}` });
    expect(res.status).toBe(200);
  });

  it('rejects a missing code with 400 VALIDATION_FAILED naming the field', async () => {
    const res = await t.http().post('/api/v1/auth/wechat-login').send({});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields.code).toMatch(/微信/);
  });

  it('revokes the session on logout', async () => {
    const r = await givenResident(t);
    expect((await t.http().post('/api/v1/auth/logout').set(r.auth)).status).toBe(200);
    const me = await t.http().get('/api/v1/me').set(r.auth);
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
  });

  it('treats an expired session as 401 with a message saying so', async () => {
    const r = await givenResident(t);
    await t.platform.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('subject_id', '=', r.id).execute();
    const me = await t.http().get('/api/v1/me').set(r.auth);
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('过期') });
  });
});

describe('real-name verification', () => {
  it('verifies a valid name and ID number and shows them masked', async () => {
    const r = await givenResident(t);
    const idNumber = newIdNumber();
    const res = await t.http().post('/api/v1/me/real-name').set(r.auth).send({ name: '王小明', idNumber });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ realNameVerified: true, name: '王**', idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` });

    const me = await t.http().get('/api/v1/me').set(r.auth);
    expect(me.body).toMatchObject({ realNameVerified: true, name: '王**', idNumber: res.body.idNumber, phone: null });
  });

  it('says which part of a wrong ID number is wrong (check digit, date, region)', async () => {
    const r = await givenResident(t);
    const good = newIdNumber();
    const wrongCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await t.http().post('/api/v1/me/real-name').set(r.auth).send({ name: '王小明', idNumber: wrongCheck });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ID_NUMBER_INVALID', message: expect.stringContaining('校验码'), details: { reason: 'check_digit' } });

    const feb30 = '44010519900230123';
    const date = await t.http().post('/api/v1/me/real-name').set(r.auth).send({ name: '王小明', idNumber: feb30 + idCheckDigit(feb30) });
    expect(date.body).toMatchObject({ code: 'ID_NUMBER_INVALID', message: expect.stringContaining('出生日期') });

    const me = await t.http().get('/api/v1/me').set(r.auth);
    expect(me.body.realNameVerified).toBe(false);
  });

  it('rejects a bad name with VALIDATION_FAILED on the name field', async () => {
    const r = await givenResident(t);
    const res = await t.http().post('/api/v1/me/real-name').set(r.auth).send({ name: 'x1', idNumber: newIdNumber() });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.details.fields)).toEqual(['name']);
  });

  it('answers 422 REAL_NAME_MISMATCH when the ID number is verified under another name', async () => {
    const a = await givenResident(t, { verified: true, name: '李四' });
    const b = await givenResident(t);
    const res = await t.http().post('/api/v1/me/real-name').set(b.auth).send({ name: '李五', idNumber: a.idNumber });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('REAL_NAME_MISMATCH');
    const same = await t.http().post('/api/v1/me/real-name').set(b.auth).send({ name: '李四', idNumber: a.idNumber });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('ID_NUMBER_BOUND_ELSEWHERE');
  });

  it('needs a resident login', async () => {
    const res = await t.http().post('/api/v1/me/real-name').send({ name: '王小明', idNumber: newIdNumber() });
    expect(res.status).toBe(401);
    const staff = await givenStaff(t, ['hall_window']);
    const asStaff = await t.http().post('/api/v1/me/real-name').set(staff.auth).send({ name: '王小明', idNumber: newIdNumber() });
    expect(asStaff.status).toBe(403);
  });
});

describe('phone binding', () => {
  it('binds the phone from a getPhoneNumber code and shows it masked', async () => {
    const r = await givenResident(t);
    await wechatSim(t, 'users', [{ openid: r.openid, phone: { phoneNumber: '13912345678', purePhoneNumber: '13912345678', countryCode: '86' } }]);
    const { code } = await wechatSim(t, 'phone-codes', { openid: r.openid });
    const res = await t.http().post('/api/v1/me/phone').set(r.auth).send({ code });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ phone: '139****5678' });
    const me = await t.http().get('/api/v1/me').set(r.auth);
    expect(me.body).toMatchObject({ phoneBound: true, phone: '139****5678' });
  });

  it('refuses a used phone code', async () => {
    const r = await givenResident(t);
    const { code } = await wechatSim(t, 'phone-codes', { openid: r.openid });
    expect((await t.http().post('/api/v1/me/phone').set(r.auth).send({ code })).status).toBe(200);
    const again = await t.http().post('/api/v1/me/phone').set(r.auth).send({ code });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('WECHAT_CODE_INVALID');
  });

  it('refreshes a rejected access token once and succeeds', async () => {
    const r = await givenResident(t);
    const { code } = await wechatSim(t, 'phone-codes', { openid: r.openid });
    await wechatSim(t, 'tokens/invalidate', { mode: 'expired' });
    const res = await t.http().post('/api/v1/me/phone').set(r.auth).send({ code });
    expect(res.status).toBe(200);
  });

  it('answers 503 with nothing bound when WeChat refuses the fresh token too', async () => {
    const r = await givenResident(t);
    const { code } = await wechatSim(t, 'phone-codes', { openid: r.openid });
    await wechatSim(t, 'faults', { endpoint: 'getuserphonenumber', errcode: 40001, times: 2 });
    const res = await t.http().post('/api/v1/me/phone').set(r.auth).send({ code });
    expect([res.status, res.body.code, res.body.message]).toEqual([503, 'UPSTREAM_UNAVAILABLE', '微信服务暂时无法连接，请稍后再试']);
    expect((await t.http().get('/api/v1/me').set(r.auth)).body).toMatchObject({ phoneBound: false });
  });
});

describe('data access log', () => {
  it('shows the resident every staff view of their data, with role and purpose', async () => {
    const r = await givenResident(t, { verified: true, name: '陈大文' });
    const empty = await t.http().get('/api/v1/me/data-access-log').set(r.auth);
    expect(empty.body).toEqual({ items: [], nextCursor: null });

    const staff = await givenStaff(t, ['hall_reception'], { hallId: 'HZ-DIST' });
    const view = await t.http().post('/api/v1/staff/residents/lookup').set(staff.auth).send({ idNumber: r.idNumber, purpose: '窗口核验身份' });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: r.id, name: '陈大文', idNumber: r.idNumber });

    const log = await t.http().get('/api/v1/me/data-access-log').set(r.auth);
    expect(log.body.items).toEqual([{ at: expect.stringMatching(/\+08:00$/), staffRole: '大厅导办', hallOrDept: 'HZ-DIST', purpose: '窗口核验身份' }]);
  });

  it('pages with a cursor', async () => {
    const r = await givenResident(t, { verified: true });
    const staff = await givenStaff(t, ['hall_window'], { hallId: 'HZ-DIST' });
    for (const purpose of ['核验一', '核验二', '核验三']) {
      await t.http().post('/api/v1/staff/residents/lookup').set(staff.auth).send({ idNumber: r.idNumber, purpose });
    }
    const first = await t.http().get('/api/v1/me/data-access-log?limit=2').set(r.auth);
    expect(first.body.items.map((i: { purpose: string }) => i.purpose)).toEqual(['核验三', '核验二']);
    const second = await t.http().get(`/api/v1/me/data-access-log?limit=2&cursor=${first.body.nextCursor}`).set(r.auth);
    expect(second.body).toEqual({ items: [expect.objectContaining({ purpose: '核验一' })], nextCursor: null });
    const bad = await t.http().get('/api/v1/me/data-access-log?cursor=garbage').set(r.auth);
    expect(bad.status).toBe(400);
  });

  it('does not let an auditor look residents up', async () => {
    const r = await givenResident(t, { verified: true });
    const auditor = await givenStaff(t, ['auditor']);
    const res = await t.http().post('/api/v1/staff/residents/lookup').set(auditor.auth).send({ idNumber: r.idNumber, purpose: '随便看看' });
    expect(res.status).toBe(403);
    const log = await t.http().get('/api/v1/me/data-access-log').set(r.auth);
    expect(log.body.items).toHaveLength(0);
  });
});

describe('agents (委托代办)', () => {
  it('lets a verified resident authorise an agent, whom it then shows as received', async () => {
    const principal = await givenResident(t, { verified: true, name: '黄阿婆' });
    const agent = await givenResident(t, { verified: true, name: '黄小明' });
    const validUntil = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    const res = await t.http().post('/api/v1/me/agents').set(principal.auth).send({ agentIdNumber: agent.idNumber, agentName: '黄小明', validUntil });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ direction: 'granted', counterpartName: '黄**', revoked: false, itemCodes: null });

    const received = await t.http().get('/api/v1/me/agents').set(agent.auth);
    expect(received.body.items).toEqual([expect.objectContaining({ direction: 'received', counterpartName: '黄**' })]);

    const revoked = await t.http().post(`/api/v1/me/agents/${res.body.id}/revoke`).set(principal.auth);
    expect(revoked.body.revoked).toBe(true);
    const otherTries = await t.http().post(`/api/v1/me/agents/${res.body.id}/revoke`).set(agent.auth);
    expect(otherTries.status).toBe(404);
  });

  it('refuses unverified principals, oneself and past dates', async () => {
    const unverified = await givenResident(t);
    const validUntil = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    const a = await t.http().post('/api/v1/me/agents').set(unverified.auth).send({ agentIdNumber: newIdNumber(), agentName: '张三', validUntil });
    expect(a.body.code).toBe('REAL_NAME_REQUIRED');
    const me = await givenResident(t, { verified: true });
    const self = await t.http().post('/api/v1/me/agents').set(me.auth).send({ agentIdNumber: me.idNumber, agentName: '张三', validUntil });
    expect(self.body.code).toBe('AGENT_SELF_NOT_ALLOWED');
    const past = await t.http().post('/api/v1/me/agents').set(me.auth).send({ agentIdNumber: newIdNumber(), agentName: '张三', validUntil: '2020-01-01' });
    expect(past.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { validUntil: expect.any(String) } } });
  });
});

