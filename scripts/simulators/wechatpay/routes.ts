/**
 * The `/v3` endpoints (spec §3, §5, §7–§9, §11). Handlers run after the Authorization check and
 * return the reply; the server signs it. Route names are what `/__sim/faults` and
 * `/__sim/latency` accept besides path globs.
 */
import { randomBytes } from 'node:crypto';

import { billFile, requestTradeBill } from './bills';
import type { Merchant } from './config';
import { PayError, paramError } from './errors';
import { rfc3339 } from './format';
import { closeOrder, findOrder, orderByTransactionId, orderView, prepay, requireOwnMchid } from './orders';
import { createRefund, findRefund, refundView } from './refunds';
import type { Runtime } from './runtime';
import { AES_ALGORITHM, encryptAesGcm } from './signing';
import { isRecord, reqString, type Obj } from './validate';

export interface ApiContext {
  rt: Runtime;
  merchant: Merchant;
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON object of a POST; undefined for GET. */
  body: Obj | undefined;
}

export type ApiResult = { kind: 'json'; status: number; body: unknown } | { kind: 'empty' } | { kind: 'file'; bytes: Buffer; contentType: string };

interface Route {
  name: string;
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(ctx: ApiContext): ApiResult;
}

function ok(body: unknown): ApiResult {
  return { kind: 'json', status: 200, body };
}

function postBody(ctx: ApiContext): Obj {
  if (!ctx.body) throw paramError('/', 'body must be a JSON object');
  return ctx.body;
}

function queryMchid(ctx: ApiContext): string {
  const mchid = ctx.query.get('mchid');
  if (mchid === null || mchid === '') throw paramError('mchid', 'mchid is required', undefined, 'query');
  requireOwnMchid(ctx.rt.state, ctx.merchant, mchid, 'mchid', 'query');
  return mchid;
}

function param(ctx: ApiContext, index: number, name: string): string {
  const raw = ctx.params[index] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw paramError(name, `${name} is not a valid path segment`, raw, 'path');
  }
}

const certificates: Route['handle'] = (ctx) => {
  const { keys, state } = ctx.rt;
  // In public-key mode there is no platform certificate to hand out.
  if (state.config.signMode === 'pubkey') return ok({ data: [] });
  const nonce = randomBytes(6).toString('hex');
  return ok({
    data: [
      {
        serial_no: keys.certificateSerial,
        effective_time: rfc3339(keys.effectiveMs),
        expire_time: rfc3339(keys.expireMs),
        encrypt_certificate: { algorithm: AES_ALGORITHM, nonce, associated_data: 'certificate', ciphertext: encryptAesGcm(ctx.merchant.apiV3Key, nonce, 'certificate', keys.certificatePem) },
      },
    ],
  });
};

export const ROUTES: readonly Route[] = [
  { name: 'jsapi', method: 'POST', pattern: /^\/v3\/pay\/transactions\/jsapi$/, handle: (ctx) => ok(prepay(ctx.rt.state, ctx.merchant, postBody(ctx))) },
  {
    name: 'query',
    method: 'GET',
    pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/,
    handle: (ctx) => {
      const order = findOrder(ctx.rt.state, queryMchid(ctx), param(ctx, 0, 'out_trade_no'));
      if (!order) throw new PayError('ORDER_NOT_EXIST');
      return ok(orderView(ctx.rt.state, order));
    },
  },
  {
    name: 'query_by_id',
    method: 'GET',
    pattern: /^\/v3\/pay\/transactions\/id\/([^/]+)$/,
    handle: (ctx) => {
      const order = orderByTransactionId(ctx.rt.state, queryMchid(ctx), param(ctx, 0, 'transaction_id'));
      if (!order) throw new PayError('ORDER_NOT_EXIST');
      return ok(orderView(ctx.rt.state, order));
    },
  },
  {
    name: 'close',
    method: 'POST',
    pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/,
    handle: (ctx) => {
      const mchid = reqString(postBody(ctx), 'mchid', '/mchid', { max: 32 });
      requireOwnMchid(ctx.rt.state, ctx.merchant, mchid, '/mchid', 'body');
      const order = findOrder(ctx.rt.state, mchid, param(ctx, 0, 'out_trade_no'));
      if (!order) throw new PayError('ORDER_NOT_EXIST');
      closeOrder(ctx.rt.state, order);
      return { kind: 'empty' };
    },
  },
  { name: 'refund', method: 'POST', pattern: /^\/v3\/refund\/domestic\/refunds$/, handle: (ctx) => ok(refundView(createRefund(ctx.rt, ctx.merchant, postBody(ctx)))) },
  {
    name: 'refund_query',
    method: 'GET',
    pattern: /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/,
    handle: (ctx) => {
      const refund = findRefund(ctx.rt.state, ctx.merchant.mchid, param(ctx, 0, 'out_refund_no'));
      if (!refund) throw new PayError('RESOURCE_NOT_EXISTS', '退款单不存在');
      return ok(refundView(refund));
    },
  },
  { name: 'tradebill', method: 'GET', pattern: /^\/v3\/bill\/tradebill$/, handle: (ctx) => ok(requestTradeBill(ctx.rt.state, ctx.merchant, ctx.query)) },
  {
    name: 'billdownload',
    method: 'GET',
    pattern: /^\/v3\/billdownload\/file$/,
    handle: (ctx) => {
      const file = billFile(ctx.rt.state, ctx.merchant, ctx.query);
      return { kind: 'file', bytes: file.bytes, contentType: file.gzip ? 'application/gzip' : 'text/plain; charset=utf-8' };
    },
  },
  { name: 'certificates', method: 'GET', pattern: /^\/v3\/certificates$/, handle: certificates },
];

export const ROUTE_NAMES: readonly string[] = ROUTES.map((r) => r.name);

export interface RouteMatch {
  route?: Route;
  params: string[];
  /** The path exists under another method. */
  methodMismatch: boolean;
}

export function matchRoute(method: string, path: string): RouteMatch {
  let methodMismatch = false;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === method) return { route, params: match.slice(1), methodMismatch: false };
    methodMismatch = true;
  }
  return { params: [], methodMismatch };
}

/** Whether a fault/latency `endpoint` (route name, path glob with `*`, or `*`) covers this call. */
export function endpointMatches(endpoint: string, routeName: string | undefined, path: string): boolean {
  if (endpoint === '*' || endpoint === routeName) return true;
  if (!endpoint.startsWith('/')) return false;
  const pattern = endpoint
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(path);
}

/** Parses a POST body: a JSON object or PARAM_ERROR. */
export function parseJsonObject(raw: Buffer): Obj {
  const text = raw.toString('utf8');
  if (text.trim() === '') throw paramError('/', 'request body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new PayError('PARAM_ERROR', '请求体不是合法的JSON', { field: '/', issue: 'body is not valid JSON', location: 'body' });
  }
  if (!isRecord(value)) throw paramError('/', 'body must be a JSON object');
  return value;
}
