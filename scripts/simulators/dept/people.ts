/**
 * Residents' records (`POST /__sim/people` and the boot seed go through the same parser): social
 * insurance, marriage, household, birth records and e-licences, keyed by a GB 11643-valid ID number.
 */
import { createHash } from 'node:crypto';

import { BIRTH_HOSPITAL, DISTRICT_OFFICES, INSURANCE_TYPES, LICENSE_STATUSES, LICENSE_TYPE_DEFS, LICENSE_TYPES, PAYMENT_STATUSES, type LicenseType, type Organisation } from './catalog';
import { FieldError } from './errors';
import { parseYuan } from './format';
import { birthDateOf, genderOf, isValidResidentId } from './ids';
import type { BirthRecord, Household, LicenseRecord, Marriage, MaritalStatus, Person, SiRecord, SimState } from './state';
import {
  asRecord,
  DATE,
  fieldName,
  MONTH,
  optArray,
  optEnum,
  optInt,
  optObject,
  optString,
  reqEnum,
  reqString,
  type Obj,
} from './validate';

/** Amounts in yuan: `"400.00"` or a number. */
type Money = string | number;

export interface SiRecordInput {
  month: string;
  insuranceType: string;
  employerName?: string;
  paymentBase: Money;
  employerAmount: Money;
  personalAmount: Money;
  status?: 'PAID' | 'ARREARS' | 'BACKPAY';
}

export interface LicenseInput {
  licenseType: LicenseType;
  licenseId?: string;
  licenseNumber?: string;
  issueDate: string;
  validFrom?: string;
  validTo?: string | null;
  status?: 'VALID' | 'EXPIRED' | 'REVOKED' | 'SUSPENDED';
  version?: number;
  surface?: Record<string, unknown>;
  issuer?: Organisation;
}

/** A resident as `POST /__sim/people` takes it. Keys left out keep their current value on an existing resident. */
export interface DeptPersonInput {
  idNumber: string;
  name: string;
  household?: Partial<Household> & { householdNumber: string; address: string } | null;
  marriage?: Partial<Marriage> & { maritalStatus: MaritalStatus } | null;
  birth?: Partial<BirthRecord> & { certificateNumber: string; birthPlace: string } | null;
  socialInsurance?: SiRecordInput[];
  licenses?: LicenseInput[];
}

const MARITAL: readonly MaritalStatus[] = ['UNMARRIED', 'MARRIED', 'DIVORCED', 'WIDOWED'];

function idNumberField(obj: Obj, key: string, prefix: string): string {
  const value = reqString(obj, key, prefix);
  if (!isValidResidentId(value)) throw new FieldError(fieldName(prefix, key), 'must be an 18-digit ID number with a valid GB 11643 check digit');
  return value;
}

function optIdNumber(obj: Obj, key: string, prefix: string): string | null {
  return obj[key] === undefined || obj[key] === null ? null : idNumberField(obj, key, prefix);
}

function money(obj: Obj, key: string, prefix: string): number {
  const fen = parseYuan(obj[key]);
  if (fen === undefined) throw new FieldError(fieldName(prefix, key), 'must be an amount in yuan like "400.00"');
  return fen;
}

function parseSiRecord(value: unknown, prefix: string): SiRecord {
  const obj = asRecord(value, prefix);
  const insuranceType = reqString(obj, 'insuranceType', prefix);
  if (INSURANCE_TYPES[insuranceType] === undefined) throw new FieldError(fieldName(prefix, 'insuranceType'), `must be one of ${Object.keys(INSURANCE_TYPES).join(', ')}`);
  return {
    month: reqString(obj, 'month', prefix, { pattern: MONTH, shape: 'YYYY-MM' }),
    insuranceType,
    // 城乡居民 schemes have no employer: "" is allowed here.
    employerName: obj.employerName === '' ? '' : (optString(obj, 'employerName', prefix, { max: 100 }) ?? ''),
    paymentBaseFen: money(obj, 'paymentBase', prefix),
    employerFen: money(obj, 'employerAmount', prefix),
    personalFen: money(obj, 'personalAmount', prefix),
    status: optEnum(obj, 'status', PAYMENT_STATUSES, prefix) ?? 'PAID',
  };
}

function parseHousehold(value: unknown, prefix: string, person: { idNumber: string; name: string }): Household {
  const obj = asRecord(value, prefix);
  const members = (optArray(obj, 'members', prefix) ?? []).map((raw, i) => {
    const at = fieldName(fieldName(prefix, 'members'), i);
    const member = asRecord(raw, at);
    return { name: reqString(member, 'name', at), idNumber: idNumberField(member, 'idNumber', at), relationship: reqString(member, 'relationship', at) };
  });
  const relationship = optString(obj, 'relationship', prefix) ?? '户主';
  return {
    householdNumber: reqString(obj, 'householdNumber', prefix, { max: 32 }),
    householderName: optString(obj, 'householderName', prefix) ?? person.name,
    relationship,
    address: reqString(obj, 'address', prefix, { max: 200 }),
    regionCode: optString(obj, 'regionCode', prefix, { pattern: /^\d{6}$/, shape: '6 digits' }) ?? person.idNumber.slice(0, 6),
    registeredAt: optString(obj, 'registeredAt', prefix, { pattern: DATE, shape: 'YYYY-MM-DD' }) ?? birthDateOf(person.idNumber),
    members: members.length > 0 ? members : [{ name: person.name, idNumber: person.idNumber, relationship }],
  };
}

function parseMarriage(value: unknown, prefix: string): Marriage {
  const obj = asRecord(value, prefix);
  return {
    maritalStatus: reqEnum(obj, 'maritalStatus', MARITAL, prefix),
    spouseName: optString(obj, 'spouseName', prefix) ?? null,
    spouseIdNumber: optIdNumber(obj, 'spouseIdNumber', prefix),
    registrationDate: optString(obj, 'registrationDate', prefix, { pattern: DATE, shape: 'YYYY-MM-DD' }) ?? null,
    registrationOrg: optString(obj, 'registrationOrg', prefix) ?? null,
    certificateNumber: optString(obj, 'certificateNumber', prefix) ?? null,
  };
}

function parseBirth(value: unknown, prefix: string, idNumber: string): BirthRecord {
  const obj = asRecord(value, prefix);
  return {
    certificateNumber: reqString(obj, 'certificateNumber', prefix),
    birthDate: optString(obj, 'birthDate', prefix, { pattern: DATE, shape: 'YYYY-MM-DD' }) ?? birthDateOf(idNumber),
    birthPlace: reqString(obj, 'birthPlace', prefix),
    hospital: optString(obj, 'hospital', prefix) ?? BIRTH_HOSPITAL.name,
    gender: optEnum(obj, 'gender', ['男', '女'] as const, prefix) ?? genderOf(idNumber),
    motherName: optString(obj, 'motherName', prefix) ?? null,
    motherIdNumber: optIdNumber(obj, 'motherIdNumber', prefix),
    fatherName: optString(obj, 'fatherName', prefix) ?? null,
    fatherIdNumber: optIdNumber(obj, 'fatherIdNumber', prefix),
  };
}

function parseIssuer(value: unknown, prefix: string): Organisation {
  const obj = asRecord(value, prefix);
  return { name: reqString(obj, 'name', prefix), orgCode: reqString(obj, 'orgCode', prefix), regionCode: reqString(obj, 'regionCode', prefix) };
}

/** Deterministic opaque 证照标识 (GB/T 36904 treats it as an opaque string ≤ 128). */
export function licenseIdFor(holderIdNumber: string, type: LicenseType, licenseNumber: string, version: number): string {
  const digest = createHash('sha256').update(`${holderIdNumber}|${type}|${licenseNumber}|${version}`).digest('hex');
  return `SIMLIC.${type}.${digest.slice(0, 20).toUpperCase()}`;
}

function defaultSurface(type: LicenseType, person: Person): Record<string, unknown> {
  switch (type) {
    case 'ID_CARD':
      return { name: person.name, gender: genderOf(person.idNumber), ethnicity: '汉', birthDate: birthDateOf(person.idNumber), address: person.household?.address ?? null };
    case 'HOUSEHOLD_REGISTER':
      return { householdNumber: person.household?.householdNumber ?? null, householderName: person.household?.householderName ?? null, relationship: person.household?.relationship ?? null, address: person.household?.address ?? null };
    case 'MARRIAGE_CERT':
      return { spouseName: person.marriage?.spouseName ?? null, spouseIdNumber: person.marriage?.spouseIdNumber ?? null, registrationDate: person.marriage?.registrationDate ?? null };
    case 'BIRTH_MEDICAL_CERT':
      return { birthDate: person.birth?.birthDate ?? birthDateOf(person.idNumber), gender: genderOf(person.idNumber), birthPlace: person.birth?.birthPlace ?? null, motherName: person.birth?.motherName ?? null, fatherName: person.birth?.fatherName ?? null };
    case 'SOCIAL_SECURITY_CARD':
      return { socialSecurityNumber: person.idNumber, cardVersion: '第三代社会保障卡' };
  }
}

function parseLicense(value: unknown, prefix: string, person: Person): LicenseRecord {
  const obj = asRecord(value, prefix);
  const licenseType = reqEnum(obj, 'licenseType', LICENSE_TYPES, prefix);
  const def = LICENSE_TYPE_DEFS[licenseType];
  const ownNumber = licenseType === 'ID_CARD' || licenseType === 'SOCIAL_SECURITY_CARD' ? person.idNumber : undefined;
  const licenseNumber = optString(obj, 'licenseNumber', prefix, { max: 64 }) ?? ownNumber;
  if (licenseNumber === undefined) throw new FieldError(fieldName(prefix, 'licenseNumber'), `is required for ${licenseType}`);
  const version = optInt(obj, 'version', prefix, { min: 1, max: 999 }) ?? 1;
  const issueDate = reqString(obj, 'issueDate', prefix, { pattern: DATE, shape: 'YYYY-MM-DD' });
  const surface = optObject(obj, 'surface', prefix);
  const issuerRaw = obj.issuer;
  return {
    licenseId: optString(obj, 'licenseId', prefix, { max: 128 }) ?? licenseIdFor(person.idNumber, licenseType, licenseNumber, version),
    licenseType,
    licenseNumber,
    holderIdNumber: person.idNumber,
    holderName: person.name,
    issuer: issuerRaw === undefined || issuerRaw === null ? (licenseType === 'BIRTH_MEDICAL_CERT' ? BIRTH_HOSPITAL : DISTRICT_OFFICES[def.issuerDept]) : parseIssuer(issuerRaw, fieldName(prefix, 'issuer')),
    issueDate,
    validFrom: optString(obj, 'validFrom', prefix, { pattern: DATE, shape: 'YYYY-MM-DD' }) ?? issueDate,
    validTo: optString(obj, 'validTo', prefix, { pattern: DATE, shape: 'YYYY-MM-DD' }) ?? null,
    status: optEnum(obj, 'status', LICENSE_STATUSES, prefix) ?? 'VALID',
    version,
    surface: surface ?? defaultSurface(licenseType, person),
    issuedHashes: new Set(),
  };
}

/**
 * Adds or updates one resident. On an existing resident, keys left out keep their value;
 * `licenses`, when given, replaces every licence the resident holds.
 */
export function upsertPerson(state: SimState, input: unknown, prefix = ''): Person {
  const obj = asRecord(input, prefix === '' ? 'body' : prefix);
  const idNumber = idNumberField(obj, 'idNumber', prefix);
  const name = reqString(obj, 'name', prefix, { max: 50 });
  const current = state.people.get(idNumber);
  const person: Person = current ? { ...current, name } : { idNumber, name, household: null, marriage: null, birth: null, socialInsurance: [] };
  const has = (key: string): boolean => obj[key] !== undefined;
  if (has('household')) person.household = obj.household === null ? null : parseHousehold(obj.household, fieldName(prefix, 'household'), person);
  if (has('marriage')) person.marriage = obj.marriage === null ? null : parseMarriage(obj.marriage, fieldName(prefix, 'marriage'));
  if (has('birth')) person.birth = obj.birth === null ? null : parseBirth(obj.birth, fieldName(prefix, 'birth'), idNumber);
  if (has('socialInsurance')) {
    const records = optArray(obj, 'socialInsurance', prefix) ?? [];
    person.socialInsurance = records.map((raw, i) => parseSiRecord(raw, fieldName(fieldName(prefix, 'socialInsurance'), i)));
  }
  const licenses = has('licenses') ? (optArray(obj, 'licenses', prefix) ?? []).map((raw, i) => parseLicense(raw, fieldName(fieldName(prefix, 'licenses'), i), person)) : undefined;

  state.people.set(idNumber, person);
  if (licenses !== undefined) {
    for (const [id, licence] of state.licenses) if (licence.holderIdNumber === idNumber) state.licenses.delete(id);
    for (const licence of licenses) state.licenses.set(licence.licenseId, licence);
  } else {
    for (const licence of state.licenses.values()) if (licence.holderIdNumber === idNumber) licence.holderName = name;
  }
  return person;
}

/** Licences a resident holds, in licence-type order then by version. */
export function licensesOf(state: SimState, idNumber: string): LicenseRecord[] {
  return [...state.licenses.values()]
    .filter((licence) => licence.holderIdNumber === idNumber)
    .sort((a, b) => LICENSE_TYPES.indexOf(a.licenseType) - LICENSE_TYPES.indexOf(b.licenseType) || a.version - b.version);
}
