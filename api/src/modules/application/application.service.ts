import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  APPLICATION_STATUS_NAMES,
  type ApplicationStatus,
  type ApplicationView,
  checkIdNumber,
  type FormField,
  type Light,
  type Page,
  type ProgressView,
  type ServiceItem,
} from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound, validationError } from '../../common/errors';
import { crashPoint } from '../../common/faults';
import { newId } from '../../common/ids';
import { maskName } from '../../common/mask';
import { decodeCursor, toPage } from '../../common/pagination';
import { Platform } from '../../common/platform';
import { addWorkingDays, type HolidayCalendar, workingDaysBetween } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import { CalendarService } from '../appointment';
import { type AuditActor, AuditService, PERSONAL_DATA_VIEWED } from '../audit';
import { CatalogService } from '../catalog';
import { IdentityService, PERSONAL_DATA_ROLES } from '../identity';
import { MaterialService } from '../material';
import { type ApplicationRow, applicationRepo, type ProvidedRow } from './application.repo';
import { APPLICATION_TRANSITIONS, type ApplicationEvent, canApply, CLOCK_RUNNING, EDITABLE } from './application.state';

const FORM_AAD = 'applications.form';
type FormValues = Record<string, string | number | boolean | null>;
type Deficient = { materialCode: string; due: string; way: string };
type Supplement = { materials: string[]; reason: string };

/** Who is acting on a case: the resident, their agent, staff, a department or the system. */
type TransitionHook = (tx: Db, app: ApplicationRow, event: ApplicationEvent) => Promise<void>;

type CaseActor = { kind: 'resident'; residentId: string } | { kind: 'staff'; staff: StaffActor } | { kind: 'department'; code: string } | { kind: 'system' };

/**
 * 申办: a resident (or their agent) applies online; the case moves through the state machine of
 * application.state.ts, each step one transaction with its audit record and timeline entry; the
 * promise is counted in working days from acceptance and supervised with lights.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ApplicationService {
  @Inject()
  platform!: Platform;

  @Inject()
  audit!: AuditService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  calendar!: CalendarService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  materials!: MaterialService;

  /** Hooks other contexts add (the department gateway enqueues its delivery here), run inside the transition's transaction. */
  private readonly onTransition: TransitionHook[] = [];
  /** Guards other contexts add (payment: the fee is paid before 出件); they throw to refuse. */
  private readonly guards: TransitionHook[] = [];
  /** Parts of the case view other contexts own (payments, courier orders). */
  private readonly viewParts: Partial<Record<'payments' | 'courierOrders', (applicationId: string) => Promise<unknown[]>>> = {};

  afterTransition(hook: TransitionHook): void {
    this.onTransition.push(hook);
  }

  guardTransition(guard: TransitionHook): void {
    this.guards.push(guard);
  }

  provideViewPart(part: 'payments' | 'courierOrders', load: (applicationId: string) => Promise<unknown[]>): void {
    this.viewParts[part] = load;
  }

  /** A draft for an item, or one draft per member item of a bundle (一件事), sharing materials. */
  async create(actorId: string, body: { itemCode?: string; bundleCode?: string; form: FormValues; situation: Record<string, string>; onBehalfOf?: string }) {
    const residentId = await this.principalOf(actorId, body.onBehalfOf, body.itemCode);
    const itemCodes = body.bundleCode ? (await this.catalog.bundle(body.bundleCode)).itemCodes : [body.itemCode as string];
    const items = await Promise.all(itemCodes.map((code) => this.catalog.getItem(code).catch(() => Promise.reject(validationError({ itemCode: '事项不存在' })))));
    const now = this.platform.clock.now();
    const day = shanghaiDate(now).replaceAll('-', '');
    const group = body.bundleCode ? newId('app') : null;
    const created = await inTransaction(this.platform.db, async (tx) => {
      const out: { id: string; applicationNo: string; queryCode: string; status: 'draft' }[] = [];
      for (const item of items) {
        const id = newId('app');
        const applicationNo = `HZ${day}${String(await applicationRepo.nextNumber(tx, day)).padStart(6, '0')}`;
        const queryCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
        await applicationRepo.insert(tx, {
          id,
          application_no: applicationNo,
          query_code_hash: queryHash(applicationNo, queryCode),
          resident_id: residentId,
          submitted_by: actorId,
          item_code: item.itemCode,
          item_version: item.version,
          department_code: item.departmentCode,
          hall_id: item.guide.places.find((p) => p.hallId)?.hallId ?? 'HZ-DIST',
          bundle_code: body.bundleCode ?? null,
          bundle_group: group,
          status: 'draft',
          form_enc: this.platform.cipher.encrypt(JSON.stringify(body.form), FORM_AAD),
          situation: JSON.stringify(body.situation),
          created_at: now,
          updated_at: now,
        });
        await applicationRepo.addTimeline(tx, { application_id: id, at: now, status: 'draft', title: '创建申请', note: actorId === residentId ? null : '由受托人代办' });
        await this.audit.append(tx, { actor: { type: 'resident', id: actorId }, action: 'application.created', subjectType: 'application', subjectId: id, residentId, data: { itemCode: item.itemCode, onBehalf: actorId !== residentId } });
        out.push({ id, applicationNo, queryCode, status: 'draft' });
      }
      return out;
    });
    return { ...(created[0] as (typeof created)[number]), ...(group ? { bundle: created } : {}) };
  }

  async updateDraft(actorId: string, id: string, patch: { form?: FormValues; situation?: Record<string, string> }): Promise<ApplicationView> {
    await inTransaction(this.platform.db, async (tx) => {
      const app = await this.ownForUpdate(tx, actorId, id);
      if (!EDITABLE.includes(app.status)) throw new AppError('INVALID_STATE', '申请提交后不能修改');
      await applicationRepo.update(tx, id, {
        ...(patch.form ? { form_enc: this.platform.cipher.encrypt(JSON.stringify(patch.form), FORM_AAD) } : {}),
        ...(patch.situation ? { situation: JSON.stringify(patch.situation) } : {}),
        updated_at: this.platform.clock.now(),
      });
    });
    return this.residentView(actorId, id);
  }

  /** Satisfies one material by an upload, a library item or an e-licence (免提交); shared across a bundle. */
  async provideMaterial(actorId: string, id: string, materialCode: string, source: { fileId?: string; libraryItemId?: string; eLicenceType?: string }): Promise<ApplicationView> {
    const app = await this.own(actorId, id);
    const item = await this.itemOf(app);
    const material = this.applicable(item, this.situationOf(app)).find((m) => m.code === materialCode);
    if (!material) throw new AppError('MATERIAL_NOT_APPLICABLE');
    // 容缺 materials can be made up while the case runs, also after it went on to the department.
    const deficientOpen = CLOCK_RUNNING.includes(app.status) && (app.deficient as Deficient[]).some((d) => d.materialCode === materialCode);
    if (!EDITABLE.includes(app.status) && !deficientOpen) throw new AppError('INVALID_STATE', '当前不能更改材料');
    let row: { source: ProvidedRow['source']; file_id: string | null; e_licence_type: string | null };
    if (source.eLicenceType) {
      if (material.eLicenceType !== source.eLicenceType) throw new AppError('E_LICENCE_NOT_ACCEPTED');
      if (!(await this.materials.hasUsableLicence(app.resident_id, source.eLicenceType))) throw new AppError('E_LICENCE_NOT_FETCHED');
      row = { source: 'e_licence', file_id: null, e_licence_type: source.eLicenceType };
    } else {
      const file = await this.materials.usableFile(actorId, (source.fileId ?? source.libraryItemId) as string, !!source.libraryItemId);
      row = { source: source.libraryItemId ? 'library' : 'upload', file_id: file.id, e_licence_type: null };
    }
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      // 一件事: the same material (same e-licence, or same name) is given once for every member.
      const targets = app.bundle_group ? await applicationRepo.group(tx, app.bundle_group) : [app];
      for (const target of targets) {
        const targetItem = target.id === app.id ? item : await this.itemOf(target);
        const same = this.applicable(targetItem, this.situationOf(target)).find((m) => (material.eLicenceType ? m.eLicenceType === material.eLicenceType : m.name === material.name));
        if (!same || (!EDITABLE.includes(target.status) && target.id !== app.id)) continue;
        await applicationRepo.provide(tx, { application_id: target.id, material_code: same.code, ...row, provided_at: now });
      }
      if (deficientOpen) {
        const left = (app.deficient as Deficient[]).filter((d) => d.materialCode !== materialCode);
        await applicationRepo.update(tx, id, { deficient: JSON.stringify(left), updated_at: now });
        await applicationRepo.addTimeline(tx, { application_id: id, at: now, status: app.status, title: `已补齐容缺材料：${material.name}`, note: null });
      }
    });
    return this.residentView(actorId, id);
  }

  /** Submits (or resubmits after 补正); a bundle's members go together. */
  async submit(actorId: string, id: string): Promise<ApplicationView> {
    const app = await this.own(actorId, id);
    const members = app.bundle_group ? await applicationRepo.group(this.platform.db, app.bundle_group) : [app];
    const missing: { applicationNo: string; code: string; name: string }[] = [];
    const formErrors: Record<string, string> = {};
    for (const m of members.filter((x) => EDITABLE.includes(x.status))) {
      const item = await this.itemOf(m);
      Object.assign(formErrors, validateForm(item.form, this.formOf(m)));
      // Materials that allow 容缺 may follow later: the window decides at acceptance.
      const missingNow = (await this.missingMaterials(m, item)).filter((x) => !x.deficiencyAllowed);
      missing.push(...missingNow.map((x) => ({ applicationNo: m.application_no, code: x.code, name: x.name })));
    }
    if (Object.keys(formErrors).length) throw validationError(Object.fromEntries(Object.entries(formErrors).map(([k, v]) => [`form.${k}`, v])));
    if (missing.length) throw new AppError('MATERIALS_MISSING', `还缺少材料：${[...new Set(missing.map((x) => x.name))].join('、')}`, { missing });
    for (const m of members.filter((x) => EDITABLE.includes(x.status))) {
      await this.transition({ kind: 'resident', residentId: actorId }, m.id, 'submit', '已提交，等待受理', async (tx, row) => {
        await applicationRepo.update(tx, row.id, { submitted_at: this.platform.clock.now(), supplement: null });
      });
    }
    return this.residentView(actorId, id);
  }

  async withdraw(actorId: string, id: string): Promise<ApplicationView> {
    await this.own(actorId, id);
    await this.transition({ kind: 'resident', residentId: actorId }, id, 'withdraw', '申请人已撤回');
    return this.residentView(actorId, id);
  }

  /** 受理, or 容缺受理 with the materials still missing, their due dates and how to make them up. */
  async accept(staff: StaffActor, id: string, deficient: { materialCode: string; dueWorkingDays: number; way: string }[] = []): Promise<ApplicationView> {
    const app = await this.staffCase(staff, id);
    const item = await this.itemOf(app);
    const applicable = this.applicable(item, this.situationOf(app));
    const missing = await this.missingMaterials(app, item);
    const cal = await this.calendar.calendar();
    const today = shanghaiDate(this.platform.clock.now());
    for (const d of deficient) {
      const m = applicable.find((x) => x.code === d.materialCode);
      if (!m?.deficiencyAllowed) throw validationError({ deficient: `材料 ${m?.name ?? d.materialCode} 不允许容缺受理` });
    }
    const uncovered = missing.filter((m) => !deficient.some((d) => d.materialCode === m.code));
    if (uncovered.length) throw new AppError('MATERIALS_MISSING', `还缺少材料：${uncovered.map((m) => m.name).join('、')}`, { missing: uncovered.map((m) => ({ code: m.code, name: m.name })) });
    const promisedDays = item.guide.promisedDays ?? item.guide.legalDays ?? 20;
    const promisedDue = addWorkingDays(cal, today, promisedDays);
    const legalDue = item.guide.legalDays !== null ? addWorkingDays(cal, today, item.guide.legalDays) : null;
    const deficientRows: Deficient[] = deficient.map((d) => ({ materialCode: d.materialCode, due: addWorkingDays(cal, today, d.dueWorkingDays), way: d.way }));
    const event: ApplicationEvent = deficient.length ? 'accept_deficient' : 'accept';
    const title = deficient.length ? `容缺受理，请在 ${deficientRows.map((d) => d.due).sort()[0]} 前补齐材料` : `已受理，承诺 ${promisedDue} 前办结`;
    await this.transition({ kind: 'staff', staff }, id, event, title, async (tx, row) => {
      await applicationRepo.update(tx, row.id, {
        accepted_on: today,
        promised_due: promisedDue,
        legal_due: legalDue,
        deficient: JSON.stringify(deficientRows),
        light: lightOf(cal, today, promisedDue),
      });
    });
    return this.staffView(staff, id, false);
  }

  async refuse(staff: StaffActor, id: string, reason: string): Promise<ApplicationView> {
    await this.staffCase(staff, id);
    await this.transition({ kind: 'staff', staff }, id, 'refuse', '不予受理', async (tx, row) => {
      await applicationRepo.update(tx, row.id, { refusal_reason: reason });
    }, reason);
    return this.staffView(staff, id, false);
  }

  /** 补正: back to the resident with the materials to correct or add. */
  async requestSupplement(staff: StaffActor, id: string, materials: string[], reason: string): Promise<ApplicationView> {
    const app = await this.staffCase(staff, id);
    const applicable = this.applicable(await this.itemOf(app), this.situationOf(app));
    const unknown = materials.filter((c) => !applicable.some((m) => m.code === c));
    if (unknown.length) throw validationError({ materials: `不适用的材料：${unknown.join('、')}` });
    await this.transition({ kind: 'staff', staff }, id, 'request_supplement', '需要补正材料', async (tx, row) => {
      await applicationRepo.update(tx, row.id, { supplement: JSON.stringify({ materials, reason } satisfies Supplement) });
      // The materials asked again must be given anew.
      await tx.deleteFrom('application_materials').where('application_id', '=', row.id).where('material_code', 'in', materials).execute();
    }, reason);
    return this.staffView(staff, id, false);
  }

  /**
   * 出件: the result reaches the resident — electronically (the e-licence or file), or handed over
   * at any hall's deliver window (通取). Courier delivery is the courier context's path (seam below).
   */
  async deliverResult(staff: StaffActor, id: string, method: 'electronic' | 'window' | 'courier', hallId?: string, handover?: (tx: Db, row: ApplicationRow) => Promise<void>): Promise<ApplicationView> {
    const app = await this.staffCase(staff, id);
    // By courier, the courier context hands over: it books the order in the same transaction.
    if (method === 'courier' && !handover) throw new AppError('INVALID_STATE', '快递寄送请在“快递寄送”中交寄');
    const item = await this.itemOf(app);
    if (method !== 'courier' && !item.resultDelivery.includes(method)) throw validationError({ method: `该事项不支持${method === 'electronic' ? '电子送达' : '窗口领取'}` });
    const title =
      method === 'electronic'
        ? '结果已电子送达，可在“我的办件”查看'
        : method === 'courier'
          ? '结果已交快递寄出，可查看物流'
          : `结果已在${hallId ? (await this.catalog.hall(hallId).catch(() => null))?.name ?? '大厅' : '大厅'}取件窗口交付`;
    await this.transition({ kind: 'staff', staff }, id, 'deliver_result', title, async (tx, row) => {
      const result = { ...((row.result ?? { outcome: 'approved', note: null }) as object), delivery: { method, hallId: hallId ?? null } };
      await applicationRepo.update(tx, row.id, { result: JSON.stringify(result) });
      await handover?.(tx, row);
    });
    return this.staffView(staff, id, false);
  }

  /** 办结: closes a delivered or denied case (staff), after which it can be rated. */
  async complete(staff: StaffActor, id: string): Promise<ApplicationView> {
    await this.staffCase(staff, id);
    await this.transition({ kind: 'staff', staff }, id, 'complete', '已办结');
    return this.staffView(staff, id, false);
  }

  /** The resident confirms they received the result: the case is closed. */
  async confirmReceipt(actorId: string, id: string): Promise<ApplicationView> {
    const app = await this.own(actorId, id);
    if (app.status !== 'result_delivered') throw new AppError('INVALID_STATE', '结果送达后才能确认收到');
    await this.transition({ kind: 'resident', residentId: actorId }, id, 'complete', '申请人已确认收到结果，已办结');
    return this.residentView(actorId, id);
  }

  /**
   * A status change by a department (through the gateway) or the system: the same rules, the
   * same transaction with audit and timeline, whoever asks.
   */
  async departmentTransition(code: string, id: string, event: ApplicationEvent, title: string, note?: string, patch?: (tx: Db, row: ApplicationRow) => Promise<void>, tx?: Db): Promise<void> {
    await this.transition({ kind: 'department', code }, id, event, title, patch, note, tx);
  }

  async systemTransition(id: string, event: ApplicationEvent, title: string, note?: string): Promise<void> {
    await this.transition({ kind: 'system' }, id, event, title, undefined, note);
  }

  /** A timeline entry without a status change (e.g. the department is unreachable for now, the fee was paid). */
  async addNote(id: string, title: string, note?: string, db: Db = this.platform.db): Promise<void> {
    const app = await applicationRepo.byId(db, id);
    if (!app) throw notFound();
    await applicationRepo.addTimeline(db, { application_id: id, at: this.platform.clock.now(), status: app.status, title, note: note ?? null });
  }

  /** The case if the resident may act on it (their own, or as a still-authorised agent); else 404. */
  async caseOf(actorId: string, id: string): Promise<ApplicationRow> {
    return this.own(actorId, id);
  }

  /** The case if it is within the staff member's scope; else 404. */
  async staffCaseOf(staff: StaffActor, id: string): Promise<ApplicationRow> {
    return this.staffCase(staff, id);
  }

  /** The item version the case was made under (its fee, materials, delivery ways). */
  async itemOfCase(app: ApplicationRow): Promise<ServiceItem> {
    return this.itemOf(app);
  }

  /** Decrypted form values, for the department the case goes to. */
  formFor(app: ApplicationRow): FormValues {
    return this.formOf(app);
  }

  /** The materials provided for a case, for the department the case goes to. */
  async providedFor(app: ApplicationRow) {
    const item = await this.itemOf(app);
    const provided = await applicationRepo.provided(this.platform.db, app.id);
    return Promise.all(
      provided.map(async (p) => ({
        code: p.material_code,
        name: item.materials.find((m) => m.code === p.material_code)?.name ?? p.material_code,
        source: p.source,
        eLicenceType: p.e_licence_type,
        file: p.file_id ? await this.materials.fileMeta(p.file_id) : null,
      })),
    );
  }

  async residentList(actorId: string, limit: number, cursor?: string): Promise<Page<ApplicationView>> {
    const after = decodeCursor<{ at: string }>(cursor, ['at']);
    const rows = await applicationRepo.ofResident(this.platform.db, actorId, limit + 1, after ? new Date(after.at) : null);
    const page = toPage(rows, limit, (r) => ({ at: r.created_at.toISOString() }), (r) => r);
    return { items: await Promise.all(page.items.map((r) => this.view(r))), nextCursor: page.nextCursor };
  }

  async residentView(actorId: string, id: string): Promise<ApplicationView> {
    return this.view(await this.own(actorId, id));
  }

  /** 办件查询 without login: the number and its query code show progress, nothing personal. */
  async progress(applicationNo: string, queryCode: string): Promise<ProgressView> {
    const app = await applicationRepo.byNumber(this.platform.db, applicationNo);
    const expected = Buffer.from(app?.query_code_hash ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(queryHash(applicationNo, queryCode), 'hex');
    if (!app || !timingSafeEqual(expected, given)) throw notFound();
    const [item, timeline, cal] = await Promise.all([this.itemOf(app), applicationRepo.timeline(this.platform.db, app.id), this.calendar.calendar()]);
    return {
      applicationNo: app.application_no,
      itemName: item.name,
      status: app.status,
      statusName: APPLICATION_STATUS_NAMES[app.status],
      timeline: timeline.map((t) => ({ at: toShanghaiIso(t.at), title: t.title })),
      deadline: this.deadline(app, cal),
    };
  }

  /** The staff work list, scoped to their department (reviewers) or hall (hall staff). */
  async workList(staff: StaffActor, filter: { status?: ApplicationStatus; light?: Light }, limit: number, cursor?: string): Promise<Page<ApplicationView>> {
    const after = decodeCursor<{ at: string }>(cursor, ['at']);
    const rows = await applicationRepo.workList(this.platform.db, this.scopeOf(staff), filter, limit + 1, after ? new Date(after.at) : null);
    const page = toPage(rows, limit, (r) => ({ at: r.created_at.toISOString() }), (r) => r);
    return { items: await Promise.all(page.items.map((r) => this.view(r))), nextCursor: page.nextCursor };
  }

  /** A case under review, with the form unmasked: the view is audited and shown to the resident. */
  async staffView(staff: StaffActor, id: string, audited = true): Promise<ApplicationView> {
    const app = await this.staffCase(staff, id);
    if (audited) await this.auditView(staff, app, '案件审核');
    return this.view(app, true);
  }

  /** A material's file, opened by staff reviewing the case (audited). */
  async staffMaterial(staff: StaffActor, id: string, materialCode: string): Promise<{ mime: string; name: string; content: Readable }> {
    const app = await this.staffCase(staff, id);
    const provided = (await applicationRepo.provided(this.platform.db, id)).find((p) => p.material_code === materialCode);
    if (!provided?.file_id) throw notFound();
    await this.auditView(staff, app, `查看材料 ${materialCode}`);
    const { view, content } = await this.materials.openForReview(provided.file_id);
    return { mime: view.mime, name: view.name, content };
  }

  /** Recomputes the supervision light of every case whose clock runs (scheduled). */
  async updateLights(): Promise<number> {
    const cal = await this.calendar.calendar();
    const today = shanghaiDate(this.platform.clock.now());
    let changed = 0;
    for (const app of await applicationRepo.clockRunning(this.platform.db)) {
      if (!app.promised_due) continue;
      const light = lightOf(cal, today, app.promised_due);
      if (light !== app.light) {
        await applicationRepo.update(this.platform.db, app.id, { light });
        changed += 1;
      }
    }
    return changed;
  }

  /** `db`: a caller's transaction, so a hook running inside one needs no second connection. */
  async byId(id: string, db: Db = this.platform.db): Promise<ApplicationRow | undefined> {
    return applicationRepo.byId(db, id);
  }

  async byNumber(applicationNo: string): Promise<ApplicationRow | undefined> {
    return applicationRepo.byNumber(this.platform.db, applicationNo);
  }

  // ---- internals ----

  /** `outer`: the caller's transaction, when the change must commit with the caller's own (a department event and its record). */
  private async transition(actor: CaseActor, id: string, event: ApplicationEvent, title: string, patch?: (tx: Db, row: ApplicationRow) => Promise<void>, note?: string, outer?: Db): Promise<void> {
    const now = this.platform.clock.now();
    const work = async (tx: Db) => {
      const app = await applicationRepo.forUpdate(tx, id);
      if (!app) throw notFound();
      if (!canApply(event, app.status)) throw new AppError('INVALID_STATE', `当前状态（${APPLICATION_STATUS_NAMES[app.status]}）不能进行此操作`);
      for (const guard of this.guards) await guard(tx, app, event);
      const to: ApplicationStatus = APPLICATION_TRANSITIONS[event].to;
      await applicationRepo.update(tx, id, { status: to, updated_at: now, ...(CLOCK_RUNNING.includes(to) ? {} : to === 'completed' || to === 'refused' || to === 'withdrawn' ? { light: null } : {}) });
      await patch?.(tx, app);
      await applicationRepo.addTimeline(tx, { application_id: id, at: now, status: to, title, note: note ?? null });
      await this.audit.append(tx, {
        actor: auditActor(actor),
        action: `application.${event}`,
        subjectType: 'application',
        subjectId: id,
        residentId: app.resident_id,
        data: { from: app.status, to, applicationNo: app.application_no },
      });
      const updated = { ...app, status: to };
      for (const hook of this.onTransition) await hook(tx, updated, event);
      // Dying here, before COMMIT, must leave no trace: no status, no audit, no outbox job.
      crashPoint(this.platform.config, `application.${event}.before_commit`);
    };
    if (outer) return work(outer);
    await inTransaction(this.platform.db, work);
    // Dying here, after COMMIT, loses only the answer: the change and its outbox jobs are kept.
    crashPoint(this.platform.config, `application.${event}.after_commit`);
  }

  private async view(app: ApplicationRow, staffSees = false): Promise<ApplicationView> {
    const [item, provided, timeline, cal, who] = await Promise.all([
      this.itemOf(app),
      applicationRepo.provided(this.platform.db, app.id),
      applicationRepo.timeline(this.platform.db, app.id),
      this.calendar.calendar(),
      this.identity.identityOf(app.resident_id),
    ]);
    const deficient = (app.deficient ?? []) as Deficient[];
    const supplement = (app.supplement ?? null) as Supplement | null;
    const applicable = this.applicable(item, this.situationOf(app));
    const materials = applicable.map((m) => {
      const p = provided.find((x) => x.material_code === m.code);
      const d = deficient.find((x) => x.materialCode === m.code);
      return {
        code: m.code,
        name: m.name,
        required: m.required,
        deficiencyAllowed: m.deficiencyAllowed,
        eLicenceType: m.eLicenceType,
        provided: p ? { source: p.source, fileId: p.file_id, eLicenceType: p.e_licence_type, at: toShanghaiIso(p.provided_at) } : null,
        deficient: d ? { due: d.due, way: d.way } : null,
        supplementRequested: !!supplement?.materials.includes(m.code),
      };
    });
    return {
      id: app.id,
      applicationNo: app.application_no,
      status: app.status,
      statusName: APPLICATION_STATUS_NAMES[app.status],
      itemCode: app.item_code,
      itemName: item.name,
      departmentName: item.departmentName,
      bundleCode: app.bundle_code,
      applicantName: who?.name ? (staffSees ? who.name : maskName(who.name)) : null,
      onBehalf: app.submitted_by !== app.resident_id,
      form: this.formOf(app),
      situation: this.situationOf(app),
      materials,
      needed: neededNow(app, materials, supplement, deficient),
      timeline: timeline.map((t) => ({ at: toShanghaiIso(t.at), status: t.status, title: t.title, note: t.note })),
      deadline: this.deadline(app, cal),
      refusalReason: app.refusal_reason,
      supplement,
      result: (app.result ?? null) as ApplicationView['result'],
      fee: !item.guide.fee.free && item.guide.fee.amountFen ? { amount: item.guide.fee.amountFen, description: item.guide.fee.description } : null,
      originalsNeeded: applicable.some((m) => m.form === 'original' || m.form === 'original_and_copy'),
      resultDelivery: item.resultDelivery,
      payments: ((await this.viewParts.payments?.(app.id)) ?? []) as ApplicationView['payments'],
      courierOrders: ((await this.viewParts.courierOrders?.(app.id)) ?? []) as ApplicationView['courierOrders'],
      createdAt: toShanghaiIso(app.created_at),
      submittedAt: app.submitted_at ? toShanghaiIso(app.submitted_at) : null,
    };
  }

  private deadline(app: ApplicationRow, cal: HolidayCalendar): ApplicationView['deadline'] {
    if (!app.promised_due || !CLOCK_RUNNING.includes(app.status)) return null;
    const today = shanghaiDate(this.platform.clock.now());
    return { due: app.promised_due, legalDue: app.legal_due, workingDaysLeft: workingDaysBetween(cal, today, app.promised_due), light: lightOf(cal, today, app.promised_due) };
  }

  /** Materials that apply given the situation answers (情形): those without conditions, and those whose option was chosen. */
  private applicable(item: ServiceItem, situation: Record<string, string>) {
    const chosen = new Set(Object.values(situation));
    return item.materials.filter((m) => m.whenOptions.length === 0 || m.whenOptions.some((o) => chosen.has(o)));
  }

  private async missingMaterials(app: ApplicationRow, item: ServiceItem) {
    const provided = await applicationRepo.provided(this.platform.db, app.id);
    return this.applicable(item, this.situationOf(app)).filter((m) => m.required && !provided.some((p) => p.material_code === m.code));
  }

  private itemOf(app: ApplicationRow): Promise<ServiceItem> {
    return this.catalog.getItem(app.item_code, app.item_version);
  }

  private formOf(app: ApplicationRow): FormValues {
    return JSON.parse(this.platform.cipher.decrypt(app.form_enc, FORM_AAD)) as FormValues;
  }

  private situationOf(app: ApplicationRow): Record<string, string> {
    return (app.situation ?? {}) as Record<string, string>;
  }

  /** The resident the application is for: the caller, or a principal who authorised them. */
  private async principalOf(actorId: string, onBehalfOf: string | undefined, itemCode?: string): Promise<string> {
    if (!onBehalfOf) return actorId;
    const check = checkIdNumber(onBehalfOf);
    if (!check.ok) throw new AppError('ID_NUMBER_INVALID', check.message, { fields: { onBehalfOf: check.message } });
    const principal = await this.identity.residentIdByIdNumber(check.normalized);
    if (!principal || !(await this.identity.mayActFor(actorId, principal, itemCode))) throw new AppError('NOT_AN_AGENT');
    return principal;
  }

  /** The caller's case: their own, or one they act on as a still-authorised agent (checked every time). */
  private async own(actorId: string, id: string): Promise<ApplicationRow> {
    const app = await applicationRepo.byId(this.platform.db, id);
    if (!app) throw notFound();
    if (app.resident_id === actorId) return app;
    if (app.submitted_by === actorId && (await this.identity.mayActFor(actorId, app.resident_id, app.item_code))) return app;
    throw notFound();
  }

  private async ownForUpdate(tx: Db, actorId: string, id: string): Promise<ApplicationRow> {
    await this.own(actorId, id);
    return (await applicationRepo.forUpdate(tx, id)) as ApplicationRow;
  }

  private scopeOf(staff: StaffActor): { departmentCode?: string | null; hallId?: string | null } {
    if (staff.roles.includes('district_admin')) return {};
    if (staff.roles.includes('dept_reviewer')) return { departmentCode: staff.departmentCode ?? '-' };
    if (staff.roles.some((r) => r === 'hall_window' || r === 'hall_admin' || r === 'hall_reception')) return { hallId: staff.hallId ?? '-' };
    throw new AppError('FORBIDDEN');
  }

  /** A case within the staff member's scope; 404 outside it (never reveal it exists). */
  private async staffCase(staff: StaffActor, id: string): Promise<ApplicationRow> {
    const scope = this.scopeOf(staff);
    const app = await applicationRepo.byId(this.platform.db, id);
    if (!app || app.status === 'draft') throw notFound();
    if (scope.departmentCode && app.department_code !== scope.departmentCode) throw notFound();
    if (scope.hallId && app.hall_id !== scope.hallId) throw notFound();
    return app;
  }

  private async auditView(staff: StaffActor, app: ApplicationRow, purpose: string): Promise<void> {
    const role = staff.roles.find((r) => PERSONAL_DATA_ROLES.includes(r)) ?? staff.roles[0] ?? 'staff';
    await this.audit.append(this.platform.db, {
      actor: { type: 'staff', id: staff.staffId, role, unit: staff.departmentCode ?? staff.hallId },
      action: PERSONAL_DATA_VIEWED,
      subjectType: 'application',
      subjectId: app.id,
      residentId: app.resident_id,
      data: { purpose: `${purpose}（${app.application_no}）` },
    });
  }
}

function queryHash(applicationNo: string, queryCode: string): string {
  return createHash('sha256').update(`${applicationNo}:${queryCode}`).digest('hex');
}

/** Green, yellow within 2 working days of the promise, red once it has passed. */
export function lightOf(cal: HolidayCalendar, today: string, due: string): Light {
  if (today > due) return 'red';
  return workingDaysBetween(cal, today, due) <= 2 ? 'yellow' : 'green';
}

function auditActor(actor: CaseActor): AuditActor {
  if (actor.kind === 'resident') return { type: 'resident', id: actor.residentId };
  if (actor.kind === 'staff') return { type: 'staff', id: actor.staff.staffId, role: actor.staff.roles[0] ?? 'staff', unit: actor.staff.departmentCode ?? actor.staff.hallId };
  if (actor.kind === 'department') return { type: 'department', id: actor.code };
  return { type: 'system' };
}

/** The item's form definition, checked field by field; keys → Chinese messages. */
export function validateForm(fields: FormField[], values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.key];
    const empty = v === undefined || v === null || v === '';
    if (empty) {
      if (f.required) errors[f.key] = `请填写${f.label}`;
      continue;
    }
    const s = String(v);
    if (f.maxLength && s.length > f.maxLength) errors[f.key] = `${f.label}最多 ${f.maxLength} 个字`;
    else if (f.type === 'phone' && !/^1[3-9]\d{9}$/.test(s)) errors[f.key] = `${f.label}应为 11 位手机号`;
    else if (f.type === 'idNumber' && !checkIdNumber(s).ok) errors[f.key] = `${f.label}不正确`;
    else if (f.type === 'number' && Number.isNaN(Number(s))) errors[f.key] = `${f.label}应为数字`;
    else if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(s)) errors[f.key] = `${f.label}应为日期`;
    else if (f.type === 'bankAccount' && !/^\d{12,30}$/.test(s.replace(/\s/g, ''))) errors[f.key] = `${f.label}应为 12-30 位数字`;
    else if (f.type === 'select' && f.options && !f.options.some((o) => o.value === s)) errors[f.key] = `请从选项中选择${f.label}`;
  }
  return errors;
}

function neededNow(app: ApplicationRow, materials: { name: string; required: boolean; provided: unknown; code: string }[], supplement: Supplement | null, deficient: Deficient[]): string[] {
  if (app.status === 'draft') {
    const missing = materials.filter((m) => m.required && !m.provided).map((m) => m.name);
    return missing.length ? [`请提供材料：${missing.join('、')}`, '填写完成后点击“提交申请”'] : ['材料已齐，请核对后点击“提交申请”'];
  }
  if (app.status === 'supplement_requested' && supplement) {
    const names = materials.filter((m) => supplement.materials.includes(m.code)).map((m) => m.name);
    return [`请补正：${supplement.reason}`, `需重新提供：${names.join('、')}`, '补正后重新提交'];
  }
  if (CLOCK_RUNNING.includes(app.status) && deficient.length) {
    return deficient.map((d) => `请在 ${d.due} 前补齐“${materials.find((m) => m.code === d.materialCode)?.name ?? d.materialCode}”（${d.way}）`);
  }
  return [];
}
