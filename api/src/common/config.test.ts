import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig } from './config';

const base = { DATABASE_URL: 'postgres://app:s3cret-pw@db.internal:5432/haizhu' };

describe('parseConfig', () => {
  it('applies documented defaults', () => {
    const config = parseConfig(base);
    expect(config.port).toBe(7001);
    expect(config.crypto.mode).toBe('standard');
    expect(config.crypto.activeKeyId).toBe('dev1');
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ ...base, PORT: 'seventy' })).toThrow(/PORT/);
    expect(() => parseConfig({})).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ ...base, FIELD_ENCRYPTION_KEYS: 'k1:short' })).toThrow(/FIELD_ENCRYPTION_KEYS/);
  });

  it('refuses development secrets and default passwords in production', () => {
    expect(() => parseConfig({ ...base, NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      parseConfig({ ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://postgres:postgres@db/x' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/FIELD_ENCRYPTION_KEYS/);
      expect(message).toMatch(/BLIND_INDEX_KEY/);
      expect(message).toMatch(/WECHAT_SECRET/);
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/COURIER_CHECKWORD/);
    }
    // Crash injection exists for the fault suite only.
    expect(() => parseConfig({ ...base, NODE_ENV: 'production', FAULT_CRASH_DIR: '/tmp/crash' })).toThrow(/FAULT_CRASH_DIR/);
  });

  it('turns WeChat Pay on only when the merchant key, serial and APIv3 key are all given', () => {
    expect(parseConfig(base).wxpay.merchant).toBeNull();
    const on = parseConfig({ ...base, WXPAY_MERCHANT_SERIAL: 'ABCDEF', WXPAY_MERCHANT_PRIVATE_KEY_FILE: '/keys/apiclient_key.pem', WXPAY_API_V3_KEY: 'a'.repeat(32) });
    expect(on.wxpay.merchant).toEqual({ serialNo: 'ABCDEF', privateKeyFile: '/keys/apiclient_key.pem', apiV3Key: 'a'.repeat(32) });
    expect(on.wxpay.notifyUrl).toBe('http://127.0.0.1:7001/api/v1/callbacks/wechatpay');
    expect(() => parseConfig({ ...base, WXPAY_API_V3_KEY: 'short' })).toThrow(/WXPAY_API_V3_KEY/);
  });

  it('starts in production with real secrets', () => {
    const config = parseConfig({
      ...base,
      NODE_ENV: 'production',
      FIELD_ENCRYPTION_KEYS: `p1:${randomBytes(32).toString('base64')}`,
      FIELD_ENCRYPTION_ACTIVE_KEY: 'p1',
      BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      WECHAT_SECRET: 'a-real-secret',
      EXCHANGE_PAAS_TOKEN: 'real-paas-token-xyz',
      EXCHANGE_APP_SECRET: 'real-app-secret-xyz',
      EXCHANGE_CALLBACK_KEYS: 'rs-prod:real-callback-secret',
      EXCHANGE_FILE_URL_KEY: randomBytes(24).toString('base64'),
      COURIER_CHECKWORD: 'a-real-check-word',
    });
    expect(config.env).toBe('production');
  });
});
