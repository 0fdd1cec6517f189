import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import type { HealthResult } from '@haizhu/shared-types';
import { sql } from 'kysely';
import { AppError } from '../../common/errors';
import { Platform } from '../../common/platform';

@Controller('/api')
export class HealthController {
  @Inject()
  ctx!: Context;

  @Inject()
  platform!: Platform;

  /** 200 once the database answers and migrations have run (API.md); 503 otherwise. */
  @Get('/health')
  async health(): Promise<HealthResult> {
    try {
      await sql`select 1 from kysely_migration limit 1`.execute(this.platform.db);
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', '数据库暂时不可用');
    }
    return { status: 'ok', db: 'ok' };
  }
}
