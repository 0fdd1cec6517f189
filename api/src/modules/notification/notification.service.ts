import { Inject, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  type ApplicationStatus,
  type CourierStatus,
  NOTIFICATION_STATUS_NAMES,
  type NotificationCatalogue,
  type NotificationView,
  type Page,
  SUBSCRIPTION_STATUS_NAMES,
  type SubscriptionsBody,
  type SubscriptionView,
} from '@haizhu/shared-types';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError } from '../../common/errors';
import { crashPoint } from '../../common/faults';
import { newId } from '../../common/ids';
import { Jobs } from '../../common/jobs';
import { decodeCursor, toPage } from '../../common/pagination';
import { Platform } from '../../common/platform';
import { addDays } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import { type ApplicationEvent, type ApplicationRow, ApplicationService } from '../application';
import { AppointmentService, type BookedAppointment, QueueService } from '../appointment';
import { AuditService } from '../audit';
import { ConsultationService } from '../consultation';
import { CourierService } from '../courier';
import { IdentityService } from '../identity';
import { PaymentService } from '../payment';
import { formatData, type RawValue } from './notification.format';
import { type NotificationRow, notificationRepo } from './notification.repo';
import { catalogueOf, EVENT_TEMPLATE, type NotificationEvent, TEMPLATE_DEFS, templateByIdOf, templateIdOf } from './notification.templates';

export const SEND_TASK = 'notification_send';
export const REMINDER_TASK = 'notification_appointment_reminders';
/** Tries of one message before it is given up as failed (graphile-worker's backoff: ~9.5 h in all). */
export const SEND_ATTEMPTS = 10;
/** A message pending longer than this is stuck, not waiting: it no longer holds a one-time credit. */
const STUCK_MS = 24 * 3600_000;

/** What an event asks to be sent. `data` is keyed by the template's fields and formatted here. */
export interface NotifyInput {
  residentId: string;
  event: NotificationEvent;
  data: Record<string, RawValue>;
  /** a mini-program page with its query, no leading `/` */
  page: string | null;
  /** one message per occasion: a second notify with the same key is ignored */
  dedupeKey?: string;
}

/** The case events a resident hears of: not their own steps (submit, withdraw) nor internal hand-offs. */
const CASE_EVENTS: Partial<Record<ApplicationEvent, string>> = {
  accept: '请留意后续办理进度',
  accept_deficient: '请按时补齐容缺材料',
  refuse: '请在小程序查看不予受理的原因',
  request_supplement: '请补正材料后重新提交',
  approve: '审批已通过，请留意出件',
  deny: '请在小程序查看审批意见',
  deliver_result: '办理结果已送出，请查收',
  complete: '欢迎对本次服务作出评价',
};
/** Status words of ≤ 5 CJK characters (phrase). */
const CASE_PHRASE: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  accepted: '已受理',
  accepted_deficient: '容缺受理',
  refused: '不予受理',
  supplement_requested: '需要补正',
  forwarded: '审批中',
  in_review: '审批中',
  approved: '审批通过',
  denied: '未获批准',
  result_delivered: '已出件',
  completed: '已办结',
  withdrawn: '已撤回',
};
/** The parcel moments worth a message, per kind; the rest (in transit, returning…) are seen in the app. */
const COURIER_PHRASE: Record<'pickup' | 'delivery', Partial<Record<CourierStatus, string>>> = {
  pickup: { picked_up: '已取件', signed: '已送达' },
  delivery: { picked_up: '已揽收', delivering: '派送中', signed: '已签收', returned: '已退回' },
};

/** The mini-program pages messages open (they must exist in the released version: 41030). */
export const PAGES = {
  appointment: (id: string) => `pages/appointment/index?id=${id}`,
  ticket: (id: string) => `pages/ticket/index?id=${id}`,
  case: (id: string) => `apply/case/index?id=${id}`,
  tracking: (id: string) => `apply/tracking/index?id=${id}`,
  receipt: (id: string) => `apply/receipt/index?id=${id}`,
  consultation: (id: string) => `consult/thread/index?id=${id}`,
};

/**
 * 订阅消息: residents' consents per template (one-time credits, long-term standing answers) and
 * durable sending. Other contexts' events are heard through their hooks, inside their transactions:
 * a message is recorded (and its send job added) exactly when the change commits. Without consent a
 * message is recorded as skipped and WeChat is not asked; a credit is spent only when WeChat takes
 * the message; 43101 is final and corrects our count; transient trouble is retried by the job.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class NotificationService {
  @Inject()
  platform!: Platform;

  @Inject()
  jobs!: Jobs;

  @Inject()
  audit!: AuditService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  appointments!: AppointmentService;

  @Inject()
  queue!: QueueService;

  @Inject()
  courier!: CourierService;

  @Inject()
  payments!: PaymentService;

  @Inject()
  consultations!: ConsultationService;

  @Init()
  init(): void {
    this.applications.afterTransition(async (tx, app, event) => {
      const note = CASE_EVENTS[event];
      if (note) await this.hear(tx, 'application.status_changed', () => this.caseMessage(app, note));
    });
    this.appointments.afterBooked(async (tx, booked) => {
      await this.hear(tx, 'appointment.booked', async () => this.bookingMessage(booked, 'appointment.booked'));
    });
    this.queue.afterNearFront(async (tx, t) => {
      const residentId = t.residentId;
      if (!residentId) return;
      await this.hear(tx, 'queue.near', async () => ({
        residentId,
        event: 'queue.near',
        page: PAGES.ticket(t.ticketId),
        dedupeKey: `queue.near:${t.ticketId}`,
        data: { character_string1: t.number, thing2: t.hallName, number3: t.ahead, thing4: '即将轮到您，请留意大厅叫号' },
      }));
    });
    this.courier.afterStatusChange(async (tx, change) => {
      const word = COURIER_PHRASE[change.kind][change.to];
      if (!word) return;
      await this.hear(tx, 'courier.status_changed', async () => {
        const app = await this.applications.byId(change.applicationId, tx);
        if (!app) return null;
        const item = await this.applications.itemOfCase(app);
        return {
          residentId: app.submitted_by,
          event: 'courier.status_changed',
          page: PAGES.tracking(change.orderId),
          dedupeKey: `courier:${change.orderId}:${change.to}`,
          data: { thing1: `${change.kind === 'pickup' ? '材料取件' : '结果寄送'}：${item.name}`, character_string2: change.waybillNo ?? '-', phrase3: word, time4: this.platform.clock.now() },
        };
      });
    });
    this.payments.afterSettled(async (tx, p) => {
      await this.hear(tx, p.result === 'paid' ? 'payment.paid' : 'payment.refunded', async () => {
        const app = await this.applications.byId(p.applicationId, tx);
        if (!app) return null;
        return {
          // The payer: the one who used the mini-program for the case (and consented there).
          residentId: app.submitted_by,
          event: p.result === 'paid' ? 'payment.paid' : 'payment.refunded',
          page: PAGES.receipt(p.paymentId),
          data: { thing1: p.description.replace(/^海珠政务-/, ''), amount2: p.amountFen, phrase3: p.result === 'paid' ? '支付成功' : '已退款', time4: p.at },
        };
      });
    });
    this.consultations.afterAnswered(async (tx, c) => {
      // The topic (事项, 办件, 大厅), not the resident's own title: what they wrote stays out of WeChat.
      await this.hear(tx, 'consultation.answered', async () => ({
        residentId: c.residentId,
        event: 'consultation.answered',
        page: PAGES.consultation(c.id),
        data: { thing1: c.topicName, thing2: '工作人员已答复，请查看', time3: c.answeredAt },
      }));
    });
  }

  // ---- consent ----

  /** The template catalogue the mini-program asks consent with (public). */
  catalogue(): NotificationCatalogue {
    return catalogueOf(this.platform.config, this.devConsentUrl());
  }

  /**
   * Records a requestSubscribeMessage result: accept adds a credit to a one-time template and
   * stands for a long-term one; reject and ban are recorded (a one-time credit already given stays,
   * as at WeChat); filter changes nothing. Unknown template ids refuse the whole post.
   */
  async recordConsent(residentId: string, body: SubscriptionsBody): Promise<SubscriptionView[]> {
    const answers = Object.entries(body).filter(([id]) => id !== 'errMsg');
    const unknown = answers.map(([id]) => id).filter((id) => !templateByIdOf(this.platform.config, id));
    if (unknown.length) throw new AppError('NOTIFICATION_TEMPLATE_UNKNOWN', undefined, { templateIds: unknown });
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const recorded: { template: string; result: string }[] = [];
      for (const [templateId, result] of answers) {
        if (result === 'filter') continue;
        const template = templateByIdOf(this.platform.config, templateId) as (typeof TEMPLATE_DEFS)[keyof typeof TEMPLATE_DEFS];
        const current = await notificationRepo.subscriptionForUpdate(tx, residentId, templateId);
        const accepted = result === 'accept' || result === 'acceptWithAudio';
        await notificationRepo.upsertSubscription(tx, {
          resident_id: residentId,
          template_id: templateId,
          kind: template.kind,
          status: accepted ? 'accept' : (result as 'reject' | 'ban'),
          credits: (current?.credits ?? 0) + (accepted && template.kind === 'one_time' ? 1 : 0),
          updated_at: now,
        });
        recorded.push({ template: template.key, result });
      }
      if (recorded.length) {
        await this.audit.append(tx, { actor: { type: 'resident', id: residentId }, action: 'notification.consent_recorded', subjectType: 'resident', subjectId: residentId, residentId, data: { answers: recorded } });
      }
    });
    return this.subscriptions(residentId);
  }

  /** My consent per template of the catalogue, also those never asked. */
  async subscriptions(residentId: string): Promise<SubscriptionView[]> {
    const rows = await notificationRepo.subscriptions(this.platform.db, residentId);
    return Object.values(TEMPLATE_DEFS).map((t) => {
      const templateId = templateIdOf(this.platform.config, t.key);
      const row = rows.find((r) => r.template_id === templateId);
      const status = row?.status ?? 'none';
      return {
        templateId,
        key: t.key,
        title: t.title,
        kind: t.kind,
        status,
        statusName: SUBSCRIPTION_STATUS_NAMES[status],
        credits: t.kind === 'one_time' ? (row?.credits ?? 0) : null,
        updatedAt: row ? toShanghaiIso(row.updated_at) : null,
      };
    });
  }

  // ---- sending ----

  /**
   * Records a message inside the caller's transaction and, when the resident has consent for its
   * template, adds its send job there too; without consent it is recorded as skipped and WeChat is
   * not asked. Data that can't fill the template is logged and nothing is recorded: a notification
   * never blocks the change it reports. Returns the id, or null when nothing new was recorded.
   */
  async notify(tx: Db, input: NotifyInput): Promise<string | null> {
    const template = TEMPLATE_DEFS[EVENT_TEMPLATE[input.event]];
    let data: Record<string, string>;
    try {
      data = formatData(template.fields, input.data);
    } catch (err) {
      this.platform.logger.error('notification data does not fit its template', { event: input.event, reason: String(err) });
      return null;
    }
    const templateId = templateIdOf(this.platform.config, template.key);
    const now = this.platform.clock.now();
    const consented = await this.hasConsent(tx, input.residentId, templateId, template.kind, now);
    const id = newId('ntf');
    const inserted = await notificationRepo.insert(tx, {
      id,
      resident_id: input.residentId,
      event: input.event,
      template_key: template.key,
      template_id: templateId,
      kind: template.kind,
      page: input.page,
      data: JSON.stringify(data),
      status: consented ? 'pending' : 'skipped_no_consent',
      dedupe_key: input.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) return null;
    // A crashed worker costs graphile-worker an attempt we never counted: leave it room to reach ours.
    if (consented) await this.jobs.add(tx, SEND_TASK, { notificationId: id }, `${SEND_TASK}:${id}`, SEND_ATTEMPTS + 2);
    return id;
  }

  /**
   * The send job. 0: sent, a one-time credit spent. 43101: undeliverable, final, and our count
   * follows WeChat's (no credit left, or the long-term consent turned off). 47003, 40037, 41030,
   * 40003: failed for good and logged. Anything transient throws, so the job retries, until the
   * last attempt marks it failed.
   */
  async send(id: string): Promise<void> {
    const n = await notificationRepo.byId(this.platform.db, id);
    if (!n || n.status !== 'pending') return;
    if (n.sending_since) {
      // An earlier attempt died between WeChat and our record: it may have arrived. Sending again
      // could show the resident the same message twice and spend a second credit, so we don't.
      await notificationRepo.update(this.platform.db, id, { status: 'unconfirmed', updated_at: this.platform.clock.now() });
      this.platform.logger.warn('notification outcome unknown after a crash; not resent', { notificationId: id, event: n.event });
      return;
    }
    await notificationRepo.update(this.platform.db, id, { sending_since: this.platform.clock.now() });
    let errcode: number;
    try {
      ({ errcode } = await this.identity.sendSubscribeMessage(n.resident_id, { templateId: n.template_id, page: n.page, data: wechatData(n) }));
      crashPoint(this.platform.config, 'notification_send.after_call');
    } catch (err) {
      // The client only throws when WeChat was busy or unreachable: not sent, so it may go again.
      const attempts = n.attempts + 1;
      const reason = err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
      const now = this.platform.clock.now();
      if (attempts < SEND_ATTEMPTS) {
        await notificationRepo.update(this.platform.db, id, { attempts, last_error: reason, sending_since: null, updated_at: now });
        throw err;
      }
      await notificationRepo.update(this.platform.db, id, { attempts, last_error: reason, status: 'failed', sending_since: null, updated_at: now });
      this.platform.logger.error('notification given up after retries', { notificationId: id, event: n.event, reason });
      return;
    }
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const locked = await notificationRepo.forUpdate(tx, id);
      if (!locked || locked.status !== 'pending') return;
      const done = { attempts: locked.attempts + 1, errcode, sending_since: null, updated_at: now };
      if (errcode === 0) {
        await notificationRepo.update(tx, id, { ...done, status: 'sent', sent_at: now, last_error: null });
        if (locked.kind === 'one_time') await notificationRepo.spendCredit(tx, locked.resident_id, locked.template_id, now);
      } else if (errcode === 43101) {
        await notificationRepo.update(tx, id, { ...done, status: 'undeliverable' });
        // WeChat knows better than our count: no credit left there, or the resident turned it off.
        await notificationRepo.updateSubscription(tx, locked.resident_id, locked.template_id, locked.kind === 'one_time' ? { credits: 0, updated_at: now } : { status: 'reject', updated_at: now });
      } else {
        await notificationRepo.update(tx, id, { ...done, status: 'failed', last_error: `errcode ${errcode}` });
        this.platform.logger.error('WeChat refused a notification for good', { notificationId: id, event: locked.event, template: locked.template_key, errcode });
      }
    });
  }

  /** The daily job: tomorrow's bookings get their reminder (once each, however often this runs). */
  async remindTomorrow(): Promise<number> {
    const tomorrow = addDays(shanghaiDate(this.platform.clock.now()), 1);
    let recorded = 0;
    for (const booked of await this.appointments.bookedOn(tomorrow)) {
      const input = await this.build('appointment.reminder', async () => this.bookingMessage(booked, 'appointment.reminder'));
      if (!input) continue;
      if (await inTransaction(this.platform.db, (tx) => this.notify(tx, input))) recorded += 1;
    }
    return recorded;
  }

  // ---- reading ----

  /** My messages, newest first (also those not sent, and why). */
  async mine(residentId: string, limit: number, cursor?: string): Promise<Page<NotificationView>> {
    const after = decodeCursor<{ at: string; id: string }>(cursor, ['at', 'id']);
    const rows = await notificationRepo.ofResident(this.platform.db, residentId, limit + 1, after ? { at: new Date(after.at), id: after.id } : null);
    return toPage(rows, limit, (r) => ({ at: r.created_at.toISOString(), id: r.id }), (r) => this.view(r));
  }

  /** Messages of the last 24 hours by status, for the operator's metrics. */
  async recentCounts(): Promise<{ status: string; n: number }[]> {
    return notificationRepo.countsByStatus(this.platform.db, new Date(this.platform.clock.now().getTime() - 24 * 3600_000));
  }

  // ---- internals ----

  /** Runs a hook's message: building it never fails the caller's change (logged instead). */
  private async hear(tx: Db, event: NotificationEvent, build: () => Promise<NotifyInput | null>): Promise<void> {
    const input = await this.build(event, build);
    if (input) await this.notify(tx, input);
  }

  private async build(event: NotificationEvent, build: () => Promise<NotifyInput | null>): Promise<NotifyInput | null> {
    try {
      return await build();
    } catch (err) {
      this.platform.logger.error('notification could not be prepared', { event, reason: String(err) });
      return null;
    }
  }

  private async caseMessage(app: ApplicationRow, note: string): Promise<NotifyInput> {
    const item = await this.applications.itemOfCase(app);
    return {
      // Whoever uses the mini-program for the case (the resident, or their agent) consented there.
      residentId: app.submitted_by,
      event: 'application.status_changed',
      page: PAGES.case(app.id),
      data: { character_string1: app.application_no, thing2: item.name, phrase3: CASE_PHRASE[app.status], time4: this.platform.clock.now(), thing5: note },
    };
  }

  /** From what the booking carries: it is built inside the booking's transaction, where no other connection may be taken. */
  private bookingMessage(b: BookedAppointment, event: 'appointment.booked' | 'appointment.reminder'): NotifyInput {
    const reminder = event === 'appointment.reminder';
    return {
      residentId: b.residentId,
      event,
      page: PAGES.appointment(b.id),
      dedupeKey: reminder ? `appointment.reminder:${b.id}` : undefined,
      data: {
        thing1: b.subject,
        time2: { start: b.startsAt, end: b.endsAt },
        thing3: b.hallName,
        phrase4: reminder ? '明日办理' : '预约成功',
        thing5: reminder ? '明天请按时到大厅签到办理' : '请在预约时段前到大厅签到',
      },
    };
  }

  /** One-time: credits not yet held by messages still waiting; long-term: a standing accept. */
  private async hasConsent(tx: Db, residentId: string, templateId: string, kind: 'one_time' | 'long_term', now: Date): Promise<boolean> {
    const sub = await notificationRepo.subscriptionForUpdate(tx, residentId, templateId);
    if (!sub || sub.status === 'ban') return false;
    if (kind === 'long_term') return sub.status === 'accept';
    // As at WeChat, a later reject leaves earlier credits; messages already waiting hold one each.
    const waiting = await notificationRepo.pendingCount(tx, residentId, templateId, new Date(now.getTime() - STUCK_MS));
    return sub.credits - waiting > 0;
  }

  private view(r: NotificationRow): NotificationView {
    const template = TEMPLATE_DEFS[r.template_key as keyof typeof TEMPLATE_DEFS];
    const data = r.data as Record<string, string>;
    return {
      id: r.id,
      event: r.event,
      title: template?.title ?? r.template_key,
      status: r.status,
      statusName: NOTIFICATION_STATUS_NAMES[r.status],
      page: r.page,
      lines: (template?.fields ?? []).filter((f) => data[f.key] !== undefined).map((f) => ({ label: f.label, value: data[f.key] as string })),
      createdAt: toShanghaiIso(r.created_at),
      sentAt: r.sent_at ? toShanghaiIso(r.sent_at) : null,
    };
  }

  /** The simulator's consent control, for the H5 build that has no WeChat client; never in production. */
  private devConsentUrl(): string | null {
    const base = this.platform.config.wechat.apiBase.replace(/\/$/, '');
    const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(base);
    return this.platform.config.env !== 'production' && loopback ? `${base}/__sim/subscriptions` : null;
  }
}

function wechatData(n: NotificationRow): Record<string, { value: string }> {
  return Object.fromEntries(Object.entries(n.data as Record<string, string>).map(([k, v]) => [k, { value: v }]));
}
