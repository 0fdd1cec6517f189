import { z } from 'zod';

/*
 * 快递上门取件 / 证照寄送: a resident's saved addresses (Guangzhou region codes), courier orders for
 * collecting paper originals (pickup) and delivering results (delivery), and their tracking.
 */

/** 广州市 districts (GB/T 2260). */
export const GUANGZHOU_DISTRICTS = {
  '440103': '荔湾区',
  '440104': '越秀区',
  '440105': '海珠区',
  '440106': '天河区',
  '440111': '白云区',
  '440112': '黄埔区',
  '440113': '番禺区',
  '440114': '花都区',
  '440115': '南沙区',
  '440117': '从化区',
  '440118': '增城区',
} as const;
export type GuangzhouDistrict = keyof typeof GUANGZHOU_DISTRICTS;

export const addressInput = z.object({
  contactName: z.string().trim().min(1, '请填写联系人').max(20, '联系人最多 20 个字'),
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, '手机号应为 11 位'),
  regionCode: z.enum(Object.keys(GUANGZHOU_DISTRICTS) as [GuangzhouDistrict, ...GuangzhouDistrict[]], { message: '请选择广州市内的区' }),
  detail: z.string().trim().min(4, '请填写街道、门牌号').max(120, '详细地址最多 120 个字'),
  label: z.string().trim().max(10).optional(),
});
export type AddressInput = z.infer<typeof addressInput>;

/** An address as shown back: name, phone and street masked. */
export const addressView = z.object({
  id: z.string(),
  label: z.string().nullable(),
  contactName: z.string(),
  phone: z.string(),
  regionCode: z.string(),
  province: z.string(),
  city: z.string(),
  county: z.string(),
  detail: z.string(),
});
export type AddressView = z.infer<typeof addressView>;

/** A saved address by id, or a new one (saved to the resident's addresses as well). */
export const addressChoice = z.union([z.object({ addressId: z.string().min(1).max(64) }), addressInput]);

export const pickupBody = z.object({
  address: addressChoice,
  window: z.object({ start: z.iso.datetime({ offset: true, message: '时间格式不正确' }), end: z.iso.datetime({ offset: true, message: '时间格式不正确' }) }),
});
export const deliveryBody = z.object({ address: addressChoice });

export const COURIER_STATUSES = ['requested', 'created', 'picked_up', 'in_transit', 'delivering', 'signed', 'returning', 'returned', 'cancelled'] as const;
export type CourierStatus = (typeof COURIER_STATUSES)[number];
export const COURIER_STATUS_NAMES: Record<CourierStatus, string> = {
  requested: '已预约，等待快递公司接单',
  created: '已下单，等待快递员上门',
  picked_up: '已揽收',
  in_transit: '运输中',
  delivering: '派送中',
  signed: '已签收',
  returning: '退回中',
  returned: '已退回',
  cancelled: '已取消',
};

export const trackingEvent = z.object({ at: z.string(), status: z.string(), statusName: z.string(), remark: z.string(), place: z.string().nullable() });

export const courierOrderView = z.object({
  id: z.string(),
  applicationId: z.string(),
  kind: z.enum(['pickup', 'delivery']),
  kindName: z.string(),
  status: z.enum(COURIER_STATUSES),
  statusName: z.string(),
  /** the parcel is with the courier (pickups always; deliveries once the window hands the result over) */
  handedOver: z.boolean(),
  /** an 异常 reported by the courier and not yet overtaken by progress */
  exception: z.boolean(),
  waybillNo: z.string().nullable(),
  window: z.object({ start: z.string(), end: z.string() }).nullable(),
  address: addressView.omit({ id: true, label: true }),
  /** fen; 0 = free */
  postage: z.number().int(),
  paymentId: z.string().nullable(),
  events: z.array(trackingEvent),
  createdAt: z.string(),
});
export type CourierOrderView = z.infer<typeof courierOrderView>;

export const courierTaskView = z.object({
  id: z.string(),
  orderId: z.string(),
  applicationId: z.string(),
  applicationNo: z.string(),
  kind: z.enum(['exception', 'returned', 'create_failed']),
  note: z.string(),
  status: z.enum(['open', 'resolved']),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type CourierTaskView = z.infer<typeof courierTaskView>;
export const resolveTaskBody = z.object({ resolution: z.string().trim().min(2, '请写明处理情况').max(200) });
