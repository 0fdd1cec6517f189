import { Inject, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { Updateable } from 'kysely';
import {
  CHANNEL_OF_TARGET,
  type CreateEvaluationBody,
  DEFAULT_EVALUATION_LEVEL,
  EVALUATION_DIMENSIONS,
  EVALUATION_GRADE_NAMES,
  EVALUATION_LEVEL_NAMES,
  EVALUATION_WINDOW_DAYS,
  type EvaluationLevel,
  type EvaluationTargetType,
  type EvaluationView,
  type ExclusionReviewView,
  gradeOf,
  HANDLING_OUTCOME_NAMES,
  type Page,
  type PendingEvaluationView,
  RECTIFICATION_RATING_NAMES,
  RECTIFICATION_STATUS_NAMES,
  type RectificationStatus,
  type RectificationTaskView,
  type RectificationView,
  REVIEW_DECISION_NAMES,
  REVISIT_METHOD_NAMES,
} from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound, validationError } from '../../common/errors';
import { newId } from '../../common/ids';
import { maskName, maskPhone } from '../../common/mask';
import { decodeCursor, toPage } from '../../common/pagination';
import { Platform } from '../../common/platform';
import { addDays, addWorkingDays, type HolidayCalendar, workingDaysBetween } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import type { RectificationTasksTable } from '../../db/schema';
import { type ApplicationRow, ApplicationService } from '../application';
import { AppointmentService, CalendarService, QueueService, type ServedAppointment } from '../appointment';
import { type AuditActor, AuditService, PERSONAL_DATA_VIEWED } from '../audit';
import { CatalogService } from '../catalog';
import { type AnsweredConsultation, ConsultationService } from '../consultation';
import { IdentityService, PERSONAL_DATA_ROLES } from '../identity';
import { type EvaluationRow, evaluationRepo, type TaskRow, type UnitScope } from './evaluation.repo';
import { canApply, DEADLINE_RUNNING, MAX_APPEALS, type RectificationEvent, RECTIFICATION_TRANSITIONS } from './evaluation.state';

export const DEFAULT_TASK = 'evaluation_apply_defaults';

/** Column names double as the AAD of their ciphertexts (see FieldCipher). */
const AAD = { comment: 'evaluations.comment', appeal: 'rectification_appeals.reason', rating: 'rectification_ratings.comment' } as const;
const SYSTEM: AuditActor = { type: 'system', id: 'evaluation' };
const HALL_ROLES = ['hall_reception', 'hall_window', 'hall_admin'];
const BATCH = 100;

/** What a rating is about: who answers for it and how it reads. */
interface Target {
  channel: 'online' | 'hall';
  subject: string;
  unitType: 'department' | 'hall';
  unitId: string;
  itemCode: string | null;
}

/**
 * 好差评: one real-name rating per finished case, appointment visit or consultation; a 差评 opens a
 * rectification task for the responsible department or hall with a working-day deadline, which is
 * handled, revisited (回访), possibly appealed once, and rated by the resident; a service nobody
 * rates within 7 natural days counts as 基本满意 (Guangdong) — from a case's 办结, a visit's service
 * at the window, a consultation's first answer; a rating is excluded from the
 * figures only by a district admin's recorded review. Every change is one transaction with its
 * audit record.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class EvaluationService {
  @Inject()
  platform!: Platform;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  appointments!: AppointmentService;

  @Inject()
  queue!: QueueService;

  @Inject()
  consultations!: ConsultationService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  calendar!: CalendarService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  audit!: AuditService;

  @Init()
  init(): void {
    // Each service starts its 7-day window in the transaction that finishes it, so none is missed.
    this.applications.afterTransition(async (tx, app, event) => {
      if (event === 'complete') await this.awaitRating(tx, app);
    });
    this.queue.afterAppointmentServed((tx, visit) => this.awaitVisitRating(tx, visit));
    this.consultations.afterAnswered(async (tx, c) => {
      // The first answer is the service received; later answers don't move the window.
      if (c.firstAnswer) await this.awaitConsultationRating(tx, c);
    });
  }

  // ---- residents ----

  /** Rates a finished service of the caller's (one rating per target; real-name only). */
  async rate(actorId: string, body: CreateEvaluationBody): Promise<EvaluationView> {
    const who = await this.identity.identityOf(actorId);
    if (!who?.realNameVerified) throw new AppError('REAL_NAME_REQUIRED', '好差评实行实名评价，请先完成实名认证');
    const target = await this.resolveTarget(actorId, body.targetType, body.targetId);
    if (await evaluationRepo.byTarget(this.platform.db, body.targetType, body.targetId)) throw new AppError('ALREADY_EVALUATED');
    const id = newId('evl');
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const inserted = await evaluationRepo.insert(tx, {
        id,
        target_type: body.targetType,
        target_id: body.targetId,
        resident_id: actorId,
        channel: target.channel,
        subject: target.subject,
        unit_type: target.unitType,
        unit_id: target.unitId,
        item_code: target.itemCode,
        level: body.level,
        dimensions: JSON.stringify(body.dimensions ?? {}),
        tags: JSON.stringify(body.tags ?? []),
        comment_enc: body.comment ? this.platform.cipher.encrypt(body.comment, AAD.comment) : null,
        source: 'resident',
        created_at: now,
      });
      // Two taps at once: the other one's rating stands.
      if (!inserted) throw new AppError('ALREADY_EVALUATED');
      await evaluationRepo.removePending(tx, body.targetType, body.targetId);
      await this.audit.append(tx, {
        actor: { type: 'resident', id: actorId },
        action: 'evaluation.created',
        subjectType: 'evaluation',
        subjectId: id,
        residentId: actorId,
        data: { targetType: body.targetType, targetId: body.targetId, level: body.level, unit: `${target.unitType}:${target.unitId}` },
      });
      if (gradeOf(body.level) === 'bad') await this.openTask(tx, id, actorId, target);
    });
    return this.view((await evaluationRepo.byId(this.platform.db, id)) as EvaluationRow);
  }

  /** The caller's own ratings, optionally of one target, each with its rectification. */
  async mine(actorId: string, target: { targetType?: EvaluationTargetType; targetId?: string }): Promise<EvaluationView[]> {
    const rows = await evaluationRepo.ofResident(this.platform.db, actorId, { type: target.targetType, id: target.targetId });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  /** Finished services the caller can still rate, and the last day to do so. */
  async pending(actorId: string): Promise<PendingEvaluationView[]> {
    return (await evaluationRepo.pendingOf(this.platform.db, actorId)).map((p) => ({ targetType: p.target_type, targetId: p.target_id, subject: p.subject, completedOn: p.completed_on, rateBy: p.rate_by }));
  }

  /** 申诉: the resident disagrees with a handling; it goes back to the unit with a fresh deadline (once). */
  async appeal(actorId: string, evaluationId: string, reason: string): Promise<RectificationView> {
    const task = await this.ownTask(actorId, evaluationId);
    const now = this.platform.clock.now();
    const cal = await this.calendar.calendar();
    await this.transition(task.id, 'appeal', { type: 'resident', id: actorId }, actorId, async (tx, locked) => {
      if ((await evaluationRepo.appeals(tx, locked.id)).length >= MAX_APPEALS) throw new AppError('INVALID_STATE', '每项整改只能申诉一次，如仍有异议可拨打 12345 热线');
      const due = addWorkingDays(cal, shanghaiDate(now), this.platform.config.evaluation.rectifyWorkingDays);
      await evaluationRepo.insertAppeal(tx, { task_id: locked.id, resident_id: actorId, reason_enc: this.platform.cipher.encrypt(reason, AAD.appeal), previous_due_date: locked.due_date, at: now });
      return { audit: { dueDate: due }, patch: { due_date: due } };
    });
    return this.rectificationView((await evaluationRepo.task(this.platform.db, task.id)) as TaskRow, cal);
  }

  /** The resident rates the rectification (满意 / 基本满意 / 不满意); that closes the task. */
  async rateRectification(actorId: string, evaluationId: string, rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied', comment?: string): Promise<RectificationView> {
    const task = await this.ownTask(actorId, evaluationId);
    const now = this.platform.clock.now();
    await this.transition(task.id, 'rate', { type: 'resident', id: actorId }, actorId, async (tx, locked) => {
      await evaluationRepo.insertRating(tx, { task_id: locked.id, resident_id: actorId, rating, comment_enc: comment ? this.platform.cipher.encrypt(comment, AAD.rating) : null, at: now });
      return { audit: { rating }, patch: { closed_at: now, closed_reason: 'rated' } };
    }, async (tx, locked) => {
      if (await evaluationRepo.rating(tx, locked.id)) throw new AppError('ALREADY_EVALUATED', '您已评价过这次整改');
    });
    return this.rectificationView((await evaluationRepo.task(this.platform.db, task.id)) as TaskRow);
  }

  // ---- staff ----

  /** Rectification tasks of the staff member's department or hall (all for a district admin), overdue ones marked. */
  async tasks(staff: StaffActor, filter: { status?: RectificationStatus; overdue?: boolean }, limit: number, cursor?: string): Promise<Page<RectificationTaskView>> {
    const after = decodeCursor<{ id: string }>(cursor, ['id']);
    const today = shanghaiDate(this.platform.clock.now());
    const rows = await evaluationRepo.tasks(
      this.platform.db,
      this.scopeOf(staff),
      { status: filter.status, running: DEADLINE_RUNNING, ...(filter.overdue === true ? { overdueBefore: today } : filter.overdue === false ? { notOverdueFrom: today } : {}) },
      limit + 1,
      after?.id ?? null,
    );
    const page = toPage(rows, limit, (r) => ({ id: r.id }), (r) => r);
    const cal = await this.calendar.calendar();
    return { items: await Promise.all(page.items.map((r) => this.taskView(r, cal, false))), nextCursor: page.nextCursor };
  }

  /** One task with the resident's name and phone in full, for the 回访: the view is audited and shown to the resident. */
  async task(staff: StaffActor, id: string): Promise<RectificationTaskView> {
    const task = await this.staffTask(staff, id);
    const ev = (await evaluationRepo.byId(this.platform.db, task.evaluation_id)) as EvaluationRow;
    const role = staff.roles.find((r) => PERSONAL_DATA_ROLES.includes(r)) ?? staff.roles[0] ?? 'staff';
    await this.audit.append(this.platform.db, {
      actor: { type: 'staff', id: staff.staffId, role, unit: staff.departmentCode ?? staff.hallId },
      action: PERSONAL_DATA_VIEWED,
      subjectType: 'rectification_task',
      subjectId: task.id,
      residentId: ev.resident_id,
      data: { purpose: `差评整改回访（${ev.subject}）` },
    });
    return this.taskView(task, await this.calendar.calendar(), true);
  }

  /** 整改 or 解释说明, recorded with who and when; the task then waits for its 回访. */
  async handle(staff: StaffActor, id: string, outcome: 'rectified' | 'explained', note: string): Promise<RectificationTaskView> {
    const task = await this.staffTask(staff, id);
    const now = this.platform.clock.now();
    await this.transition(task.id, 'handle', staffAuditActor(staff), null, async (tx, locked) => {
      await evaluationRepo.insertHandling(tx, { task_id: locked.id, staff_id: staff.staffId, staff_name: staff.displayName, outcome, note, at: now });
      return { audit: { outcome } };
    });
    return this.taskView((await evaluationRepo.task(this.platform.db, id)) as TaskRow, await this.calendar.calendar(), false);
  }

  /** 回访: who called the resident, when, how, and what they said. */
  async revisit(staff: StaffActor, id: string, body: { method: 'phone' | 'sms' | 'in_person' | 'online'; result: string; residentSatisfied?: boolean; at?: string }): Promise<RectificationTaskView> {
    const task = await this.staffTask(staff, id);
    const now = this.platform.clock.now();
    const at = body.at ? new Date(body.at) : now;
    if (at.getTime() > now.getTime() + 60_000) throw validationError({ at: '回访时间不能晚于现在' });
    if (at < task.created_at) throw validationError({ at: '回访时间不能早于差评时间' });
    await this.transition(task.id, 'revisit', staffAuditActor(staff), null, async (tx, locked) => {
      await evaluationRepo.insertRevisit(tx, { task_id: locked.id, staff_id: staff.staffId, staff_name: staff.displayName, method: body.method, result: body.result, resident_satisfied: body.residentSatisfied ?? null, at, recorded_at: now });
      return { audit: { method: body.method, residentSatisfied: body.residentSatisfied ?? null } };
    });
    return this.taskView((await evaluationRepo.task(this.platform.db, id)) as TaskRow, await this.calendar.calendar(), false);
  }

  /** All ratings, newest first, for the district admin (reviews, figures). */
  async list(filter: { level?: number; source?: 'resident' | 'default'; excluded?: boolean }, limit: number, cursor?: string): Promise<Page<EvaluationView>> {
    const after = decodeCursor<{ id: string }>(cursor, ['id']);
    const rows = await evaluationRepo.list(this.platform.db, filter, limit + 1, after?.id ?? null);
    const page = toPage(rows, limit, (r) => ({ id: r.id }), (r) => r);
    return { items: await Promise.all(page.items.map((r) => this.view(r))), nextCursor: page.nextCursor };
  }

  /**
   * 申诉复核: a district admin's recorded review of a rating. `exclude` takes a malicious rating out
   * of the figures (and closes its rectification); `keep` records that it stands.
   */
  async review(staff: StaffActor, evaluationId: string, decision: 'exclude' | 'keep', reason: string): Promise<EvaluationView> {
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const ev = await evaluationRepo.forUpdate(tx, evaluationId);
      if (!ev) throw notFound();
      if (ev.excluded) throw new AppError('INVALID_STATE', '该评价已经复核剔除');
      if (ev.source === 'default') throw new AppError('INVALID_STATE', '默认评价不是评价人作出的，无需复核');
      const reviewId = await evaluationRepo.insertReview(tx, { evaluation_id: ev.id, decision, reason, reviewer_id: staff.staffId, reviewer_name: staff.displayName, created_at: now });
      await this.audit.append(tx, {
        actor: staffAuditActor(staff),
        action: decision === 'exclude' ? 'evaluation.excluded' : 'evaluation.review_kept',
        subjectType: 'evaluation',
        subjectId: ev.id,
        residentId: ev.resident_id,
        data: { reviewId, decision, reason },
      });
      if (decision !== 'exclude') return;
      await evaluationRepo.update(tx, ev.id, { excluded: true, exclusion_review_id: reviewId });
      const task = await evaluationRepo.taskOf(tx, ev.id);
      if (task && canApply('void', task.status)) {
        await evaluationRepo.updateTask(tx, task.id, { status: 'closed', closed_at: now, closed_reason: 'excluded', updated_at: now });
        await this.audit.append(tx, { actor: staffAuditActor(staff), action: 'evaluation.task_void', subjectType: 'rectification_task', subjectId: task.id, residentId: ev.resident_id, data: { from: task.status, reviewId } });
      }
    });
    return this.view((await evaluationRepo.byId(this.platform.db, evaluationId)) as EvaluationRow);
  }

  // ---- the 7-day default ----

  /**
   * Services nobody rated within 7 natural days count as 基本满意 (source `default`).
   * Idempotent: each target is rated once (unique), and its pending row goes in the same transaction.
   */
  async applyDefaults(): Promise<number> {
    const now = this.platform.clock.now();
    const today = shanghaiDate(now);
    let applied = 0;
    for (;;) {
      const seen = await inTransaction(this.platform.db, async (tx) => {
        const due = await evaluationRepo.overdueForUpdate(tx, today, BATCH);
        for (const p of due) {
          const id = newId('evl');
          const inserted = await evaluationRepo.insert(tx, {
            id,
            target_type: p.target_type,
            target_id: p.target_id,
            resident_id: p.resident_id,
            channel: p.channel,
            subject: p.subject,
            unit_type: p.unit_type,
            unit_id: p.unit_id,
            item_code: p.item_code,
            level: DEFAULT_EVALUATION_LEVEL,
            comment_enc: null,
            source: 'default',
            created_at: now,
          });
          await evaluationRepo.removePending(tx, p.target_type, p.target_id);
          if (!inserted) continue;
          applied += 1;
          await this.audit.append(tx, {
            actor: SYSTEM,
            action: 'evaluation.defaulted',
            subjectType: 'evaluation',
            subjectId: id,
            residentId: p.resident_id,
            data: { targetType: p.target_type, targetId: p.target_id, level: DEFAULT_EVALUATION_LEVEL, rateBy: p.rate_by },
          });
        }
        return due.length;
      });
      if (seen < BATCH) return applied;
    }
  }

  // ---- internals ----

  /** A finished case starts waiting for its rating (inside the completing transaction). */
  private async awaitRating(tx: Db, app: ApplicationRow): Promise<void> {
    const item = await this.applications.itemOfCase(app);
    await this.addPending(tx, 'application', app.id, app.resident_id, this.platform.clock.now(), {
      channel: CHANNEL_OF_TARGET.application,
      subject: `${app.application_no} ${item.name}`,
      unitType: 'department',
      unitId: app.department_code,
      itemCode: app.item_code,
    });
  }

  /** A visit served at the window starts waiting for its rating (inside the serving transaction). */
  private async awaitVisitRating(tx: Db, visit: ServedAppointment): Promise<void> {
    // Names from the catalogue (kept in memory), not a second read of the visit beside this transaction.
    const hall = await this.catalog.hall(visit.hallId);
    const item = visit.itemCode ? await this.catalog.getItem(visit.itemCode).catch(() => null) : null;
    const subject = visitSubject({ slot: { date: visit.date }, hallName: hall.name, itemName: item?.name ?? null, categoryName: hall.categories.find((c) => c.code === visit.category)?.name ?? visit.category });
    await this.addPending(tx, 'appointment', visit.id, visit.residentId, visit.servedAt, { channel: CHANNEL_OF_TARGET.appointment, subject, unitType: 'hall', unitId: visit.hallId, itemCode: visit.itemCode });
  }

  /** A consultation's first answer starts waiting for its rating (inside the answering transaction). */
  private async awaitConsultationRating(tx: Db, c: AnsweredConsultation): Promise<void> {
    await this.addPending(tx, 'consultation', c.id, c.residentId, c.answeredAt, { channel: CHANNEL_OF_TARGET.consultation, subject: consultationSubject(c.topicName), unitType: c.unit.type, unitId: c.unit.id, itemCode: c.itemCode });
  }

  private async addPending(tx: Db, type: EvaluationTargetType, id: string, residentId: string, completedAt: Date, target: Target): Promise<void> {
    const completedOn = shanghaiDate(completedAt);
    await evaluationRepo.addPending(tx, {
      target_type: type,
      target_id: id,
      resident_id: residentId,
      channel: target.channel,
      subject: target.subject,
      unit_type: target.unitType,
      unit_id: target.unitId,
      item_code: target.itemCode,
      completed_at: completedAt,
      completed_on: completedOn,
      // 7 natural days after the day of service; the default applies from the day after.
      rate_by: addDays(completedOn, EVALUATION_WINDOW_DAYS),
    });
  }

  /** The target if it is the caller's and finished; who answers for it. */
  private async resolveTarget(actorId: string, type: EvaluationTargetType, id: string): Promise<Target> {
    if (type === 'application') {
      // 谁办理、谁负责: an online case answers to the department that decided it.
      const app = await this.applications.caseOf(actorId, id);
      if (app.status !== 'completed') throw new AppError('NOT_EVALUABLE_YET', '办件办结后才能评价');
      const item = await this.applications.itemOfCase(app);
      return { channel: 'online', subject: `${app.application_no} ${item.name}`, unitType: 'department', unitId: app.department_code, itemCode: app.item_code };
    }
    if (type === 'appointment') {
      // 一次一评: a visit answers to the hall that served it.
      const visit = await this.appointments.view(actorId, id);
      if (visit.status !== 'served') throw new AppError('NOT_EVALUABLE_YET', '到厅办理完成后才能评价');
      return { channel: 'hall', subject: visitSubject(visit), unitType: 'hall', unitId: visit.hallId, itemCode: visit.itemCode };
    }
    // An answered consultation answers to the department or hall that answered it (a follow-up
    // waiting for a further answer doesn't take back the answer already given).
    const c = await this.consultations.evaluationTarget(actorId, id);
    if (!c.firstAnsweredAt) throw new AppError('NOT_EVALUABLE_YET', '咨询得到答复后才能评价');
    return { channel: CHANNEL_OF_TARGET.consultation, subject: consultationSubject(c.topicName), unitType: c.unit.type, unitId: c.unit.id, itemCode: c.itemCode };
  }

  private async openTask(tx: Db, evaluationId: string, residentId: string, target: Target): Promise<void> {
    const now = this.platform.clock.now();
    const cal = await this.calendar.calendar();
    const id = newId('rtk');
    const dueDate = addWorkingDays(cal, shanghaiDate(now), this.platform.config.evaluation.rectifyWorkingDays);
    await evaluationRepo.insertTask(tx, { id, evaluation_id: evaluationId, unit_type: target.unitType, unit_id: target.unitId, status: 'open', due_date: dueDate, created_at: now, updated_at: now });
    await this.audit.append(tx, { actor: SYSTEM, action: 'evaluation.task_opened', subjectType: 'rectification_task', subjectId: id, residentId, data: { evaluationId, unit: `${target.unitType}:${target.unitId}`, dueDate } });
  }

  /** One task transition: row lock, the machine's rule, the change, the status and its audit record. */
  private async transition(
    taskId: string,
    event: RectificationEvent,
    actor: AuditActor,
    residentId: string | null,
    change: (tx: Db, locked: TaskRow) => Promise<{ audit: Record<string, unknown>; patch?: Updateable<RectificationTasksTable> }>,
    guard?: (tx: Db, locked: TaskRow) => Promise<void>,
  ): Promise<void> {
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const locked = await evaluationRepo.taskForUpdate(tx, taskId);
      if (!locked) throw notFound();
      await guard?.(tx, locked);
      if (!canApply(event, locked.status)) throw new AppError('INVALID_STATE', `整改当前${RECTIFICATION_STATUS_NAMES[locked.status]}，不能${EVENT_NAMES[event]}`);
      const to = RECTIFICATION_TRANSITIONS[event].to;
      const { audit, patch } = await change(tx, locked);
      // One statement: the CHECK sees the status with its closing fields.
      await evaluationRepo.updateTask(tx, taskId, { ...patch, status: to, updated_at: now });
      const ev = (await evaluationRepo.byId(tx, locked.evaluation_id)) as EvaluationRow;
      await this.audit.append(tx, {
        actor,
        action: `evaluation.task_${EVENT_ACTIONS[event]}`,
        subjectType: 'rectification_task',
        subjectId: taskId,
        residentId: residentId ?? ev.resident_id,
        data: { from: locked.status, to, ...audit },
      });
    });
  }

  /** The rectification of the caller's own rating; 404 for anyone else's. */
  private async ownTask(actorId: string, evaluationId: string): Promise<TaskRow> {
    const ev = await evaluationRepo.byId(this.platform.db, evaluationId);
    if (!ev || ev.resident_id !== actorId) throw notFound();
    const task = await evaluationRepo.taskOf(this.platform.db, ev.id);
    if (!task) throw new AppError('INVALID_STATE', '只有差评才有整改，可以申诉或评价');
    return task;
  }

  private scopeOf(staff: StaffActor): UnitScope {
    if (staff.roles.includes('district_admin')) return {};
    if (staff.roles.includes('dept_reviewer')) return { unitType: 'department', unitId: staff.departmentCode ?? '-' };
    if (staff.roles.some((r) => HALL_ROLES.includes(r))) return { unitType: 'hall', unitId: staff.hallId ?? '-' };
    throw new AppError('FORBIDDEN');
  }

  /** A task of the staff member's unit; 404 outside it (never reveal it exists). */
  private async staffTask(staff: StaffActor, id: string): Promise<TaskRow> {
    const scope = this.scopeOf(staff);
    const task = await evaluationRepo.task(this.platform.db, id);
    if (!task) throw notFound();
    if (scope.unitType && (task.unit_type !== scope.unitType || task.unit_id !== scope.unitId)) throw notFound();
    return task;
  }

  private async view(ev: EvaluationRow): Promise<EvaluationView> {
    const task = await evaluationRepo.taskOf(this.platform.db, ev.id);
    return { ...(await this.evaluationPart(ev)), rectification: task ? await this.rectificationView(task) : null };
  }

  private async evaluationPart(ev: EvaluationRow): Promise<Omit<EvaluationView, 'rectification'>> {
    const names: Record<string, string> = EVALUATION_DIMENSIONS[ev.channel];
    const given = ev.dimensions ?? {};
    const reviews = await evaluationRepo.reviews(this.platform.db, ev.id);
    const level = ev.level as EvaluationLevel;
    return {
      id: ev.id,
      targetType: ev.target_type,
      targetId: ev.target_id,
      subject: ev.subject,
      channel: ev.channel,
      level,
      levelName: EVALUATION_LEVEL_NAMES[level],
      grade: gradeOf(level),
      gradeName: EVALUATION_GRADE_NAMES[gradeOf(level)],
      dimensions: Object.entries(names)
        .filter(([code]) => typeof given[code] === 'number')
        .map(([code, name]) => ({ code, name, score: given[code] as number })),
      tags: ev.tags ?? [],
      comment: ev.comment_enc ? this.platform.cipher.decrypt(ev.comment_enc, AAD.comment) : null,
      source: ev.source,
      excluded: ev.excluded,
      reviews: reviews.map(
        (r): ExclusionReviewView => ({ id: String(r.id), evaluationId: r.evaluation_id, decision: r.decision, decisionName: REVIEW_DECISION_NAMES[r.decision], reason: r.reason, reviewerName: r.reviewer_name, at: toShanghaiIso(r.created_at) }),
      ),
      createdAt: toShanghaiIso(ev.created_at),
    };
  }

  private async rectificationView(task: TaskRow, calendar?: HolidayCalendar): Promise<RectificationView> {
    const db = this.platform.db;
    const [cal, handlings, revisits, appeals, rating] = await Promise.all([
      calendar ?? this.calendar.calendar(),
      evaluationRepo.handlings(db, task.id),
      evaluationRepo.revisits(db, task.id),
      evaluationRepo.appeals(db, task.id),
      evaluationRepo.rating(db, task.id),
    ]);
    const today = shanghaiDate(this.platform.clock.now());
    const running = DEADLINE_RUNNING.includes(task.status);
    const left = running ? workingDaysBetween(cal, today, task.due_date) : null;
    const overdue = running && today > task.due_date;
    const c = this.platform.cipher;
    return {
      id: task.id,
      status: task.status,
      statusName: RECTIFICATION_STATUS_NAMES[task.status],
      unit: { type: task.unit_type, id: task.unit_id },
      dueDate: task.due_date,
      workingDaysLeft: left,
      overdue,
      light: !running ? null : overdue ? 'red' : (left ?? 0) <= 2 ? 'yellow' : 'green',
      handlings: handlings.map((h) => ({ at: toShanghaiIso(h.at), staffName: h.staff_name, outcome: h.outcome, outcomeName: HANDLING_OUTCOME_NAMES[h.outcome], note: h.note })),
      revisits: revisits.map((v) => ({ at: toShanghaiIso(v.at), staffName: v.staff_name, method: v.method, methodName: REVISIT_METHOD_NAMES[v.method], result: v.result, residentSatisfied: v.resident_satisfied })),
      appeals: appeals.map((a) => ({ at: toShanghaiIso(a.at), reason: c.decrypt(a.reason_enc, AAD.appeal) })),
      rating: rating ? { rating: rating.rating, ratingName: RECTIFICATION_RATING_NAMES[rating.rating], comment: rating.comment_enc ? c.decrypt(rating.comment_enc, AAD.rating) : null, at: toShanghaiIso(rating.at) } : null,
      closedAt: task.closed_at ? toShanghaiIso(task.closed_at) : null,
      closedReason: task.closed_reason,
      createdAt: toShanghaiIso(task.created_at),
    };
  }

  private async taskView(task: TaskRow, cal: HolidayCalendar, unmasked: boolean): Promise<RectificationTaskView> {
    const ev = (await evaluationRepo.byId(this.platform.db, task.evaluation_id)) as EvaluationRow;
    const who = await this.identity.identityOf(ev.resident_id);
    const name = who?.name ?? null;
    const phone = who?.phone ?? null;
    return {
      ...(await this.rectificationView(task, cal)),
      evaluation: await this.evaluationPart(ev),
      resident: unmasked ? { name, phone } : { name: name && maskName(name), phone: phone && maskPhone(phone) },
    };
  }
}

const EVENT_NAMES: Record<RectificationEvent, string> = { handle: '登记整改', revisit: '登记回访', appeal: '申诉', rate: '评价整改', void: '关闭' };
const EVENT_ACTIONS: Record<RectificationEvent, string> = { handle: 'handled', revisit: 'revisited', appeal: 'appealed', rate: 'rated', void: 'void' };

/** How a visit reads in a rating: the day, the hall and what was done. */
function visitSubject(visit: { slot: { date: string }; hallName: string; itemName: string | null; categoryName: string }): string {
  return `${visit.slot.date} ${visit.hallName} ${visit.itemName ?? visit.categoryName}`;
}

/** How a consultation reads in a rating: its topic, never the resident's own words (staff see the subject). */
function consultationSubject(topicName: string): string {
  return `在线咨询 ${topicName}`;
}

function staffAuditActor(staff: StaffActor): AuditActor {
  return { type: 'staff', id: staff.staffId, role: staff.roles[0] ?? 'staff', unit: staff.departmentCode ?? staff.hallId };
}
