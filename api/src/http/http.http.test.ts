import { createTestApp, type TestApp } from '../../test/support/app';
import { givenResident } from '../../test/support/scenario';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT: '16kb' });
});
afterAll(async () => {
  await t.close();
});

describe('HTTP conventions', () => {
  it('reports health once migrations have run', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('answers unknown API routes with JSON 404 ROUTE_NOT_FOUND and a request id', async () => {
    const res = await t.http().get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: '接口不存在', requestId: expect.stringMatching(/^req_/) });
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http().post('/api/v1/auth/wechat-login').send({ code: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await t.http().post('/api/v1/auth/wechat-login').set('content-type', 'application/json').send('{"code":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_REQUEST');
  });

  it('keeps a sane incoming request id and replaces a hostile one', async () => {
    const kept = await t.http().get('/api/health').set('x-request-id', 'lb-1234567890');
    expect(kept.headers['x-request-id']).toBe('lb-1234567890');
    const replaced = await t.http().get('/api/health').set('x-request-id', '<script>');
    expect(replaced.headers['x-request-id']).toMatch(/^req_/);
  });

  it('sets security headers on API responses', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});

describe('Idempotency-Key', () => {
  it('returns the first response for a retried request, and 409 for the same key with another body', async () => {
    const r = await givenResident(t, { verified: true });
    const validUntil = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    const body = { agentIdNumber: '110101199003071233', agentName: '赵六', validUntil };
    const first = await t.http().post('/api/v1/me/agents').set(r.auth).set('Idempotency-Key', 'k-agent-1').send(body);
    expect(first.status).toBe(201);
    const retry = await t.http().post('/api/v1/me/agents').set(r.auth).set('Idempotency-Key', 'k-agent-1').send(body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const list = await t.http().get('/api/v1/me/agents').set(r.auth);
    expect(list.body.items).toHaveLength(1);

    const other = await t.http().post('/api/v1/me/agents').set(r.auth).set('Idempotency-Key', 'k-agent-1').send({ ...body, agentName: '赵七' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('frees the key when the first attempt failed, so a corrected retry goes through', async () => {
    const r = await givenResident(t, { verified: true });
    const bad = await t.http().post('/api/v1/me/agents').set(r.auth).set('Idempotency-Key', 'k-agent-2').send({ agentName: '赵六' });
    expect(bad.status).toBe(400);
    const validUntil = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    const good = await t.http().post('/api/v1/me/agents').set(r.auth).set('Idempotency-Key', 'k-agent-2').send({ agentIdNumber: '110101199003071233', agentName: '赵六', validUntil });
    expect(good.status).toBe(201);
  });

  it('scopes keys per caller', async () => {
    const a = await givenResident(t, { verified: true });
    const b = await givenResident(t, { verified: true });
    const validUntil = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    const body = { agentIdNumber: '110101199003071233', agentName: '赵六', validUntil };
    const ra = await t.http().post('/api/v1/me/agents').set(a.auth).set('Idempotency-Key', 'shared').send(body);
    const rb = await t.http().post('/api/v1/me/agents').set(b.auth).set('Idempotency-Key', 'shared').send(body);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.body.id).not.toBe(rb.body.id);
  });
});

describe('metrics', () => {
  it('exposes request counts by route, error codes and the job queue in Prometheus format', async () => {
    await t.http().get('/api/health');
    await t.http().get('/api/v1/nothing-here');
    const res = await t.http().get('/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/haizhu_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(res.text).toMatch(/haizhu_errors_total\{code="ROUTE_NOT_FOUND"\} \d+/);
    expect(res.text).toContain('# TYPE haizhu_http_request_duration_ms histogram');
    expect(res.text).toContain('haizhu_db_pool{state="total"}');
  });
});
