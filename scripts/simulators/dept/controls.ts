/**
 * `/__sim/*` controls (spec §8, plus the ones a test suite needs that §8 leaves out; README.md
 * lists them all). Loopback only; the server enforces that before calling here.
 */
import { ControlError, controlDispatcher, faultListControls, health, latencyMapControls, reset, type Control as ControlOf, type ControlRequest, type ControlTable } from '../lib/controls';
import { DEPT_CODES, isDeptCode, LICENSE_STATUSES, type CaseStatus, type DeptCode } from './catalog';
import { deliveryView, parseCallbackPolicy, type CallbackDispatcher } from './callbacks';
import { caseView, expireSupplementDeadlines, parseTransitionInput, pathTo, transition, TransitionError, type TransitionInput } from './cases';
import { applyConfig } from './config';
import { revokeOutOfBand } from './consent';
import { ERROR_CODES, FieldError, isErrorCode } from './errors';
import { maskId } from './ids';
import { licenseView } from './licenses';
import { licensesOf, upsertPerson } from './people';
import type { Runtime } from './runtime';
import type { AutoScenario, CaseRecord, DownMode, FaultRule, ForgeTamper, MaterialOutcome, Person } from './state';
import { asRecord, optArray, optBool, optEnum, optInt, optNumber, optString, optUrl, reqEnum, reqNumber, reqString, type Obj } from './validate';

/** What controls may act on besides the state. */
export interface ControlContext {
  rt: Runtime;
  dispatcher: CallbackDispatcher;
  /** Back to the boot state (state, timers, queued callbacks, residents). */
  reset(): void;
}

type Control = ControlOf<ControlContext>;

function objectBody(req: ControlRequest): Obj {
  if (req.body === undefined) return {};
  return asRecord(req.body, 'body');
}

function caseRef(ctx: ControlContext, ref: string | undefined): CaseRecord {
  const kase = ref === undefined ? undefined : ctx.rt.state.caseByRef(decodeURIComponent(ref));
  if (!kase) throw new ControlError(404, `no case with caseNo or applicationNo ${ref ?? ''}`);
  return kase;
}

function caseSummary(kase: CaseRecord): Record<string, unknown> {
  return {
    caseNo: kase.caseNo,
    applicationNo: kase.applicationNo,
    deptCode: kase.deptCode,
    itemCode: kase.itemCode,
    itemName: kase.itemName,
    status: kase.status,
    seq: kase.seq,
    submissions: kase.submissions,
    duplicates: kase.submissions - 1,
    conflicts: kase.conflicts,
    receivedAt: kase.receivedAt,
    updatedAt: kase.updatedAt,
    callbackUrl: kase.callbackUrl ?? null,
  };
}

function personSummary(ctx: ControlContext, person: Person): Record<string, unknown> {
  return {
    idNumber: person.idNumber,
    name: person.name,
    household: person.household,
    marriage: person.marriage,
    birth: person.birth,
    socialInsuranceRecords: person.socialInsurance.length,
    licenseIds: licensesOf(ctx.rt.state, person.idNumber).map((licence) => licence.licenseId),
  };
}

/** Glob with `*` → anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

// ---------------------------------------------------------------- cases

const DECISIONS = ['accept', 'review', 'approve', 'deny', 'supplement', 'reject', 'withdraw'] as const;
type Decision = (typeof DECISIONS)[number];

const DECISION_TARGET: Readonly<Record<Decision, CaseStatus>> = {
  accept: 'ACCEPTED',
  review: 'IN_REVIEW',
  approve: 'CONCLUDED',
  deny: 'CONCLUDED',
  supplement: 'SUPPLEMENT_REQUIRED',
  reject: 'REJECTED',
  withdraw: 'WITHDRAWN',
};

/** Statuses a decision walks through: approve/deny pass IN_REVIEW unless `direct`. */
function decisionPath(from: CaseStatus, decision: Decision, direct: boolean): CaseStatus[] {
  const target = DECISION_TARGET[decision];
  if (target === 'CONCLUDED' && !direct && from !== 'IN_REVIEW') {
    const toReview = pathTo(from, 'IN_REVIEW');
    if (toReview) return [...toReview, 'CONCLUDED'];
  }
  const path = pathTo(from, target);
  if (!path) throw new TransitionError(`no path from ${from} to ${target}`);
  return path;
}

const decide: Control = (ctx, req, [ref]) => {
  const kase = caseRef(ctx, ref);
  const body = objectBody(req);
  const decision = reqEnum(body, 'decision', DECISIONS);
  const direct = optBool(body, 'direct') ?? false;
  const final = parseTransitionInput({ ...body, status: DECISION_TARGET[decision] });
  if (decision === 'approve' || decision === 'deny') final.result = { ...final.result, decision: decision === 'approve' ? 'APPROVED' : 'DENIED' };
  const path = decisionPath(kase.status, decision, direct);
  const events = path.map((status, i) => transition(ctx.rt, kase, i === path.length - 1 ? final : ({ status } satisfies TransitionInput)));
  return { caseNo: kase.caseNo, status: kase.status, seq: kase.seq, events };
};

const transitionControl: Control = (ctx, req, [ref]) => {
  const kase = caseRef(ctx, ref);
  return transition(ctx.rt, kase, parseTransitionInput(objectBody(req)));
};

const listCases: Control = (ctx, req) => {
  const applicationNo = req.query.get('applicationNo');
  const status = req.query.get('status');
  const deptCode = req.query.get('deptCode');
  return [...ctx.rt.state.cases.values()]
    .filter((kase) => (applicationNo === null || kase.applicationNo === applicationNo) && (status === null || kase.status === status) && (deptCode === null || kase.deptCode === deptCode))
    .map(caseSummary);
};

const showCase: Control = (ctx, _req, [ref]) => {
  const kase = caseRef(ctx, ref);
  return { ...caseSummary(kase), ...caseView(kase), formData: kase.formData, materials: kase.materials, supplementIds: [...kase.supplements.keys()] };
};

const AUTO_SCENARIOS: readonly AutoScenario[] = ['approve', 'deny', 'supplement_then_approve', 'reject_intake'];

const setAuto: Control = (ctx, req) => {
  const body = objectBody(req);
  const state = ctx.rt.state;
  const enabled = optBool(body, 'enabled');
  if (enabled === undefined) throw new FieldError('enabled', 'must be a boolean');
  state.auto = {
    enabled,
    scenario: optEnum(body, 'scenario', AUTO_SCENARIOS) ?? state.auto.scenario,
    stepDelayMs: optInt(body, 'stepDelayMs', '', { min: 0, max: 3_600_000 }) ?? state.auto.stepDelayMs,
  };
  return state.auto;
};

const MATERIAL_OUTCOMES: readonly MaterialOutcome[] = ['ok', 'hash_mismatch', 'unreachable', 'fetch'];

const setMaterialsPolicy: Control = (ctx, req) => {
  const body = objectBody(req);
  const codes = optArray(body, 'materialCodes');
  ctx.rt.state.materialsPolicy = {
    outcome: reqEnum(body, 'outcome', MATERIAL_OUTCOMES),
    materialCodes: codes?.map((code, i) => {
      if (typeof code !== 'string' || code === '') throw new FieldError(`materialCodes[${i}]`, 'must be a non-empty string');
      return code;
    }),
  };
  return ctx.rt.state.materialsPolicy;
};

const listSubmissions: Control = (ctx, req) => {
  const applicationNo = req.query.get('applicationNo');
  return ctx.rt.state.submissions.filter((s) => applicationNo === null || s.applicationNo === applicationNo);
};

// ---------------------------------------------------------------- residents and licences

const upsertPeople: Control = (ctx, req) => {
  const list = Array.isArray(req.body) ? req.body : [req.body];
  const people = list.map((item, i) => upsertPerson(ctx.rt.state, item, Array.isArray(req.body) ? `[${i}]` : ''));
  return { ok: true, people: people.map((person) => personSummary(ctx, person)) };
};

const listPeople: Control = (ctx) => [...ctx.rt.state.people.values()].map((person) => personSummary(ctx, person));

/** `POST /__sim/people/find {idNumber}`: the full record (a POST keeps the ID number out of URLs, §1). */
const findPerson: Control = (ctx, req) => {
  const idNumber = reqString(objectBody(req), 'idNumber');
  const person = ctx.rt.state.people.get(idNumber);
  if (!person) throw new ControlError(404, `no resident ${maskId(idNumber)}`);
  return { ...person, licenses: licensesOf(ctx.rt.state, person.idNumber).map((licence) => licenseView(ctx.rt.state, licence)) };
};

const listLicenses: Control = (ctx, req) => {
  const type = req.query.get('licenseType');
  return [...ctx.rt.state.licenses.values()].filter((licence) => type === null || licence.licenseType === type).map((licence) => licenseView(ctx.rt.state, licence));
};

const setLicenseStatus: Control = (ctx, req, [licenseId]) => {
  const licence = ctx.rt.state.licenses.get(decodeURIComponent(licenseId ?? ''));
  if (!licence) throw new ControlError(404, `no licence ${licenseId ?? ''}`);
  licence.status = reqEnum(objectBody(req), 'status', LICENSE_STATUSES);
  return licenseView(ctx.rt.state, licence);
};

// ---------------------------------------------------------------- consent

const listTokens: Control = (ctx) =>
  [...ctx.rt.state.tokens.values()].map((token) => ({
    authToken: token.authToken,
    consentId: token.consentId,
    appKey: token.appKey,
    subject: { ...token.subject, idNumber: maskId(token.subject.idNumber) },
    scope: token.scope,
    purpose: token.purpose,
    uses: token.uses,
    maxUses: token.maxUses,
    expiresAt: new Date(token.expiresAt).toISOString(),
    revoked: token.revokedAt !== undefined,
  }));

const revokeToken: Control = (ctx, _req, [authToken]) => {
  const record = revokeOutOfBand(ctx.rt.state, decodeURIComponent(authToken ?? ''));
  if (!record) throw new ControlError(404, 'no such authToken');
  return { ok: true, authToken: record.authToken, revoked: true };
};

// ---------------------------------------------------------------- callbacks

const FORGE_TAMPERS: readonly ForgeTamper[] = ['signature', 'stale_timestamp', 'nonce_replay', 'unknown_case', 'seq_regress', 'bad_digest'];

const forge: Control = async (ctx, req) => {
  const body = objectBody(req);
  const delivery = await ctx.dispatcher.forge({ caseNo: optString(body, 'caseNo'), tamper: reqEnum(body, 'tamper', FORGE_TAMPERS), url: optUrl(body, 'url') });
  return deliveryView(delivery);
};

const replay: Control = (ctx, req) => {
  const body = objectBody(req);
  return deliveryView(ctx.dispatcher.replay(reqString(body, 'eventId'), optUrl(body, 'url')));
};

const listCallbacks: Control = (ctx, req) => {
  const filters: [string, (value: string, d: ReturnType<typeof deliveryView>) => boolean][] = [
    ['caseNo', (v, d) => d.caseNo === v],
    ['eventId', (v, d) => d.eventId === v],
    ['kind', (v, d) => d.kind === v],
    ['state', (v, d) => d.state === v],
  ];
  return ctx.rt.state.deliveries.map(deliveryView).filter((d) => filters.every(([key, test]) => {
    const value = req.query.get(key);
    return value === null || test(value, d);
  }));
};

const setCallbackPolicy: Control = (ctx, req) => {
  const state = ctx.rt.state;
  const body = objectBody(req);
  state.callbackPolicy = parseCallbackPolicy(state.callbackPolicy, body);
  if (body.dropFirst !== undefined) state.dropRemaining = state.callbackPolicy.dropFirst;
  ctx.dispatcher.kick();
  return { ...state.callbackPolicy, dropRemaining: state.dropRemaining };
};

// ---------------------------------------------------------------- faults, latency, down, clock

function defaultCode(httpStatus: number | undefined): string {
  if (httpStatus === 429) return '10007';
  if (httpStatus === 503) return '50300';
  return '50000';
}

const addFault: Control = (ctx, req) => {
  const body = objectBody(req);
  const state = ctx.rt.state;
  const rawCode = body.code;
  if (rawCode !== undefined && typeof rawCode !== 'string' && typeof rawCode !== 'number') throw new FieldError('code', 'must be a string like "50000"');
  const code = rawCode === undefined ? undefined : String(rawCode);
  let httpStatus = optInt(body, 'httpStatus', '', { min: 200, max: 599 });
  if (httpStatus === undefined && code !== undefined) httpStatus = isErrorCode(code) ? ERROR_CODES[code].http : 500;
  const dropConnection = optBool(body, 'dropConnection') ?? false;
  const latencyMs = optInt(body, 'latencyMs', '', { min: 0, max: 600_000 }) ?? 0;
  if (httpStatus === undefined && !dropConnection && latencyMs === 0) throw new FieldError('body', 'give httpStatus and/or code, dropConnection, or latencyMs');
  state.faultSeq += 1;
  const rule: FaultRule = {
    id: state.faultSeq,
    path: reqString(body, 'path'),
    method: optString(body, 'method')?.toUpperCase(),
    httpStatus,
    code: httpStatus === undefined ? undefined : (code ?? defaultCode(httpStatus)),
    message: optString(body, 'message'),
    dropConnection,
    latencyMs,
    remaining: optInt(body, 'times', '', { min: 1 }) ?? 1,
    probability: optNumber(body, 'probability', '', { min: 0, max: 1 }) ?? 1,
    phase: optEnum(body, 'phase', ['before', 'after'] as const) ?? 'before',
  };
  state.faults.push(rule);
  return { ok: true, faults: state.faults };
};

const setLatency: Control = (ctx, req) => {
  const body = objectBody(req);
  const deptCode = optEnum(body, 'deptCode', DEPT_CODES);
  const key = deptCode === undefined ? (optString(body, 'path') ?? '*') : `dept:${deptCode}`;
  const rule = { fixedMs: optInt(body, 'fixedMs', '', { min: 0, max: 600_000 }) ?? 0, jitterMs: optInt(body, 'jitterMs', '', { min: 0, max: 600_000 }) ?? 0 };
  if (rule.fixedMs === 0 && rule.jitterMs === 0) ctx.rt.state.latency.delete(key);
  else ctx.rt.state.latency.set(key, rule);
  return { ok: true, latency: Object.fromEntries(ctx.rt.state.latency) };
};

const DOWN_MODES: readonly DownMode[] = ['unavailable', 'refuse', 'hang', 'http502'];

function downView(ctx: ControlContext): Record<string, unknown> {
  const state = ctx.rt.state;
  return { down: state.down !== undefined, mode: state.down ?? null, depts: Object.fromEntries(state.deptDown) };
}

const setDown: Control = (ctx, req) => {
  const body = objectBody(req);
  const state = ctx.rt.state;
  const down = optBool(body, 'down');
  if (down === undefined) throw new FieldError('down', 'must be a boolean');
  const deptCode = body.deptCode;
  if (deptCode !== undefined) {
    if (!isDeptCode(deptCode)) throw new FieldError('deptCode', `must be one of ${DEPT_CODES.join(', ')}`);
    const dept: DeptCode = deptCode;
    if (down) state.deptDown.set(dept, optEnum(body, 'mode', DOWN_MODES) ?? 'unavailable');
    else state.deptDown.delete(dept);
  } else {
    state.down = down ? (optEnum(body, 'mode', DOWN_MODES) ?? 'refuse') : undefined;
  }
  return downView(ctx);
};

const getClock: Control = (ctx) => ({ offsetSec: ctx.rt.state.clockOffsetSec, now: ctx.rt.state.nowIso() });

const setClock: Control = (ctx, req) => {
  const body = objectBody(req);
  const state = ctx.rt.state;
  const limit = 10 * 365 * 86_400;
  if (body.advanceSec !== undefined) state.setClockOffset(state.clockOffsetSec + reqNumber(body, 'advanceSec', '', { min: -limit, max: limit }));
  else state.setClockOffset(reqNumber(body, 'offsetSec', '', { min: -limit, max: limit }));
  expireSupplementDeadlines(ctx.rt);
  ctx.dispatcher.kick();
  return getClock(ctx, req, []);
};

const listRequests: Control = (ctx, req) => {
  const path = req.query.get('path');
  const method = req.query.get('method');
  const deptCode = req.query.get('deptCode');
  const pattern = path === null ? undefined : globToRegExp(path);
  return ctx.rt.state.journal.filter(
    (entry) =>
      (pattern === undefined || pattern.test(entry.path)) &&
      (method === null || entry.method === method.toUpperCase()) &&
      (deptCode === null || entry.deptCodes.some((d) => d === deptCode)),
  );
};

// ---------------------------------------------------------------- table

const CONTROLS: ControlTable<ControlContext> = {
  'GET /__sim/health': health,
  'POST /__sim/reset': reset,
  'GET /__sim/config': (ctx) => ctx.rt.state.config,
  'POST /__sim/config': (ctx, req) => {
    ctx.rt.state.config = applyConfig(ctx.rt.state.config, req.body);
    return ctx.rt.state.config;
  },
  'GET /__sim/people': listPeople,
  'POST /__sim/people': upsertPeople,
  'POST /__sim/people/find': findPerson,
  'GET /__sim/licenses': listLicenses,
  'POST /__sim/licenses/:licenseId/status': setLicenseStatus,
  'GET /__sim/cases': listCases,
  'GET /__sim/cases/auto': (ctx) => ctx.rt.state.auto,
  'POST /__sim/cases/auto': setAuto,
  'GET /__sim/cases/:ref': showCase,
  'POST /__sim/cases/:ref/transition': transitionControl,
  'POST /__sim/cases/:ref/decide': decide,
  'GET /__sim/submissions': listSubmissions,
  'GET /__sim/materials/policy': (ctx) => ctx.rt.state.materialsPolicy,
  'POST /__sim/materials/policy': setMaterialsPolicy,
  'GET /__sim/callbacks': listCallbacks,
  'GET /__sim/callbacks/policy': (ctx) => ({ ...ctx.rt.state.callbackPolicy, dropRemaining: ctx.rt.state.dropRemaining }),
  'POST /__sim/callbacks/policy': setCallbackPolicy,
  'POST /__sim/callbacks/forge': forge,
  'POST /__sim/callbacks/replay': replay,
  'GET /__sim/authz': listTokens,
  'POST /__sim/authz/:authToken/revoke': revokeToken,
  ...faultListControls((ctx) => ctx.rt.state),
  'POST /__sim/faults': addFault,
  ...latencyMapControls((ctx) => ctx.rt.state),
  'POST /__sim/latency': setLatency,
  'GET /__sim/down': downView,
  'POST /__sim/down': setDown,
  'GET /__sim/clock': getClock,
  'POST /__sim/clock': setClock,
  'GET /__sim/requests': listRequests,
};

/** Runs one control: 404 unknown, 405 wrong method, 400 invalid body, 404/409 for missing cases or refused transitions. */
export const handleControl = controlDispatcher(CONTROLS, (error) => {
  if (error instanceof FieldError) return { status: 400, body: { error: error.message, field: error.field } };
  if (error instanceof TransitionError) return { status: 409, body: { error: error.message } };
  return undefined;
});
