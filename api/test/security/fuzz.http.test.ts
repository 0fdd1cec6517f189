import fc from 'fast-check';
import { ERRORS, STAFF_ROLES } from '@haizhu/shared-types';
import { workerDatabaseUrl } from '@haizhu/scripts/lib/test-db';
import { type RunningCourierSimulator, startCourierSimulator } from '@haizhu/scripts/simulators/courier';
import { type RunningDeptSimulator, startDeptSimulator } from '@haizhu/scripts/simulators/dept';
import { z } from 'zod';
import { ROUTES, type RouteSpec } from '../../src/modules/openapi/routes';
import { createTestApp, type TestApp } from '../support/app';
import { givenCatalogue } from '../support/catalogue';
import { givenResident, givenStaff } from '../support/scenario';
import { givenWechatPay, type GivenWechatPay } from '../support/wechatpay';

const PARTNER = { partnerID: 'HZZW_FUZZ', checkWord: 'fuzz-checkword-0123456789abcdef', monthlyCard: '0200000000' };

/**
 * Every route of the route table, called with values drawn from its own zod schema mixed with
 * hostile ones (huge and empty strings, wrong types, SQL and HTML payloads, path tricks,
 * prototype-pollution keys, invalid UTF-8): the API must answer every one without a 5xx, and every
 * refusal with a stable code and a Chinese message.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(5_000),
  '𠮷'.repeat(2_000),
  "' OR '1'='1",
  "'; drop table residents; --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '\u0000',
  '\uD800',
  '\r\nSet-Cookie: a=1',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  '{"$gt":""}',
  '2026-02-30',
  '440105199001011234',
];

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS) },
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom<unknown>(null, true, false, [], {}, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.anything({ maxDepth: 2 }),
);

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** A value that mostly fits the schema, with any part of it possibly replaced by a hostile one. */
function fromSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const fitting = fitsSchema(s, depth);
  return fc.oneof({ weight: 3, arbitrary: fitting }, { weight: 1, arbitrary: hostile });
}

function fitsSchema(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union?.length) return fc.oneof(...union.map((u) => fromSchema(u, depth + 1)));
  if (s.allOf?.[0]) return fromSchema(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(fromSchema(s.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3 || !s.properties) return fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 });
      const required = new Set(s.required ?? []);
      const shape = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(shape, { requiredKeys: Object.keys(shape).filter((k) => required.has(k) || depth === 0) }).chain((obj) =>
        // Sometimes a key the schema doesn't know, or drop a required one.
        fc.oneof(fc.constant(obj), fc.constant({ ...obj, unexpected: 'x' }), fc.constant(dropFirstKey(obj))),
      );
    }
    default:
      return hostile;
  }
}

function dropFirstKey(obj: Record<string, unknown>): Record<string, unknown> {
  const [first] = Object.keys(obj);
  if (!first) return obj;
  const { [first]: _dropped, ...rest } = obj;
  return rest;
}

function jsonSchemaOf(schema: z.ZodType | undefined): JsonSchema {
  if (!schema) return { type: 'object', properties: {} };
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
}

/** A request body: JSON text (possibly with pollution keys) or raw bytes. */
const bodyOf = (route: RouteSpec): fc.Arbitrary<string | Buffer> =>
  fc.oneof(
    { weight: 6, arbitrary: fromSchema(jsonSchemaOf(route.body)).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fitsSchema(jsonSchemaOf(route.body), 0).map((v) => {
        const json = JSON.stringify(v) ?? 'null';
        const pollution = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
        return json.startsWith('{') ? `{${pollution}${json.length > 2 ? ',' : ''}${json.slice(1)}` : `{${pollution}}`;
      }),
    },
    { weight: 1, arbitrary: fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])) },
    { weight: 1, arbitrary: fc.constantFrom('', '[]', '"x"', '123', 'null', '{"a":', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]') },
  );

/** Percent-encodes; lone surrogates (not encodable) become bytes that are not UTF-8 at all. */
function encode(s: string): string {
  return s.replace(/[\uD800-\uDFFF]/g, '\uFFFD').split('\uFFFD').map(encodeURIComponent).join('%ed%a0%80');
}

function queryOf(route: RouteSpec): fc.Arbitrary<string> {
  const schema = jsonSchemaOf(route.query);
  return fromSchema(schema).map((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return `q=${encode(String(v))}&raw=%ff%fe%c3%28`;
    const params = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) params.append(k, typeof val === 'string' ? val : JSON.stringify(val) ?? '');
    return params.toString();
  });
}

/** Ids that exist (catalogue codes), so some requests get past the lookup. */
const realIds: string[] = [];

const pathParam = fc.oneof(
  fc.constant(null).map(() => realIds[0] ?? 'none'),
  fc.constantFrom('app_00000000000000000000', 'apt_1', '1', '0', '-1', 'null', 'undefined', '%00', '..', '%2e%2e%2f%2e%2e', "1' or '1'='1", '<b>x</b>', 'x'.repeat(2_000)),
  fc.string({ minLength: 1, maxLength: 30 }).map(encode),
  fc.constant('%ff%fe%c3%28'),
);

function pathOf(route: RouteSpec): fc.Arbitrary<string> {
  const names = route.path.match(/:[A-Za-z]+/g) ?? [];
  if (!names.length) return fc.constant(route.path);
  return fc.tuple(...names.map(() => pathParam)).map((values) => names.reduce((p, name, i) => p.replace(name, values[i] ?? ''), route.path));
}

let t: TestApp;
let dept: RunningDeptSimulator;
let courier: RunningCourierSimulator;
let wx: GivenWechatPay;
let residentAuth: string;
let staffAuth: string;

beforeAll(async () => {
  // Its own database: random bodies that happen to be valid really change data.
  // Every upstream is a running simulator, so routes that call one answer as in production.
  dept = await startDeptSimulator({ port: 0, seed: true });
  courier = await startCourierSimulator({ port: 0, partners: [PARTNER] });
  wx = await givenWechatPay();
  t = await createTestApp({
    // Its own database: random bodies that happen to be valid really change data.
    DATABASE_URL: await workerDatabaseUrl('fuzz'),
    EXCHANGE_BASE: dept.url,
    COURIER_BASE: courier.url,
    COURIER_PARTNER_ID: PARTNER.partnerID,
    COURIER_CHECKWORD: PARTNER.checkWord,
    COURIER_MONTHLY_CARD: PARTNER.monthlyCard,
    ...wx.env,
  });
  const staff = await givenStaff(t, [...STAFF_ROLES]);
  staffAuth = staff.auth.Authorization;
  const { file } = givenCatalogue();
  expect((await t.http().post('/api/v1/staff/catalog/import').set(staff.auth).send(file)).status).toBe(200);
  realIds.push(...file.items.map((i) => i.itemCode));
  residentAuth = (await givenResident(t, { verified: true })).auth.Authorization;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await Promise.all([dept?.close(), courier?.close(), wx?.sim.close()]);
});

const KNOWN_CODES = new Set(Object.keys(ERRORS));
// Logging out revokes the token the later routes need: those go last.
const routes = [...ROUTES].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));

describe('fuzzing every route from its schema plus hostile values', () => {
  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s: no 5xx, every 4xx with a stable code', async (_name, route) => {
    const auth = route.auth.kind === 'public' ? undefined : route.auth.kind === 'staff' ? staffAuth : residentAuth;
    await fc.assert(
      fc.asyncProperty(pathOf(route), queryOf(route), bodyOf(route), async (path, query, body) => {
        let req = t.http()[route.method](`${path}?${query}`);
        if (auth) req = req.set('Authorization', auth);
        if (route.method !== 'get') req = req.set('content-type', 'application/json').send(body);
        const res = await req;
        const text = JSON.stringify(res.body);
        expect(res.status).toBeLessThan(500);
        // Callbacks answer in the sender's own format (WeChat Pay, SF); everything else in ours.
        if (res.status >= 400 && res.type === 'application/json' && !route.path.startsWith('/api/v1/callbacks/')) {
          expect(KNOWN_CODES.has(res.body.code)).toBe(true);
          expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
          expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack traces
        }
      }),
      { numRuns: RUNS },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
