import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { consultationMessageBody, consultationsQuery, createConsultationBody, staffConsultationsQuery } from '@haizhu/shared-types';
import { requireResident, requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { ConsultationService } from './consultation.service';

/** Staff who answer: the department's reviewers, the hall's staff, and the district (all units). */
export const ANSWER_ROLES = ['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin'] as const;

/** 在线应询: residents ask and follow up; the answering unit's staff work an inbox. */
@Controller('/api/v1')
export class ConsultationController {
  @Inject()
  ctx!: Context;

  @Inject()
  consultations!: ConsultationService;

  /** Asks about an item, one's own case or a hall: 201 with the thread. */
  @Post('/consultations')
  async ask() {
    const { residentId } = requireResident(this.ctx);
    const view = await this.consultations.ask(residentId, parse(createConsultationBody, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  @Get('/consultations')
  async mine() {
    const { residentId } = requireResident(this.ctx);
    const { status, limit, cursor } = parse(consultationsQuery, this.ctx.query);
    return this.consultations.mine(residentId, status, limit, cursor);
  }

  @Get('/consultations/:id')
  async get() {
    return this.consultations.get(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  /** 追问: a further message of the resident's (201 with the thread). */
  @Post('/consultations/:id/messages')
  async followUp() {
    const { residentId } = requireResident(this.ctx);
    const view = await this.consultations.followUp(residentId, String(this.ctx.params.id), parse(consultationMessageBody, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  /** 已解决 */
  @Post('/consultations/:id/close')
  async close() {
    return this.consultations.close(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Get('/staff/consultations')
  async inbox() {
    const staff = requireStaff(this.ctx, ANSWER_ROLES);
    const { status, overdue, limit, cursor } = parse(staffConsultationsQuery, this.ctx.query);
    return this.consultations.inbox(staff, { status, overdue: overdue === undefined ? undefined : overdue === 'true' }, limit, cursor);
  }

  /** The thread with the resident's contact in full (audited). */
  @Get('/staff/consultations/:id')
  async staffGet() {
    return this.consultations.staffGet(requireStaff(this.ctx, ANSWER_ROLES), String(this.ctx.params.id));
  }

  /** 答复 (201 with the thread). */
  @Post('/staff/consultations/:id/messages')
  async answer() {
    const staff = requireStaff(this.ctx, ANSWER_ROLES);
    const view = await this.consultations.answer(staff, String(this.ctx.params.id), parse(consultationMessageBody, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  /** A file the resident attached, for the staff answering (audited). */
  @Get('/staff/consultations/:id/attachments/:fileId/content')
  async attachment() {
    const file = await this.consultations.staffAttachment(requireStaff(this.ctx, ANSWER_ROLES), String(this.ctx.params.id), String(this.ctx.params.fileId));
    this.ctx.type = file.mime;
    this.ctx.set('Cache-Control', 'private, no-store');
    return file.content;
  }
}
