/**
 * Cases (办件, spec §4): idempotent submission, the status machine, supplements, withdrawal and
 * the status query. Every status change goes through `transition`, which stores the event with the
 * next per-case `seq` and hands it to the callback dispatcher.
 */
import { createHash, randomBytes } from 'node:crypto';

import {
  DEPT_CODES,
  DISTRICT_OFFICES,
  isDeptCode,
  isTerminal,
  LEGAL_ID_TYPE,
  PERSON_ID_TYPES,
  STATUS_NAMES,
  TRANSITIONS,
  WITHDRAWABLE,
  type CaseStatus,
  type DeptCode,
} from './catalog';
import { DeptError, FieldError } from './errors';
import { beijingDate, beijingDayAt, beijingTime, parseRfc3339 } from './format';
import { DOCUMENT_URL_TTL_MS, publishFile, simplePdf } from './files';
import { isValidCreditCode, isValidResidentId } from './ids';
import type { Runtime } from './runtime';
import type { AppGrant, CaseDocument, CaseEvent, CaseRecord, CaseResult, FormSchema, Material, SupplementSpec } from './state';
import {
  asRecord,
  fieldName,
  HEX64,
  isRecord,
  optObject,
  optString,
  optTime,
  optUrl,
  reqArray,
  reqEnum,
  reqInt,
  reqObject,
  reqString,
  reqTime,
  reqUrl,
  type Obj,
} from './validate';

/** `'*'` in a grant list grants everything. */
export function grants(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

// ---------------------------------------------------------------- canonical payload (§4.1)

/** JSON with object keys sorted at every level; arrays keep their order. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => sortedJson(item)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The request minus `submittedAt`, `callbackUrl` and material `url`/`urlExpiresAt` (presigned URLs change between retries). */
export function canonicalPayload(body: Obj): Obj {
  const { submittedAt: _submittedAt, callbackUrl: _callbackUrl, ...rest } = body;
  if (Array.isArray(rest.materials)) {
    rest.materials = rest.materials.map((material: unknown) => {
      if (!isRecord(material)) return material;
      const { url: _url, urlExpiresAt: _expires, ...kept } = material;
      return kept;
    });
  }
  return rest;
}

/** SHA-256 (hex) of the sorted-key JSON of the canonical payload: the idempotency comparison. */
export function canonicalHash(body: Obj): string {
  return createHash('sha256').update(sortedJson(canonicalPayload(body)), 'utf8').digest('hex');
}

// ---------------------------------------------------------------- validation

const ID_NUMBER_MAX = 32;

function parseParty(value: unknown, prefix: string, allowLegal: boolean): void {
  const party = asRecord(value, prefix);
  const type = reqEnum(party, 'type', allowLegal ? (['PERSON', 'LEGAL'] as const) : (['PERSON'] as const), prefix);
  reqString(party, 'name', prefix, { max: 100 });
  const idTypes: readonly string[] = type === 'LEGAL' ? [LEGAL_ID_TYPE] : PERSON_ID_TYPES;
  const idType = reqEnum(party, 'idType', idTypes, prefix);
  const idNumber = reqString(party, 'idNumber', prefix, { max: ID_NUMBER_MAX });
  if ((idType === '111' || idType === '113') && !isValidResidentId(idNumber)) {
    throw new FieldError(fieldName(prefix, 'idNumber'), 'must be an 18-character ID number with a valid GB 11643 check digit');
  }
  if (idType === LEGAL_ID_TYPE && !isValidCreditCode(idNumber)) throw new FieldError(fieldName(prefix, 'idNumber'), 'must be a valid 统一社会信用代码');
  optString(party, 'mobile', prefix, { pattern: /^1[3-9]\d{9}$/, shape: 'an 11-digit mainland mobile number' });
  optString(party, 'address', prefix, { max: 200 });
}

/** §4.1 materials: UPLOAD needs the file facts and a URL, E_LICENSE a licenseId. */
export function parseMaterials(list: unknown[], prefix: string): Material[] {
  return list.map((raw, i) => {
    const at = fieldName(prefix, i);
    const obj = asRecord(raw, at);
    const source = reqEnum(obj, 'source', ['UPLOAD', 'E_LICENSE'] as const, at);
    const base = { materialCode: reqString(obj, 'materialCode', at, { max: 64 }), name: reqString(obj, 'name', at, { max: 100 }), source };
    if (source === 'E_LICENSE') return { ...base, licenseId: reqString(obj, 'licenseId', at, { max: 128 }) };
    return {
      ...base,
      fileName: reqString(obj, 'fileName', at, { max: 200 }),
      mimeType: reqString(obj, 'mimeType', at, { max: 100 }),
      size: reqInt(obj, 'size', at, { min: 0 }),
      sha256: reqString(obj, 'sha256', at, { pattern: HEX64, shape: '64 lowercase hex characters' }),
      sm3: optString(obj, 'sm3', at, { pattern: HEX64, shape: '64 lowercase hex characters' }),
      url: reqUrl(obj, 'url', at),
      urlExpiresAt: optTime(obj, 'urlExpiresAt', at),
    };
  });
}

function typeMatches(rule: FormSchema['fields'][string], value: unknown): boolean {
  switch (rule.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
  }
}

/** Checks `data` against the item's schema; unknown keys are refused (§4.1). Fields are named `prefix.key`. */
export function checkForm(schema: FormSchema, data: Obj, prefix: string, only?: ReadonlySet<string>): void {
  for (const key of Object.keys(data)) {
    if (!Object.hasOwn(schema.fields, key)) throw new FieldError(fieldName(prefix, key), `is not a field of form schema ${schema.version}`);
  }
  for (const [key, rule] of Object.entries(schema.fields)) {
    if (only && !only.has(key)) continue;
    const field = fieldName(prefix, key);
    const value = data[key];
    if (value === undefined || value === null) {
      if (rule.required) throw new FieldError(field, 'is required');
      continue;
    }
    if (!typeMatches(rule, value)) throw new FieldError(field, `must be of type ${rule.type}`);
    if (typeof value === 'string') {
      if (rule.maxLength !== undefined && [...value].length > rule.maxLength) throw new FieldError(field, `must be at most ${rule.maxLength} characters`);
      if (rule.enum && !rule.enum.includes(value)) throw new FieldError(field, `must be one of ${rule.enum.join(', ')}`);
    }
    if (typeof value === 'number') {
      if (rule.min !== undefined && value < rule.min) throw new FieldError(field, `must be ≥ ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) throw new FieldError(field, `must be ≤ ${rule.max}`);
    }
  }
}

const URL_VALIDITY_MS = 7 * 86_400_000;

/** §4.1: upload URLs stay valid ≥ 7 days (from submission), so the department can still fetch them during review. */
function urlsMustLastSevenDays(material: Material, submittedMs: number, field: string): void {
  if (material.urlExpiresAt === undefined) return;
  const expiresMs = parseRfc3339(material.urlExpiresAt) ?? 0;
  if (expiresMs - submittedMs < URL_VALIDITY_MS) throw new FieldError(field, 'upload URLs must stay valid at least 7 days after submittedAt');
}

interface ValidSubmission {
  applicationNo: string;
  itemCode: string;
  itemName: string | null;
  deptCode: DeptCode;
  formSchemaVersion: string;
  formData: Obj;
  materials: Material[];
  callbackUrl: string | undefined;
}

function validateSubmission(body: Obj): ValidSubmission {
  const applicationNo = reqString(body, 'applicationNo', '', { max: 64 });
  const itemCode = reqString(body, 'itemCode', '', { max: 64 });
  const itemName = optString(body, 'itemName', '', { max: 200 }) ?? null;
  optString(body, 'itemVersion', '', { max: 16 });
  const deptCode = reqEnum(body, 'deptCode', DEPT_CODES);
  reqString(body, 'regionCode', '', { pattern: /^\d{6}$/, shape: 'a 6-digit 行政区划代码' });
  reqString(body, 'channel', '', { max: 32 });
  reqTime(body, 'submittedAt');
  parseParty(body.applicant, 'applicant', true);
  if (body.agent !== undefined && body.agent !== null) parseParty(body.agent, 'agent', false);
  const formSchemaVersion = reqString(body, 'formSchemaVersion', '', { max: 32 });
  const submittedMs = parseRfc3339(String(body.submittedAt)) ?? 0;
  const formData = reqObject(body, 'formData');
  const materials = parseMaterials(reqArray(body, 'materials', '', { max: 50 }), 'materials');
  materials.forEach((material, i) => urlsMustLastSevenDays(material, submittedMs, fieldName(fieldName('materials', i), 'urlExpiresAt')));
  const delivery = optObject(body, 'delivery');
  if (delivery) reqString(delivery, 'method', 'delivery', { max: 32 });
  const callbackUrl = optUrl(body, 'callbackUrl');
  optString(body, 'consentId', '', { max: 64 });
  return { applicationNo, itemCode, itemName, deptCode, formSchemaVersion, formData, materials, callbackUrl };
}

// ---------------------------------------------------------------- transitions (§4.2)

/** A transition the §4.2 table (or a guard) does not allow; controls answer it with 409. */
export class TransitionError extends Error {}

export interface TransitionInput {
  status: CaseStatus;
  reason?: string | null;
  supplement?: Partial<SupplementSpec> | null;
  result?: (Partial<CaseResult> & { decision: CaseResult['decision'] }) | null;
  occurredAt?: string;
  window?: string;
}

const DEFAULT_REASONS: Partial<Record<CaseStatus, string>> = {
  REJECTED: '不符合受理条件',
  SUPPLEMENT_REQUIRED: '申请材料需补正',
  WITHDRAWN: '申请人主动撤回',
};

function nextStatusMustFollowTheTable(kase: CaseRecord, to: CaseStatus): void {
  if (isTerminal(kase.status)) throw new TransitionError(`${kase.caseNo} is ${kase.status}: terminal statuses are never left`);
  if (!TRANSITIONS[kase.status].includes(to)) throw new TransitionError(`${kase.status} → ${to} is not in the §4.2 table (allowed: ${TRANSITIONS[kase.status].join(', ')})`);
}

function resultDocument(rt: Runtime, kase: CaseRecord, decision: CaseResult['decision']): CaseDocument {
  const name = decision === 'APPROVED' ? (kase.itemName ?? '办理结果') : '不予许可决定书';
  const bytes = simplePdf([`Simulated ${decision === 'APPROVED' ? 'result document' : 'denial decision'}`, `caseNo: ${kase.caseNo}`, `applicationNo: ${kase.applicationNo}`, `itemCode: ${kase.itemCode}`, `issued: ${rt.state.nowIso()}`]);
  const file = publishFile(rt, bytes, 'application/pdf', DOCUMENT_URL_TTL_MS);
  return { name, url: file.url, sha256: createHash('sha256').update(bytes).digest('hex'), expiresAt: beijingTime(file.expiresAt) };
}

function buildResult(rt: Runtime, kase: CaseRecord, input: TransitionInput['result']): CaseResult {
  const decision = input?.decision ?? 'APPROVED';
  return {
    decision,
    reason: input?.reason ?? (decision === 'DENIED' ? '不符合办理条件' : null),
    licenseIds: input?.licenseIds ?? [],
    documents: input?.documents ?? [resultDocument(rt, kase, decision)],
  };
}

function buildSupplement(rt: Runtime, kase: CaseRecord, input: TransitionInput['supplement']): SupplementSpec {
  const firstUpload = kase.materials.find((m) => m.source === 'UPLOAD') ?? kase.materials[0];
  return {
    requiredMaterials: input?.requiredMaterials ?? [{ materialCode: firstUpload?.materialCode ?? 'M999', name: firstUpload?.name ?? '补充材料', note: '请按要求补正' }],
    // Ten days on, at 17:00 Beijing time.
    deadline: input?.deadline ?? beijingTime(beijingDayAt(rt.state.now(), 10, 17)),
  };
}

/** Applies one §4.2 transition: stores the event (seq + 1) and hands it to the callback dispatcher. */
export function transition(rt: Runtime, kase: CaseRecord, input: TransitionInput): CaseEvent {
  nextStatusMustFollowTheTable(kase, input.status);
  const occurredMs = input.occurredAt === undefined ? rt.state.now() : parseRfc3339(input.occurredAt);
  if (occurredMs === undefined) throw new TransitionError('occurredAt must be an RFC 3339 time');
  const supplement = input.status === 'SUPPLEMENT_REQUIRED' ? buildSupplement(rt, kase, input.supplement) : null;
  const result = input.status === 'CONCLUDED' ? buildResult(rt, kase, input.result) : null;
  const event: CaseEvent = {
    eventId: `EV-${kase.deptCode}-${randomBytes(8).toString('hex')}`,
    caseNo: kase.caseNo,
    applicationNo: kase.applicationNo,
    seq: kase.seq + 1,
    status: input.status,
    statusName: STATUS_NAMES[input.status],
    occurredAt: beijingTime(occurredMs),
    handler: { deptName: DISTRICT_OFFICES[kase.deptCode].name, window: input.window ?? '1号窗口' },
    reason: input.reason ?? (result ? result.reason : (DEFAULT_REASONS[input.status] ?? null)),
    supplement,
    result,
  };
  kase.history.push(event);
  kase.seq = event.seq;
  kase.status = event.status;
  kase.updatedAt = event.occurredAt;
  if (result) kase.result = result;
  kase.deadlineAt = supplement ? parseRfc3339(supplement.deadline) : undefined;
  rt.deliverEvent(kase, event);
  return event;
}

/** Shortest path of transitions from the case's status to `target` (for `/__sim/cases/{ref}/decide` and auto-processing). */
export function pathTo(from: CaseStatus, target: CaseStatus): CaseStatus[] | undefined {
  const previous = new Map<CaseStatus, CaseStatus>();
  const queue: CaseStatus[] = [from];
  const seen = new Set<CaseStatus>([from]);
  while (queue.length > 0) {
    const current = queue.shift() as CaseStatus;
    if (current === target && current !== from) break;
    for (const next of TRANSITIONS[current]) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, current);
      queue.push(next);
    }
  }
  if (!previous.has(target)) return undefined;
  const path: CaseStatus[] = [];
  for (let at: CaseStatus | undefined = target; at !== undefined && at !== from; at = previous.get(at)) path.unshift(at);
  return path;
}

/** Supplement deadlines that passed on the simulator clock → REJECTED ("deadline missed", §4.2). */
export function expireSupplementDeadlines(rt: Runtime): void {
  const now = rt.state.now();
  for (const kase of rt.state.cases.values()) {
    if (kase.status === 'SUPPLEMENT_REQUIRED' && kase.deadlineAt !== undefined && kase.deadlineAt < now) {
      transition(rt, kase, { status: 'REJECTED', reason: '逾期未补正' });
    }
  }
}

// ---------------------------------------------------------------- endpoints

function nextCaseNo(rt: Runtime, dept: DeptCode): string {
  rt.state.caseCounter += 1;
  return `${dept}${beijingDate(rt.state.now()).replaceAll('-', '')}${String(rt.state.caseCounter).padStart(8, '0')}`;
}

function submitReply(kase: CaseRecord, duplicate: boolean): Record<string, unknown> {
  return { caseNo: kase.caseNo, applicationNo: kase.applicationNo, status: kase.status, seq: kase.seq, receivedAt: kase.receivedAt, duplicate };
}

function authoriseItem(app: AppGrant, submission: ValidSubmission): void {
  if (!grants(app.depts, submission.deptCode)) throw new DeptError('10005', `app key ${app.appKey} is not authorised for department ${submission.deptCode}`, { deptCode: submission.deptCode });
  if (!grants(app.items, submission.itemCode)) throw new DeptError('10005', `app key ${app.appKey} is not authorised for itemCode ${submission.itemCode}`, { itemCode: submission.itemCode });
}

function checkSchema(rt: Runtime, submission: ValidSubmission): void {
  const schema = rt.state.config.formSchemas[submission.itemCode];
  if (!schema) return;
  if (schema.deptCode !== undefined && schema.deptCode !== submission.deptCode) throw new FieldError('deptCode', `item ${submission.itemCode} belongs to ${schema.deptCode}`);
  if (schema.version !== submission.formSchemaVersion) throw new FieldError('formSchemaVersion', `must be ${schema.version} for item ${submission.itemCode}`);
  checkForm(schema, submission.formData, 'formData');
}

function createCase(rt: Runtime, app: AppGrant, submission: ValidSubmission, hash: string): CaseRecord {
  const now = rt.state.now();
  const kase: CaseRecord = {
    caseNo: nextCaseNo(rt, submission.deptCode),
    applicationNo: submission.applicationNo,
    deptCode: submission.deptCode,
    itemCode: submission.itemCode,
    itemName: submission.itemName ?? rt.state.config.formSchemas[submission.itemCode]?.itemName ?? null,
    appKey: app.appKey,
    payloadHash: hash,
    callbackUrl: submission.callbackUrl,
    formData: { ...submission.formData },
    materials: submission.materials,
    receivedAt: beijingTime(now),
    status: 'RECEIVED',
    seq: 1,
    result: null,
    updatedAt: beijingTime(now),
    history: [],
    submissions: 1,
    conflicts: 0,
    supplements: new Map(),
    deadlineAt: undefined,
  };
  // Seq 1 is the submission itself: stored in the history, answered synchronously, not called back.
  kase.history.push({
    eventId: `EV-${kase.deptCode}-${randomBytes(8).toString('hex')}`,
    caseNo: kase.caseNo,
    applicationNo: kase.applicationNo,
    seq: 1,
    status: 'RECEIVED',
    statusName: STATUS_NAMES.RECEIVED,
    occurredAt: kase.receivedAt,
    handler: { deptName: DISTRICT_OFFICES[kase.deptCode].name, window: '网上收件' },
    reason: null,
    supplement: null,
    result: null,
  });
  rt.state.cases.set(kase.caseNo, kase);
  rt.state.caseByApplicationNo.set(kase.applicationNo, kase.caseNo);
  return kase;
}

/** `POST /v1/cases`: idempotent by applicationNo over the canonical payload. */
export function submitCase(rt: Runtime, app: AppGrant, body: Obj): Record<string, unknown> {
  const state = rt.state;
  const applicationNo = typeof body.applicationNo === 'string' ? body.applicationNo : null;
  const journal = (outcome: 'created' | 'duplicate' | 'conflict' | 'refused', caseNo: string | null, code: string): void => {
    if (applicationNo !== null) state.recordSubmission({ at: state.nowIso(), applicationNo, outcome, caseNo, code });
  };
  try {
    const submission = validateSubmission(body);
    authoriseItem(app, submission);
    checkSchema(rt, submission);
    const hash = canonicalHash(body);
    const existingNo = state.caseByApplicationNo.get(submission.applicationNo);
    const existing = existingNo === undefined ? undefined : state.cases.get(existingNo);
    if (existing) {
      if (existing.payloadHash !== hash) {
        existing.conflicts += 1;
        throw new DeptError('20002', `applicationNo ${submission.applicationNo} was submitted with a different payload`, { caseNo: existing.caseNo });
      }
      existing.submissions += 1;
      journal('duplicate', existing.caseNo, '0');
      return submitReply(existing, true);
    }
    const kase = createCase(rt, app, submission, hash);
    journal('created', kase.caseNo, '0');
    rt.caseCreated(kase);
    return submitReply(kase, false);
  } catch (error) {
    if (error instanceof DeptError) journal(error.code === '20002' ? 'conflict' : 'refused', error.code === '20002' ? String(error.data?.caseNo) : null, error.code);
    if (error instanceof FieldError) journal('refused', null, '10001');
    throw error;
  }
}

/** The §4.3 view: full history in ascending seq; `result` only once concluded. */
export function caseView(kase: CaseRecord): Record<string, unknown> {
  return {
    caseNo: kase.caseNo,
    applicationNo: kase.applicationNo,
    itemCode: kase.itemCode,
    status: kase.status,
    seq: kase.seq,
    ...(kase.result ? { result: kase.result } : {}),
    updatedAt: kase.updatedAt,
    history: kase.history,
  };
}

export function requireCase(rt: Runtime, caseNo: string): CaseRecord {
  const kase = rt.state.cases.get(caseNo);
  if (!kase) throw new DeptError('20001', `case ${caseNo} not found`);
  return kase;
}

/** `GET /v1/cases?applicationNo=…`. */
export function caseByApplicationNo(rt: Runtime, applicationNo: string | null): CaseRecord {
  if (applicationNo === null || applicationNo === '') throw new FieldError('applicationNo', 'query parameter is required');
  const caseNo = rt.state.caseByApplicationNo.get(applicationNo);
  const kase = caseNo === undefined ? undefined : rt.state.cases.get(caseNo);
  if (!kase) throw new DeptError('20001', `no case for applicationNo ${applicationNo}`);
  return kase;
}

/** Department of a caseNo (its two-letter prefix), for routing and `down`. */
export function deptOfCaseNo(caseNo: string): DeptCode | undefined {
  const prefix = caseNo.slice(0, 2);
  return isDeptCode(prefix) ? prefix : undefined;
}

/** `POST /v1/cases/{caseNo}/supplements`: only in SUPPLEMENT_REQUIRED; idempotent by supplementId. */
export function submitSupplement(rt: Runtime, caseNo: string, body: Obj): Record<string, unknown> {
  const kase = requireCase(rt, caseNo);
  const supplementId = reqString(body, 'supplementId', '', { max: 64 });
  const requestSeq = reqInt(body, 'requestSeq', '', { min: 1 });
  const materials = parseMaterials(reqArray(body, 'materials', '', { max: 50 }), 'materials');
  const formPatch = optObject(body, 'formPatch') ?? {};
  const hash = canonicalHash(body);

  const earlier = kase.supplements.get(supplementId);
  if (earlier) {
    if (earlier.hash !== hash) throw new DeptError('20002', `supplementId ${supplementId} was used with a different payload`);
    return earlier.reply;
  }
  if (kase.status !== 'SUPPLEMENT_REQUIRED') throw new DeptError('20003', `case is ${kase.status}; supplements are accepted only in SUPPLEMENT_REQUIRED`, { status: kase.status });
  if (requestSeq !== kase.seq) throw new FieldError('requestSeq', `must be ${kase.seq}, the seq of the open SUPPLEMENT_REQUIRED event`);

  const schema = rt.state.config.formSchemas[kase.itemCode];
  const merged = { ...kase.formData, ...formPatch };
  if (schema) checkForm(schema, merged, 'formPatch', new Set(Object.keys(formPatch)));

  kase.formData = merged;
  const replaced = new Set(materials.map((m) => m.materialCode));
  kase.materials = [...kase.materials.filter((m) => !replaced.has(m.materialCode)), ...materials];
  const event = transition(rt, kase, { status: 'SUPPLEMENTED', reason: null });
  const reply = { caseNo: kase.caseNo, supplementId, status: event.status, seq: event.seq };
  kase.supplements.set(supplementId, { hash, reply });
  rt.caseSupplemented(kase, materials);
  return reply;
}

/** `POST /v1/cases/{caseNo}/withdraw`: RECEIVED, ACCEPTED, SUPPLEMENT_REQUIRED; repeated in WITHDRAWN is 200. */
export function withdrawCase(rt: Runtime, caseNo: string, body: Obj): Record<string, unknown> {
  const kase = requireCase(rt, caseNo);
  const reason = optString(body, 'reason', '', { max: 200 });
  if (kase.status !== 'WITHDRAWN') {
    if (!WITHDRAWABLE.includes(kase.status)) throw new DeptError('20003', `case is ${kase.status}; withdrawal is allowed in ${WITHDRAWABLE.join(', ')}`, { status: kase.status });
    transition(rt, kase, { status: 'WITHDRAWN', reason: reason ?? null });
  }
  return { caseNo: kase.caseNo, status: kase.status, seq: kase.seq };
}

/** Parses a control's `{status, reason?, supplement?, result?, occurredAt?, window?}`. */
export function parseTransitionInput(body: Obj): TransitionInput {
  const status = reqEnum(body, 'status', Object.keys(TRANSITIONS) as CaseStatus[]);
  const input: TransitionInput = { status, reason: optString(body, 'reason', '', { max: 500 }) ?? null, occurredAt: optTime(body, 'occurredAt'), window: optString(body, 'window', '', { max: 50 }) };
  const supplement = optObject(body, 'supplement');
  if (supplement) {
    const required = supplement.requiredMaterials === undefined ? undefined : reqArray(supplement, 'requiredMaterials', 'supplement', { min: 1 });
    input.supplement = {
      requiredMaterials: required?.map((raw, i) => {
        const at = fieldName('supplement.requiredMaterials', i);
        const obj = asRecord(raw, at);
        return { materialCode: reqString(obj, 'materialCode', at), name: reqString(obj, 'name', at), note: optString(obj, 'note', at) ?? null };
      }),
      deadline: optTime(supplement, 'deadline', 'supplement'),
    };
  }
  const result = optObject(body, 'result');
  if (result) {
    input.result = {
      decision: reqEnum(result, 'decision', ['APPROVED', 'DENIED'] as const, 'result'),
      reason: optString(result, 'reason', 'result') ?? null,
      licenseIds: result.licenseIds === undefined ? undefined : reqArray(result, 'licenseIds', 'result').map((id, i) => {
        if (typeof id !== 'string' || id === '') throw new FieldError(fieldName('result.licenseIds', i), 'must be a non-empty string');
        return id;
      }),
    };
  }
  return input;
}
