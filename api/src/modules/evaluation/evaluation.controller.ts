import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  appealBody,
  createEvaluationBody,
  evaluationsQuery,
  handleTaskBody,
  rectificationRatingBody,
  rectificationTasksQuery,
  reviewBody,
  revisitBody,
  staffEvaluationsQuery,
} from '@haizhu/shared-types';
import { requireResident, requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { EvaluationService } from './evaluation.service';

/** Staff who answer for a 差评: the department's reviewers, the hall's staff, the district. */
export const TASK_ROLES = ['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin'] as const;

/** 好差评 for residents; rectification tasks for the responsible unit; reviews for the district admin. */
@Controller('/api/v1')
export class EvaluationController {
  @Inject()
  ctx!: Context;

  @Inject()
  evaluations!: EvaluationService;

  /** Rates a finished case, appointment visit or consultation: 201; one per target. */
  @Post('/evaluations')
  async rate() {
    const { residentId } = requireResident(this.ctx);
    const view = await this.evaluations.rate(residentId, parse(createEvaluationBody, this.ctx.request.body));
    this.ctx.status = 201;
    return view;
  }

  @Get('/evaluations')
  async mine() {
    const { residentId } = requireResident(this.ctx);
    return { items: await this.evaluations.mine(residentId, parse(evaluationsQuery, this.ctx.query)) };
  }

  /** Finished cases still to be rated, with the last day before 基本满意 applies. */
  @Get('/evaluations/pending')
  async pending() {
    return { items: await this.evaluations.pending(requireResident(this.ctx).residentId) };
  }

  @Post('/evaluations/:id/rectification/appeals')
  async appeal() {
    const { residentId } = requireResident(this.ctx);
    const { reason } = parse(appealBody, this.ctx.request.body);
    const view = await this.evaluations.appeal(residentId, String(this.ctx.params.id), reason);
    this.ctx.status = 201;
    return view;
  }

  @Post('/evaluations/:id/rectification/rating')
  async rateRectification() {
    const { residentId } = requireResident(this.ctx);
    const { rating, comment } = parse(rectificationRatingBody, this.ctx.request.body);
    const view = await this.evaluations.rateRectification(residentId, String(this.ctx.params.id), rating, comment);
    this.ctx.status = 201;
    return view;
  }

  @Get('/staff/evaluation-tasks')
  async tasks() {
    const staff = requireStaff(this.ctx, TASK_ROLES);
    const { limit, cursor, status, overdue } = parse(rectificationTasksQuery, this.ctx.query);
    return this.evaluations.tasks(staff, { status, overdue: overdue === undefined ? undefined : overdue === 'true' }, limit, cursor);
  }

  /** The task with the resident's contact in full, for the 回访 (audited). */
  @Get('/staff/evaluation-tasks/:id')
  async task() {
    return this.evaluations.task(requireStaff(this.ctx, TASK_ROLES), String(this.ctx.params.id));
  }

  @Post('/staff/evaluation-tasks/:id/handle')
  async handle() {
    const staff = requireStaff(this.ctx, TASK_ROLES);
    const { outcome, note } = parse(handleTaskBody, this.ctx.request.body);
    return this.evaluations.handle(staff, String(this.ctx.params.id), outcome, note);
  }

  @Post('/staff/evaluation-tasks/:id/revisit')
  async revisit() {
    const staff = requireStaff(this.ctx, TASK_ROLES);
    return this.evaluations.revisit(staff, String(this.ctx.params.id), parse(revisitBody, this.ctx.request.body));
  }

  @Get('/staff/evaluations')
  async list() {
    requireStaff(this.ctx, ['district_admin']);
    const { limit, cursor, level, source, excluded } = parse(staffEvaluationsQuery, this.ctx.query);
    return this.evaluations.list({ level, source, excluded: excluded === undefined ? undefined : excluded === 'true' }, limit, cursor);
  }

  /** 申诉复核: only this recorded review takes a (malicious) rating out of the figures. */
  @Post('/staff/evaluations/:id/reviews')
  async review() {
    const staff = requireStaff(this.ctx, ['district_admin']);
    const { decision, reason } = parse(reviewBody, this.ctx.request.body);
    const view = await this.evaluations.review(staff, String(this.ctx.params.id), decision, reason);
    this.ctx.status = 201;
    return view;
  }
}
