/**
 * Data access (数据调阅, §5.2): `POST /v1/data/{datasetCode}/query`. Each answer carries a
 * `traceId`, the audit (留痕) id the caller stores with its case.
 */
import { randomBytes } from 'node:crypto';

import { DATASETS, INSURANCE_TYPES, isDatasetCode, type DatasetCode } from './catalog';
import { grants } from './cases';
import { nameMustMatch, parsePurpose, parseSubject, scopeHasDataset, useToken } from './consent';
import { DeptError, FieldError } from './errors';
import { beijingDate, monthIndex, monthOf, yuan } from './format';
import type { AppGrant, Person, SiRecord, SimState } from './state';
import { MONTH, optArray, optObject, optString, optInt, type Obj } from './validate';

interface Page {
  no: number;
  size: number;
}

const MAX_PAGE_SIZE = 100;

function parsePage(body: Obj): Page {
  const page = optObject(body, 'page') ?? {};
  return { no: optInt(page, 'no', 'page', { min: 1 }) ?? 1, size: optInt(page, 'size', 'page', { min: 1, max: MAX_PAGE_SIZE }) ?? MAX_PAGE_SIZE };
}

function slice<T>(items: T[], page: Page): T[] {
  return items.slice((page.no - 1) * page.size, page.no * page.size);
}

function traceId(state: SimState, code: DatasetCode): string {
  return `TR-${DATASETS[code].deptCode}-${beijingDate(state.now()).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`;
}

// ---------------------------------------------------------------- RS

function insuranceTypesParam(params: Obj): string[] | undefined {
  const list = optArray(params, 'insuranceTypes', 'params', { min: 1 });
  if (list === undefined) return undefined;
  list.forEach((code, i) => {
    if (typeof code !== 'string' || INSURANCE_TYPES[code] === undefined) throw new FieldError(`params.insuranceTypes[${i}]`, `must be one of ${Object.keys(INSURANCE_TYPES).join(', ')}`);
  });
  return list as string[];
}

function paymentRecord(record: SiRecord): Record<string, unknown> {
  return {
    month: record.month,
    insuranceType: record.insuranceType,
    insuranceTypeName: INSURANCE_TYPES[record.insuranceType] ?? record.insuranceType,
    employerName: record.employerName,
    paymentBase: yuan(record.paymentBaseFen),
    employerAmount: yuan(record.employerFen),
    personalAmount: yuan(record.personalFen),
    status: record.status,
  };
}

/** Records in [startMonth, endMonth] of the requested types, newest month first; summary over all months of those types. */
function paymentParams(params: Obj): { types: string[] | undefined; startMonth: string | undefined; endMonth: string | undefined } {
  const types = insuranceTypesParam(params);
  const startMonth = optString(params, 'startMonth', 'params', { pattern: MONTH, shape: 'YYYY-MM' });
  const endMonth = optString(params, 'endMonth', 'params', { pattern: MONTH, shape: 'YYYY-MM' });
  if (startMonth !== undefined && endMonth !== undefined && startMonth > endMonth) throw new FieldError('params.startMonth', 'must not be after params.endMonth');
  return { types, startMonth, endMonth };
}

function siPayment(person: Person, params: Obj, page: Page): Record<string, unknown> {
  const { types, startMonth, endMonth } = paymentParams(params);
  const ofTypes = person.socialInsurance.filter((r) => types === undefined || types.includes(r.insuranceType));
  const inRange = ofTypes
    .filter((r) => (startMonth === undefined || r.month >= startMonth) && (endMonth === undefined || r.month <= endMonth))
    .sort((a, b) => (a.month === b.month ? a.insuranceType.localeCompare(b.insuranceType) : a.month < b.month ? 1 : -1));
  const paidMonths = new Set(ofTypes.filter((r) => r.status !== 'ARREARS').map((r) => r.month));
  const firstInsuredMonth = ofTypes.reduce<string | null>((min, r) => (min === null || r.month < min ? r.month : min), null);
  return { total: inRange.length, page, records: slice(inRange, page).map(paymentRecord), summary: { firstInsuredMonth, paidMonths: paidMonths.size } };
}

/** A type counts as ACTIVE when it was paid within this many months before the current one (payments lag). */
const ACTIVE_WITHIN_MONTHS = 3;

/**
 * 参保状态 per insurance type (shape designed here): ACTIVE when the last contribution month is at
 * most three months before the current month on the simulator clock, otherwise STOPPED.
 */
function siEnrollment(person: Person, params: Obj, page: Page, nowMs: number): Record<string, unknown> {
  const types = insuranceTypesParam(params);
  const activeFrom = monthOf(monthIndex(beijingDate(nowMs).slice(0, 7)) - ACTIVE_WITHIN_MONTHS);
  const byType = new Map<string, SiRecord[]>();
  for (const record of person.socialInsurance) {
    if (types !== undefined && !types.includes(record.insuranceType)) continue;
    if (record.status === 'ARREARS') continue;
    byType.set(record.insuranceType, [...(byType.get(record.insuranceType) ?? []), record]);
  }
  const records = [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, list]) => {
      const sorted = [...list].sort((a, b) => a.month.localeCompare(b.month));
      const last = sorted[sorted.length - 1];
      return {
        insuranceType: type,
        insuranceTypeName: INSURANCE_TYPES[type] ?? type,
        status: last !== undefined && last.month >= activeFrom ? 'ACTIVE' : 'STOPPED',
        firstMonth: sorted[0]?.month ?? null,
        lastMonth: last?.month ?? null,
        employerName: last?.employerName ?? null,
      };
    });
  return { total: records.length, page, records: slice(records, page) };
}

// ---------------------------------------------------------------- MZ, GA, WJ

const MARITAL_NAMES: Readonly<Record<string, string>> = { UNMARRIED: '未婚', MARRIED: '已婚', DIVORCED: '离婚', WIDOWED: '丧偶' };

function single(record: Record<string, unknown>, page: Page): Record<string, unknown> {
  return { total: 1, page, records: slice([record], page) };
}

type Query = (person: Person, params: Obj, page: Page, nowMs: number) => Record<string, unknown> | undefined;

const QUERIES: Readonly<Record<DatasetCode, Query>> = {
  RS_SI_PAYMENT: (person, params, page) => (person.socialInsurance.length === 0 ? undefined : siPayment(person, params, page)),
  RS_SI_ENROLLMENT: (person, params, page, nowMs) => (person.socialInsurance.length === 0 ? undefined : siEnrollment(person, params, page, nowMs)),
  MZ_MARRIAGE: (person, _params, page) => (person.marriage ? single({ ...person.marriage, maritalStatusName: MARITAL_NAMES[person.marriage.maritalStatus] }, page) : undefined),
  GA_HOUSEHOLD: (person, _params, page) => (person.household ? single({ ...person.household }, page) : undefined),
  WJ_BIRTH: (person, _params, page) => (person.birth ? single({ ...person.birth }, page) : undefined),
};

/** `POST /v1/data/{datasetCode}/query`. */
export function queryDataset(state: SimState, app: AppGrant, datasetCode: string, body: Obj): Record<string, unknown> {
  if (!isDatasetCode(datasetCode)) throw new FieldError('datasetCode', `must be one of ${Object.keys(DATASETS).join(', ')}`);
  const shareType = state.config.shareTypes[datasetCode];
  if (shareType === 'NOT_SHARED') throw new DeptError('10005', `dataset ${datasetCode} is not shared`, { datasetCode });
  if (!grants(app.datasets, datasetCode) || !grants(app.depts, DATASETS[datasetCode].deptCode)) {
    throw new DeptError('10005', `app key ${app.appKey} is not authorised for dataset ${datasetCode}`, { datasetCode });
  }
  const subject = parseSubject(body, 'subject');
  const purpose = parsePurpose(body, 'purpose', false);
  const params = optObject(body, 'params') ?? {};
  const page = parsePage(body);
  // Parameters are checked before the token is spent.
  if (datasetCode === 'RS_SI_PAYMENT') paymentParams(params);
  if (datasetCode === 'RS_SI_ENROLLMENT') insuranceTypesParam(params);
  const authToken = optString(body, 'authToken', '', { max: 128 });
  if (shareType === 'CONDITIONAL' || authToken !== undefined) {
    useToken(state, app, authToken, { subjectIdNumber: subject.idNumber, purpose, inScope: (record) => scopeHasDataset(record, datasetCode) });
  }
  const person = state.people.get(subject.idNumber);
  if (!person) throw new DeptError('30001', 'no data for subject');
  nameMustMatch(state, subject, 'subject');
  const answer = QUERIES[datasetCode](person, params, page, state.now());
  if (!answer) throw new DeptError('30001', `no ${DATASETS[datasetCode].name} for subject`);
  return { traceId: traceId(state, datasetCode), ...answer };
}
