import { Inject, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { E_LICENCE_TYPES } from '@haizhu/shared-types';
import { toShanghaiIso } from '../../common/clock';
import { AppError } from '../../common/errors';
import { crashPoint } from '../../common/faults';
import { signLink } from '../../common/signed-url';
import { Jobs } from '../../common/jobs';
import { Platform } from '../../common/platform';
import { type Db, inTransaction } from '../../db/database';
import { type ApplicationEvent, type ApplicationRow, ApplicationService } from '../application';
import { CatalogService } from '../catalog';
import { AuditService } from '../audit';
import { IdentityService, type ResidentIdentity } from '../identity';
import { type LicenceView, MaterialService } from '../material';
import { ExchangeBusy, ExchangeClient, ExchangeRejected, ExchangeUnavailable } from './exchange.client';
import { verifyRequest } from './exchange.signing';

/** Our departments and their codes on the exchange (§4.1 deptCode). Items of other departments are decided in the hall. */
export const EXCHANGE_DEPARTMENTS: Record<string, string> = { 'HZ-RSJ': 'RS', 'HZ-MZJ': 'MZ', 'HZ-GAJ': 'GA', 'HZ-WJJ': 'WJ' };

/** Our e-licence types by the exchange's names (§6). */
const LICENCE_NAMES: Record<(typeof E_LICENCE_TYPES)[number], string> = {
  id_card: 'ID_CARD',
  household_register: 'HOUSEHOLD_REGISTER',
  marriage_certificate: 'MARRIAGE_CERT',
  birth_certificate: 'BIRTH_MEDICAL_CERT',
  social_security_card: 'SOCIAL_SECURITY_CARD',
};

/** Which department issues each licence (§6). */
const LICENCE_ISSUERS: Record<(typeof E_LICENCE_TYPES)[number], string> = {
  id_card: 'GA',
  household_register: 'GA',
  marriage_certificate: 'MZ',
  birth_certificate: 'WJ',
  social_security_card: 'RS',
};

export const UNREACHABLE_NOTE = '已提交，部门系统暂时无法连接，恢复后将自动转送';
export const SUBMIT_TASK = 'dept_submit_case';
export const GA_CHECK_TASK = 'ga_identity_check';

interface CaseEvent {
  eventId: string;
  caseNo: string;
  applicationNo: string;
  seq: number;
  status: string;
  reason?: string | null;
  supplement?: { requiredMaterials?: { materialCode: string; name?: string }[] } | null;
  result?: { decision?: 'APPROVED' | 'DENIED'; reason?: string | null } | null;
  handler?: { deptName?: string } | null;
}

const TERMINAL = new Set(['REJECTED', 'CONCLUDED', 'WITHDRAWN']);

/**
 * The durable way to the departments. Acceptance enqueues the delivery in the same transaction
 * (graphile-worker); the job submits idempotently by applicationNo, retries with backoff while
 * the department is down and tells the resident so. Signed status callbacks are verified,
 * deduplicated and applied in sequence order, backfilling any gap from the department.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class DeptGatewayService {
  @Inject()
  platform!: Platform;

  @Inject()
  exchange!: ExchangeClient;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  jobs!: Jobs;

  @Inject()
  materials!: MaterialService;

  @Inject()
  audit!: AuditService;

  @Init()
  init(): void {
    this.applications.afterTransition((tx, app, event) => this.onTransition(tx, app, event));
    // Every real-name verification is checked with 公安 afterwards, durably (a job in the same transaction).
    this.identity.afterRealNameVerified((tx, residentId) => this.jobs.add(tx, GA_CHECK_TASK, { residentId }, `${GA_CHECK_TASK}:${residentId}`));
  }

  /**
   * The 公安 identity check (数据调阅 of GA_HOUSEHOLD with the resident's consent): the name must
   * match the ID number in 公安's records. Unreachable → the caller retries; the answer is recorded
   * on the resident and audited, whatever it is.
   */
  async checkIdentityWithGA(residentId: string): Promise<'matched' | 'mismatch' | 'not_found'> {
    const who = await this.verifiedIdentity(residentId);
    const purpose = { text: '实名认证：核验姓名与身份证号（公安户籍信息）' };
    let result: 'matched' | 'mismatch' | 'not_found';
    let traceId: string | null = null;
    try {
      const authToken = await this.consent('GA', residentId, who, [{ datasetCode: 'GA_HOUSEHOLD' }], purpose);
      const res = await this.exchange.call<{ traceId: string }>({ dept: 'GA', method: 'POST', path: '/v1/data/GA_HOUSEHOLD/query', body: { subject: this.subject(who), authToken, purpose, page: { no: 1, size: 1 } } });
      traceId = res.data?.traceId ?? null;
      result = 'matched';
    } catch (err) {
      if (!(err instanceof ExchangeRejected)) throw err;
      const field = (err.envelope.data as { field?: string } | undefined)?.field ?? '';
      if (err.envelope.code === '10001' && field.endsWith('name')) result = 'mismatch';
      else if (err.envelope.code === '30001') result = 'not_found';
      else throw err;
    }
    await this.identity.recordGaCheck(residentId, result, traceId);
    return result;
  }

  /** Accepted cases of exchange departments go out by job, enqueued in the acceptance's transaction. */
  private async onTransition(tx: Db, app: ApplicationRow, event: ApplicationEvent): Promise<void> {
    if (event !== 'accept' && event !== 'accept_deficient') return;
    const dept = EXCHANGE_DEPARTMENTS[app.department_code];
    if (!dept) return;
    await tx
      .insertInto('dept_cases')
      .values({ application_id: app.id, dept_code: dept })
      .onConflict((oc) => oc.column('application_id').doNothing())
      .execute();
    await this.jobs.add(tx, SUBMIT_TASK, { applicationId: app.id }, `${SUBMIT_TASK}:${app.id}`);
  }

  /**
   * The job: submit (or, after a department's 补正, send the supplement), then mark the case
   * forwarded. Safe to run twice: the department deduplicates by applicationNo / supplementId,
   * and the transition only happens once.
   */
  async submitCase(applicationId: string): Promise<'forwarded' | 'skipped' | 'rejected'> {
    const app = await this.applications.byId(applicationId);
    const record = await this.platform.db.selectFrom('dept_cases').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
    if (!app || !record || (app.status !== 'accepted' && app.status !== 'accepted_deficient')) return 'skipped';
    const dept = record.dept_code;
    try {
      crashPoint(this.platform.config, 'dept_submit.before_call');
      const resubmission = record.case_no && record.dept_status === 'SUPPLEMENT_REQUIRED';
      const response = resubmission
        ? await this.exchange.call<{ status: string }>({
            dept,
            method: 'POST',
            path: `/v1/cases/${record.case_no}/supplements`,
            body: { supplementId: `${app.application_no}-S${record.last_seq}`, requestSeq: record.last_seq, materials: await this.materialsOf(app), formPatch: {} },
          })
        : await this.exchange.call<{ caseNo: string; status: string; seq: number }>({ dept, method: 'POST', path: '/v1/cases', body: await this.casePayload(app, dept) });
      // The department has it now; dying here loses only our acknowledgement, never the case.
      crashPoint(this.platform.config, 'dept_submit.after_call');
      const data = response.data as { caseNo?: string; status: string; seq?: number };
      // A retry can find the department already past receipt (its callbacks came while we didn't
      // know the caseNo, and were parked): record receipt only, and catch up from its history below.
      const behind = !resubmission && (data.seq ?? 1) > 1;
      await this.platform.db
        .updateTable('dept_cases')
        .set({
          case_no: data.caseNo ?? record.case_no,
          dept_status: behind ? 'RECEIVED' : data.status,
          last_seq: behind ? Math.max(record.last_seq, 1) : Math.max(record.last_seq, data.seq ?? record.last_seq),
          attempts: record.attempts + 1,
          unreachable_since: null,
          last_error: null,
          submitted_at: this.platform.clock.now(),
          updated_at: this.platform.clock.now(),
        })
        .where('application_id', '=', applicationId)
        .execute();
      const deptName = (await this.catalog.departments()).find((d) => d.code === app.department_code)?.name ?? '业务部门';
      await this.applications.departmentTransition(dept, applicationId, 'forward', `已转送${deptName}`, record.unreachable_since ? '部门系统已恢复，已自动转送' : undefined).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === 'INVALID_STATE')) throw err;
      });
      if (behind) await this.backfill(dept, data.caseNo as string, 1, (data.seq as number) + 1);
      return 'forwarded';
    } catch (err) {
      if (err instanceof ExchangeRejected) {
        this.platform.logger.error('department rejected a case submission', { dept, applicationId, code: err.envelope.code, message: err.envelope.message });
        await this.platform.db.updateTable('dept_cases').set({ last_error: err.message, attempts: record.attempts + 1, updated_at: this.platform.clock.now() }).where('application_id', '=', applicationId).execute();
        return 'rejected';
      }
      if (err instanceof ExchangeBusy) {
        // Asked too fast: the department is there, so the resident hears nothing; the job tries again.
        this.platform.logger.info('department exchange rate-limited a submission; the job will retry', { dept, applicationId, retryAfterMs: err.retryAfterMs });
      } else if (err instanceof ExchangeUnavailable) {
        if (!record.unreachable_since) {
          await this.platform.db
            .updateTable('dept_cases')
            .set({ unreachable_since: this.platform.clock.now(), last_error: err.message, attempts: record.attempts + 1, updated_at: this.platform.clock.now() })
            .where('application_id', '=', applicationId)
            .execute();
          await this.applications.addNote(applicationId, UNREACHABLE_NOTE);
        }
        this.platform.logger.warn('department unreachable; the job will retry', { dept, applicationId, reason: err.message });
      }
      throw err;
    }
  }

  /**
   * A department's signed status callback (§4.6). Forged ones are refused with 401 and change
   * nothing; duplicates and stale sequence numbers are acknowledged and ignored; a gap is
   * backfilled from the department's own history first.
   */
  async handleCallback(deptCode: string, req: { method: string; path: string; query: URLSearchParams; rawBody: string; headers: Record<string, string | undefined> }): Promise<{ code: '0' }> {
    const appKey = req.headers['x-app-key'] ?? '';
    const secret = this.platform.config.exchange.callbackKeys.get(appKey);
    const verdict = secret
      ? verifyRequest({ ...req, secret, now: this.platform.clock.now().getTime() })
      : ({ ok: false, problem: 'bad_signature' } as const);
    if (!verdict.ok) {
      this.platform.logger.warn('refused a department callback', { deptCode, problem: verdict.problem });
      throw new AppError('UNAUTHENTICATED', '回调签名校验失败', { reason: verdict.problem });
    }
    const fresh = await this.platform.db
      .insertInto('dept_nonces')
      .values({ app_key: appKey, nonce: verdict.nonce })
      .onConflict((oc) => oc.columns(['app_key', 'nonce']).doNothing())
      .returning('nonce')
      .executeTakeFirst();
    if (!fresh) throw new AppError('UNAUTHENTICATED', '回调请求重复（nonce 已使用）', { reason: 'nonce_replay' });
    let event: CaseEvent;
    try {
      event = JSON.parse(req.rawBody) as CaseEvent;
    } catch {
      throw new AppError('BAD_REQUEST');
    }
    if (!event.eventId || !event.caseNo || typeof event.seq !== 'number' || !event.status) throw new AppError('VALIDATION_FAILED', undefined, { fields: { body: 'eventId, caseNo, seq and status are required' } });
    await this.apply(deptCode.toUpperCase(), event, true);
    return { code: '0' };
  }

  /**
   * Applies one event once, in order. The event's record and its effect on the case commit
   * together: a process dying in between leaves neither, and the department's retry applies it.
   */
  private async apply(dept: string, event: CaseEvent, mayBackfill: boolean): Promise<void> {
    const db = this.platform.db;
    const known = await db.selectFrom('dept_cases').select(['case_no', 'last_seq', 'dept_status']).where('case_no', '=', event.caseNo).executeTakeFirst();
    // A gap is filled from the department's history first (a network call: not inside our transaction).
    if (known && mayBackfill && event.seq > known.last_seq + 1 && !(known.dept_status && TERMINAL.has(known.dept_status))) {
      await this.backfill(dept, known.case_no as string, known.last_seq, event.seq);
    }
    await inTransaction(db, async (tx) => {
      const record = await tx.selectFrom('dept_cases').selectAll().where('case_no', '=', event.caseNo).forUpdate().executeTakeFirst();
      const outcome = !record ? 'parked_unknown_case' : event.seq <= record.last_seq ? 'stale' : record.dept_status && TERMINAL.has(record.dept_status) ? 'after_terminal' : 'applied';
      const inserted = await tx
        .insertInto('dept_events')
        .values({ event_id: event.eventId, dept_code: dept, case_no: event.caseNo, seq: event.seq, status: event.status, payload: JSON.stringify(event), outcome })
        // An event parked while its case was unknown to us is taken up when it comes again.
        .onConflict((oc) => oc.column('event_id').doUpdateSet({ outcome }).where('dept_events.outcome', '=', 'parked_unknown_case'))
        .returning('event_id')
        .executeTakeFirst();
      if (!inserted || !record || outcome !== 'applied') return;
      await this.applyToCase(tx, dept, record.application_id, event);
      await tx.updateTable('dept_cases').set({ last_seq: event.seq, dept_status: event.status, updated_at: this.platform.clock.now() }).where('case_no', '=', event.caseNo).execute();
    });
    // Dying here, after COMMIT, loses only the acknowledgement: the department sends it again and we find it applied.
    crashPoint(this.platform.config, 'dept_callback.after_commit');
  }

  /** Fetches the department's history (§4.3) and applies the events we missed, in order. */
  private async backfill(dept: string, caseNo: string, fromSeq: number, toSeq: number): Promise<void> {
    const res = await this.exchange.call<{ history: CaseEvent[] }>({ dept, method: 'GET', path: `/v1/cases/${caseNo}` });
    const missing = (res.data?.history ?? []).filter((e) => e.seq > fromSeq && e.seq < toSeq).sort((a, b) => a.seq - b.seq);
    for (const e of missing) await this.apply(dept, { ...e, caseNo, eventId: e.eventId ?? `${caseNo}-${e.seq}` }, false);
  }

  /** The department's status, translated into our state machine. */
  private async applyToCase(tx: Db, dept: string, applicationId: string, event: CaseEvent): Promise<void> {
    const app = await this.applications.byId(applicationId, tx);
    if (!app) return;
    const who = event.handler?.deptName ?? '业务部门';
    const guarded = (p: Promise<void>) =>
      p.catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'INVALID_STATE') this.platform.logger.warn('department event does not fit the case state', { applicationId, status: event.status, ours: app.status });
        else throw err;
      });
    switch (event.status) {
      case 'ACCEPTED':
      case 'SUPPLEMENTED':
        await this.applications.addNote(applicationId, event.status === 'ACCEPTED' ? `${who}已收件受理` : `${who}已收到补正材料`, undefined, tx);
        return;
      case 'IN_REVIEW':
        if (app.status === 'forwarded') await guarded(this.applications.departmentTransition(dept, applicationId, 'start_review', `${who}审核中`, undefined, undefined, tx));
        return;
      case 'SUPPLEMENT_REQUIRED': {
        if (app.status === 'forwarded') await guarded(this.applications.departmentTransition(dept, applicationId, 'start_review', `${who}审核中`, undefined, undefined, tx));
        const materials = (event.supplement?.requiredMaterials ?? []).map((m) => m.materialCode);
        await guarded(
          this.applications.departmentTransition(dept, applicationId, 'request_supplement', `${who}要求补正材料`, event.reason ?? undefined, async (tx, row) => {
            await tx.updateTable('applications').set({ supplement: JSON.stringify({ materials, reason: event.reason ?? '请按部门要求补正' }) }).where('id', '=', row.id).execute();
            if (materials.length) await tx.deleteFrom('application_materials').where('application_id', '=', row.id).where('material_code', 'in', materials).execute();
          }, tx),
        );
        return;
      }
      case 'CONCLUDED':
      case 'REJECTED': {
        const approved = event.status === 'CONCLUDED' && event.result?.decision === 'APPROVED';
        const note = event.result?.reason ?? event.reason ?? null;
        await guarded(
          this.applications.departmentTransition(dept, applicationId, approved ? 'approve' : 'deny', approved ? `${who}审批通过` : `${who}审批不通过`, note ?? undefined, async (tx, row) => {
            await tx.updateTable('applications').set({ result: JSON.stringify({ outcome: approved ? 'approved' : 'denied', note }) }).where('id', '=', row.id).execute();
          }, tx),
        );
        return;
      }
      default:
        return;
    }
  }

  /**
   * Fetches a resident's e-licence from its issuing department (免提交) with a consent token bound
   * to them, the licence type and the purpose, and keeps it in their library.
   */
  async fetchLicence(residentId: string, type: (typeof E_LICENCE_TYPES)[number]): Promise<LicenceView> {
    const who = await this.verifiedIdentity(residentId);
    const licenseType = LICENCE_NAMES[type];
    const dept = LICENCE_ISSUERS[type];
    const purpose = { text: '办事材料免提交' };
    const authToken = await this.consent(dept, residentId, who, [{ licenseType }], purpose);
    const res = await this.exchange.call<{ licenses: { licenseId: string; licenseType: string; licenseName: string; licenseNumber: string; issuer: { name: string }; issueDate: string | null; validTo: string | null; status: string }[] }>({
      dept,
      method: 'POST',
      path: '/v1/licenses/search',
      body: { holder: this.subject(who), licenseTypes: [licenseType], authToken, purpose },
    });
    const found = res.data?.licenses.find((l) => l.licenseType === licenseType);
    if (!found) throw new AppError('NOT_FOUND', '没有查到您的这项电子证照，请上传材料');
    await this.audit.append(this.platform.db, {
      actor: { type: 'resident', id: residentId },
      action: 'data_query.e_licence',
      subjectType: 'resident',
      subjectId: residentId,
      residentId,
      data: { licenseType, dept },
    });
    return this.materials.saveLicence(residentId, {
      type,
      licenceId: found.licenseId,
      name: found.licenseName,
      number: found.licenseNumber,
      issuer: found.issuer.name,
      issueDate: found.issueDate,
      validTo: found.validTo,
      status: found.status,
    });
  }

  /** 数据调阅: the resident's 社保 payment record from 人社, read with their consent; every read audited with the department's traceId. */
  async socialInsurancePayments(residentId: string, startMonth: string, endMonth: string) {
    const who = await this.verifiedIdentity(residentId);
    const purpose = { text: '本人查询社保缴费记录' };
    const authToken = await this.consent('RS', residentId, who, [{ datasetCode: 'RS_SI_PAYMENT' }], purpose);
    const res = await this.exchange.call<{ traceId: string; total: number; records: Record<string, unknown>[]; summary: Record<string, unknown> }>({
      dept: 'RS',
      method: 'POST',
      path: '/v1/data/RS_SI_PAYMENT/query',
      body: { subject: this.subject(who), authToken, purpose, params: { startMonth, endMonth }, page: { no: 1, size: 100 } },
    });
    const data = res.data as { traceId: string; total: number; records: Record<string, unknown>[]; summary: Record<string, unknown> };
    await this.audit.append(this.platform.db, {
      actor: { type: 'resident', id: residentId },
      action: 'data_query.social_insurance',
      subjectType: 'resident',
      subjectId: residentId,
      residentId,
      data: { dataset: 'RS_SI_PAYMENT', traceId: data.traceId, startMonth, endMonth },
    });
    return { traceId: data.traceId, total: data.total, records: data.records, summary: data.summary };
  }

  private async verifiedIdentity(residentId: string): Promise<ResidentIdentity> {
    const who = await this.identity.identityOf(residentId);
    if (!who?.realNameVerified || !who.name || !who.idNumber) throw new AppError('REAL_NAME_REQUIRED');
    return who;
  }

  private subject(who: ResidentIdentity) {
    return { idType: '111', idNumber: who.idNumber as string, name: who.name as string };
  }

  /** A consent token (§5.1) bound to the resident, the scope and the purpose; short-lived. */
  private async consent(dept: string, residentId: string, who: ResidentIdentity, scope: Record<string, string>[], purpose: Record<string, string>): Promise<string> {
    const res = await this.exchange.call<{ authToken: string }>({
      dept,
      method: 'POST',
      path: '/v1/authorizations',
      body: {
        consentId: `CS-${residentId}-${Date.now()}`,
        subject: this.subject(who),
        scope,
        purpose,
        evidence: { method: 'REAL_NAME_VERIFIED', verifiedAt: toShanghaiIso(this.platform.clock.now()), ref: residentId },
        ttlSec: 600,
      },
    });
    return (res.data as { authToken: string }).authToken;
  }

  /** A case's current standing at its department, for the staff view. */
  async standing(applicationId: string) {
    return this.platform.db.selectFrom('dept_cases').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  }

  /** A presigned link the department fetches an uploaded material from (valid 7 days, §4.1); served by the material context. */
  fileUrl(fileId: string): { url: string; expiresAt: string } {
    const expires = this.platform.clock.now().getTime() + 7 * 86400_000;
    const sig = signLink(this.platform.config.exchange.fileUrlKey, fileId, expires);
    return { url: `${this.platform.config.publicBaseUrl}/api/v1/exchange/files/${fileId}?expires=${expires}&sig=${sig}`, expiresAt: toShanghaiIso(new Date(expires)) };
  }

  private async casePayload(app: ApplicationRow, dept: string) {
    const [item, who, form, materials] = await Promise.all([
      this.catalog.getItem(app.item_code, app.item_version),
      this.identity.identityOf(app.resident_id),
      Promise.resolve(this.applications.formFor(app)),
      this.materialsOf(app),
    ]);
    const agent = app.submitted_by !== app.resident_id ? await this.identity.identityOf(app.submitted_by) : undefined;
    return {
      applicationNo: app.application_no,
      itemCode: app.item_code,
      itemName: item.name,
      itemVersion: String(app.item_version),
      deptCode: dept,
      regionCode: '440105',
      channel: 'WECHAT_MINIPROGRAM',
      submittedAt: toShanghaiIso(app.submitted_at ?? app.created_at),
      applicant: { type: 'PERSON', name: who?.name ?? '', idType: '111', idNumber: who?.idNumber ?? '', mobile: who?.phone ?? null, address: null },
      agent: agent ? { type: 'PERSON', name: agent.name ?? '', idType: '111', idNumber: agent.idNumber ?? '' } : null,
      formSchemaVersion: String(app.item_version),
      formData: form,
      materials,
      delivery: null,
      callbackUrl: `${this.platform.config.publicBaseUrl}/api/v1/callbacks/dept/${dept}`,
      consentId: null,
    };
  }

  private async materialsOf(app: ApplicationRow) {
    const provided = await this.applications.providedFor(app);
    return Promise.all(
      provided.map(async (m) => {
        if (m.eLicenceType) {
          return { materialCode: m.code, name: m.name, source: 'E_LICENSE', licenseId: `${LICENCE_NAMES[m.eLicenceType as keyof typeof LICENCE_NAMES] ?? m.eLicenceType}:${app.resident_id}` };
        }
        const file = m.file as NonNullable<typeof m.file>;
        const link = this.fileUrl(file.id);
        return { materialCode: m.code, name: m.name, source: 'UPLOAD', fileName: file.name, mimeType: file.mime, size: file.size, sha256: file.sha256, url: link.url, urlExpiresAt: link.expiresAt };
      }),
    );
  }
}
