import { createCipheriv, createSign, generateKeyPairSync, randomBytes, verify as rsaVerify } from 'node:crypto';
import { decryptResource, paySign, type PlatformKeys, verifySignature } from './wechatpay.crypto';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys: PlatformKeys = { publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000', publicKey: platform.publicKey, certificates: new Map([['5157F09EFDC096DE15EBE81A47057A7232F1B8E1', stranger.publicKey]]) };
const NOW = 1_767_225_600;

function signed(body: string, opts: { ts?: number; serial?: string; key?: typeof platform.privateKey } = {}) {
  const timestamp = String(opts.ts ?? NOW);
  const nonce = 'n0nce';
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(opts.key ?? platform.privateKey, 'base64');
  return { timestamp, nonce, signature, serial: opts.serial ?? keys.publicKeyId };
}

describe('response and notification signatures (§3)', () => {
  const body = '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}';

  it('accepts the exact bytes signed with the key the serial names, in both modes', () => {
    expect(verifySignature(signed(body), body, keys, NOW)).toEqual({ ok: true });
    const certSigned = signed(body, { serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', key: stranger.privateKey });
    expect(verifySignature(certSigned, body, keys, NOW + 299)).toEqual({ ok: true });
  });

  it('refuses a changed byte, the wrong key, an unknown serial, a stale timestamp, a probe and missing headers', () => {
    expect(verifySignature(signed(body), body.replace('EV-1', 'EV-2'), keys, NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifySignature(signed(body, { key: stranger.privateKey }), body, keys, NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifySignature(signed(body, { serial: 'PUB_KEY_ID_0999' }), body, keys, NOW)).toEqual({ ok: false, problem: 'unknown_serial' });
    expect(verifySignature(signed(body, { ts: NOW - 301 }), body, keys, NOW)).toEqual({ ok: false, problem: 'stale_timestamp' });
    expect(verifySignature({ ...signed(body), signature: 'WECHATPAY/SIGNTEST/abc' }, body, keys, NOW)).toEqual({ ok: false, problem: 'probe' });
    expect(verifySignature({ ...signed(body), nonce: undefined }, body, keys, NOW)).toEqual({ ok: false, problem: 'missing_headers' });
  });
});

describe('resource decryption (§10)', () => {
  it('reproduces the spec test vector', () => {
    const plaintext = decryptResource('0123456789abcdef0123456789abcdef', {
      algorithm: 'AEAD_AES_256_GCM',
      nonce: 'fdasflkja484',
      associated_data: 'transaction',
      ciphertext: 'DUcegK33A8MEOgdCtMPWwAdqzVjy3c3PSUd0ZmYkqr+HZBhZ2IIJKIjOKcbe3e1eNfXz6wxj1gnpkfSxBuiofdM+XsZnmix7IwF0B25KWYtGsEOG9FRKTCMBMExMI0VUQ+G+1XbIgQ==',
    });
    expect(JSON.parse(plaintext)).toEqual({ mchid: '1900000001', out_trade_no: 'P1', trade_state: 'SUCCESS', amount: { total: 1 } });
  });

  it('throws on a tampered tag, ciphertext or associated data instead of returning garbage', () => {
    const key = randomBytes(16).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from('abcdefghijkl'));
    cipher.setAAD(Buffer.from('transaction'));
    const enc = Buffer.concat([cipher.update('{"amount":{"total":100}}'), cipher.final(), cipher.getAuthTag()]);
    const good = { nonce: 'abcdefghijkl', associated_data: 'transaction', ciphertext: enc.toString('base64') };
    expect(decryptResource(key, good)).toBe('{"amount":{"total":100}}');
    const flip = (i: number) => {
      const copy = Buffer.from(enc);
      copy[i] = (copy[i] as number) ^ 1;
      return copy.toString('base64');
    };
    expect(() => decryptResource(key, { ...good, ciphertext: flip(enc.length - 1) })).toThrow();
    expect(() => decryptResource(key, { ...good, ciphertext: flip(3) })).toThrow();
    expect(() => decryptResource(key, { ...good, associated_data: 'refund' })).toThrow();
  });
});

describe('paySign (§6)', () => {
  it('signs the four lines with the merchant key so the merchant certificate verifies it', () => {
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p = { appId: 'wx1', timeStamp: '1414561699', nonceStr: 'abc', package: 'prepay_id=wx2014' };
    const sig = paySign(merchant.privateKey, p);
    const verify = (message: string) => rsaVerify('RSA-SHA256', Buffer.from(message), merchant.publicKey, Buffer.from(sig, 'base64'));
    expect(verify('wx1\n1414561699\nabc\nprepay_id=wx2014\n')).toBe(true);
    expect(verify('wx1\n1414561699\nabc\nprepay_id=wx2015\n')).toBe(false);
  });
});
