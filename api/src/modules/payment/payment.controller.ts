import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { createPaymentBody, refundBody } from '@haizhu/shared-types';
import { z } from 'zod';
import { requireResident, requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { PaymentService } from './payment.service';

const REFUND_ROLES = ['hall_admin', 'district_admin', 'dept_reviewer'] as const;
// The roles that work within a unit: anyone else (an auditor) is refused before the order is looked
// up, so the answer never depends on whether it exists.
const VIEW_ROLES = ['dept_reviewer', 'hall_window', 'hall_reception', 'hall_admin', 'district_admin'] as const;
const reconcileBody = z.object({ billDate: z.iso.date('日期格式应为 YYYY-MM-DD') });

/** 缴费 for residents, refunds and reconciliation for staff, and WeChat Pay's notifications. */
@Controller('/api/v1')
export class PaymentController {
  @Inject()
  ctx!: Context;

  @Inject()
  payments!: PaymentService;

  /** Opens (or re-opens) the case's order: 201 with what wx.requestPayment needs. */
  @Post('/applications/:id/payments')
  async open() {
    const { residentId } = requireResident(this.ctx);
    const { purpose } = parse(createPaymentBody, this.ctx.request.body ?? {});
    const created = await this.payments.open(residentId, String(this.ctx.params.id), purpose);
    this.ctx.status = 201;
    return created;
  }

  @Get('/payments/:id')
  async get() {
    return this.payments.residentView(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Get('/staff/payments/:id')
  async staffGet() {
    return this.payments.staffView(requireStaff(this.ctx, VIEW_ROLES), String(this.ctx.params.id));
  }

  @Post('/staff/payments/:id/refunds')
  async refund() {
    const staff = requireStaff(this.ctx, REFUND_ROLES);
    const { amount, reason } = parse(refundBody, this.ctx.request.body);
    const view = await this.payments.refund(staff, String(this.ctx.params.id), amount, reason);
    this.ctx.status = 201;
    return view;
  }

  @Get('/staff/payments/reconciliations')
  async reconciliations() {
    requireStaff(this.ctx, ['district_admin']);
    return { items: await this.payments.reconciliations() };
  }

  /** Runs a day's reconciliation now (it also runs every morning by itself). */
  @Post('/staff/payments/reconciliations')
  async reconcile() {
    requireStaff(this.ctx, ['district_admin']);
    const { billDate } = parse(reconcileBody, this.ctx.request.body);
    return this.payments.reconcile(billDate);
  }

  /** WeChat Pay's payment and refund notifications: 204 when applied (or already), FAIL otherwise. */
  @Post('/callbacks/wechatpay')
  async notify() {
    const rawBody = (this.ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
    const { status, body } = await this.payments.handleNotification(rawBody, this.ctx.headers);
    this.ctx.status = status;
    return body ?? null;
  }
}
