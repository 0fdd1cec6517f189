/**
 * Consent (§5.1): an authToken binds one subject, a scope (datasets and licence types) and a
 * purpose; TTL ≤ 1800 s, at most `maxUses` uses. Every data, licence and lookup call that needs
 * one goes through `useToken`, which answers 10006 for anything missing, expired, revoked,
 * used up or out of scope.
 */
import { randomBytes } from 'node:crypto';

import { DATASETS, isDatasetCode, isLicenseType, LICENSE_TYPE_DEFS, type DatasetCode, type LicenseType } from './catalog';
import { grants } from './cases';
import { DeptError, FieldError } from './errors';
import { beijingTime } from './format';
import { isValidResidentId } from './ids';
import type { AppGrant, AuthTokenRecord, ScopeEntry, SimState } from './state';
import { asRecord, fieldName, optInt, optString, reqArray, reqObject, reqString, reqTime, type Obj } from './validate';

export const MAX_TTL_SEC = 1800;

export interface Subject {
  idType: string;
  idNumber: string;
  name: string;
}

/** `{idType:"111", idNumber, name}`: residents are identified by their ID number here. */
export function parseSubject(body: Obj, key: string): Subject {
  const subject = reqObject(body, key);
  const idType = reqString(subject, 'idType', key);
  if (idType !== '111') throw new FieldError(fieldName(key, 'idType'), 'must be 111 (居民身份证)');
  const idNumber = reqString(subject, 'idNumber', key, { max: 18 });
  if (!isValidResidentId(idNumber)) throw new FieldError(fieldName(key, 'idNumber'), 'must be an 18-character ID number with a valid GB 11643 check digit');
  return { idType, idNumber, name: reqString(subject, 'name', key, { max: 50 }) };
}

/** The resident's name must match the ID number when the exchange knows the resident (10001 `<key>.name`). */
export function nameMustMatch(state: SimState, subject: Subject, key: string): void {
  const person = state.people.get(subject.idNumber);
  if (person && person.name !== subject.name) throw new FieldError(fieldName(key, 'name'), 'does not match the ID number');
}

export interface Purpose {
  itemCode?: string;
  applicationNo?: string;
  text?: string;
}

export function parsePurpose(body: Obj, key: string, textRequired: boolean): Purpose | undefined {
  if (body[key] === undefined || body[key] === null) {
    if (textRequired) throw new FieldError(key, 'must be an object');
    return undefined;
  }
  const purpose = asRecord(body[key], key);
  return {
    itemCode: optString(purpose, 'itemCode', key, { max: 64 }),
    applicationNo: optString(purpose, 'applicationNo', key, { max: 64 }),
    text: textRequired ? reqString(purpose, 'text', key, { max: 200 }) : optString(purpose, 'text', key, { max: 200 }),
  };
}

function parseScope(list: unknown[], app: AppGrant, state: SimState): ScopeEntry[] {
  return list.map((raw, i) => {
    const at = fieldName('scope', i);
    const entry = asRecord(raw, at);
    if (entry.datasetCode !== undefined) {
      if (!isDatasetCode(entry.datasetCode)) throw new FieldError(fieldName(at, 'datasetCode'), 'is not a known dataset');
      const code: DatasetCode = entry.datasetCode;
      if (state.config.shareTypes[code] === 'NOT_SHARED') throw new DeptError('10005', `dataset ${code} is not shared`, { datasetCode: code });
      if (!grants(app.datasets, code) || !grants(app.depts, DATASETS[code].deptCode)) throw new DeptError('10005', `app key ${app.appKey} is not authorised for dataset ${code}`, { datasetCode: code });
      return { datasetCode: code };
    }
    if (entry.licenseType !== undefined) {
      if (!isLicenseType(entry.licenseType)) throw new FieldError(fieldName(at, 'licenseType'), 'is not a known licence type');
      const type: LicenseType = entry.licenseType;
      if (!grants(app.depts, LICENSE_TYPE_DEFS[type].issuerDept)) throw new DeptError('10005', `app key ${app.appKey} is not authorised for licences of ${LICENSE_TYPE_DEFS[type].issuerDept}`, { licenseType: type });
      return { licenseType: type };
    }
    throw new FieldError(at, 'must name a datasetCode or a licenseType');
  });
}

/** `POST /v1/authorizations`. */
export function authorize(state: SimState, app: AppGrant, body: Obj): Record<string, unknown> {
  const consentId = reqString(body, 'consentId', '', { max: 64 });
  const subject = parseSubject(body, 'subject');
  const scope = parseScope(reqArray(body, 'scope', '', { min: 1, max: 20 }), app, state);
  const purpose = parsePurpose(body, 'purpose', true) ?? {};
  const evidence = reqObject(body, 'evidence');
  reqString(evidence, 'method', 'evidence', { max: 32 });
  reqTime(evidence, 'verifiedAt', 'evidence');
  reqString(evidence, 'ref', 'evidence', { max: 64 });
  const ttlSec = optInt(body, 'ttlSec', '', { min: 1, max: MAX_TTL_SEC }) ?? MAX_TTL_SEC;
  nameMustMatch(state, subject, 'subject');

  const now = state.now();
  const record: AuthTokenRecord = {
    authToken: `AT-${randomBytes(18).toString('base64url')}`,
    consentId,
    appKey: app.appKey,
    subject,
    scope,
    purpose: { ...purpose, text: purpose.text ?? '' },
    evidence,
    issuedAt: now,
    expiresAt: now + ttlSec * 1000,
    maxUses: state.config.authMaxUses,
    uses: 0,
    revokedAt: undefined,
  };
  state.tokens.set(record.authToken, record);
  return { authToken: record.authToken, expiresAt: beijingTime(record.expiresAt), scope, maxUses: record.maxUses };
}

/** `DELETE /v1/authorizations/{authToken}`; only the issuing app key may revoke. */
export function revoke(state: SimState, app: AppGrant, authToken: string): Record<string, unknown> {
  const record = state.tokens.get(authToken);
  if (!record || record.appKey !== app.appKey) throw new DeptError('10006', 'unknown authToken');
  record.revokedAt ??= state.now();
  return { authToken, revoked: true };
}

export interface TokenUse {
  subjectIdNumber: string;
  purpose?: Purpose;
  /** False when the token's scope does not cover the call. */
  inScope?: (record: AuthTokenRecord) => boolean;
}

/**
 * Checks an authToken for one call and counts the use. Missing, unknown, another caller's,
 * revoked, expired, used-up, another subject's, or another purpose's token → 10006.
 */
export function useToken(state: SimState, app: AppGrant, authToken: string | undefined, use: TokenUse): AuthTokenRecord {
  if (authToken === undefined || authToken === '') throw new DeptError('10006', 'authToken missing');
  const record = state.tokens.get(authToken);
  if (!record || record.appKey !== app.appKey) throw new DeptError('10006', 'authToken unknown');
  if (record.revokedAt !== undefined) throw new DeptError('10006', 'authToken revoked');
  if (state.now() >= record.expiresAt) throw new DeptError('10006', 'authToken expired');
  if (record.uses >= record.maxUses) throw new DeptError('10006', `authToken used up (maxUses ${record.maxUses})`);
  if (record.subject.idNumber !== use.subjectIdNumber) throw new DeptError('10006', 'authToken was granted for another subject');
  const purpose = use.purpose;
  if (purpose?.itemCode !== undefined && record.purpose.itemCode !== undefined && purpose.itemCode !== record.purpose.itemCode) {
    throw new DeptError('10006', 'authToken was granted for another item (purpose.itemCode)');
  }
  if (purpose?.applicationNo !== undefined && record.purpose.applicationNo !== undefined && purpose.applicationNo !== record.purpose.applicationNo) {
    throw new DeptError('10006', 'authToken was granted for another application (purpose.applicationNo)');
  }
  if (use.inScope && !use.inScope(record)) throw new DeptError('10006', 'authToken scope does not cover this call');
  record.uses += 1;
  return record;
}

export function scopeHasDataset(record: AuthTokenRecord, code: DatasetCode): boolean {
  return record.scope.some((entry) => 'datasetCode' in entry && entry.datasetCode === code);
}

export function scopeLicenseTypes(record: AuthTokenRecord): LicenseType[] {
  return record.scope.flatMap((entry) => ('licenseType' in entry ? [entry.licenseType] : []));
}

/** Out-of-band revocation (`/__sim/authz/{authToken}/revoke`). */
export function revokeOutOfBand(state: SimState, authToken: string): AuthTokenRecord | undefined {
  const record = state.tokens.get(authToken);
  if (record) record.revokedAt ??= state.now();
  return record;
}
