import type { Readable } from 'node:stream';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { Updateable } from 'kysely';
import {
  CONSULTATION_STATUS_NAMES,
  type ConsultationMessageView,
  type ConsultationStatus,
  type ConsultationSummaryView,
  type ConsultationView,
  type CreateConsultationBody,
  type Page,
  type StaffConsultationSummaryView,
  type StaffConsultationView,
} from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound, validationError } from '../../common/errors';
import { newId } from '../../common/ids';
import { maskName, maskPhone } from '../../common/mask';
import { decodeCursor, toPage } from '../../common/pagination';
import { Platform } from '../../common/platform';
import { addWorkingDays } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import type { ConsultationsTable } from '../../db/schema';
import { ApplicationService } from '../application';
import { CalendarService } from '../appointment';
import { type AuditActor, AuditService, PERSONAL_DATA_VIEWED } from '../audit';
import { CatalogService } from '../catalog';
import { IdentityService, PERSONAL_DATA_ROLES } from '../identity';
import { MaterialService } from '../material';
import { type ConsultationRow, consultationRepo, type InboxKey, type MessageRow, type UnitScope } from './consultation.repo';
import { canApply, CONSULTATION_TRANSITIONS, type ConsultationEvent } from './consultation.state';

/** Column names double as the AAD of their ciphertexts (see FieldCipher). */
const AAD = { subject: 'consultations.subject', body: 'consultation_messages.body' } as const;
const HALL_ROLES = ['hall_reception', 'hall_window', 'hall_admin'];

/** What the answering transaction tells its listeners (notification: tell the resident; evaluation: start the rating window). */
export interface AnsweredConsultation {
  id: string;
  residentId: string;
  /** the resident's own title, decrypted: for the resident's eyes only */
  subject: string;
  answeredAt: Date;
  /** this is the thread's first answer */
  firstAnswer: boolean;
  /** the topic as named when asked (no personal text): 事项, 办件编号 and 事项, or 大厅 */
  topicName: string;
  unit: { type: 'department' | 'hall'; id: string };
  itemCode: string | null;
}
type AnsweredListener = (tx: Db, c: AnsweredConsultation) => Promise<void>;

/** A thread of the caller's, as 好差评 needs it. */
export interface ConsultationTarget {
  id: string;
  status: ConsultationStatus;
  topicName: string;
  unit: { type: 'department' | 'hall'; id: string };
  itemCode: string | null;
  firstAnsweredAt: Date | null;
}

interface Routed {
  topicType: 'item' | 'application' | 'hall';
  topicId: string;
  topicName: string;
  itemCode: string | null;
  unitType: 'department' | 'hall';
  unitId: string;
  unitName: string;
}

/**
 * 在线应询: a resident asks about an item, their case or a hall; the question goes to the
 * department or hall that answers for it, whose staff answer from an inbox. An answer is owed
 * within CONSULTATION_RESPONSE_WORKING_DAYS working days of the oldest unanswered resident message
 * (the day it came in not counted; due by the end of that working day) and is marked overdue after.
 * The resident closes the thread (已解决). Every change is one transaction with its audit record.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ConsultationService {
  @Inject()
  platform!: Platform;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  calendar!: CalendarService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  materials!: MaterialService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  audit!: AuditService;

  private readonly answeredListeners: AnsweredListener[] = [];

  /** Runs inside every answering transaction, so a listener's record commits with the answer or not at all. */
  afterAnswered(listener: AnsweredListener): void {
    this.answeredListeners.push(listener);
  }

  // ---- residents ----

  async ask(actorId: string, body: CreateConsultationBody): Promise<ConsultationView> {
    const routed = await this.route(actorId, body.topic);
    const attachmentIds = await this.ownAttachments(actorId, body.attachmentIds);
    const id = newId('csl');
    const now = this.platform.clock.now();
    const dueDate = await this.dueDateFrom(now);
    await inTransaction(this.platform.db, async (tx) => {
      await consultationRepo.insert(tx, {
        id,
        resident_id: actorId,
        topic_type: routed.topicType,
        topic_id: routed.topicId,
        topic_name: routed.topicName,
        item_code: routed.itemCode,
        subject_enc: this.platform.cipher.encrypt(body.subject ?? routed.topicName, AAD.subject),
        unit_type: routed.unitType,
        unit_id: routed.unitId,
        unit_name: routed.unitName,
        status: 'awaiting_answer',
        due_date: dueDate,
        awaiting_since: now,
        last_message_at: now,
        created_at: now,
        updated_at: now,
      });
      await consultationRepo.addMessage(tx, { consultation_id: id, author: 'resident', author_id: actorId, author_name: null, body_enc: this.encryptBody(body.body), attachment_ids: JSON.stringify(attachmentIds), at: now });
      await this.audit.append(tx, {
        actor: { type: 'resident', id: actorId },
        action: 'consultation.created',
        subjectType: 'consultation',
        subjectId: id,
        residentId: actorId,
        data: { topic: `${routed.topicType}:${routed.topicId}`, unit: `${routed.unitType}:${routed.unitId}`, dueDate, attachments: attachmentIds.length },
      });
    });
    return this.view(await this.mustGet(id));
  }

  async mine(actorId: string, status: ConsultationStatus | undefined, limit: number, cursor?: string): Promise<Page<ConsultationSummaryView>> {
    const after = decodeCursor<{ id: string }>(cursor, ['id']);
    const rows = await consultationRepo.ofResident(this.platform.db, actorId, status, limit + 1, after?.id ?? null);
    const page = toPage(rows, limit, (r) => ({ id: r.id }), (r) => r);
    const today = this.today();
    return { items: page.items.map((r) => this.summary(r, today)), nextCursor: page.nextCursor };
  }

  async get(actorId: string, id: string): Promise<ConsultationView> {
    return this.view(await this.own(actorId, id));
  }

  /** 追问: the thread waits for an answer again; the clock starts unless one is already running. */
  async followUp(actorId: string, id: string, body: { body: string; attachmentIds?: string[] }): Promise<ConsultationView> {
    await this.own(actorId, id);
    const attachmentIds = await this.ownAttachments(actorId, body.attachmentIds);
    const now = this.platform.clock.now();
    const dueDate = await this.dueDateFrom(now);
    await this.transition(id, 'follow_up', { type: 'resident', id: actorId }, async (tx, locked) => {
      await consultationRepo.addMessage(tx, { consultation_id: id, author: 'resident', author_id: actorId, author_name: null, body_enc: this.encryptBody(body.body), attachment_ids: JSON.stringify(attachmentIds), at: now });
      const waiting = locked.status === 'awaiting_answer';
      return {
        patch: waiting ? { last_message_at: now } : { last_message_at: now, due_date: dueDate, awaiting_since: now },
        audit: { attachments: attachmentIds.length, dueDate: waiting ? locked.due_date : dueDate },
      };
    });
    return this.view(await this.mustGet(id));
  }

  /** 已解决: only the resident closes their thread. */
  async close(actorId: string, id: string): Promise<ConsultationView> {
    await this.own(actorId, id);
    const now = this.platform.clock.now();
    await this.transition(id, 'close', { type: 'resident', id: actorId }, async () => ({ patch: { closed_at: now, due_date: null, awaiting_since: null }, audit: {} }));
    return this.view(await this.mustGet(id));
  }

  /** The caller's thread for a rating (404 for anyone else's). */
  async evaluationTarget(actorId: string, id: string): Promise<ConsultationTarget> {
    const c = await this.own(actorId, id);
    return { id: c.id, status: c.status, topicName: c.topic_name, unit: { type: c.unit_type, id: c.unit_id }, itemCode: c.item_code, firstAnsweredAt: c.first_answered_at };
  }

  // ---- staff ----

  /** The inbox of the staff member's department or hall (all for a district admin): overdue first. */
  async inbox(staff: StaffActor, filter: { status?: ConsultationStatus; overdue?: boolean }, limit: number, cursor?: string): Promise<Page<StaffConsultationSummaryView>> {
    const after = decodeCursor<InboxKey>(cursor, ['b', 'id']);
    const today = this.today();
    const rows = await consultationRepo.inbox(this.platform.db, this.scopeOf(staff), filter, today, limit + 1, after);
    const page = toPage(rows, limit, (r) => ({ b: r.bucket, id: r.id }), (r) => r);
    return {
      items: await Promise.all(page.items.map(async (r) => ({ ...this.summary(r, today), resident: await this.residentOf(r, false) }))),
      nextCursor: page.nextCursor,
    };
  }

  /** A thread with the resident's name and phone in full, to answer it: the view is audited and shown to the resident. */
  async staffGet(staff: StaffActor, id: string): Promise<StaffConsultationView> {
    const c = await this.staffThread(staff, id);
    await this.auditView(staff, c, '在线咨询答复');
    return { ...(await this.view(c)), resident: await this.residentOf(c, true) };
  }

  /**
   * An answer (or a further one) from the unit. Staff answers are text only: uploads are residents'
   * own files (material context), there is no staff upload to attach.
   */
  async answer(staff: StaffActor, id: string, body: { body: string; attachmentIds?: string[] }): Promise<StaffConsultationView> {
    if (body.attachmentIds?.length) throw validationError({ attachmentIds: '工作人员答复暂不支持附件，请在答复中写明' });
    await this.staffThread(staff, id);
    const now = this.platform.clock.now();
    await this.transition(id, 'answer', staffAuditActor(staff), async (tx, locked) => {
      await consultationRepo.addMessage(tx, { consultation_id: id, author: 'staff', author_id: staff.staffId, author_name: staff.displayName, body_enc: this.encryptBody(body.body), attachment_ids: JSON.stringify([]), at: now });
      const answered: AnsweredConsultation = {
        id,
        residentId: locked.resident_id,
        subject: this.platform.cipher.decrypt(locked.subject_enc, AAD.subject),
        answeredAt: now,
        firstAnswer: !locked.first_answered_at,
        topicName: locked.topic_name,
        unit: { type: locked.unit_type, id: locked.unit_id },
        itemCode: locked.item_code,
      };
      return {
        patch: { last_message_at: now, answered_at: now, first_answered_at: locked.first_answered_at ?? now, due_date: null, awaiting_since: null },
        // Answered late or not: the figure the supervision reports count.
        audit: { late: locked.status === 'awaiting_answer' && !!locked.due_date && this.today() > locked.due_date, first: answered.firstAnswer },
        after: async () => {
          for (const listener of this.answeredListeners) await listener(tx, answered);
        },
      };
    });
    const c = await this.mustGet(id);
    return { ...(await this.view(c)), resident: await this.residentOf(c, false) };
  }

  /** A file the resident attached to the thread, opened by staff answering it (audited). */
  async staffAttachment(staff: StaffActor, id: string, fileId: string): Promise<{ mime: string; name: string; content: Readable }> {
    const c = await this.staffThread(staff, id);
    if (!(await consultationRepo.hasAttachment(this.platform.db, id, fileId))) throw notFound();
    await this.auditView(staff, c, '查看在线咨询附件');
    const { view, content } = await this.materials.openForReview(fileId);
    return { mime: view.mime, name: view.name, content };
  }

  // ---- internals ----

  /** Who answers a question: the item's department, the case's department, or the hall. */
  private async route(actorId: string, topic: CreateConsultationBody['topic']): Promise<Routed> {
    if (topic.type === 'item') {
      const item = await this.catalog.getItem(topic.itemCode);
      return { topicType: 'item', topicId: item.itemCode, topicName: item.name, itemCode: item.itemCode, unitType: 'department', unitId: item.departmentCode, unitName: await this.departmentName(item.departmentCode) };
    }
    if (topic.type === 'application') {
      // Only the caller's case (or one they act on as an authorised agent); 404 otherwise.
      const app = await this.applications.caseOf(actorId, topic.applicationId);
      const item = await this.applications.itemOfCase(app);
      return { topicType: 'application', topicId: app.id, topicName: `${app.application_no} ${item.name}`, itemCode: app.item_code, unitType: 'department', unitId: app.department_code, unitName: await this.departmentName(app.department_code) };
    }
    const hall = await this.catalog.hall(topic.hallId);
    return { topicType: 'hall', topicId: hall.id, topicName: hall.name, itemCode: null, unitType: 'hall', unitId: hall.id, unitName: hall.name };
  }

  private async departmentName(code: string): Promise<string> {
    return (await this.catalog.departments()).find((d) => d.code === code)?.name ?? code;
  }

  /** The caller's own uploads, each once; anything else is refused by its position. */
  private async ownAttachments(actorId: string, ids: string[] | undefined): Promise<string[]> {
    const unique = [...new Set(ids ?? [])];
    const fields: Record<string, string> = {};
    for (const fileId of unique) {
      const ok = await this.materials.usableFile(actorId, fileId).then(
        () => true,
        (err: unknown) => {
          if (err instanceof AppError && err.code === 'NOT_FOUND') return false;
          throw err;
        },
      );
      if (!ok) fields[`attachmentIds.${(ids ?? []).indexOf(fileId)}`] = '附件不存在，或不是您本人上传的文件';
    }
    if (Object.keys(fields).length) throw new AppError('ATTACHMENT_NOT_USABLE', undefined, { fields });
    return unique;
  }

  /** The last working day an answer is due by, counted from the day a question comes in. */
  private async dueDateFrom(at: Date): Promise<string> {
    return addWorkingDays(await this.calendar.calendar(), shanghaiDate(at), this.platform.config.consultation.responseWorkingDays);
  }

  /** One thread transition: row lock, the machine's rule, the change, the status, its audit record, then the listeners. */
  private async transition(
    id: string,
    event: ConsultationEvent,
    actor: AuditActor,
    change: (tx: Db, locked: ConsultationRow) => Promise<{ patch: Updateable<ConsultationsTable>; audit: Record<string, unknown>; after?: () => Promise<void> }>,
  ): Promise<void> {
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const locked = await consultationRepo.forUpdate(tx, id);
      if (!locked) throw notFound();
      if (!canApply(event, locked.status)) throw new AppError('INVALID_STATE', locked.status === 'closed' ? '该咨询已解决（已关闭），如有新问题请重新提问' : undefined);
      const to = CONSULTATION_TRANSITIONS[event].to;
      const { patch, audit, after } = await change(tx, locked);
      // One statement: the CHECKs see the status with its timestamps.
      await consultationRepo.update(tx, id, { ...patch, status: to, updated_at: now });
      await this.audit.append(tx, {
        actor,
        action: `consultation.${EVENT_ACTIONS[event]}`,
        subjectType: 'consultation',
        subjectId: id,
        residentId: locked.resident_id,
        data: { from: locked.status, to, ...audit },
      });
      await after?.();
    });
  }

  private async mustGet(id: string): Promise<ConsultationRow> {
    const c = await consultationRepo.byId(this.platform.db, id);
    if (!c) throw notFound();
    return c;
  }

  /** The caller's thread; 404 for anyone else's. */
  private async own(actorId: string, id: string): Promise<ConsultationRow> {
    const c = await consultationRepo.byId(this.platform.db, id);
    if (!c || c.resident_id !== actorId) throw notFound();
    return c;
  }

  private scopeOf(staff: StaffActor): UnitScope {
    if (staff.roles.includes('district_admin')) return {};
    if (staff.roles.includes('dept_reviewer')) return { unitType: 'department', unitId: staff.departmentCode ?? '-' };
    if (staff.roles.some((r) => HALL_ROLES.includes(r))) return { unitType: 'hall', unitId: staff.hallId ?? '-' };
    throw new AppError('FORBIDDEN');
  }

  /** A thread of the staff member's unit; 404 outside it (never reveal it exists). */
  private async staffThread(staff: StaffActor, id: string): Promise<ConsultationRow> {
    const scope = this.scopeOf(staff);
    const c = await consultationRepo.byId(this.platform.db, id);
    if (!c) throw notFound();
    if (scope.unitType && (c.unit_type !== scope.unitType || c.unit_id !== scope.unitId)) throw notFound();
    return c;
  }

  private async auditView(staff: StaffActor, c: ConsultationRow, purpose: string): Promise<void> {
    const role = staff.roles.find((r) => PERSONAL_DATA_ROLES.includes(r)) ?? staff.roles[0] ?? 'staff';
    await this.audit.append(this.platform.db, {
      actor: { type: 'staff', id: staff.staffId, role, unit: staff.departmentCode ?? staff.hallId },
      action: PERSONAL_DATA_VIEWED,
      subjectType: 'consultation',
      subjectId: c.id,
      residentId: c.resident_id,
      data: { purpose: `${purpose}（${c.topic_name}）` },
    });
  }

  private today(): string {
    return shanghaiDate(this.platform.clock.now());
  }

  private encryptBody(text: string): string {
    return this.platform.cipher.encrypt(text, AAD.body);
  }

  private summary(c: ConsultationRow, today: string): ConsultationSummaryView {
    const awaiting = c.status === 'awaiting_answer' && !!c.due_date;
    return {
      id: c.id,
      status: c.status,
      statusName: CONSULTATION_STATUS_NAMES[c.status],
      topic: { type: c.topic_type, id: c.topic_id, name: c.topic_name },
      subject: this.platform.cipher.decrypt(c.subject_enc, AAD.subject),
      unit: { type: c.unit_type, id: c.unit_id, name: c.unit_name },
      // By the end of the due working day (Beijing time).
      dueAt: awaiting ? `${c.due_date}T23:59:59.999+08:00` : null,
      overdue: awaiting && today > (c.due_date as string),
      lastMessageAt: toShanghaiIso(c.last_message_at),
      answeredAt: c.answered_at ? toShanghaiIso(c.answered_at) : null,
      closedAt: c.closed_at ? toShanghaiIso(c.closed_at) : null,
      createdAt: toShanghaiIso(c.created_at),
    };
  }

  private async view(c: ConsultationRow): Promise<ConsultationView> {
    const messages = await consultationRepo.messages(this.platform.db, c.id);
    return { ...this.summary(c, this.today()), messages: await Promise.all(messages.map((m) => this.messageView(m))) };
  }

  private async messageView(m: MessageRow): Promise<ConsultationMessageView> {
    const attachments = await Promise.all(
      (m.attachment_ids ?? []).map(async (fileId) => {
        const f = await this.materials.fileMeta(fileId);
        return { id: f.id, name: f.name, mime: f.mime, size: f.size };
      }),
    );
    return { id: String(m.id), author: m.author, authorName: m.author_name, body: this.platform.cipher.decrypt(m.body_enc, AAD.body), attachments, at: toShanghaiIso(m.at) };
  }

  private async residentOf(c: ConsultationRow, unmasked: boolean): Promise<{ name: string | null; phone: string | null }> {
    const who = await this.identity.identityOf(c.resident_id);
    const name = who?.name ?? null;
    const phone = who?.phone ?? null;
    return unmasked ? { name, phone } : { name: name && maskName(name), phone: phone && maskPhone(phone) };
  }
}

const EVENT_ACTIONS: Record<ConsultationEvent, string> = { follow_up: 'followed_up', answer: 'answered', close: 'closed' };

function staffAuditActor(staff: StaffActor): AuditActor {
  return { type: 'staff', id: staff.staffId, role: staff.roles[0] ?? 'staff', unit: staff.departmentCode ?? staff.hallId };
}
