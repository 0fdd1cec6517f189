/**
 * Start-up options, the dev keys, and `POST /__sim/config`. Configuration is rebuilt from the
 * options on every reset, so a test's `/__sim/config` never leaks into the next test.
 */
import { DATASETS, DEPT_CODES, isDatasetCode, isDeptCode, isLicenseType, LICENSE_TYPE_DEFS, SHARE_TYPES, type DatasetCode, type DeptCode, type LicenseType, type ShareType } from './catalog';
import { FieldError } from './errors';
import type { DeptPersonInput } from './people';
import { SEED_FORM_SCHEMAS } from './seed';
import { SIGN_METHODS, type SignMethod } from './signing';
import type { AppGrant, AutoScenario, FieldRule, FieldType, FormSchema, SimConfig } from './state';
import { asRecord, asString, fieldName, optArray, optEnum, optInt, optNumber, optString, reqArray, reqEnum, reqString, reqUrl, type Obj } from './validate';

export interface DeptAppKey {
  appKey: string;
  appSecret: string;
  /** Default HMAC-SHA256. */
  signMethod?: SignMethod;
}

export interface DeptSimulatorKeys {
  /** Gateway credential (Layer A) our API presents. */
  paasId?: string;
  paasToken?: string;
  /** Our API's application key (Layer B, our API → departments). */
  client?: DeptAppKey;
  /** The key every department signs its callbacks with (Layer B, departments → our API)… */
  callback?: DeptAppKey;
  /** …unless one is given for that department here. */
  perDept?: Partial<Record<DeptCode, DeptAppKey>>;
}

export interface DeptSimulatorOptions {
  /** 0 = ephemeral. Default 0. */
  port?: number;
  /** Default 127.0.0.1: the `/__sim/*` controls are unauthenticated. */
  host?: string;
  /** Where callbacks go for cases submitted without `callbackUrl`. */
  callbackUrl?: string;
  /** Missing parts take the dev defaults (`DEPT_SIM_DEV_KEYS`). */
  keys?: DeptSimulatorKeys;
  /** Residents loaded at start and on every reset: true (default) = the built-in synthetic residents, false = none, or this list. */
  seed?: boolean | readonly DeptPersonInput[];
  /** Auto-processing at start and after reset (off by default). */
  auto?: { scenario: AutoScenario; stepDelayMs?: number };
}

/** Development credentials; never used outside a developer's machine or tests. */
export const DEPT_SIM_DEV_KEYS = {
  paasId: 'haizhu-dev',
  paasToken: 'dev-paas-token-0123456789abcdef',
  client: { appKey: 'haizhu-api-dev', appSecret: 'dev-app-secret', signMethod: 'HMAC-SHA256' },
  callback: { appKey: 'dept-dev', appSecret: 'dev-dept-secret', signMethod: 'HMAC-SHA256' },
} as const satisfies DeptSimulatorKeys;

function keyPair(key: DeptAppKey): { appKey: string; appSecret: string; signMethod: SignMethod } {
  return { appKey: key.appKey, appSecret: key.appSecret, signMethod: key.signMethod ?? 'HMAC-SHA256' };
}

/** The configuration a fresh (or reset) simulator starts with. */
export function bootConfig(options: DeptSimulatorOptions): SimConfig {
  const keys = options.keys ?? {};
  const client = keys.client ?? DEPT_SIM_DEV_KEYS.client;
  const callback = keys.callback ?? DEPT_SIM_DEV_KEYS.callback;
  const deptKeys = Object.fromEntries(DEPT_CODES.map((dept) => [dept, keyPair(keys.perDept?.[dept] ?? callback)])) as SimConfig['deptKeys'];
  return {
    paas: [{ paasId: keys.paasId ?? DEPT_SIM_DEV_KEYS.paasId, paasToken: keys.paasToken ?? DEPT_SIM_DEV_KEYS.paasToken }],
    apps: [{ ...keyPair(client), depts: ['*'], items: ['*'], datasets: ['*'] }],
    deptKeys,
    formSchemas: structuredClone({ ...SEED_FORM_SCHEMAS }),
    callbackUrl: options.callbackUrl,
    rateLimitPerSec: 50,
    authMaxUses: 20,
    catalogCodes: Object.fromEntries(Object.entries(LICENSE_TYPE_DEFS).map(([type, def]) => [type, def.catalogCode])) as Record<LicenseType, string>,
    shareTypes: Object.fromEntries(Object.entries(DATASETS).map(([code, def]) => [code, def.shareType])) as Record<DatasetCode, ShareType>,
  };
}

// ---------------------------------------------------------------- POST /__sim/config

function stringList(obj: Obj, key: string, prefix: string): string[] {
  const list = optArray(obj, key, prefix) ?? ['*'];
  return list.map((value, i) => {
    if (typeof value !== 'string' || value === '') throw new FieldError(fieldName(fieldName(prefix, key), i), 'must be a non-empty string');
    return value;
  });
}

function parseApp(raw: unknown, prefix: string): AppGrant {
  const obj = asRecord(raw, prefix);
  const depts = stringList(obj, 'depts', prefix);
  depts.forEach((dept, i) => {
    if (dept !== '*' && !isDeptCode(dept)) throw new FieldError(`${prefix}.depts[${i}]`, `must be one of ${DEPT_CODES.join(', ')} or *`);
  });
  const datasets = stringList(obj, 'datasets', prefix);
  datasets.forEach((code, i) => {
    if (code !== '*' && !isDatasetCode(code)) throw new FieldError(`${prefix}.datasets[${i}]`, 'is not a known dataset');
  });
  return {
    appKey: reqString(obj, 'appKey', prefix),
    appSecret: reqString(obj, 'appSecret', prefix),
    signMethod: optEnum(obj, 'signMethod', SIGN_METHODS, prefix) ?? 'HMAC-SHA256',
    depts,
    items: stringList(obj, 'items', prefix),
    datasets,
    ...(obj.rateLimitPerSec === undefined ? {} : { rateLimitPerSec: optInt(obj, 'rateLimitPerSec', prefix, { min: 1, max: 100_000 }) }),
  };
}

const FIELD_TYPES: readonly FieldType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array'];

function parseFieldRule(raw: unknown, prefix: string): FieldRule {
  const obj = asRecord(raw, prefix);
  const rule: FieldRule = { type: reqEnum(obj, 'type', FIELD_TYPES, prefix) };
  if (obj.required !== undefined) rule.required = obj.required === true;
  const maxLength = optInt(obj, 'maxLength', prefix, { min: 1 });
  if (maxLength !== undefined) rule.maxLength = maxLength;
  const min = optNumber(obj, 'min', prefix);
  if (min !== undefined) rule.min = min;
  const max = optNumber(obj, 'max', prefix);
  if (max !== undefined) rule.max = max;
  const allowed = optArray(obj, 'enum', prefix, { min: 1 });
  if (allowed) rule.enum = allowed.map((v, i) => asString(v, `${prefix}.enum[${i}]`));
  return rule;
}

export function parseFormSchema(raw: unknown, prefix: string): FormSchema {
  const obj = asRecord(raw, prefix);
  const fields = asRecord(obj.fields, fieldName(prefix, 'fields'));
  const deptCode = optEnum(obj, 'deptCode', DEPT_CODES, prefix);
  const itemName = optString(obj, 'itemName', prefix);
  return {
    version: reqString(obj, 'version', prefix),
    ...(deptCode === undefined ? {} : { deptCode }),
    ...(itemName === undefined ? {} : { itemName }),
    fields: Object.fromEntries(Object.entries(fields).map(([name, rule]) => [name, parseFieldRule(rule, fieldName(fieldName(prefix, 'fields'), name))])),
  };
}

/** Applies `POST /__sim/config`: `paas` and `apps` replace; `deptKeys`, `formSchemas`, `catalogCodes`, `shareTypes` merge per key; scalars replace. */
export function applyConfig(config: SimConfig, raw: unknown): SimConfig {
  const body = asRecord(raw, 'body');
  const next: SimConfig = structuredClone(config);
  if (body.paas !== undefined) {
    next.paas = reqArray(body, 'paas', '', { min: 1 }).map((entry, i) => {
      const obj = asRecord(entry, `paas[${i}]`);
      return { paasId: reqString(obj, 'paasId', `paas[${i}]`), paasToken: reqString(obj, 'paasToken', `paas[${i}]`) };
    });
  }
  if (body.apps !== undefined) next.apps = reqArray(body, 'apps', '', { min: 1 }).map((entry, i) => parseApp(entry, `apps[${i}]`));
  if (body.deptKeys !== undefined) {
    for (const [dept, key] of Object.entries(asRecord(body.deptKeys, 'deptKeys'))) {
      if (!isDeptCode(dept)) throw new FieldError(`deptKeys.${dept}`, `must be one of ${DEPT_CODES.join(', ')}`);
      const obj = asRecord(key, `deptKeys.${dept}`);
      next.deptKeys[dept] = { appKey: reqString(obj, 'appKey', `deptKeys.${dept}`), appSecret: reqString(obj, 'appSecret', `deptKeys.${dept}`), signMethod: optEnum(obj, 'signMethod', SIGN_METHODS, `deptKeys.${dept}`) ?? 'HMAC-SHA256' };
    }
  }
  if (body.formSchemas !== undefined) {
    for (const [itemCode, schema] of Object.entries(asRecord(body.formSchemas, 'formSchemas'))) {
      if (schema === null) delete next.formSchemas[itemCode];
      else next.formSchemas[itemCode] = parseFormSchema(schema, `formSchemas.${itemCode}`);
    }
  }
  if (body.callbackUrl !== undefined) next.callbackUrl = body.callbackUrl === null ? undefined : reqUrl(body, 'callbackUrl');
  if (body.rateLimitPerSec !== undefined) next.rateLimitPerSec = optInt(body, 'rateLimitPerSec', '', { min: 1, max: 100_000 }) ?? next.rateLimitPerSec;
  if (body.authMaxUses !== undefined) next.authMaxUses = optInt(body, 'authMaxUses', '', { min: 1, max: 10_000 }) ?? next.authMaxUses;
  if (body.catalogCodes !== undefined) {
    for (const [type, code] of Object.entries(asRecord(body.catalogCodes, 'catalogCodes'))) {
      if (!isLicenseType(type)) throw new FieldError(`catalogCodes.${type}`, 'is not a licence type');
      next.catalogCodes[type] = asString(code, `catalogCodes.${type}`);
    }
  }
  if (body.shareTypes !== undefined) {
    for (const [code, shareType] of Object.entries(asRecord(body.shareTypes, 'shareTypes'))) {
      if (!isDatasetCode(code)) throw new FieldError(`shareTypes.${code}`, 'is not a dataset');
      const match = SHARE_TYPES.find((t) => t === shareType);
      if (match === undefined) throw new FieldError(`shareTypes.${code}`, `must be one of ${SHARE_TYPES.join(', ')}`);
      next.shareTypes[code] = match;
    }
  }
  return next;
}
