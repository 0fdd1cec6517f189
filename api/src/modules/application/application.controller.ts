import { Controller, Get, Inject, Post, Put } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  acceptBody,
  createApplicationBody,
  pageQuery,
  progressQuery,
  provideMaterialBody,
  refuseBody,
  staffApplicationsQuery,
  supplementBody,
  updateDraftBody,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { requireResident, requireStaff } from '../../common/actor';
import { Platform } from '../../common/platform';
import { RateLimiter } from '../../common/rate-limit';
import { parse } from '../../common/validate';
import { ApplicationService } from './application.service';

const deliverBody = z.object({ method: z.enum(['electronic', 'window', 'courier']), hallId: z.string().max(64).optional() });

const CASE_ROLES = ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] as const;

@Controller('/api/v1')
export class ApplicationController {
  @Inject()
  ctx!: Context;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  rateLimiter!: RateLimiter;

  @Inject()
  platform!: Platform;

  @Post('/applications')
  async create() {
    const { residentId } = requireResident(this.ctx);
    const body = parse(createApplicationBody, this.ctx.request.body);
    const created = await this.applications.create(residentId, body);
    this.ctx.status = 201;
    return created;
  }

  @Get('/applications')
  async list() {
    const { residentId } = requireResident(this.ctx);
    const { limit, cursor } = parse(pageQuery, this.ctx.query);
    return this.applications.residentList(residentId, limit, cursor);
  }

  @Get('/applications/:id')
  async get() {
    return this.applications.residentView(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  /** Saves a draft's form and situation answers (drafts survive leaving the page). */
  @Put('/applications/:id')
  async update() {
    const { residentId } = requireResident(this.ctx);
    return this.applications.updateDraft(residentId, String(this.ctx.params.id), parse(updateDraftBody, this.ctx.request.body));
  }

  @Put('/applications/:id/materials/:materialCode')
  async provide() {
    const { residentId } = requireResident(this.ctx);
    const source = parse(provideMaterialBody, this.ctx.request.body);
    return this.applications.provideMaterial(residentId, String(this.ctx.params.id), String(this.ctx.params.materialCode), source);
  }

  @Post('/applications/:id/submit')
  async submit() {
    return this.applications.submit(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Post('/applications/:id/withdraw')
  async withdraw() {
    return this.applications.withdraw(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  /** 办件查询: anyone with the number and its query code; throttled against guessing. */
  @Get('/progress')
  async progress() {
    await this.rateLimiter.hit(`progress:${this.ctx.ip}`, this.platform.config.progressRatePerMinute, 60);
    const { applicationNo, queryCode } = parse(progressQuery, this.ctx.query);
    return this.applications.progress(applicationNo, queryCode);
  }

  @Get('/staff/applications')
  async workList() {
    const staff = requireStaff(this.ctx, CASE_ROLES);
    const { status, light, limit, cursor } = parse(staffApplicationsQuery, this.ctx.query);
    return this.applications.workList(staff, { status, light }, limit, cursor);
  }

  @Get('/staff/applications/:id')
  async staffGet() {
    return this.applications.staffView(requireStaff(this.ctx, CASE_ROLES), String(this.ctx.params.id));
  }

  @Get('/staff/applications/:id/materials/:materialCode/content')
  async staffMaterial() {
    const file = await this.applications.staffMaterial(requireStaff(this.ctx, CASE_ROLES), String(this.ctx.params.id), String(this.ctx.params.materialCode));
    this.ctx.type = file.mime;
    this.ctx.set('Cache-Control', 'private, no-store');
    return file.content;
  }

  @Post('/staff/applications/:id/accept')
  async accept() {
    const staff = requireStaff(this.ctx, CASE_ROLES);
    const { deficient } = parse(acceptBody, this.ctx.request.body);
    return this.applications.accept(staff, String(this.ctx.params.id), deficient);
  }

  @Post('/staff/applications/:id/refuse')
  async refuse() {
    const staff = requireStaff(this.ctx, CASE_ROLES);
    const { reason } = parse(refuseBody, this.ctx.request.body);
    return this.applications.refuse(staff, String(this.ctx.params.id), reason);
  }

  @Post('/staff/applications/:id/deliver')
  async deliver() {
    const staff = requireStaff(this.ctx, CASE_ROLES);
    const { method, hallId } = parse(deliverBody, this.ctx.request.body);
    return this.applications.deliverResult(staff, String(this.ctx.params.id), method, hallId);
  }

  @Post('/staff/applications/:id/complete')
  async complete() {
    return this.applications.complete(requireStaff(this.ctx, CASE_ROLES), String(this.ctx.params.id));
  }

  @Post('/applications/:id/confirm-receipt')
  async confirmReceipt() {
    return this.applications.confirmReceipt(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Post('/staff/applications/:id/request-supplement')
  async requestSupplement() {
    const staff = requireStaff(this.ctx, CASE_ROLES);
    const { materials, reason } = parse(supplementBody, this.ctx.request.body);
    return this.applications.requestSupplement(staff, String(this.ctx.params.id), materials, reason);
  }
}
