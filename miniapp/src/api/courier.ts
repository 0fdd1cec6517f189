import {
  addressView,
  applicationView,
  courierOrderView,
  courierTaskView,
  type AddressInput,
  type AddressView,
  type ApplicationView,
  type CourierOrderView,
  type CourierTaskView,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/*
 * 快递: the resident's saved addresses, 上门取件 of paper originals, 寄送 of results and their
 * tracking; for staff, handing a result to the courier and the exception tasks.
 */

const addressList = z.object({ items: z.array(addressView) });
const taskList = z.object({ items: z.array(courierTaskView) });

/** A saved address by id, or a new one (which the API also saves). */
export type AddressChoice = { addressId: string } | AddressInput;

export interface PickupWindow {
  /** ISO with +08:00 */
  start: string;
  end: string;
}

const orderPath = (id: string) => `/api/v1/courier/orders/${encodeURIComponent(id)}`;
const casePath = (id: string) => `/api/v1/applications/${encodeURIComponent(id)}`;

/** 收件地址, masked. */
export async function listAddresses(): Promise<AddressView[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/me/addresses', auth: 'resident', schema: addressList });
  return res.items;
}

/** 400 VALIDATION_FAILED with per-field messages. */
export function saveAddress(input: AddressInput): Promise<AddressView> {
  return apiRequest({ method: 'POST', path: '/api/v1/me/addresses', auth: 'resident', body: input, schema: addressView, idempotent: true });
}

export async function deleteAddress(id: string): Promise<void> {
  await apiRequest({ method: 'DELETE', path: `/api/v1/me/addresses/${encodeURIComponent(id)}`, auth: 'resident', schema: z.unknown() });
}

/** 上门取件 of the case's paper originals. 400 VALIDATION_FAILED, 409 INVALID_STATE. */
export function bookPickup(applicationId: string, address: AddressChoice, slot: PickupWindow): Promise<CourierOrderView> {
  return apiRequest({
    method: 'POST',
    path: `${casePath(applicationId)}/courier/pickup`,
    auth: 'resident',
    body: { address, window: slot },
    schema: courierOrderView,
    idempotent: true,
  });
}

/** 结果寄送; `postage` > 0 means a postage payment is owed (`paymentId` set). */
export function requestDelivery(applicationId: string, address: AddressChoice): Promise<CourierOrderView> {
  return apiRequest({
    method: 'POST',
    path: `${casePath(applicationId)}/courier/delivery`,
    auth: 'resident',
    body: { address },
    schema: courierOrderView,
    idempotent: true,
  });
}

/** An order with its tracking events, oldest first. */
export function getCourierOrder(id: string): Promise<CourierOrderView> {
  return apiRequest({ method: 'GET', path: orderPath(id), auth: 'resident', schema: courierOrderView });
}

/** Before pickup only: 409 INVALID_STATE after; 503 UPSTREAM_UNAVAILABLE when the carrier can't be reached. */
export function cancelCourierOrder(id: string): Promise<CourierOrderView> {
  return apiRequest({ method: 'POST', path: `${orderPath(id)}/cancel`, auth: 'resident', schema: courierOrderView });
}

/** Staff: hands the approved result to the courier. 409 FEE_UNPAID, INVALID_STATE. */
export function handoverCourierOrder(id: string): Promise<ApplicationView> {
  return apiRequest({ method: 'POST', path: `/api/v1/staff/courier/orders/${encodeURIComponent(id)}/handover`, auth: 'staff', schema: applicationView });
}

/** Staff: shipments that ran into trouble (异常, 退回, 下单失败). */
export async function listCourierTasks(status: 'open' | 'resolved'): Promise<CourierTaskView[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/staff/courier/tasks', auth: 'staff', query: { status }, schema: taskList });
  return res.items;
}

export function resolveCourierTask(id: string, resolution: string): Promise<CourierTaskView> {
  return apiRequest({
    method: 'POST',
    path: `/api/v1/staff/courier/tasks/${encodeURIComponent(id)}/resolve`,
    auth: 'staff',
    body: { resolution },
    schema: courierTaskView,
  });
}
