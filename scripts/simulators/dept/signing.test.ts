/**
 * The §2 test vectors and verification rules of both authentication layers, on the exported
 * helpers the API adapter will use. Pure: no I/O.
 */
import { createHash } from 'node:crypto';

import { appHeaders, appSignature, canonicalQuery, checkAppSignature, contentDigest, newNonce, stringToSign, xTifHeaders, xTifSignature, type ReceivedAppHeaders } from './index';

const VECTOR = {
  xTif: { timestamp: '1735693200', paasToken: 'testPaasToken0123456789abcdefABCD', nonce: 'a1b2c3d4', signature: '3c2085c4171947c5a8b486dad233cbbe586e308982a31306a0b7a067d526bd44' },
  app: {
    method: 'POST',
    path: '/v1/cases',
    timestamp: '1735693200000',
    nonce: 'N0nceN0nceN0nce1',
    body: '{"applicationNo":"A1"}',
    secret: 'appSecret-demo',
    sha256: { digest: '60f62f4c25c732d64a5068588868c1373b0b8ed5fa318fa8b4edaab8a3ae7b75', signature: '7hLNgBvY3hlIhqhYWMwD30Tv/AcZZzmmdWRfwEmqbFk=' },
    sm3: { digest: 'd130e234ba9a766dfeed36a806271a4146abb66fa08cb31e65835c38b7a26a27', signature: '1q6LK296YeRE15jN5bQACVzhrmhiOzN2N7Bc8JCDKhE=' },
  },
};

describe('§2 test vectors', () => {
  it('SM3 is available and matches the GB/T 32905 vector SM3("abc")', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('x-tif-signature = hex SHA-256(timestamp + paasToken + nonce + timestamp)', () => {
    const { timestamp, paasToken, nonce, signature } = VECTOR.xTif;
    expect(xTifSignature(timestamp, paasToken, nonce)).toBe(signature);
    expect(xTifHeaders({ paasId: 'p', paasToken }, Number(timestamp) * 1000 + 999, nonce)).toEqual({
      'x-tif-paasid': 'p',
      'x-tif-timestamp': timestamp,
      'x-tif-nonce': nonce,
      'x-tif-signature': signature,
    });
  });

  it.each([
    ['HMAC-SHA256', VECTOR.app.sha256],
    ['HMAC-SM3', VECTOR.app.sm3],
  ] as const)('Layer B with %s reproduces the digest and the signature', (method, expected) => {
    const { path, timestamp, nonce, body, secret } = VECTOR.app;
    const digest = contentDigest(body, method);
    expect(digest).toBe(expected.digest);
    const toSign = stringToSign({ method: 'POST', path, timestamp, nonce, digest });
    expect(toSign).toBe(`POST\n/v1/cases\n\n1735693200000\nN0nceN0nceN0nce1\n${expected.digest}\n`);
    expect(appSignature(secret, toSign, method)).toBe(expected.signature);
    expect(appHeaders({ appKey: 'k', appSecret: secret, signMethod: method }, { method: 'POST', path, body, nowMs: Number(timestamp), nonce })).toEqual({
      'X-App-Key': 'k',
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Sign-Method': method,
      'X-Content-Digest': expected.digest,
      'X-Signature': expected.signature,
    });
  });

  it('an empty body is signed with the digest of ""', () => {
    expect(contentDigest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contentDigest(new Uint8Array(0), 'HMAC-SM3')).toBe(createHash('sm3').update('').digest('hex'));
  });
});

describe('canonical query', () => {
  it('is empty without a query', () => {
    expect(canonicalQuery('')).toBe('');
    expect(canonicalQuery('?')).toBe('');
    expect(canonicalQuery(new URLSearchParams())).toBe('');
  });

  it('sorts pairs by key then value and RFC 3986-encodes them', () => {
    expect(canonicalQuery('?b=2&a=z&a=y&c')).toBe('a=y&a=z&b=2&c=');
    expect(canonicalQuery('keyword=%E5%A9%9A%E5%A7%BB&deptCode=MZ')).toBe('deptCode=MZ&keyword=%E5%A9%9A%E5%A7%BB');
    expect(canonicalQuery(new URLSearchParams({ q: "it's (a)*!", sp: 'a b' }))).toBe('q=it%27s%20%28a%29%2A%21&sp=a%20b');
  });
});

describe('Layer B verification', () => {
  const secret = 'conformance-secret';
  const now = 1_750_000_000_000;

  function signed(overrides: Partial<ReceivedAppHeaders> = {}, body = '{"x":1}'): ReceivedAppHeaders {
    const headers = appHeaders({ appKey: 'k', appSecret: secret }, { method: 'POST', path: '/v1/cases', query: '?b=1&a=2', body, nowMs: now, nonce: 'abcdefghijklmnop' });
    return { timestamp: headers['X-Timestamp'], nonce: headers['X-Nonce'], signMethod: headers['X-Sign-Method'], digest: headers['X-Content-Digest'], signature: headers['X-Signature'], ...overrides };
  }

  function check(headers: ReceivedAppHeaders, extra: { body?: string; nowMs?: number; used?: boolean; query?: string } = {}): string {
    const result = checkAppSignature({
      method: 'POST',
      path: '/v1/cases',
      query: extra.query ?? '?a=2&b=1',
      body: extra.body ?? '{"x":1}',
      headers,
      appSecret: secret,
      signMethod: 'HMAC-SHA256',
      nowMs: extra.nowMs ?? now,
      isNonceUsed: () => extra.used ?? false,
    });
    return result.ok ? 'ok' : (result.code ?? '?');
  }

  it('accepts a correctly signed request (query order does not matter)', () => {
    expect(check(signed())).toBe('ok');
  });

  it('refuses in the §2 order: timestamp (10003), nonce (10004), digest, signature (10002)', () => {
    expect(check(signed(), { nowMs: now + 300_001 })).toBe('10003');
    expect(check(signed(), { nowMs: now - 300_001 })).toBe('10003');
    expect(check(signed(), { nowMs: now + 300_000 })).toBe('ok');
    // A stale timestamp is reported even when the nonce was also used.
    expect(check(signed(), { nowMs: now + 400_000, used: true })).toBe('10003');
    expect(check(signed(), { used: true, body: 'tampered' })).toBe('10004');
    expect(check(signed(), { body: '{"x":2}' })).toBe('10002');
    expect(check(signed({ signature: 'AAAA' }))).toBe('10002');
    expect(check(signed(), { query: '?a=3&b=1' })).toBe('10002');
  });

  it('refuses missing headers, a short nonce and a sign method other than the configured one', () => {
    expect(check(signed({ signature: undefined }))).toBe('10002');
    expect(check(signed({ nonce: 'short' }))).toBe('10002');
    expect(check(signed({ signMethod: 'HMAC-SM3' }))).toBe('10002');
  });

  it('makes nonces of the required shape', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9]{24}$/);
  });
});
