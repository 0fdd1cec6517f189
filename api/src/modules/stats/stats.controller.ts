import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { statsQuery } from '@haizhu/shared-types';
import { requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { STATS_ROLES, StatsService } from './stats.service';

/** The district's figures for the staff dashboard. */
@Controller('/api/v1/stats')
export class StatsController {
  @Inject()
  ctx!: Context;

  @Inject()
  stats!: StatsService;

  /** Figures with their definitions and chart series for a range, a hall and a department within the caller's scope. */
  @Get('/overview')
  async overview() {
    const staff = requireStaff(this.ctx, STATS_ROLES);
    return this.stats.overview(staff, parse(statsQuery, this.ctx.query));
  }
}
