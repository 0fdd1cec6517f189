import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { sql } from 'kysely';
import { AppError } from './errors';
import { Platform } from './platform';

/**
 * Fixed-window counters in PostgreSQL, so a limit holds across every API process. One upsert
 * per hit; old windows are swept now and then by the hit itself.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RateLimiter {
  @Inject()
  platform!: Platform;

  /** Counts a hit; throws `code` (429) with Retry-After once `limit` is passed in the window. */
  async hit(bucket: string, limit: number, windowSeconds: number, code: 'RATE_LIMITED' | 'TOO_MANY_ATTEMPTS' = 'RATE_LIMITED'): Promise<void> {
    const now = this.platform.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const row = await this.platform.db
      .insertInto('rate_limit_buckets')
      .values({ bucket, window_start: windowStart, hits: 1 })
      .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limit_buckets.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow();
    if (Math.random() < 0.01) await this.sweep(new Date(now - 24 * 3600_000));
    if (row.hits > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
      throw new AppError(code, undefined, { retryAfterSeconds });
    }
  }

  private async sweep(before: Date): Promise<void> {
    await this.platform.db.deleteFrom('rate_limit_buckets').where('window_start', '<', before).execute();
  }
}
