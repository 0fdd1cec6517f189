import { Controller, Get, Inject, Post } from '@midwayjs/core';
import { eLicenceType } from '@haizhu/shared-types';
import { z } from 'zod';
import { requireResident } from '../../common/actor';
import { ExchangeRejected, ExchangeUnavailable } from './exchange.client';
import { AppError } from '../../common/errors';
import { parse } from '../../common/validate';
import type { Context } from '@midwayjs/koa';
import { DeptGatewayService } from './dept-gateway.service';

const fetchBody = z.object({ type: eLicenceType });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const paymentsQuery = z.object({ from: month, to: month });

/** Department systems as residents meet them: e-licences and data queries through the gateway. */
async function throughGateway<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ExchangeUnavailable) throw new AppError('UPSTREAM_UNAVAILABLE', '部门系统暂时无法连接，请稍后再试');
    // §3: 30001 the department holds no such record — an answer, not an outage.
    if (err instanceof ExchangeRejected && err.envelope.code === '30001') throw new AppError('NOT_FOUND', '部门没有查到相关记录');
    // Any other refusal is between us and the department (a signature, a grant): not the resident's to fix.
    if (err instanceof ExchangeRejected) throw new AppError('UPSTREAM_UNAVAILABLE', '部门系统暂时无法办理，请稍后再试');
    throw err;
  }
}

/** The departments' way in: signed status callbacks; and the resident's e-licences and 数据调阅. */
@Controller('/api/v1')
export class DeptGatewayController {
  @Inject()
  ctx!: Context;

  @Inject()
  gateway!: DeptGatewayService;

  /** Fetches an e-licence (免提交) from its issuing department into the resident's library. */
  @Post('/me/licences/fetch')
  async fetchLicence() {
    const { residentId } = requireResident(this.ctx);
    const { type } = parse(fetchBody, this.ctx.request.body);
    return throughGateway(() => this.gateway.fetchLicence(residentId, type));
  }

  /** The resident's own 社保 payment record, read from 人社 (数据调阅, audited). */
  @Get('/me/social-insurance/payments')
  async payments() {
    const { residentId } = requireResident(this.ctx);
    const { from, to } = parse(paymentsQuery, this.ctx.query);
    return throughGateway(() => this.gateway.socialInsurancePayments(residentId, from, to));
  }

  /** Runs the 公安 identity check now (it also runs by itself after real-name verification). */
  @Post('/me/real-name/ga-check')
  async gaCheck() {
    const { residentId } = requireResident(this.ctx);
    const result = await throughGateway(() => this.gateway.checkIdentityWithGA(residentId));
    return { result };
  }

  @Post('/callbacks/dept/:departmentCode')
  async callback() {
    const rawBody = (this.ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
    return this.gateway.handleCallback(String(this.ctx.params.departmentCode), {
      method: this.ctx.method,
      path: this.ctx.path,
      query: new URLSearchParams(this.ctx.querystring),
      rawBody,
      headers: this.ctx.headers as Record<string, string | undefined>,
    });
  }
}
