import type { FaultRuleBase, LatencyRule } from '../lib/faults';
import type { Unanswered } from '../lib/http';
import { appendBounded, SimClock } from '../lib/state';
import type { CaseStatus, DatasetCode, DeptCode, KeyPair, LicenseStatus, LicenseType, Organisation, PaymentStatus, ShareType } from './catalog';
import type { SignMethod } from './signing';

// ---------------------------------------------------------------- configuration (`/__sim/config`)

export interface PaasCredential {
  paasId: string;
  paasToken: string;
}

/** One caller of the exchange (our API) and what it may reach. `'*'` in a list grants everything. */
export interface AppGrant {
  appKey: string;
  appSecret: string;
  signMethod: SignMethod;
  depts: string[];
  items: string[];
  datasets: string[];
  /** Overrides `SimConfig.rateLimitPerSec` for this key. */
  rateLimitPerSec?: number;
}

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface FieldRule {
  type: FieldType;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  enum?: string[];
}

/** The form schema of one item (§4.1 `formData` is validated against it). */
export interface FormSchema {
  version: string;
  deptCode?: DeptCode;
  itemName?: string;
  fields: Record<string, FieldRule>;
}

export interface SimConfig {
  paas: PaasCredential[];
  apps: AppGrant[];
  /** Keys the departments sign callbacks with. */
  deptKeys: Record<DeptCode, KeyPair>;
  formSchemas: Record<string, FormSchema>;
  /** Where callbacks go for cases submitted without `callbackUrl`. */
  callbackUrl: string | undefined;
  /** §3 default 50 req/s per app key. */
  rateLimitPerSec: number;
  /** §5.1 `maxUses` of a new authToken. */
  authMaxUses: number;
  catalogCodes: Record<LicenseType, string>;
  shareTypes: Record<DatasetCode, ShareType>;
}

// ---------------------------------------------------------------- residents

export interface SiRecord {
  month: string;
  insuranceType: string;
  employerName: string;
  paymentBaseFen: number;
  employerFen: number;
  personalFen: number;
  status: PaymentStatus;
}

export interface HouseholdMember {
  name: string;
  idNumber: string;
  relationship: string;
}

export interface Household {
  householdNumber: string;
  householderName: string;
  relationship: string;
  address: string;
  regionCode: string;
  registeredAt: string;
  members: HouseholdMember[];
}

export type MaritalStatus = 'UNMARRIED' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';

export interface Marriage {
  maritalStatus: MaritalStatus;
  spouseName: string | null;
  spouseIdNumber: string | null;
  registrationDate: string | null;
  registrationOrg: string | null;
  certificateNumber: string | null;
}

export interface BirthRecord {
  certificateNumber: string;
  birthDate: string;
  birthPlace: string;
  hospital: string;
  gender: '男' | '女';
  motherName: string | null;
  motherIdNumber: string | null;
  fatherName: string | null;
  fatherIdNumber: string | null;
}

export interface Person {
  idNumber: string;
  name: string;
  household: Household | null;
  marriage: Marriage | null;
  birth: BirthRecord | null;
  socialInsurance: SiRecord[];
}

export interface LicenseRecord {
  licenseId: string;
  licenseType: LicenseType;
  licenseNumber: string;
  holderIdNumber: string;
  holderName: string;
  issuer: Organisation;
  issueDate: string;
  validFrom: string;
  validTo: string | null;
  /** As stored; `EXPIRED` is also derived from `validTo` and the clock. */
  status: LicenseStatus;
  version: number;
  surface: Record<string, unknown>;
  /** SHA-256 of every file rendition handed out, for `licenses/verify`. */
  issuedHashes: Set<string>;
}

// ---------------------------------------------------------------- cases

export interface SupplementSpec {
  requiredMaterials: { materialCode: string; name: string; note: string | null }[];
  deadline: string;
}

export interface CaseDocument {
  name: string;
  url: string;
  sha256: string;
  expiresAt: string;
}

export interface CaseResult {
  decision: 'APPROVED' | 'DENIED';
  reason: string | null;
  licenseIds: string[];
  documents: CaseDocument[];
}

/** A status event: the body of a §4.6 callback and an element of §4.3 `history`. */
export interface CaseEvent {
  eventId: string;
  caseNo: string;
  applicationNo: string;
  seq: number;
  status: CaseStatus;
  statusName: string;
  occurredAt: string;
  handler: { deptName: string; window: string };
  reason: string | null;
  supplement: SupplementSpec | null;
  result: CaseResult | null;
}

export interface Material {
  materialCode: string;
  name: string;
  source: 'UPLOAD' | 'E_LICENSE';
  licenseId?: string;
  fileName?: string;
  mimeType?: string;
  size?: number;
  sha256?: string;
  sm3?: string;
  url?: string;
  urlExpiresAt?: string;
}

export interface StoredSupplement {
  hash: string;
  reply: Record<string, unknown>;
}

export interface CaseRecord {
  caseNo: string;
  applicationNo: string;
  deptCode: DeptCode;
  itemCode: string;
  itemName: string | null;
  appKey: string;
  /** SHA-256 of the canonical payload (§4.1 idempotency). */
  payloadHash: string;
  callbackUrl: string | undefined;
  formData: Record<string, unknown>;
  materials: Material[];
  receivedAt: string;
  status: CaseStatus;
  seq: number;
  result: CaseResult | null;
  updatedAt: string;
  history: CaseEvent[];
  /** Accepted `POST /v1/cases` with this applicationNo (1 + duplicates). */
  submissions: number;
  /** Refused resubmissions with a different payload (20002). */
  conflicts: number;
  supplements: Map<string, StoredSupplement>;
  /** Epoch ms of the open supplement deadline, while SUPPLEMENT_REQUIRED. */
  deadlineAt: number | undefined;
}

export type SubmissionOutcome = 'created' | 'duplicate' | 'conflict' | 'refused';

export interface SubmissionRecord {
  at: string;
  applicationNo: string;
  outcome: SubmissionOutcome;
  caseNo: string | null;
  code: string;
}

// ---------------------------------------------------------------- consent

export type ScopeEntry = { datasetCode: DatasetCode } | { licenseType: LicenseType };

export interface AuthTokenRecord {
  authToken: string;
  consentId: string;
  appKey: string;
  subject: { idType: string; idNumber: string; name: string };
  scope: ScopeEntry[];
  purpose: { itemCode?: string; applicationNo?: string; text: string };
  evidence: Record<string, unknown>;
  issuedAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedAt: number | undefined;
}

export interface Download {
  bytes: Buffer;
  mimeType: string;
  expiresAt: number;
}

// ---------------------------------------------------------------- callbacks

export type CallbackSchedule = 'contract' | 'compressed';

export interface CallbackPolicy {
  delayMs: number;
  duplicates: number;
  reorder: boolean;
  skipSeq: number[];
  dropFirst: number;
  schedule: CallbackSchedule;
  /** Overrides the schedule's retry delays (ms after each failed attempt). */
  retryDelaysMs: number[] | undefined;
  /** "No reply within 5 s = not delivered". */
  timeoutMs: number;
}

export type ForgeTamper = 'signature' | 'stale_timestamp' | 'nonce_replay' | 'unknown_case' | 'seq_regress' | 'bad_digest';

export interface CallbackAttempt {
  at: string;
  httpStatus: number | null;
  body: unknown;
  latencyMs: number;
  error?: string;
  xTimestamp: string;
  xNonce: string;
}

export type DeliveryState = 'pending' | 'held' | 'in_flight' | 'delivered' | 'failed' | 'skipped' | 'no_url';

export interface Delivery {
  id: number;
  kind: 'event' | 'duplicate' | 'replay' | 'forged';
  tamper?: ForgeTamper;
  eventId: string;
  caseNo: string;
  seq: number;
  status: string;
  deptCode: DeptCode;
  url: string | null;
  /** The exact JSON sent (every attempt sends the same bytes). */
  body: string;
  state: DeliveryState;
  attempts: CallbackAttempt[];
  /** Simulator-clock ms the next attempt is due; null unless pending. */
  dueAt: number | null;
  /** Queue position; lower goes first among deliveries due at the same time. */
  order: number;
  /** `bad_digest` forgeries: the bytes the headers were computed over (differs from `body`). */
  signedBody?: string;
}

// ---------------------------------------------------------------- behaviour

export type AutoScenario = 'approve' | 'deny' | 'supplement_then_approve' | 'reject_intake';

export interface AutoPolicy {
  enabled: boolean;
  scenario: AutoScenario;
  stepDelayMs: number;
}

export type MaterialOutcome = 'ok' | 'hash_mismatch' | 'unreachable' | 'fetch';

export interface MaterialsPolicy {
  outcome: MaterialOutcome;
  /** Limits a forced outcome to these material codes; all uploads when absent. */
  materialCodes: string[] | undefined;
}

export interface FaultRule extends FaultRuleBase {
  id: number;
  /** Exact path, a glob with `*`, or `*`. */
  path: string;
  method: string | undefined;
  httpStatus: number | undefined;
  code: string | undefined;
  message: string | undefined;
  /** `before`: instead of the handler; `after`: the handler runs (state changes), then the reply is replaced. */
  phase: 'before' | 'after';
}

export type { LatencyRule } from '../lib/faults';

/** `unavailable` answers 503 `50300`; the others behave as in the other simulators. */
export type DownMode = 'unavailable' | 'refuse' | 'hang' | 'http502';

export type JournalResponse = { kind: 'json'; status: number; body: unknown } | { kind: 'bytes'; status: number; size: number } | Unanswered;

export interface AuthJournal {
  paasId?: string;
  serviceId?: string;
  xTif?: { received?: string; expected?: string; ok: boolean };
  appKey?: string;
  signMethod?: string;
  stringToSign?: string;
  digest?: { received?: string; expected?: string };
  signature?: { received?: string; expected?: string };
  /** `ok` or the §3 code the request was refused with. */
  outcome: string;
  reason?: string;
}

export interface JournalEntry {
  id: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON with ID numbers masked, or the raw text. */
  body: unknown;
  deptCodes: DeptCode[];
  auth: AuthJournal | null;
  response: JournalResponse | null;
}

/**
 * Everything the simulator remembers. `now()` is the only time source: expiries, windows,
 * deadlines, callback schedules and timestamps all move with `/__sim/clock`.
 */
export class SimState extends SimClock {
  /** Bumped by reset so that work started before it (timers, fetches) knows to stop. */
  generation = 0;

  config: SimConfig;
  people = new Map<string, Person>();
  licenses = new Map<string, LicenseRecord>();

  cases = new Map<string, CaseRecord>();
  caseByApplicationNo = new Map<string, string>();
  submissions: SubmissionRecord[] = [];
  /** Not reset: a caseNo from before a reset must not name a new case. */
  caseCounter = 0;

  tokens = new Map<string, AuthTokenRecord>();
  downloads = new Map<string, Download>();

  /** appKey → nonce → when it was first used. */
  nonces = new Map<string, Map<string, number>>();
  /** appKey → admitted request times in the last second. */
  rate = new Map<string, number[]>();

  deliveries: Delivery[] = [];
  deliverySeq = 0;
  queueOrder = 0;
  callbackPolicy: CallbackPolicy = defaultCallbackPolicy();
  /** Attempts still to be swallowed by `dropFirst`. */
  dropRemaining = 0;

  auto: AutoPolicy;
  materialsPolicy: MaterialsPolicy = { outcome: 'ok', materialCodes: undefined };

  faults: FaultRule[] = [];
  faultSeq = 0;
  latency = new Map<string, LatencyRule>();
  down: DownMode | undefined;
  deptDown = new Map<DeptCode, DownMode>();

  journal: JournalEntry[] = [];
  journalSeq = 0;

  constructor(
    private readonly bootConfig: () => SimConfig,
    private readonly bootAuto: AutoPolicy,
  ) {
    super();
    this.config = bootConfig();
    this.auto = { ...bootAuto };
  }

  /** Back to the boot state: configuration, residents and policies as started; all cases, tokens, nonces and callbacks gone. */
  reset(): void {
    this.generation += 1;
    this.clockOffsetMs = 0;
    this.config = this.bootConfig();
    this.people.clear();
    this.licenses.clear();
    this.cases.clear();
    this.caseByApplicationNo.clear();
    this.submissions = [];
    this.tokens.clear();
    this.downloads.clear();
    this.nonces.clear();
    this.rate.clear();
    this.deliveries = [];
    this.callbackPolicy = defaultCallbackPolicy();
    this.dropRemaining = 0;
    this.auto = { ...this.bootAuto };
    this.materialsPolicy = { outcome: 'ok', materialCodes: undefined };
    this.faults = [];
    this.latency.clear();
    this.down = undefined;
    this.deptDown.clear();
    this.journal = [];
  }

  caseByRef(ref: string): CaseRecord | undefined {
    const caseNo = this.cases.has(ref) ? ref : this.caseByApplicationNo.get(ref);
    return caseNo === undefined ? undefined : this.cases.get(caseNo);
  }

  recordRequest(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    this.journalSeq += 1;
    const stored: JournalEntry = { id: this.journalSeq, ...entry };
    appendBounded(this.journal, stored);
    return stored;
  }

  recordSubmission(record: SubmissionRecord): void {
    appendBounded(this.submissions, record);
  }
}

export function defaultCallbackPolicy(): CallbackPolicy {
  return { delayMs: 0, duplicates: 0, reorder: false, skipSeq: [], dropFirst: 0, schedule: 'contract', retryDelaysMs: undefined, timeoutMs: 5000 };
}
