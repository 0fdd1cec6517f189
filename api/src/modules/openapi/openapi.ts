import { ERRORS, errorBody } from '@haizhu/shared-types';
import { z } from 'zod';
import { ROUTES, type RouteSpec } from './routes';

type Json = Record<string, unknown>;

/** OpenAPI 3.1 from the route table and the shared zod schemas (JSON Schema 2020-12). */
export function buildOpenApi(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of ROUTES) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, Json>)[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '海珠政务 API',
      version: '1.0.0',
      description: '海珠政务小程序与工作人员页面使用的接口。错误体统一为 {code, message, requestId, details?}。',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: schema(errorBody),
        ErrorCode: { type: 'string', enum: Object.keys(ERRORS) },
      },
    },
    paths,
  };
}

function operation(route: RouteSpec): Json {
  const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (route.query) {
    const q = schema(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, s] of Object.entries(q.properties ?? {})) {
      params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema: s } as never);
    }
  }
  const responses: Json = {
    [String(route.status ?? 200)]: {
      description: 'OK',
      ...(route.response ? { content: { 'application/json': { schema: schema(route.response) } } } : {}),
    },
    default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  };
  const auth = route.auth;
  return {
    summary: route.summary,
    tags: [route.tag],
    ...(auth.kind === 'public' ? {} : { security: [{ bearer: [] }] }),
    'x-auth': auth.kind === 'staff' && auth.roles ? `staff: ${auth.roles.join(', ')}` : auth.kind,
    ...(route.errors ? { 'x-error-codes': route.errors } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(route.body, 'input') } } } } : {}),
    responses,
  };
}

function schema(s: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}
