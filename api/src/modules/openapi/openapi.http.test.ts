import { MidwayWebRouterService } from '@midwayjs/core';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { ROUTES } from './routes';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('OpenAPI', () => {
  it('documents exactly the routes the API serves', async () => {
    const router = await t.app.getApplicationContext().getAsync(MidwayWebRouterService);
    const served = (await router.getFlattenRouterTable())
      .map((r) => `${String(r.requestMethod).toLowerCase()} ${r.fullUrl}`)
      .sort();
    const documented = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(served).toEqual(documented);
  });

  it('serves a 3.1 document with request and response schemas from shared-types', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const login = res.body.paths['/api/v1/auth/wechat-login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['code']);
    expect(login.responses['200'].content['application/json'].schema.properties).toHaveProperty('token');
    expect(res.body.paths['/api/v1/me/agents/{id}/revoke'].post.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(res.body.components.schemas.ErrorCode.enum).toContain('ID_NUMBER_INVALID');
  });

  it('has a browsable page', async () => {
    const res = await t.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/api/v1/me/real-name');
    expect(res.text).not.toContain('<script');
  });
});
