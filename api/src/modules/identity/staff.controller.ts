import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { type ResidentDetail, residentLookupBody, staffLoginBody, type StaffLoginResult, type StaffSummary } from '@haizhu/shared-types';
import { requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { StaffService } from './staff.service';

@Controller('/api/v1/staff')
export class StaffController {
  @Inject()
  ctx!: Context;

  @Inject()
  staff!: StaffService;

  @Post('/auth/login')
  async login(): Promise<StaffLoginResult> {
    const { username, password } = parse(staffLoginBody, this.ctx.request.body);
    return this.staff.login(username, password, this.ctx.ip);
  }

  @Get('/me')
  async me(): Promise<StaffSummary> {
    const actor = requireStaff(this.ctx);
    return {
      id: actor.staffId,
      username: actor.username,
      displayName: actor.displayName,
      roles: actor.roles,
      hallId: actor.hallId,
      departmentCode: actor.departmentCode,
    };
  }

  /** A counter looks up a resident by ID number; audited and shown to the resident. */
  @Post('/residents/lookup')
  async lookupResident(): Promise<ResidentDetail> {
    const actor = requireStaff(this.ctx);
    const body = parse(residentLookupBody, this.ctx.request.body);
    return this.staff.lookupResident(actor, body.idNumber, body.purpose);
  }
}
