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
    }
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
    });
    expect(config.env).toBe('production');
  });
});
