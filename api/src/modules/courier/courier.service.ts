import { createHash } from 'node:crypto';
import { Inject, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  type AddressInput,
  type AddressView,
  COURIER_STATUS_NAMES,
  type CourierOrderView,
  type CourierStatus,
  type CourierTaskView,
  GUANGZHOU_DISTRICTS,
  type GuangzhouDistrict,
} from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound, validationError } from '../../common/errors';
import { crashPoint } from '../../common/faults';
import { newId } from '../../common/ids';
import { Jobs } from '../../common/jobs';
import { maskAddress, maskName, maskPhone } from '../../common/mask';
import { Platform } from '../../common/platform';
import { type Db, inTransaction } from '../../db/database';
import { type ApplicationEvent, type ApplicationRow, ApplicationService } from '../application';
import { AuditService } from '../audit';
import { CatalogService } from '../catalog';
import { PaymentService } from '../payment';
import { type CourierOrderRow, courierRepo } from './courier.repo';
import { CourierRejected, SfClient, type SfRoute } from './sf.client';
import { verifyPush } from './sf.signing';
import { canonicalOf, deriveStatus, eventStatus } from './tracking';

export const CREATE_TASK = 'courier_create_order';
export const CANCEL_TASK = 'courier_cancel_order';
export const TRACK_TASK = 'courier_refresh_tracking';

const ADDRESS_AAD = 'courier.address';
const CARRIER = 'SF';
const PROVINCE = '广东省';
const CITY = '广州市';
/** Statuses in which originals may still be collected (the case is with us, not decided). */
const PICKUP_OPEN = ['submitted', 'accepted', 'accepted_deficient', 'forwarded', 'in_review', 'supplement_requested'];
const LIVE_TRACKING: CourierStatus[] = ['created', 'picked_up', 'in_transit', 'delivering', 'returning'];
const KIND_NAMES = { pickup: '上门取件（纸质材料）', delivery: '证照寄送' } as const;
/** Pickup hours the carrier offers: 09:00–18:00 Beijing time, windows of at most four hours. */
const PICKUP_HOURS = { from: 9, to: 18, maxHours: 4 };

interface Snapshot {
  contactName: string;
  phone: string;
  regionCode: GuangzhouDistrict;
  detail: string;
}

type PushReply = { status: number; body: { return_code: string; return_msg: string } };

/** A courier order whose status just changed, as other contexts hear of it (notification: 快递状态). */
export interface CourierStatusChange {
  orderId: string;
  applicationId: string;
  kind: 'pickup' | 'delivery';
  from: CourierStatus;
  to: CourierStatus;
  waybillNo: string | null;
}
type StatusHook = (tx: Db, change: CourierStatusChange) => Promise<void>;

/**
 * 快递上门取件 and 证照寄送 with SF: orders are recorded here first and sent by job (our order id is
 * SF's orderId, so a resend is recognised); tracking pushes are verified, stored once per route id
 * and the status derived from all events whatever their order; trouble opens a task for staff.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CourierService {
  @Inject()
  platform!: Platform;

  @Inject()
  sf!: SfClient;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  payments!: PaymentService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  audit!: AuditService;

  @Inject()
  jobs!: Jobs;

  /** Hooks other contexts add, run inside the transaction that changed the order's status. */
  private readonly onStatusChange: StatusHook[] = [];

  @Init()
  init(): void {
    this.applications.provideViewPart('courierOrders', (id) => this.viewsOf(id));
    this.applications.afterTransition(async (tx, app, event) => {
      if (CASE_CLOSED_EARLY.includes(event)) await this.cancelForClosedCase(tx, app);
    });
  }

  /**
   * A case withdrawn or refused needs no courier: orders not yet at SF are cancelled with the
   * case; orders SF already has are cancelled there by job (it may be too late: then staff see why).
   */
  private async cancelForClosedCase(tx: Db, app: ApplicationRow): Promise<void> {
    for (const order of await courierRepo.ofApplication(tx, app.id)) {
      if (order.status === 'requested') {
        await this.markCancelled(tx, order, '办件已结束，');
      } else if (order.status === 'created') {
        await this.jobs.add(tx, CANCEL_TASK, { orderId: order.id }, `${CANCEL_TASK}:${order.id}`);
      }
    }
  }

  /** The job: cancels at SF an order whose case ended before pickup. */
  async cancelAtCarrier(orderId: string): Promise<void> {
    const order = await courierRepo.byId(this.platform.db, orderId);
    if (!order || order.status !== 'created') return;
    try {
      await this.cancelAtSf(orderId);
    } catch (err) {
      if (!(err instanceof CourierRejected)) throw err;
      await this.openTask(this.platform.db, order, 'exception', `办件已结束，但快递单未能取消（${err.code}），请联系快递公司`);
      return;
    }
    await inTransaction(this.platform.db, async (tx) => {
      const locked = (await courierRepo.forUpdate(tx, orderId)) as CourierOrderRow;
      if (locked.status !== 'created') return;
      await this.markCancelled(tx, locked, '办件已结束，');
    });
  }

  /**
   * Cancels an order here, in the caller's transaction, and says so on the case; a delivery that
   * will not go gives its paid postage back (by the payment context's refund job).
   */
  private async markCancelled(tx: Db, order: CourierOrderRow, why = ''): Promise<void> {
    await courierRepo.update(tx, order.id, { status: 'cancelled', updated_at: this.platform.clock.now() });
    const refunded = order.kind === 'delivery' && !!order.payment_id && (await this.payments.refundRemaining(tx, order.payment_id, '取消快递寄送，退还快递费'));
    await this.applications.addNote(order.application_id, `${why}已取消${KIND_NAMES[order.kind]}${refunded ? '，快递费将原路退回' : ''}`, undefined, tx);
  }

  /** SF's cancel (§3.2, dealType 2). */
  private async cancelAtSf(orderId: string): Promise<void> {
    await this.sf.call('EXP_RECE_UPDATE_ORDER', { orderId, dealType: 2, language: 'zh-CN' });
  }

  afterStatusChange(hook: StatusHook): void {
    this.onStatusChange.push(hook);
  }

  // ---- addresses ----

  async addresses(residentId: string): Promise<AddressView[]> {
    return (await courierRepo.addresses(this.platform.db, residentId)).map((a) => this.addressView(a.id, a.label, this.openAddress(a)));
  }

  async addAddress(residentId: string, input: AddressInput): Promise<AddressView> {
    const id = newId('adr');
    const snapshot = toSnapshot(input);
    await courierRepo.insertAddress(this.platform.db, {
      id,
      resident_id: residentId,
      label: input.label ?? null,
      contact_enc: this.encrypt(snapshot.contactName),
      phone_enc: this.encrypt(snapshot.phone),
      region_code: snapshot.regionCode,
      detail_enc: this.encrypt(snapshot.detail),
      created_at: this.platform.clock.now(),
    });
    return this.addressView(id, input.label ?? null, snapshot);
  }

  async removeAddress(residentId: string, id: string): Promise<void> {
    if (!(await courierRepo.removeAddress(this.platform.db, residentId, id))) throw notFound();
  }

  // ---- orders ----

  /** 上门取件: the courier collects the case's paper originals at the resident's address in a window. */
  async requestPickup(actorId: string, applicationId: string, body: { address: { addressId: string } | AddressInput; window: { start: string; end: string } }): Promise<CourierOrderView> {
    const app = await this.applications.caseOf(actorId, applicationId);
    if (!PICKUP_OPEN.includes(app.status)) throw new AppError('INVALID_STATE', '提交申请后、审批结束前才能预约上门取件');
    const item = await this.applications.itemOfCase(app);
    if (!item.materials.some((m) => m.form === 'original' || m.form === 'original_and_copy')) throw new AppError('INVALID_STATE', '该事项不需要提交纸质原件');
    const window = this.checkWindow(body.window.start, body.window.end);
    const snapshot = await this.resolveAddress(actorId, body.address);
    const id = await this.insertOrder(app, 'pickup', snapshot, { window, postageFen: 0, handedOver: true, enqueue: true });
    return this.orderViewById(id);
  }

  /** 证照寄送: the resident chooses courier delivery; the deliver window hands over later (postage first, if charged). */
  async requestDelivery(actorId: string, applicationId: string, body: { address: { addressId: string } | AddressInput }): Promise<CourierOrderView> {
    const app = await this.applications.caseOf(actorId, applicationId);
    if (['draft', 'withdrawn', 'refused', 'denied', 'result_delivered', 'completed'].includes(app.status)) throw new AppError('INVALID_STATE', '当前不能选择快递寄送');
    const item = await this.applications.itemOfCase(app);
    if (!item.resultDelivery.includes('courier')) throw new AppError('INVALID_STATE', '该事项的办理结果不能快递寄送，请到窗口领取');
    const snapshot = await this.resolveAddress(actorId, body.address);
    const id = await this.insertOrder(app, 'delivery', snapshot, { window: null, postageFen: this.platform.config.courier.postageFen, handedOver: false, enqueue: false });
    return this.orderViewById(id);
  }

  async residentOrder(actorId: string, id: string): Promise<CourierOrderView> {
    const order = await courierRepo.byId(this.platform.db, id);
    if (!order) throw notFound();
    await this.applications.caseOf(actorId, order.application_id);
    return this.orderView(order);
  }

  /** Cancels before the courier has it: locally while not yet sent, at SF while not yet picked up. */
  async cancel(actorId: string, id: string): Promise<CourierOrderView> {
    const order = await courierRepo.byId(this.platform.db, id);
    if (!order) throw notFound();
    const app = await this.applications.caseOf(actorId, order.application_id);
    if (order.status !== 'requested' && order.status !== 'created') throw new AppError('INVALID_STATE', '快递员已取件，不能取消');
    if (order.kind === 'delivery' && order.handed_over) throw new AppError('INVALID_STATE', '结果已交快递寄出，不能取消');
    if (order.status === 'created') {
      try {
        await this.cancelAtSf(order.id);
      } catch (err) {
        if (err instanceof CourierRejected) throw new AppError('INVALID_STATE', '快递员已取件，不能取消');
        throw new AppError('UPSTREAM_UNAVAILABLE', '快递公司系统暂时无法连接，请稍后再试');
      }
    }
    await inTransaction(this.platform.db, async (tx) => {
      await this.audit.append(tx, { actor: { type: 'resident', id: actorId }, action: 'courier.cancelled', subjectType: 'courier_order', subjectId: id, residentId: app.resident_id, data: { kind: order.kind } });
      await this.markCancelled(tx, order);
    });
    return this.orderViewById(id);
  }

  /** The deliver window hands the approved result to the courier: 出件 and the order in one transaction. */
  async handover(staff: StaffActor, orderId: string) {
    const order = await courierRepo.byId(this.platform.db, orderId);
    if (!order || order.kind !== 'delivery') throw notFound();
    const app = await this.applications.staffCaseOf(staff, order.application_id);
    if (order.status !== 'requested' || order.handed_over) throw new AppError('INVALID_STATE', '该快递单已交寄');
    if (app.status !== 'approved') throw new AppError('INVALID_STATE', '审批通过后才能寄出办理结果');
    if (order.postage_fen > 0 && !(await this.payments.isPaid(app.id, 'postage'))) throw new AppError('FEE_UNPAID', '申请人尚未支付快递费');
    return this.applications.deliverResult(staff, app.id, 'courier', order.hall_id, async (tx) => {
      await courierRepo.update(tx, orderId, { handed_over: true, updated_at: this.platform.clock.now() });
      await this.jobs.add(tx, CREATE_TASK, { orderId }, `${CREATE_TASK}:${orderId}`);
    });
  }

  /**
   * The job: creates the order at SF. A repeat (8016: this orderId exists) recovers the waybill by
   * query instead of creating a second; busy or down → the job retries; a refusal opens a task.
   */
  async createAtCarrier(orderId: string): Promise<void> {
    const order = await courierRepo.byId(this.platform.db, orderId);
    if (!order || order.status !== 'requested' || !order.handed_over) return;
    let waybill: string | undefined;
    try {
      const created = await this.sf.call<{ waybillNoInfoList?: { waybillNo: string }[] }>('EXP_RECE_CREATE_ORDER', await this.createPayload(order));
      waybill = created.waybillNoInfoList?.[0]?.waybillNo;
      // SF has the order; dying here, the retry's create is refused as a duplicate (8016) and we search for it.
      crashPoint(this.platform.config, 'courier_create.after_call');
    } catch (err) {
      if (err instanceof CourierRejected && err.code === '8016') {
        const found = await this.sf.call<{ waybillNoInfoList?: { waybillNo: string }[] }>('EXP_RECE_SEARCH_ORDER_RESP', { orderId, searchType: '1', language: 'zh-CN' });
        waybill = found.waybillNoInfoList?.[0]?.waybillNo;
      } else if (err instanceof CourierRejected) {
        await this.openTask(this.platform.db, order, 'create_failed', `快递下单被拒绝（${err.code} ${err.detail}），请核对地址后联系申请人`);
        await courierRepo.update(this.platform.db, orderId, { last_error: err.message, updated_at: this.platform.clock.now() });
        return;
      } else {
        await courierRepo.update(this.platform.db, orderId, { last_error: String(err), updated_at: this.platform.clock.now() });
        throw err;
      }
    }
    await inTransaction(this.platform.db, async (tx) => {
      const locked = (await courierRepo.forUpdate(tx, orderId)) as CourierOrderRow;
      if (locked.status !== 'requested') return;
      await courierRepo.update(tx, orderId, { status: 'created', waybill_no: waybill ?? null, last_error: null, updated_at: this.platform.clock.now() });
      await this.applications.addNote(order.application_id, order.kind === 'pickup' ? `快递已下单（运单号 ${waybill ?? '待分配'}），快递员将按预约时间上门取件` : `结果已交顺丰寄出，运单号 ${waybill ?? '待分配'}`, undefined, tx);
    });
    // A cancel that raced the create: the order exists at SF now, so cancel it there too.
    const after = await courierRepo.byId(this.platform.db, orderId);
    if (after?.status === 'cancelled') await this.cancelAtSf(orderId).catch(() => undefined);
  }

  /**
   * A tracking push (§3.5): digest and timestamp checked on the raw body, each route stored once by
   * its id (unknown waybills kept for review), then every touched order's status derived anew.
   */
  async handlePush(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<PushReply> {
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const failure = (status: number): PushReply => ({ status, body: { return_code: '1000', return_msg: '系统异常' } });
    const check = verifyPush(rawBody, header('x-courier-timestamp'), header('x-courier-digest'), this.platform.config.courier.checkWord, this.platform.clock.now().getTime());
    if (!check.ok) {
      this.platform.logger.warn('refused a courier push', { problem: check.problem });
      return failure(401);
    }
    let routes: SfRoute[];
    try {
      routes = (JSON.parse(rawBody) as { Body?: { WaybillRoute?: SfRoute[] } }).Body?.WaybillRoute ?? [];
      if (!Array.isArray(routes)) throw new Error('WaybillRoute is not a list');
    } catch {
      this.platform.logger.warn('refused a courier push', { problem: 'malformed_json' });
      return failure(400);
    }
    const touched = new Set<string>();
    for (const [i, route] of routes.entries()) {
      const order = (route.orderid ? await courierRepo.byId(this.platform.db, route.orderid) : undefined) ?? (route.mailno ? await courierRepo.byWaybill(this.platform.db, route.mailno) : undefined);
      if (!order) {
        await courierRepo.orphan(this.platform.db, { route_id: route.id ?? routeHash(route), mailno: route.mailno ?? null, orderid: route.orderid ?? null, payload: JSON.stringify(route), received_at: this.platform.clock.now() });
        this.platform.logger.warn('courier push for an unknown waybill kept for review', { routeId: route.id });
        continue;
      }
      await this.storeRoute(order, route, 'push', i);
      touched.add(order.id);
    }
    for (const id of touched) await this.recompute(id);
    return { status: 200, body: { return_code: '0000', return_msg: '成功' } };
  }

  /** Scheduled: asks SF for the routes of orders on the move, in case a push never came. */
  async refreshTracking(): Promise<number> {
    const stale = new Date(this.platform.clock.now().getTime() - 10 * 60_000);
    const orders = await courierRepo.tracking(this.platform.db, LIVE_TRACKING, stale, 50);
    for (const order of orders) {
      try {
        const routes = await this.sf.routes(order.id);
        for (const [i, route] of routes.entries()) await this.storeRoute(order, route, 'query', i);
        await this.recompute(order.id, true);
      } catch (err) {
        this.platform.logger.warn('courier tracking query failed', { orderId: order.id, reason: String(err) });
      }
    }
    return orders.length;
  }

  async tasks(staff: StaffActor, status: 'open' | 'resolved'): Promise<CourierTaskView[]> {
    const hallId = staff.roles.includes('district_admin') ? null : staff.hallId;
    if (!staff.roles.includes('district_admin') && !hallId) throw new AppError('FORBIDDEN');
    const rows = await courierRepo.tasks(this.platform.db, status, hallId);
    return Promise.all(rows.map((r) => this.taskView(r)));
  }

  async resolveTask(staff: StaffActor, id: string, resolution: string): Promise<CourierTaskView> {
    const task = await courierRepo.task(this.platform.db, id);
    const order = task ? await courierRepo.byId(this.platform.db, task.order_id) : undefined;
    if (!task || !order || (!staff.roles.includes('district_admin') && order.hall_id !== staff.hallId)) throw notFound();
    if (task.status !== 'open') throw new AppError('INVALID_STATE', '该任务已处理');
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      await courierRepo.updateTask(tx, id, { status: 'resolved', resolution, resolved_by: staff.staffId, resolved_at: now });
      await this.audit.append(tx, { actor: { type: 'staff', id: staff.staffId, role: staff.roles[0] ?? 'staff', unit: staff.hallId }, action: 'courier.task_resolved', subjectType: 'courier_order', subjectId: order.id, residentId: order.resident_id, data: { taskId: id, kind: task.kind } });
    });
    return this.taskView((await courierRepo.task(this.platform.db, id)) as NonNullable<Awaited<ReturnType<typeof courierRepo.task>>>);
  }

  async viewsOf(applicationId: string): Promise<CourierOrderView[]> {
    return Promise.all((await courierRepo.ofApplication(this.platform.db, applicationId)).map((o) => this.orderView(o)));
  }

  // ---- internals ----

  private async insertOrder(app: ApplicationRow, kind: 'pickup' | 'delivery', snapshot: Snapshot, opts: { window: { start: Date; end: Date } | null; postageFen: number; handedOver: boolean; enqueue: boolean }): Promise<string> {
    const id = newId('shp');
    const now = this.platform.clock.now();
    try {
      await inTransaction(this.platform.db, async (tx) => {
        const payment = opts.postageFen > 0 ? await this.payments.ensureOrder(tx, app.id, 'postage', opts.postageFen, '证照寄送快递费') : null;
        await courierRepo.insert(tx, {
          id,
          application_id: app.id,
          resident_id: app.resident_id,
          kind,
          status: 'requested',
          window_start: opts.window?.start ?? null,
          window_end: opts.window?.end ?? null,
          address_enc: this.encrypt(JSON.stringify(snapshot)),
          region_code: snapshot.regionCode,
          hall_id: app.hall_id,
          postage_fen: opts.postageFen,
          payment_id: payment?.id ?? null,
          handed_over: opts.handedOver,
          created_at: now,
          updated_at: now,
        });
        await this.audit.append(tx, { actor: { type: 'resident', id: app.submitted_by }, action: `courier.${kind}_requested`, subjectType: 'courier_order', subjectId: id, residentId: app.resident_id, data: { applicationNo: app.application_no, regionCode: snapshot.regionCode } });
        const note = kind === 'pickup' ? `已预约快递上门取件：${formatWindow(opts.window as { start: Date; end: Date })}` : `已选择快递寄送结果${opts.postageFen > 0 ? `（快递费 ¥${(opts.postageFen / 100).toFixed(2)}，请在出件前支付）` : '（免邮费）'}`;
        await this.applications.addNote(app.id, note, undefined, tx);
        if (opts.enqueue) await this.jobs.add(tx, CREATE_TASK, { orderId: id }, `${CREATE_TASK}:${id}`);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('INVALID_STATE', kind === 'pickup' ? '已预约上门取件，请勿重复预约' : '已选择快递寄送');
      throw err;
    }
    return id;
  }

  private checkWindow(startRaw: string, endRaw: string): { start: Date; end: Date } {
    const start = new Date(startRaw);
    const end = new Date(endRaw);
    const now = this.platform.clock.now();
    const hour = (d: Date) => Number(toShanghaiIso(d).slice(11, 13)) + Number(toShanghaiIso(d).slice(14, 16)) / 60;
    // Counted in calendar days (Beijing), as the resident picks them: today + N, any hour.
    const lastDay = shanghaiDate(new Date(now.getTime() + this.platform.config.courier.pickupDays * 24 * 3600_000));
    if (start <= now) throw validationError({ 'window.start': '请选择今后的时间' });
    if (end <= start) throw validationError({ 'window.end': '结束时间应晚于开始时间' });
    if (shanghaiDate(start) !== shanghaiDate(end) || end.getTime() - start.getTime() > PICKUP_HOURS.maxHours * 3600_000) throw validationError({ window: `上门时段应在同一天内，最长 ${PICKUP_HOURS.maxHours} 小时` });
    if (hour(start) < PICKUP_HOURS.from || hour(end) > PICKUP_HOURS.to) throw validationError({ window: '快递员上门时间为 09:00–18:00' });
    if (shanghaiDate(start) > lastDay) throw validationError({ 'window.start': `只能预约 ${this.platform.config.courier.pickupDays} 天内的上门时间` });
    return { start, end };
  }

  private async resolveAddress(residentId: string, choice: { addressId: string } | AddressInput): Promise<Snapshot> {
    if ('addressId' in choice) {
      const row = await courierRepo.address(this.platform.db, residentId, choice.addressId);
      if (!row) throw validationError({ 'address.addressId': '找不到该地址' });
      return this.openAddress(row);
    }
    await this.addAddress(residentId, choice);
    return toSnapshot(choice);
  }

  private async createPayload(order: CourierOrderRow): Promise<Record<string, unknown>> {
    const cfg = this.platform.config.courier;
    const resident = this.openSnapshot(order.address_enc);
    const hall = await this.catalog.hall(order.hall_id).catch(() => null);
    const residentContact = { contact: resident.contactName, mobile: resident.phone, tel: resident.phone, country: 'CN', province: PROVINCE, city: CITY, county: GUANGZHOU_DISTRICTS[resident.regionCode], address: resident.detail };
    const hallContact = { contact: hall?.name ?? '海珠区政务服务中心', tel: hall?.phone ?? '020-12345', mobile: '', company: hall?.name ?? '海珠区政务服务中心', country: 'CN', province: PROVINCE, city: CITY, county: '海珠区', address: hall?.address ?? '广州市海珠区' };
    const [sender, recipient] = order.kind === 'pickup' ? [residentContact, hallContact] : [hallContact, residentContact];
    return {
      language: 'zh-CN',
      orderId: order.id,
      monthlyCard: cfg.monthlyCard,
      payMethod: 1,
      expressTypeId: 2,
      parcelQty: 1,
      totalWeight: 0.5,
      cargoDesc: '文件',
      cargoDetails: [{ name: '文件', count: 1, unit: '份' }],
      isDocall: order.kind === 'pickup' ? 1 : 0,
      ...(order.window_start && order.window_end ? { sendStartTm: sfTime(order.window_start), pickupAppointEndtime: sfTime(order.window_end) } : {}),
      contactInfoList: [
        { contactType: 1, ...sender },
        { contactType: 2, ...recipient },
      ],
      remark: order.kind === 'pickup' ? '政务纸质材料，请勿折叠' : '政务证照，请本人签收',
    };
  }

  private async storeRoute(order: CourierOrderRow, route: SfRoute, source: 'push' | 'query', index: number): Promise<void> {
    const acceptTime = new Date(`${route.acceptTime.replace(' ', 'T')}+08:00`);
    if (Number.isNaN(acceptTime.getTime())) return;
    await courierRepo.insertEvent(this.platform.db, {
      order_id: order.id,
      carrier: CARRIER,
      route_id: route.id ?? routeHash(route),
      op_code: String(route.opCode),
      canonical: canonicalOf(String(route.opCode), true),
      accept_time: acceptTime,
      accept_address: route.acceptAddress ?? null,
      remark: route.remark ?? '',
      source,
      received_at: new Date(this.platform.clock.now().getTime() + index),
    });
  }

  /** Derives the order's status from all its events and tells the case (and staff) what changed. */
  private async recompute(orderId: string, touch = false): Promise<void> {
    const order = await inTransaction(this.platform.db, async (tx) => {
      const order = (await courierRepo.forUpdate(tx, orderId)) as CourierOrderRow;
      const events = await courierRepo.events(tx, orderId);
      const base: CourierStatus = order.status === 'cancelled' || order.status === 'requested' ? order.status : 'created';
      const { status, exception } = deriveStatus(events.map((e, i) => ({ opCode: e.op_code, acceptTime: e.accept_time, order: i })), base);
      const now = this.platform.clock.now();
      if (status === order.status && exception === order.exception) {
        if (touch) await courierRepo.update(tx, orderId, { updated_at: now });
        return { ...order, status };
      }
      await courierRepo.update(tx, orderId, { status, exception, updated_at: now });
      if (exception && !order.exception) {
        const last = events.filter((e) => canonicalOf(e.op_code, true) === 'EXCEPTION').at(-1);
        await this.openTask(tx, order, 'exception', `快递异常：${last?.remark ?? '派送不成功'}`);
        await this.applications.addNote(order.application_id, `快递遇到问题（${last?.remark ?? '派送不成功'}），工作人员会与您联系`, undefined, tx);
      }
      if (status === order.status) return { ...order, status };
      await this.audit.append(tx, { actor: { type: 'system', id: 'courier' }, action: 'courier.status_changed', subjectType: 'courier_order', subjectId: orderId, residentId: order.resident_id, data: { from: order.status, to: status } });
      if (status === 'returned') await this.openTask(tx, order, 'returned', '快递已退回，请联系申请人重新安排');
      // A push may carry several routes at once (batched, or late and reordered): every milestone passed gets its line.
      for (const passed of milestonesBetween(order.status, status)) {
        const note = trackingNote(order.kind, passed);
        if (note) await this.applications.addNote(order.application_id, note, undefined, tx);
      }
      for (const hook of this.onStatusChange) await hook(tx, { orderId, applicationId: order.application_id, kind: order.kind, from: order.status, to: status, waybillNo: order.waybill_no });
      return { ...order, status };
    });
    // Signed for by the resident: the case is done (办结) by itself.
    if (order.kind === 'delivery' && order.status === 'signed') {
      const app = await this.applications.byId(order.application_id);
      if (app?.status === 'result_delivered') await this.applications.systemTransition(app.id, 'complete', '快递已签收，已办结');
    }
  }

  private async openTask(db: Db, order: CourierOrderRow, kind: 'exception' | 'returned' | 'create_failed', note: string): Promise<void> {
    await courierRepo.insertTask(db, { id: newId('ctk'), order_id: order.id, kind, note, status: 'open', created_at: this.platform.clock.now() });
  }

  private async orderViewById(id: string): Promise<CourierOrderView> {
    return this.orderView((await courierRepo.byId(this.platform.db, id)) as CourierOrderRow);
  }

  private async orderView(order: CourierOrderRow): Promise<CourierOrderView> {
    const events = await courierRepo.events(this.platform.db, order.id);
    const snapshot = this.openSnapshot(order.address_enc);
    const { id: _id, label: _label, ...address } = this.addressView('', null, snapshot);
    return {
      id: order.id,
      applicationId: order.application_id,
      kind: order.kind,
      kindName: KIND_NAMES[order.kind],
      status: order.status,
      statusName: order.kind === 'delivery' && !order.handed_over && order.status === 'requested' ? '等待出件（审批通过后由窗口交寄）' : COURIER_STATUS_NAMES[order.status],
      handedOver: order.handed_over,
      exception: order.exception,
      waybillNo: order.waybill_no,
      window: order.window_start && order.window_end ? { start: toShanghaiIso(order.window_start), end: toShanghaiIso(order.window_end) } : null,
      address,
      postage: order.postage_fen,
      paymentId: order.payment_id,
      events: events.map((e) => {
        const status = eventStatus(e.op_code);
        return { at: toShanghaiIso(e.accept_time), status, statusName: status === 'exception' ? '异常' : COURIER_STATUS_NAMES[status], remark: e.remark, place: e.accept_address };
      }),
      createdAt: toShanghaiIso(order.created_at),
    };
  }

  private async taskView(r: NonNullable<Awaited<ReturnType<typeof courierRepo.task>>>): Promise<CourierTaskView> {
    const order = (await courierRepo.byId(this.platform.db, r.order_id)) as CourierOrderRow;
    const app = await this.applications.byId(order.application_id);
    return { id: r.id, orderId: r.order_id, applicationId: order.application_id, applicationNo: app?.application_no ?? '', kind: r.kind, note: r.note, status: r.status, createdAt: toShanghaiIso(r.created_at), resolvedAt: r.resolved_at ? toShanghaiIso(r.resolved_at) : null, resolution: r.resolution };
  }

  private addressView(id: string, label: string | null, s: Snapshot): AddressView {
    return { id, label, contactName: maskName(s.contactName), phone: maskPhone(s.phone), regionCode: s.regionCode, province: PROVINCE, city: CITY, county: GUANGZHOU_DISTRICTS[s.regionCode], detail: maskAddress(s.detail) };
  }

  private openAddress(a: { contact_enc: string; phone_enc: string; region_code: string; detail_enc: string }): Snapshot {
    return { contactName: this.decrypt(a.contact_enc), phone: this.decrypt(a.phone_enc), regionCode: a.region_code as GuangzhouDistrict, detail: this.decrypt(a.detail_enc) };
  }

  private openSnapshot(enc: string): Snapshot {
    return JSON.parse(this.decrypt(enc)) as Snapshot;
  }

  private encrypt(value: string): string {
    return this.platform.cipher.encrypt(value, ADDRESS_AAD);
  }

  private decrypt(value: string): string {
    return this.platform.cipher.decrypt(value, ADDRESS_AAD);
  }
}

function toSnapshot(input: AddressInput): Snapshot {
  return { contactName: input.contactName, phone: input.phone, regionCode: input.regionCode, detail: input.detail };
}

/** Query results carry no route id: the spec's hash of what identifies a route. */
function routeHash(route: SfRoute): string {
  return `h:${createHash('sha256').update(`${route.mailNo ?? route.mailno ?? ''}|${route.acceptTime}|${route.opCode}|${route.remark}`).digest('hex').slice(0, 32)}`;
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, as SF writes times. */
function sfTime(d: Date): string {
  return toShanghaiIso(d).slice(0, 19).replace('T', ' ');
}

function formatWindow(w: { start: Date; end: Date }): string {
  return `${sfTime(w.start).slice(0, 16)}–${sfTime(w.end).slice(11, 16)}`;
}

/** Case events after which nothing needs carrying. */
const CASE_CLOSED_EARLY: readonly ApplicationEvent[] = ['withdraw', 'refuse'];

/** The way forward of a parcel; a jump along it passes the statuses in between. */
const FORWARD: readonly CourierStatus[] = ['requested', 'created', 'picked_up', 'in_transit', 'delivering', 'signed'];
function milestonesBetween(from: CourierStatus, to: CourierStatus): CourierStatus[] {
  const a = FORWARD.indexOf(from);
  const b = FORWARD.indexOf(to);
  return a >= 0 && b > a ? FORWARD.slice(a + 1, b + 1) : [to];
}

function trackingNote(kind: 'pickup' | 'delivery', status: CourierStatus): string | null {
  if (kind === 'pickup') {
    if (status === 'picked_up') return '快递员已上门取走纸质材料';
    if (status === 'signed') return '纸质材料已送达大厅';
    return null;
  }
  if (status === 'picked_up') return '快递已揽收办理结果';
  if (status === 'delivering') return '快递正在派送办理结果，请保持电话畅通';
  if (status === 'signed') return '办理结果已签收';
  if (status === 'returned') return '快递已退回，工作人员会与您联系';
  return null;
}
