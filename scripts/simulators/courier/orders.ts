/**
 * Orders and their routes: the §3.1 create validation, waybill numbers, appending routes (which
 * is what `advance`, scripts and auto scenarios do), and the views controls return.
 */
import { randomInt } from 'node:crypto';

import { CANONICAL, deriveStatus, remarkFor } from './canonical';
import { parseSfTime, sfTime } from './format';
import type { Runtime } from './runtime';
import type { FilterResult, Order, Partner, Route, SimState } from './state';
import { asRecord, FieldError, fieldName, optArray, optNumber, optString, reqArray, reqNumber, reqString, type Obj } from './validate';

/** `advance` without acceptAddress: the district our service centres are in. */
export const DEFAULT_ACCEPT_ADDRESS = '广州市海珠区';

/** SF city codes (origin/dest codes) of the cities our shipments usually touch; others get a stable made-up code. */
const CITY_CODES: Readonly<Record<string, string>> = {
  北京市: '010',
  上海市: '021',
  天津市: '022',
  重庆市: '023',
  广州市: '020',
  深圳市: '755',
  佛山市: '757',
  东莞市: '769',
  珠海市: '756',
  中山市: '760',
  惠州市: '752',
  杭州市: '571',
  南京市: '025',
  武汉市: '027',
  成都市: '028',
  西安市: '029',
};

function cityCode(city: string | undefined): string {
  if (city === undefined) return '000';
  const known = CITY_CODES[city] ?? CITY_CODES[`${city}市`];
  if (known !== undefined) return known;
  let hash = 0;
  for (const char of city) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 900;
  return String(100 + hash);
}

// ---------------------------------------------------------------- addresses

interface Region {
  province?: string;
  city?: string;
  county?: string;
}

const MUNICIPALITY = /^(北京|上海|天津|重庆)市?/;
const PROVINCE = /^.{2,7}?(省|自治区|特别行政区)/;
const CITY = /^.{1,9}?(市|自治州|地区|盟)/;
const COUNTY = /^.{1,9}?(区|县|旗|市)/;

/**
 * The province / city / county an address starts with, the way Chinese addresses are written
 * (广东省广州市海珠区…; 北京市朝阳区… where the municipality is province and city at once).
 */
export function regionOf(address: string): Region {
  let rest = address.trim();
  const region: Region = {};
  const municipality = MUNICIPALITY.exec(rest);
  if (municipality) {
    region.province = `${municipality[1] ?? ''}市`;
    region.city = region.province;
    rest = rest.slice(municipality[0].length);
  } else {
    const province = PROVINCE.exec(rest);
    if (province) {
      region.province = province[0];
      rest = rest.slice(province[0].length);
    }
    const city = CITY.exec(rest);
    if (city) {
      region.city = city[0];
      rest = rest.slice(city[0].length);
    }
  }
  const county = COUNTY.exec(rest);
  if (county) region.county = county[0];
  return region;
}

// ---------------------------------------------------------------- create validation (§3.1)

interface ParsedContact {
  contactType: 1 | 2;
  phoneTails: string[];
  province: string;
  city: string;
}

const PHONE = /^\+?[0-9][0-9 -]{3,19}$/;
const CONTACT_LEVELS = ['province', 'city', 'county'] as const;

function parseContact(raw: unknown, prefix: string): ParsedContact {
  const obj = asRecord(raw, prefix);
  const contactType = reqNumber(obj, 'contactType', prefix, { integer: true, numericString: true });
  if (contactType !== 1 && contactType !== 2) throw new FieldError(fieldName(prefix, 'contactType'), 'must be 1 (寄件人) or 2 (收件人)');
  reqString(obj, 'contact', prefix, 100);
  optString(obj, 'company', prefix, 100);
  const country = optString(obj, 'country', prefix);
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new FieldError(fieldName(prefix, 'country'), 'must be a country code like CN');
  const phones = (['mobile', 'tel'] as const).flatMap((key) => {
    const value = optString(obj, key, prefix, 20);
    if (value === undefined) return [];
    if (!PHONE.test(value)) throw new FieldError(fieldName(prefix, key), 'is not a phone number');
    return [value.replace(/\D/g, '')];
  });
  if (phones.length === 0) throw new FieldError(fieldName(prefix, 'mobile'), 'or tel is required');
  const address = reqString(obj, 'address', prefix, 200);
  const parsed = regionOf(address);
  const region: Region = {};
  for (const level of CONTACT_LEVELS) {
    const value = optString(obj, level, prefix, 50) ?? parsed[level];
    if (value === undefined) throw new FieldError(fieldName(prefix, level), `is required (the address does not start with the ${level} either)`);
    region[level] = value;
  }
  return { contactType, phoneTails: phones.filter((p) => p.length >= 4).map((p) => p.slice(-4)), province: region.province ?? '', city: region.city ?? '' };
}

function optSfTime(obj: Obj, key: string): number | undefined {
  const value = optString(obj, key);
  if (value === undefined) return undefined;
  const ms = parseSfTime(value);
  if (ms === undefined) throw new FieldError(key, 'must be a time yyyy-MM-dd HH:mm:ss');
  return ms;
}

export interface CreateInput {
  orderId: string;
  sender: ParsedContact;
  recipient: ParsedContact;
}

/**
 * What a backend would refuse (9001 naming the field). Our client's stricter rules (window
 * ≥ now + 30 min, names ≤ 20, insured ≤ 20,000) are its own and are not re-checked here.
 */
export function validateCreate(msgData: Obj, partner: Partner): CreateInput {
  const orderId = reqString(msgData, 'orderId', '', 64);
  optString(msgData, 'language');
  const payMethod = optNumber(msgData, 'payMethod', '', { integer: true, numericString: true }) ?? 1;
  if (payMethod < 1 || payMethod > 3) throw new FieldError('payMethod', 'must be 1 (寄方付), 2 (收方付) or 3 (第三方付)');
  const monthlyCard = optString(msgData, 'monthlyCard');
  if (payMethod === 1 && monthlyCard === undefined) throw new FieldError('monthlyCard', 'is required when payMethod is 1');
  if (monthlyCard !== undefined && monthlyCard !== partner.monthlyCard) throw new FieldError('monthlyCard', 'is not a card of this partner');
  optNumber(msgData, 'expressTypeId', '', { integer: true, min: 1, max: 999, numericString: true });
  optNumber(msgData, 'parcelQty', '', { integer: true, min: 1, max: 300, numericString: true });
  optNumber(msgData, 'totalWeight', '', { min: 0.001, max: 100_000, numericString: true });
  optNumber(msgData, 'isDocall', '', { integer: true, min: 0, max: 1, numericString: true });
  optString(msgData, 'cargoDesc', '', 100);
  optString(msgData, 'remark', '', 100);

  const cargo = reqArray(msgData, 'cargoDetails', '', { min: 1, max: 20 });
  cargo.forEach((item, i) => {
    const prefix = `cargoDetails[${i}]`;
    const obj = asRecord(item, prefix);
    reqString(obj, 'name', prefix, 100);
    optNumber(obj, 'count', prefix, { min: 0.001, numericString: true });
  });
  (optArray(msgData, 'serviceList') ?? []).forEach((item, i) => {
    const prefix = `serviceList[${i}]`;
    const obj = asRecord(item, prefix);
    const name = reqString(obj, 'name', prefix);
    if (name === 'INSURE') optNumber(obj, 'value', prefix, { min: 0, numericString: true });
  });

  const start = optSfTime(msgData, 'sendStartTm');
  const end = optSfTime(msgData, 'pickupAppointEndtime');
  if (start !== undefined && end !== undefined && end <= start) throw new FieldError('pickupAppointEndtime', 'must be after sendStartTm');

  const contacts = reqArray(msgData, 'contactInfoList', '', { min: 2, max: 2 }).map((raw, i) => parseContact(raw, `contactInfoList[${i}]`));
  const sender = contacts.find((c) => c.contactType === 1);
  const recipient = contacts.find((c) => c.contactType === 2);
  if (!sender || !recipient) throw new FieldError('contactInfoList', 'must hold one sender (contactType 1) and one recipient (contactType 2)');
  return { orderId, sender, recipient };
}

// ---------------------------------------------------------------- orders

/** `SF` + 13 digits, unused so far. */
export function newWaybill(state: SimState): string {
  for (;;) {
    const digits = `${randomInt(1, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const waybill = `SF${digits}`;
    if (!state.waybills.has(waybill)) return waybill;
  }
}

/** filterResult of a new order: a `/filter` override (spent), else 3 outside `serviceableProvinces`, else 2. */
export function filterResultFor(state: SimState, input: CreateInput): FilterResult {
  const forced = state.filterOverrides.get(input.orderId);
  if (forced !== undefined) {
    state.filterOverrides.delete(input.orderId);
    return forced;
  }
  const allowed = state.config.serviceableProvinces;
  if (allowed && ![input.sender.province, input.recipient.province].every((p) => allowed.includes(p))) return 3;
  return 2;
}

export function createOrder(rt: Runtime, partner: Partner, input: CreateInput, msgData: Obj): Order {
  const state = rt.state;
  const filterResult = filterResultFor(state, input);
  const waybillNo = filterResult === 3 ? undefined : newWaybill(state);
  const order: Order = {
    partnerID: partner.partnerID,
    orderId: input.orderId,
    waybillNo,
    originCode: cityCode(input.sender.city),
    destCode: cityCode(input.recipient.city),
    filterResult,
    remark: filterResult === 3 ? '收派地址超出服务范围' : filterResult === 1 ? '待人工确认' : '',
    phoneTails: [...new Set([...input.sender.phoneTails, ...input.recipient.phoneTails])],
    request: structuredClone(msgData),
    createdAt: state.now(),
    createCalls: 1,
    cancelledAt: undefined,
    routes: [],
  };
  state.orders.set(state.orderKey(partner.partnerID, input.orderId), order);
  if (waybillNo !== undefined) state.waybills.set(waybillNo, order);
  rt.orderCreated(order);
  return order;
}

/** The §3.1 response msgData (also §3.3's). */
export function orderMsgData(order: Order): Record<string, unknown> {
  return {
    orderId: order.orderId,
    originCode: order.originCode,
    destCode: order.destCode,
    filterResult: order.filterResult,
    remark: order.remark,
    waybillNoInfoList: order.waybillNo === undefined ? [] : [{ waybillType: 1, waybillNo: order.waybillNo }],
  };
}

/** Cancel is allowed until the first route that counts as pickup or later (§3.2). */
export function pickedUp(order: Order): boolean {
  const status = deriveStatus(order.routes).status;
  return (CANONICAL[status].rank ?? 0) >= (CANONICAL.PICKED_UP.rank ?? 0);
}

export interface RouteInput {
  opCode: string;
  acceptTime?: string;
  acceptAddress?: string;
  remark?: string;
  reasonCode?: string;
  reasonName?: string;
}

/** Appends one route record; with `push` it goes to our API per the push policy. */
export function appendRoute(rt: Runtime, order: Order, input: RouteInput, push: boolean): Route {
  const route: Route = {
    id: rt.state.nextRouteId(),
    acceptTime: input.acceptTime ?? sfTime(rt.state.now()),
    acceptAddress: input.acceptAddress ?? DEFAULT_ACCEPT_ADDRESS,
    remark: input.remark ?? remarkFor(input.opCode),
    opCode: input.opCode,
    reasonCode: input.reasonCode ?? '',
    reasonName: input.reasonName ?? '',
  };
  order.routes.push(route);
  if (push) rt.pushRoute(order, route);
  return route;
}

/** `GET /__sim/orders/{orderId}`: the order with its routes (list order) and the reference status (§4). */
export function orderView(state: SimState, order: Order): Record<string, unknown> {
  const derived = deriveStatus(order.routes);
  const status = order.cancelledAt !== undefined ? 'CANCELLED' : derived.status;
  return {
    partnerID: order.partnerID,
    orderId: order.orderId,
    waybillNo: order.waybillNo ?? null,
    filterResult: order.filterResult,
    originCode: order.originCode,
    destCode: order.destCode,
    remark: order.remark,
    createdAt: new Date(order.createdAt).toISOString(),
    createCalls: order.createCalls,
    cancelled: order.cancelledAt !== undefined,
    cancelledAt: order.cancelledAt === undefined ? null : new Date(order.cancelledAt).toISOString(),
    status,
    statusName: CANONICAL[status].name,
    exception: order.cancelledAt === undefined && derived.exception,
    routes: order.routes,
    script: state.scripts.get(order) ?? null,
    request: order.request,
  };
}
