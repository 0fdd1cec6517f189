/**
 * The receiving side of §2, as the gateway + department pair checks it: Layer A (x-tif gateway
 * headers) first, then Layer B (application signature over the body). Any failure is a 401 with
 * 10002–10004 before a handler runs. The journal gets both computed signatures.
 */
import type { IncomingHttpHeaders } from 'node:http';

import { DeptError } from './errors';
import { checkAppSignature, MAX_CLOCK_SKEW_MS, NONCE_WINDOW_MS, safeEqual, xTifSignature } from './signing';
import type { AppGrant, AuthJournal, SimState } from './state';

export interface AuthRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type AuthResult = { ok: true; app: AppGrant } | { ok: false; error: DeptError };

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function refuse(journal: AuthJournal, code: '10002' | '10003' | '10004', reason: string): AuthResult {
  journal.outcome = code;
  journal.reason = reason;
  return { ok: false, error: new DeptError(code, reason) };
}

/** Layer A: known paasId, nonce ≥ 8 chars, signature, timestamp (unix seconds) within ±300 s. */
function checkGateway(state: SimState, req: AuthRequest, journal: AuthJournal): AuthResult | undefined {
  const paasId = header(req.headers, 'x-tif-paasid');
  const timestamp = header(req.headers, 'x-tif-timestamp');
  const nonce = header(req.headers, 'x-tif-nonce');
  const signature = header(req.headers, 'x-tif-signature');
  journal.paasId = paasId;
  journal.serviceId = header(req.headers, 'x-tif-serviceid');
  if (!paasId || !timestamp || !nonce || !signature) return refuse(journal, '10002', 'gateway: x-tif-paasid, x-tif-timestamp, x-tif-nonce and x-tif-signature are required');
  const credential = state.config.paas.find((p) => p.paasId === paasId);
  if (!credential) return refuse(journal, '10002', `gateway: unknown x-tif-paasid ${paasId}`);
  const expected = xTifSignature(timestamp, credential.paasToken, nonce);
  const ok = safeEqual(signature.toLowerCase(), expected);
  journal.xTif = { received: signature, expected, ok };
  if (nonce.length < 8) return refuse(journal, '10002', 'gateway: x-tif-nonce must have at least 8 characters');
  if (!ok) return refuse(journal, '10002', 'gateway: x-tif-signature does not match');
  if (!/^\d{1,13}$/.test(timestamp) || Math.abs(state.now() - Number(timestamp) * 1000) > MAX_CLOCK_SKEW_MS) return refuse(journal, '10003', 'gateway: x-tif-timestamp outside ±300 s');
  return undefined;
}

function nonceStore(state: SimState, appKey: string): Map<string, number> {
  let store = state.nonces.get(appKey);
  if (!store) {
    store = new Map();
    state.nonces.set(appKey, store);
  }
  const horizon = state.now() - NONCE_WINDOW_MS;
  for (const [nonce, at] of store) if (at < horizon) store.delete(nonce);
  return store;
}

/** Both layers; on success the nonce is recorded as used (15 min per app key). */
export function authenticate(state: SimState, req: AuthRequest, journal: AuthJournal): AuthResult {
  const gateway = checkGateway(state, req, journal);
  if (gateway) return gateway;

  const appKey = header(req.headers, 'x-app-key');
  journal.appKey = appKey;
  journal.signMethod = header(req.headers, 'x-sign-method');
  if (!appKey) return refuse(journal, '10002', 'X-App-Key is required');
  const app = state.config.apps.find((a) => a.appKey === appKey);
  if (!app) return refuse(journal, '10002', `unknown X-App-Key ${appKey}`);
  const store = nonceStore(state, appKey);
  const received = {
    timestamp: header(req.headers, 'x-timestamp'),
    nonce: header(req.headers, 'x-nonce'),
    signMethod: header(req.headers, 'x-sign-method'),
    digest: header(req.headers, 'x-content-digest'),
    signature: header(req.headers, 'x-signature'),
  };
  const result = checkAppSignature({
    method: req.method,
    path: req.path,
    query: req.query,
    body: req.body,
    headers: received,
    appSecret: app.appSecret,
    signMethod: app.signMethod,
    nowMs: state.now(),
    isNonceUsed: (nonce) => store.has(nonce),
  });
  journal.stringToSign = result.expected.stringToSign;
  journal.digest = { received: received.digest, expected: result.expected.digest };
  journal.signature = { received: received.signature, expected: result.expected.signature };
  if (!result.ok) return refuse(journal, result.code ?? '10002', result.reason ?? 'signature invalid');
  store.set(received.nonce ?? '', state.now());
  journal.outcome = 'ok';
  return { ok: true, app };
}
