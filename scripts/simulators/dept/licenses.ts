/**
 * E-licences (电子证照, §6): search by holder within the token's scope, one licence by id, file
 * renditions behind ≤ 5-minute download URLs with hashes and a seal signature, and verification
 * of a file hash against what the platform issued.
 *
 * The renditions are synthetic: the "OFD" is a small XML text, not a GB/T 33190 container, and
 * the seal is an SM2 (or, where the runtime lacks SM2, ECDSA P-256) signature by a key generated
 * at start-up. Hashes and flows are real; the documents are not.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { LICENSE_TYPE_DEFS, LICENSE_TYPES, type LicenseStatus, type LicenseType } from './catalog';
import { grants } from './cases';
import { nameMustMatch, parsePurpose, parseSubject, scopeLicenseTypes, useToken, type Purpose } from './consent';
import { DeptError, FieldError } from './errors';
import { LICENSE_URL_TTL_MS, publishFile, simplePdf } from './files';
import { beijingDate, beijingTime } from './format';
import { licensesOf } from './people';
import type { Runtime } from './runtime';
import type { AppGrant, LicenseRecord, SimState } from './state';
import { HEX64, optArray, optEnum, optString, reqString, type Obj } from './validate';

interface Seal {
  alg: string;
  hash: 'sm3' | 'sha256';
  key: KeyObject;
  certSerial: string;
}

let seal: Seal | undefined;

/** The simulator's seal key, made on first use: SM2 with SM3 when OpenSSL offers it. */
function sealKey(): Seal {
  if (seal) return seal;
  let made: { key: KeyObject; alg: string; hash: 'sm3' | 'sha256' };
  try {
    made = { key: generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey, alg: 'SM2-SM3', hash: 'sm3' };
    sign('sm3', Buffer.from('probe'), made.key);
  } catch {
    made = { key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, alg: 'ECDSA-SHA256', hash: 'sha256' };
  }
  const der = createPublicKey(made.key).export({ type: 'spki', format: 'der' });
  seal = { ...made, certSerial: createHash('sha256').update(der).digest('hex').slice(0, 32).toUpperCase() };
  return seal;
}

/** VALID licences past `validTo` (Beijing date of the simulator clock) read as EXPIRED. */
export function effectiveStatus(state: SimState, licence: LicenseRecord): LicenseStatus {
  if (licence.status === 'VALID' && licence.validTo !== null && licence.validTo < beijingDate(state.now())) return 'EXPIRED';
  return licence.status;
}

export function licenseView(state: SimState, licence: LicenseRecord): Record<string, unknown> {
  return {
    licenseId: licence.licenseId,
    licenseType: licence.licenseType,
    catalogCode: state.config.catalogCodes[licence.licenseType],
    licenseName: LICENSE_TYPE_DEFS[licence.licenseType].name,
    licenseNumber: licence.licenseNumber,
    holder: { name: licence.holderName, idType: '111', idNumber: licence.holderIdNumber },
    issuer: licence.issuer,
    issueDate: licence.issueDate,
    validFrom: licence.validFrom,
    validTo: licence.validTo,
    status: effectiveStatus(state, licence),
    version: licence.version,
    surface: licence.surface,
  };
}

function licenceTypesGranted(app: AppGrant, types: readonly LicenseType[]): LicenseType[] {
  return types.filter((type) => grants(app.depts, LICENSE_TYPE_DEFS[type].issuerDept));
}

/** `POST /v1/licenses/search`: the holder's licences of the requested types that the token covers; unissued types are simply absent. */
export function searchLicenses(state: SimState, app: AppGrant, body: Obj): Record<string, unknown> {
  const holder = parseSubject(body, 'holder');
  const requested = optArray(body, 'licenseTypes', '', { min: 1, max: LICENSE_TYPES.length });
  requested?.forEach((type, i) => {
    if (typeof type !== 'string' || !(LICENSE_TYPES as readonly string[]).includes(type)) throw new FieldError(`licenseTypes[${i}]`, `must be one of ${LICENSE_TYPES.join(', ')}`);
  });
  const purpose = parsePurpose(body, 'purpose', false);
  const authToken = optString(body, 'authToken', '', { max: 128 });
  const wanted = licenceTypesGranted(app, (requested as LicenseType[] | undefined) ?? LICENSE_TYPES);
  if (wanted.length === 0) throw new DeptError('10005', `app key ${app.appKey} is not authorised for the requested licence types`);
  const record = useToken(state, app, authToken, {
    subjectIdNumber: holder.idNumber,
    purpose,
    inScope: (token) => scopeLicenseTypes(token).some((type) => wanted.includes(type)),
  });
  nameMustMatch(state, holder, 'holder');
  const allowed = new Set(scopeLicenseTypes(record).filter((type) => wanted.includes(type)));
  const licenses = licensesOf(state, holder.idNumber).filter((licence) => allowed.has(licence.licenseType));
  return { licenses: licenses.map((licence) => licenseView(state, licence)) };
}

function requireLicense(state: SimState, licenseId: string): LicenseRecord {
  const licence = state.licenses.get(licenseId);
  if (!licence) throw new DeptError('30002', `licence ${licenseId} not found`);
  return licence;
}

function useLicenceToken(state: SimState, app: AppGrant, licence: LicenseRecord, authToken: string | undefined, purpose?: Purpose): void {
  if (!grants(app.depts, LICENSE_TYPE_DEFS[licence.licenseType].issuerDept)) throw new DeptError('10005', `app key ${app.appKey} is not authorised for ${licence.licenseType}`);
  useToken(state, app, authToken, {
    subjectIdNumber: licence.holderIdNumber,
    purpose,
    inScope: (token) => scopeLicenseTypes(token).includes(licence.licenseType),
  });
}

/** `GET /v1/licenses/{licenseId}` with the token in `X-Auth-Token`. */
export function getLicense(state: SimState, app: AppGrant, licenseId: string, authToken: string | undefined): Record<string, unknown> {
  const licence = requireLicense(state, licenseId);
  useLicenceToken(state, app, licence, authToken);
  return licenseView(state, licence);
}

type Format = 'OFD' | 'PDF';

const MIME: Readonly<Record<Format, string>> = { OFD: 'application/ofd', PDF: 'application/pdf' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] ?? ch);
}

/** The rendition bytes: deterministic for (licence, version, format, watermark). */
export function renditionBytes(licence: LicenseRecord, format: Format, watermark: string | undefined): Buffer {
  const fields: [string, string][] = [
    ['licenseName', LICENSE_TYPE_DEFS[licence.licenseType].name],
    ['licenseNumber', licence.licenseNumber],
    ['holderName', licence.holderName],
    ['issuer', licence.issuer.name],
    ['issueDate', licence.issueDate],
    ['validTo', licence.validTo ?? '长期'],
    ...Object.entries(licence.surface).map(([key, value]): [string, string] => [key, value === null ? '' : String(value)]),
  ];
  if (format === 'PDF') {
    return simplePdf([
      'Simulated e-licence rendition (synthetic data)',
      `licenseId: ${licence.licenseId}`,
      `type: ${licence.licenseType} version ${licence.version}`,
      `number: ${licence.licenseNumber}`,
      `watermark sha256: ${watermark === undefined ? '-' : createHash('sha256').update(watermark).digest('hex')}`,
    ]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Simulated e-licence rendition: not an OFD container (GB/T 33190); for hash and flow tests only. -->',
    `<SimulatedLicense licenseId="${escapeXml(licence.licenseId)}" licenseType="${licence.licenseType}" version="${licence.version}">`,
    ...fields.map(([name, value]) => `  <Field name="${escapeXml(name)}">${escapeXml(value)}</Field>`),
    ...(watermark === undefined ? [] : [`  <Watermark>${escapeXml(watermark)}</Watermark>`]),
    '</SimulatedLicense>',
    '',
  ];
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** `POST /v1/licenses/{licenseId}/file`. */
export function licenseFile(rt: Runtime, app: AppGrant, licenseId: string, body: Obj): Record<string, unknown> {
  const state = rt.state;
  const licence = requireLicense(state, licenseId);
  const format = optEnum(body, 'format', ['OFD', 'PDF'] as const) ?? 'OFD';
  const watermark = optString(body, 'watermark', '', { max: 64 });
  const authToken = optString(body, 'authToken', '', { max: 128 });
  useLicenceToken(state, app, licence, authToken, parsePurpose(body, 'purpose', false));

  const bytes = renditionBytes(licence, format, watermark);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sm3 = createHash('sm3').update(bytes).digest('hex');
  licence.issuedHashes.add(sha256);
  const file = publishFile(rt, bytes, MIME[format], LICENSE_URL_TTL_MS);
  const key = sealKey();
  return {
    mimeType: MIME[format],
    size: bytes.length,
    downloadUrl: file.url,
    urlExpiresAt: beijingTime(file.expiresAt),
    sha256,
    sm3,
    signature: {
      alg: key.alg,
      certSerial: key.certSerial,
      signer: licence.issuer.name,
      signedAt: beijingTime(state.now()),
      value: sign(key.hash, bytes, key.key).toString('base64'),
    },
  };
}

/** `POST /v1/licenses/verify {licenseId, sha256}`: `valid` = the bytes are a rendition the platform issued; `status` = the licence's current status. */
export function verifyLicense(state: SimState, body: Obj): Record<string, unknown> {
  const licenseId = reqString(body, 'licenseId', '', { max: 128 });
  const sha256 = reqString(body, 'sha256', '', { pattern: HEX64, shape: '64 lowercase hex characters' });
  const licence = requireLicense(state, licenseId);
  const base = (['OFD', 'PDF'] as const).map((format) => createHash('sha256').update(renditionBytes(licence, format, undefined)).digest('hex'));
  return { valid: licence.issuedHashes.has(sha256) || base.includes(sha256), status: effectiveStatus(state, licence) };
}

/** The licence types a search asks for (all when it names none), for `down` routing. */
export function searchedLicenseTypes(body: unknown): LicenseType[] {
  if (typeof body !== 'object' || body === null || !('licenseTypes' in body)) return [...LICENSE_TYPES];
  const list = (body as { licenseTypes: unknown }).licenseTypes;
  return Array.isArray(list) ? list.filter((t): t is LicenseType => typeof t === 'string' && (LICENSE_TYPES as readonly string[]).includes(t)) : [...LICENSE_TYPES];
}
