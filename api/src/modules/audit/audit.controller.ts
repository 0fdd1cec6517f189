import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import type { AuditVerifyResult } from '@haizhu/shared-types';
import { requireStaff } from '../../common/actor';
import { AuditService } from './audit.service';

@Controller('/api/v1/staff/audit')
export class AuditController {
  @Inject()
  ctx!: Context;

  @Inject()
  audit!: AuditService;

  /** Recomputes the hash chain (auditors and district admins). */
  @Get('/verify')
  async verify(): Promise<AuditVerifyResult> {
    requireStaff(this.ctx, ['auditor', 'district_admin']);
    return this.audit.verify();
  }
}
