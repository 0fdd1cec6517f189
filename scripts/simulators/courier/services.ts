/**
 * The four SF services of §3 behind `POST /std/service`. Each gets the partner that signed the
 * call and the parsed msgData, and returns the business msgData or throws a BusinessError /
 * FieldError (answered 9001 naming the field).
 */
import { sortRoutes } from './canonical';
import { BusinessError } from './codes';
import { createOrder, orderMsgData, pickedUp, validateCreate } from './orders';
import type { Runtime } from './runtime';
import type { Order, Partner, Route, RouteOrder } from './state';
import { FieldError, optNumber, optString, reqNumber, reqString, type Obj } from './validate';

export interface ServiceContext {
  rt: Runtime;
  partner: Partner;
  msgData: Obj;
}

export type Service = (ctx: ServiceContext) => unknown;

/** SF accepts at most this many numbers per route query. */
const MAX_TRACKING_NUMBERS = 10;

function ownOrder(ctx: ServiceContext, orderId: string): Order {
  const order = ctx.rt.state.orders.get(ctx.rt.state.orderKey(ctx.partner.partnerID, orderId));
  if (!order) throw new BusinessError('8018', `未找到订单：${orderId}`);
  return order;
}

/** §3.1. A used orderId (per partner) never gets a second waybill: 8016, or the original per config. */
const createOrderService: Service = (ctx) => {
  const input = validateCreate(ctx.msgData, ctx.partner);
  const state = ctx.rt.state;
  const existing = state.orders.get(state.orderKey(ctx.partner.partnerID, input.orderId));
  if (existing) {
    existing.createCalls += 1;
    if (state.config.duplicateOrder === 'return_original') return orderMsgData(existing);
    throw new BusinessError('8016', `重复下单：订单号 ${input.orderId} 已存在`);
  }
  return orderMsgData(createOrder(ctx.rt, ctx.partner, input, ctx.msgData));
};

/** §3.2. dealType 2 cancels until pickup and stays successful when repeated; dealType 1 (confirm) changes nothing. */
const updateOrderService: Service = (ctx) => {
  const orderId = reqString(ctx.msgData, 'orderId', '', 64);
  const dealType = reqNumber(ctx.msgData, 'dealType', '', { integer: true, numericString: true });
  if (dealType !== 1 && dealType !== 2) throw new FieldError('dealType', 'must be 1 (确认) or 2 (取消)');
  const order = ownOrder(ctx, orderId);
  const reply = (resStatus: number): Record<string, unknown> => ({ orderId, waybillNoInfoList: orderMsgData(order).waybillNoInfoList, resStatus });
  if (dealType === 1) return reply(1);
  if (order.cancelledAt === undefined) {
    if (pickedUp(order)) throw new BusinessError('9002', `订单 ${orderId} 已揽收，不能取消`);
    order.cancelledAt = ctx.rt.state.now();
  }
  return reply(2);
};

/** §3.3. searchType 1 = forward shipment; there are no return shipments (2) to find. */
const searchOrderService: Service = (ctx) => {
  const orderId = reqString(ctx.msgData, 'orderId', '', 64);
  const searchType = optNumber(ctx.msgData, 'searchType', '', { integer: true, numericString: true }) ?? 1;
  if (searchType !== 1 && searchType !== 2) throw new FieldError('searchType', 'must be 1 (正向单) or 2 (退货单)');
  if (searchType === 2) throw new BusinessError('8018', `未找到退货单：${orderId}`);
  return orderMsgData(ownOrder(ctx, orderId));
};

function trackingNumbers(msgData: Obj): string[] {
  const raw = msgData.trackingNumber;
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : undefined;
  if (!list || list.length === 0 || !list.every((n): n is string => typeof n === 'string' && n.trim() !== '')) {
    throw new FieldError('trackingNumber', 'must be a non-empty list of numbers');
  }
  if (list.length > MAX_TRACKING_NUMBERS) throw new FieldError('trackingNumber', `must hold at most ${MAX_TRACKING_NUMBERS} numbers`);
  return list.map((n) => n.trim());
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * §3.4 warns that routes are not guaranteed sorted; `random` (default) returns every other query
 * (on average) in a scrambled order, the fixed modes make tests deterministic. A scramble that
 * happens to come out sorted is rotated, so "unsorted" always is.
 */
export function orderRoutes(routes: readonly Route[], mode: RouteOrder): Route[] {
  const sorted = sortRoutes(routes);
  const scramble = mode === 'shuffled' || (mode === 'random' && Math.random() < 0.5);
  if (mode === 'reversed') return sorted.reverse();
  if (!scramble || sorted.length < 2) return sorted;
  const out = shuffled(sorted);
  return out.every((route, i) => route === sorted[i]) ? [...sorted.slice(1), sorted[0] as Route] : out;
}

/**
 * §3.4. By waybill (trackingType 1) the routes are shown only with the right checkPhoneNo (last
 * 4 digits of either party's phone); by our orderId (2) only the partner's own orders are found.
 * Unknown waybills answer an empty route list; unknown orderIds are left out.
 */
const searchRoutesService: Service = (ctx) => {
  const state = ctx.rt.state;
  const trackingType = reqNumber(ctx.msgData, 'trackingType', '', { integer: true, numericString: true });
  if (trackingType !== 1 && trackingType !== 2) throw new FieldError('trackingType', 'must be 1 (运单号) or 2 (订单号)');
  const methodType = optNumber(ctx.msgData, 'methodType', '', { integer: true, numericString: true }) ?? 1;
  if (methodType !== 1 && methodType !== 2) throw new FieldError('methodType', 'must be 1 or 2');
  const checkPhoneNo = optString(ctx.msgData, 'checkPhoneNo')?.trim();
  optString(ctx.msgData, 'language');
  const view = (order: Order): { acceptTime: string; acceptAddress: string; remark: string; opCode: string }[] =>
    orderRoutes(order.routes, state.config.routeOrder).map(({ acceptTime, acceptAddress, remark, opCode }) => ({ acceptTime, acceptAddress, remark, opCode }));

  const routeResps = trackingNumbers(ctx.msgData).flatMap((number) => {
    if (trackingType === 1) {
      const order = state.waybills.get(number);
      const allowed = order !== undefined && checkPhoneNo !== undefined && order.phoneTails.includes(checkPhoneNo);
      return [{ mailNo: number, routes: allowed ? view(order) : [] }];
    }
    const order = state.orders.get(state.orderKey(ctx.partner.partnerID, number));
    return order?.waybillNo === undefined ? [] : [{ mailNo: order.waybillNo, routes: view(order) }];
  });
  return { routeResps };
};

export const SERVICES: Readonly<Record<string, Service>> = {
  EXP_RECE_CREATE_ORDER: createOrderService,
  EXP_RECE_UPDATE_ORDER: updateOrderService,
  EXP_RECE_SEARCH_ORDER_RESP: searchOrderService,
  EXP_RECE_SEARCH_ROUTES: searchRoutesService,
};
