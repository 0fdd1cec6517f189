import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Configuration is read from the environment once, at boot, by this schema. A bad or missing
 * variable stops the process with its name; production refuses the development secrets below.
 */

/** Well-known development secrets: fine on a laptop, refused when NODE_ENV=production. */
export const DEV_SECRETS = {
  fieldKey: devKey('field-encryption'),
  blindIndexKey: devKey('blind-index'),
  wechatSecret: 'dev-wechat-secret',
  exchangePaasToken: 'dev-paas-token-0123456789abcdef',
  exchangeAppSecret: 'dev-app-secret',
  exchangeCallbackKeys: 'dept-dev:dev-dept-secret',
  fileUrlKey: devKey('exchange-file-urls'),
  courierCheckWord: 'HZZWdevCheckWord0123456789abcdef',
};

function devKey(purpose: string): string {
  return createHash('sha256').update(`haizhu-dev-only:${purpose}`).digest('base64');
}

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const keyList = z
  .string()
  .transform((raw, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [kid, b64] = part.split(':');
      const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      if (!kid || !/^[A-Za-z0-9_-]{1,16}$/.test(kid) || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'expected "kid:<32 bytes base64>[,kid2:…]"' });
        return z.NEVER;
      }
      keys.set(kid, key);
    }
    if (keys.size === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one key is required' });
      return z.NEVER;
    }
    return keys;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(7001),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  MIGRATE_ON_BOOT: bool.default(true),
  CRYPTO_MODE: z.enum(['standard', 'guomi']).default('standard'),
  FIELD_ENCRYPTION_KEYS: z.string().default(`dev1:${DEV_SECRETS.fieldKey}`).pipe(keyList),
  FIELD_ENCRYPTION_ACTIVE_KEY: z.string().default('dev1'),
  BLIND_INDEX_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes, base64')
    .default(DEV_SECRETS.blindIndexKey),
  RESIDENT_SESSION_HOURS: z.coerce.number().positive().default(168),
  STAFF_SESSION_HOURS: z.coerce.number().positive().default(10),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  PROGRESS_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  STAFF_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  STAFF_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  STAFF_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WECHAT_API_BASE: z.url().default('http://127.0.0.1:7101'),
  WECHAT_APPID: z.string().min(1).default('wxdev0000000000000'),
  WECHAT_SECRET: z.string().min(1).default(DEV_SECRETS.wechatSecret),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  // Subscribe-message template ids (公众平台 → 订阅消息), one per group of events; see notification.templates.ts.
  WECHAT_TEMPLATE_BOOKING: z.string().min(1).max(128).default('dev-tmpl-booking'),
  WECHAT_TEMPLATE_QUEUE: z.string().min(1).max(128).default('dev-tmpl-queue'),
  WECHAT_TEMPLATE_CASE: z.string().min(1).max(128).default('dev-tmpl-case'),
  WECHAT_TEMPLATE_COURIER: z.string().min(1).max(128).default('dev-tmpl-courier'),
  WECHAT_TEMPLATE_PAYMENT: z.string().min(1).max(128).default('dev-tmpl-payment'),
  WECHAT_TEMPLATE_CONSULTATION: z.string().min(1).max(128).default('dev-tmpl-consultation'),
  BOOKING_WINDOW_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  CANCEL_CUTOFF_MINUTES: z.coerce.number().int().min(0).default(120),
  NO_SHOW_LIMIT: z.coerce.number().int().min(1).default(3),
  NO_SHOW_WINDOW_DAYS: z.coerce.number().int().min(1).default(90),
  NO_SHOW_RESTRICTION_DAYS: z.coerce.number().int().min(1).default(30),
  NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(0).default(15),
  CHECK_IN_EARLY_MINUTES: z.coerce.number().int().min(0).default(30),
  CALL_TIMEOUT_MINUTES: z.coerce.number().positive().default(3),
  DEFAULT_SERVICE_MINUTES: z.coerce.number().positive().default(8),
  JOBS_ENABLED: bool.default(true),
  JOB_LOCK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(4 * 3600).default(300),
  FAULT_CRASH_DIR: z.string().optional(),
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:7001'),
  EXCHANGE_BASE: z.url().default('http://127.0.0.1:7201'),
  EXCHANGE_PAAS_ID: z.string().min(1).default('haizhu-dev'),
  EXCHANGE_PAAS_TOKEN: z.string().min(8).default(DEV_SECRETS.exchangePaasToken),
  EXCHANGE_APP_KEY: z.string().min(1).default('haizhu-api-dev'),
  EXCHANGE_APP_SECRET: z.string().min(8).default(DEV_SECRETS.exchangeAppSecret),
  EXCHANGE_SIGN_METHOD: z.enum(['HMAC-SHA256', 'HMAC-SM3']).default('HMAC-SHA256'),
  EXCHANGE_CALLBACK_KEYS: z
    .string()
    .default(DEV_SECRETS.exchangeCallbackKeys)
    .transform((raw, ctx) => {
      const keys = new Map<string, string>();
      for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
        const i = part.indexOf(':');
        if (i <= 0 || i === part.length - 1) {
          ctx.addIssue({ code: 'custom', message: 'expected "appKey:secret[,appKey2:secret2]"' });
          return z.NEVER;
        }
        keys.set(part.slice(0, i), part.slice(i + 1));
      }
      return keys;
    }),
  EXCHANGE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  EXCHANGE_FILE_URL_KEY: z.string().min(16).default(DEV_SECRETS.fileUrlKey),
  WXPAY_API_BASE: z.url().default('http://127.0.0.1:7301'),
  WXPAY_MCHID: z.string().regex(/^\d{1,32}$/, 'digits').default('1900000001'),
  WXPAY_APPID: z.string().min(1).optional(),
  WXPAY_MERCHANT_SERIAL: z.string().regex(/^[0-9A-Fa-f]{1,64}$/, 'hex certificate serial').optional(),
  WXPAY_MERCHANT_PRIVATE_KEY_FILE: z.string().optional(),
  WXPAY_API_V3_KEY: z.string().length(32, 'must be 32 ASCII characters').optional(),
  WXPAY_PLATFORM_PUBLIC_KEY_FILE: z.string().optional(),
  WXPAY_PUBLIC_KEY_ID: z.string().regex(/^PUB_KEY_ID_\w+$/, 'like PUB_KEY_ID_0114…').optional(),
  WXPAY_NOTIFY_URL: z.url().optional(),
  WXPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  PAYMENT_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  COURIER_BASE: z.url().default('http://127.0.0.1:7351'),
  COURIER_PARTNER_ID: z.string().min(1).default('HZZW_DEV'),
  COURIER_CHECKWORD: z.string().min(8).default(DEV_SECRETS.courierCheckWord),
  COURIER_MONTHLY_CARD: z.string().min(1).default('0201234567'),
  COURIER_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  COURIER_POSTAGE_FEN: z.coerce.number().int().min(0).max(100_000).default(0),
  COURIER_PICKUP_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  EVALUATION_RECTIFY_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(15),
  CONSULTATION_RESPONSE_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(1),
  FILE_STORAGE_DIR: z.string().default(join(__dirname, '..', '..', '..', '.data', 'files')),
  FILE_MAX_MB: z.coerce.number().positive().max(100).default(10),
  H5_DIST: z.string().default(join(__dirname, '..', '..', '..', 'miniapp', 'dist', 'h5')),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'like "1mb" or "512kb"').default('1mb'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FILE: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  databaseUrl: string;
  dbPoolMax: number;
  migrateOnBoot: boolean;
  crypto: {
    mode: Env['CRYPTO_MODE'];
    keys: Map<string, Buffer>;
    activeKeyId: string;
    blindIndexKey: Buffer;
  };
  sessions: { residentHours: number; staffHours: number };
  staffLogin: { maxFailures: number; lockoutMinutes: number; ratePerMinute: number };
  /** WeChat logins per client IP per minute */
  loginRatePerMinute: number;
  /** 办件查询 by number + query code, per client IP: the code is only 6 digits */
  progressRatePerMinute: number;
  wechat: { apiBase: string; appid: string; secret: string; timeoutMs: number };
  /** subscribe-message template ids by our template key (distinct: consent is counted per id) */
  notification: { templates: { booking: string; queue: string; case: string; courier: string; payment: string; consultation: string } };
  booking: {
    windowWorkingDays: number;
    cancelCutoffMinutes: number;
    noShowLimit: number;
    noShowWindowDays: number;
    noShowRestrictionDays: number;
    noShowGraceMinutes: number;
    checkInEarlyMinutes: number;
  };
  queue: { callTimeoutMinutes: number; defaultServiceMinutes: number };
  jobsEnabled: boolean;
  /** a job locked longer than this belongs to a dead worker and is run again */
  jobLockTimeoutSeconds: number;
  /** crash injection for the fault suite: named points where the process kills itself once (never in production) */
  faults: { crashDir: string | null };
  publicBaseUrl: string;
  exchange: {
    base: string;
    paasId: string;
    paasToken: string;
    appKey: string;
    appSecret: string;
    signMethod: 'HMAC-SHA256' | 'HMAC-SM3';
    /** keys departments sign their callbacks with: appKey → secret */
    callbackKeys: Map<string, string>;
    timeoutMs: number;
    fileUrlKey: string;
  };
  /** WeChat Pay (直连商户); `merchant` is null where no key is configured (payments then unavailable). */
  wxpay: {
    apiBase: string;
    mchid: string;
    appid: string;
    merchant: { serialNo: string; privateKeyFile: string; apiV3Key: string } | null;
    platformPublicKey: { id: string; file: string } | null;
    notifyUrl: string;
    timeoutMs: number;
    expireMinutes: number;
  };
  courier: { base: string; partnerId: string; checkWord: string; monthlyCard: string; timeoutMs: number; postageFen: number; pickupDays: number };
  /** 好差评: working days a department or hall has to rectify and answer a 差评 */
  evaluation: { rectifyWorkingDays: number };
  consultation: { responseWorkingDays: number };
  files: { dir: string; maxBytes: number };
  h5Dist: string;
  bodyLimit: string;
  log: { level: Env['LOG_LEVEL']; file?: string };
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function parseConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!e.FIELD_ENCRYPTION_KEYS.has(e.FIELD_ENCRYPTION_ACTIVE_KEY)) {
    throw new ConfigError('Invalid configuration:\n  FIELD_ENCRYPTION_ACTIVE_KEY: not one of FIELD_ENCRYPTION_KEYS');
  }
  if (e.NODE_ENV === 'production') refuseDevelopmentSecrets(e);
  const templates = { booking: e.WECHAT_TEMPLATE_BOOKING, queue: e.WECHAT_TEMPLATE_QUEUE, case: e.WECHAT_TEMPLATE_CASE, courier: e.WECHAT_TEMPLATE_COURIER, payment: e.WECHAT_TEMPLATE_PAYMENT, consultation: e.WECHAT_TEMPLATE_CONSULTATION };
  if (new Set(Object.values(templates)).size !== Object.keys(templates).length) {
    throw new ConfigError('Invalid configuration:\n  WECHAT_TEMPLATE_*: every template id must be different (consent is counted per template id)');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    migrateOnBoot: e.MIGRATE_ON_BOOT,
    crypto: {
      mode: e.CRYPTO_MODE,
      keys: e.FIELD_ENCRYPTION_KEYS,
      activeKeyId: e.FIELD_ENCRYPTION_ACTIVE_KEY,
      blindIndexKey: Buffer.from(e.BLIND_INDEX_KEY, 'base64'),
    },
    sessions: { residentHours: e.RESIDENT_SESSION_HOURS, staffHours: e.STAFF_SESSION_HOURS },
    staffLogin: { maxFailures: e.STAFF_LOGIN_MAX_FAILURES, lockoutMinutes: e.STAFF_LOCKOUT_MINUTES, ratePerMinute: e.STAFF_LOGIN_RATE_PER_MINUTE },
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    progressRatePerMinute: e.PROGRESS_RATE_PER_MINUTE,
    wechat: { apiBase: e.WECHAT_API_BASE, appid: e.WECHAT_APPID, secret: e.WECHAT_SECRET, timeoutMs: e.WECHAT_TIMEOUT_MS },
    notification: { templates },
    booking: {
      windowWorkingDays: e.BOOKING_WINDOW_WORKING_DAYS,
      cancelCutoffMinutes: e.CANCEL_CUTOFF_MINUTES,
      noShowLimit: e.NO_SHOW_LIMIT,
      noShowWindowDays: e.NO_SHOW_WINDOW_DAYS,
      noShowRestrictionDays: e.NO_SHOW_RESTRICTION_DAYS,
      noShowGraceMinutes: e.NO_SHOW_GRACE_MINUTES,
      checkInEarlyMinutes: e.CHECK_IN_EARLY_MINUTES,
    },
    queue: { callTimeoutMinutes: e.CALL_TIMEOUT_MINUTES, defaultServiceMinutes: e.DEFAULT_SERVICE_MINUTES },
    jobsEnabled: e.JOBS_ENABLED,
    jobLockTimeoutSeconds: e.JOB_LOCK_TIMEOUT_SECONDS,
    faults: { crashDir: e.FAULT_CRASH_DIR ?? null },
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    exchange: {
      base: e.EXCHANGE_BASE.replace(/\/$/, ''),
      paasId: e.EXCHANGE_PAAS_ID,
      paasToken: e.EXCHANGE_PAAS_TOKEN,
      appKey: e.EXCHANGE_APP_KEY,
      appSecret: e.EXCHANGE_APP_SECRET,
      signMethod: e.EXCHANGE_SIGN_METHOD,
      callbackKeys: e.EXCHANGE_CALLBACK_KEYS,
      timeoutMs: e.EXCHANGE_TIMEOUT_MS,
      fileUrlKey: e.EXCHANGE_FILE_URL_KEY,
    },
    wxpay: {
      apiBase: e.WXPAY_API_BASE.replace(/\/$/, ''),
      mchid: e.WXPAY_MCHID,
      appid: e.WXPAY_APPID ?? e.WECHAT_APPID,
      merchant:
        e.WXPAY_MERCHANT_SERIAL && e.WXPAY_MERCHANT_PRIVATE_KEY_FILE && e.WXPAY_API_V3_KEY
          ? { serialNo: e.WXPAY_MERCHANT_SERIAL, privateKeyFile: e.WXPAY_MERCHANT_PRIVATE_KEY_FILE, apiV3Key: e.WXPAY_API_V3_KEY }
          : null,
      platformPublicKey: e.WXPAY_PLATFORM_PUBLIC_KEY_FILE && e.WXPAY_PUBLIC_KEY_ID ? { id: e.WXPAY_PUBLIC_KEY_ID, file: e.WXPAY_PLATFORM_PUBLIC_KEY_FILE } : null,
      notifyUrl: e.WXPAY_NOTIFY_URL ?? `${e.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/callbacks/wechatpay`,
      timeoutMs: e.WXPAY_TIMEOUT_MS,
      expireMinutes: e.PAYMENT_EXPIRE_MINUTES,
    },
    courier: {
      base: e.COURIER_BASE.replace(/\/$/, ''),
      partnerId: e.COURIER_PARTNER_ID,
      checkWord: e.COURIER_CHECKWORD,
      monthlyCard: e.COURIER_MONTHLY_CARD,
      timeoutMs: e.COURIER_TIMEOUT_MS,
      postageFen: e.COURIER_POSTAGE_FEN,
      pickupDays: e.COURIER_PICKUP_DAYS,
    },
    evaluation: { rectifyWorkingDays: e.EVALUATION_RECTIFY_WORKING_DAYS },
    consultation: { responseWorkingDays: e.CONSULTATION_RESPONSE_WORKING_DAYS },
    files: { dir: e.FILE_STORAGE_DIR, maxBytes: Math.round(e.FILE_MAX_MB * 1024 * 1024) },
    h5Dist: e.H5_DIST,
    bodyLimit: e.BODY_LIMIT,
    log: { level: e.LOG_LEVEL, file: e.LOG_FILE },
  };
}

function refuseDevelopmentSecrets(e: Env): void {
  const problems: string[] = [];
  const devField = Buffer.from(DEV_SECRETS.fieldKey, 'base64');
  if ([...e.FIELD_ENCRYPTION_KEYS.values()].some((k) => k.equals(devField))) {
    problems.push('FIELD_ENCRYPTION_KEYS: the development key is not allowed in production');
  }
  if (e.BLIND_INDEX_KEY === DEV_SECRETS.blindIndexKey) problems.push('BLIND_INDEX_KEY: the development key is not allowed in production');
  if (e.WECHAT_SECRET === DEV_SECRETS.wechatSecret) problems.push('WECHAT_SECRET: the development secret is not allowed in production');
  if (e.EXCHANGE_PAAS_TOKEN === DEV_SECRETS.exchangePaasToken) problems.push('EXCHANGE_PAAS_TOKEN: the development token is not allowed in production');
  if (e.EXCHANGE_APP_SECRET === DEV_SECRETS.exchangeAppSecret) problems.push('EXCHANGE_APP_SECRET: the development secret is not allowed in production');
  if ([...e.EXCHANGE_CALLBACK_KEYS.values()].includes('dev-dept-secret')) problems.push('EXCHANGE_CALLBACK_KEYS: the development key is not allowed in production');
  if (e.EXCHANGE_FILE_URL_KEY === DEV_SECRETS.fileUrlKey) problems.push('EXCHANGE_FILE_URL_KEY: the development key is not allowed in production');
  if (e.FAULT_CRASH_DIR) problems.push('FAULT_CRASH_DIR: crash injection is for the fault suite, never production');
  if (e.COURIER_CHECKWORD === DEV_SECRETS.courierCheckWord) problems.push('COURIER_CHECKWORD: the development check word is not allowed in production');
  const password = safeUrlPassword(e.DATABASE_URL);
  if (!password || ['postgres', 'password', '123456', 'admin'].includes(password)) {
    problems.push('DATABASE_URL: production needs a database password that is not empty or a default');
  }
  if (problems.length) throw new ConfigError(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
}

function safeUrlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
