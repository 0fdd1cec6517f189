import { appSignature, contentDigest, stringToSign, verifyRequest, xTifSignature } from './exchange.signing';

describe('exchange signatures: the spec’s §2 test vectors', () => {
  it('computes the x-tif gateway signature', () => {
    expect(xTifSignature('1735693200', 'testPaasToken0123456789abcdefABCD', 'a1b2c3d4')).toBe('3c2085c4171947c5a8b486dad233cbbe586e308982a31306a0b7a067d526bd44');
  });

  it('computes the application signature with HMAC-SHA256 and HMAC-SM3', () => {
    const body = '{"applicationNo":"A1"}';
    const sha = contentDigest(body, 'HMAC-SHA256');
    expect(sha).toBe('60f62f4c25c732d64a5068588868c1373b0b8ed5fa318fa8b4edaab8a3ae7b75');
    expect(appSignature('appSecret-demo', stringToSign('POST', '/v1/cases', '', '1735693200000', 'N0nceN0nceN0nce1', sha), 'HMAC-SHA256')).toBe('7hLNgBvY3hlIhqhYWMwD30Tv/AcZZzmmdWRfwEmqbFk=');
    const sm3 = contentDigest(body, 'HMAC-SM3');
    expect(sm3).toBe('d130e234ba9a766dfeed36a806271a4146abb66fa08cb31e65835c38b7a26a27');
    expect(appSignature('appSecret-demo', stringToSign('POST', '/v1/cases', '', '1735693200000', 'N0nceN0nceN0nce1', sm3), 'HMAC-SM3')).toBe('1q6LK296YeRE15jN5bQACVzhrmhiOzN2N7Bc8JCDKhE=');
  });

  it('verifies a signed request and names what is wrong with a forged one', () => {
    const body = '{"applicationNo":"A1"}';
    const headers = {
      'x-timestamp': '1735693200000',
      'x-nonce': 'N0nceN0nceN0nce1',
      'x-sign-method': 'HMAC-SHA256',
      'x-content-digest': '60f62f4c25c732d64a5068588868c1373b0b8ed5fa318fa8b4edaab8a3ae7b75',
      'x-signature': '7hLNgBvY3hlIhqhYWMwD30Tv/AcZZzmmdWRfwEmqbFk=',
    };
    const base = { method: 'POST', path: '/v1/cases', query: new URLSearchParams(), rawBody: body, headers, secret: 'appSecret-demo', now: 1735693200000 };
    expect(verifyRequest(base)).toEqual({ ok: true, nonce: 'N0nceN0nceN0nce1' });
    expect(verifyRequest({ ...base, rawBody: body.replace('A1', 'A2') })).toEqual({ ok: false, problem: 'bad_digest' });
    expect(verifyRequest({ ...base, now: 1735693200000 + 301_000 })).toEqual({ ok: false, problem: 'stale' });
    expect(verifyRequest({ ...base, secret: 'wrong' })).toEqual({ ok: false, problem: 'bad_signature' });
  });
});
