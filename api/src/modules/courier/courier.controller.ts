import { Controller, Del, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { addressInput, deliveryBody, pickupBody, resolveTaskBody } from '@haizhu/shared-types';
import { z } from 'zod';
import { requireResident, requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { CourierService } from './courier.service';

const HALL_ROLES = ['hall_window', 'hall_admin', 'district_admin'] as const;

/** A new address is checked field by field first, so the resident hears which field is wrong (a union would only say "address"). */
function checkNewAddress(body: unknown): void {
  const address = (body as { address?: unknown } | null)?.address;
  if (address && typeof address === 'object' && !('addressId' in address)) parse(addressInput, address, 'address');
}
const tasksQuery = z.object({ status: z.enum(['open', 'resolved']).default('open') });

/** Addresses, pickup and delivery orders for residents; handover and trouble tasks for staff; SF's pushes. */
@Controller('/api/v1')
export class CourierController {
  @Inject()
  ctx!: Context;

  @Inject()
  courier!: CourierService;

  @Get('/me/addresses')
  async addresses() {
    return { items: await this.courier.addresses(requireResident(this.ctx).residentId) };
  }

  @Post('/me/addresses')
  async addAddress() {
    const { residentId } = requireResident(this.ctx);
    const view = await this.courier.addAddress(residentId, parse(addressInput, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  @Del('/me/addresses/:id')
  async removeAddress() {
    await this.courier.removeAddress(requireResident(this.ctx).residentId, String(this.ctx.params.id));
    this.ctx.status = 204;
  }

  @Post('/applications/:id/courier/pickup')
  async pickup() {
    const { residentId } = requireResident(this.ctx);
    checkNewAddress(this.ctx.request.body);
    const view = await this.courier.requestPickup(residentId, String(this.ctx.params.id), parse(pickupBody, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  @Post('/applications/:id/courier/delivery')
  async delivery() {
    const { residentId } = requireResident(this.ctx);
    checkNewAddress(this.ctx.request.body);
    const view = await this.courier.requestDelivery(residentId, String(this.ctx.params.id), parse(deliveryBody, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  @Get('/courier/orders/:id')
  async order() {
    return this.courier.residentOrder(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Post('/courier/orders/:id/cancel')
  async cancel() {
    return this.courier.cancel(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  /** 出件 by courier: the deliver window hands the approved result over. */
  @Post('/staff/courier/orders/:id/handover')
  async handover() {
    return this.courier.handover(requireStaff(this.ctx, [...HALL_ROLES, 'dept_reviewer']), String(this.ctx.params.id));
  }

  @Get('/staff/courier/tasks')
  async tasks() {
    const staff = requireStaff(this.ctx, HALL_ROLES);
    const { status } = parse(tasksQuery, this.ctx.query);
    return { items: await this.courier.tasks(staff, status) };
  }

  @Post('/staff/courier/tasks/:id/resolve')
  async resolve() {
    const staff = requireStaff(this.ctx, HALL_ROLES);
    const { resolution } = parse(resolveTaskBody, this.ctx.request.body);
    return this.courier.resolveTask(staff, String(this.ctx.params.id), resolution);
  }

  /** SF's tracking pushes: `0000` when taken (or already had), `1000` with 401/400 when refused. */
  @Post('/callbacks/courier')
  async push() {
    const rawBody = (this.ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
    const { status, body } = await this.courier.handlePush(rawBody, this.ctx.headers);
    this.ctx.status = status;
    return body;
  }
}
