import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The two authentication layers of the departmental exchange (../shared/specs/dept-exchange.md §2):
 * the gateway's x-tif headers, and the application signature over method, path, query, time,
 * nonce and the body's digest. Pure functions, checked against the spec's test vectors.
 */

export type SignMethod = 'HMAC-SHA256' | 'HMAC-SM3';

export function xTifSignature(timestamp: string, paasToken: string, nonce: string): string {
  return createHash('sha256').update(`${timestamp}${paasToken}${nonce}${timestamp}`).digest('hex');
}

export function contentDigest(body: string | Buffer, method: SignMethod): string {
  return createHash(method === 'HMAC-SM3' ? 'sm3' : 'sha256').update(body).digest('hex');
}

/** Query pairs sorted by key then value, RFC 3986-encoded, joined with "&". */
export function canonicalQuery(query: URLSearchParams): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [...query.entries()]
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

export function stringToSign(method: string, path: string, query: string, timestamp: string, nonce: string, digest: string): string {
  return `${method.toUpperCase()}\n${path}\n${query}\n${timestamp}\n${nonce}\n${digest}\n`;
}

export function appSignature(secret: string, toSign: string, method: SignMethod): string {
  return createHmac(method === 'HMAC-SM3' ? 'sm3' : 'sha256', secret).update(toSign).digest('base64');
}

export interface SignedHeaders {
  [header: string]: string;
}

/** Every header a request (or a callback) needs, for the given body. */
export function signRequest(opts: {
  method: string;
  path: string;
  query?: URLSearchParams;
  body: string;
  paas?: { paasId: string; paasToken: string };
  app: { appKey: string; appSecret: string; signMethod: SignMethod };
  now?: number;
}): SignedHeaders {
  const now = opts.now ?? Date.now();
  const nonce = randomBytes(12).toString('hex');
  const digest = contentDigest(opts.body, opts.app.signMethod);
  const toSign = stringToSign(opts.method, opts.path, canonicalQuery(opts.query ?? new URLSearchParams()), String(now), nonce, digest);
  const headers: SignedHeaders = {
    'X-App-Key': opts.app.appKey,
    'X-Timestamp': String(now),
    'X-Nonce': nonce,
    'X-Sign-Method': opts.app.signMethod,
    'X-Content-Digest': digest,
    'X-Signature': appSignature(opts.app.appSecret, toSign, opts.app.signMethod),
  };
  if (opts.paas) {
    const ts = String(Math.floor(now / 1000));
    const tifNonce = randomBytes(8).toString('hex');
    Object.assign(headers, {
      'x-tif-paasid': opts.paas.paasId,
      'x-tif-timestamp': ts,
      'x-tif-nonce': tifNonce,
      'x-tif-signature': xTifSignature(ts, opts.paas.paasToken, tifNonce),
    });
  }
  return headers;
}

export type VerifyProblem = 'missing' | 'bad_digest' | 'stale' | 'bad_signature';

/** Checks an incoming signed request (a department's callback): time window, digest, signature. Nonce reuse is the caller's check. */
export function verifyRequest(opts: {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: string;
  headers: Record<string, string | undefined>;
  secret: string;
  now: number;
  windowMs?: number;
}): { ok: true; nonce: string } | { ok: false; problem: VerifyProblem } {
  const h = opts.headers;
  const timestamp = h['x-timestamp'];
  const nonce = h['x-nonce'];
  const method = (h['x-sign-method'] ?? 'HMAC-SHA256') as SignMethod;
  const digest = h['x-content-digest'];
  const signature = h['x-signature'];
  if (!timestamp || !nonce || !digest || !signature || (method !== 'HMAC-SHA256' && method !== 'HMAC-SM3')) return { ok: false, problem: 'missing' };
  if (Math.abs(opts.now - Number(timestamp)) > (opts.windowMs ?? 300_000)) return { ok: false, problem: 'stale' };
  if (contentDigest(opts.rawBody, method) !== digest) return { ok: false, problem: 'bad_digest' };
  const expected = Buffer.from(appSignature(opts.secret, stringToSign(opts.method, opts.path, canonicalQuery(opts.query), timestamp, nonce, digest), method));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'bad_signature' };
  return { ok: true, nonce };
}
