import { createHash } from 'node:crypto';
import { type IMiddleware, Inject, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { canonicalJson } from './canonical-json';
import { AppError, validationError } from './errors';
import { Platform } from './platform';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * Idempotency-Key on POST (API.md): the same key with the same body returns the first response;
 * with another body, 409 IDEMPOTENCY_KEY_REUSED. Records live in PostgreSQL, so a retry that
 * lands on another API process is still recognised. Only successful responses are kept: a
 * failed attempt frees the key for a retry.
 */
@Middleware()
export class IdempotencyMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  platform!: Platform;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const key = ctx.get('idempotency-key');
      if (ctx.method !== 'POST' || !key || !ctx.path.startsWith('/api/')) return next();
      if (!KEY_PATTERN.test(key)) throw validationError({ 'header.Idempotency-Key': '请求编号应为 1-128 个可见字符' });

      const db = this.platform.db;
      const scope = ctx.actor ? `${ctx.actor.type}:${ctx.actor.type === 'staff' ? ctx.actor.staffId : ctx.actor.residentId}` : `ip:${ctx.ip}`;
      const requestHash = createHash('sha256')
        .update(`${ctx.method} ${ctx.path}\n${canonicalJson((ctx.request as { body?: unknown }).body ?? null)}`)
        .digest('hex');

      const claimed = await db
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: requestHash, state: 'in_progress' })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();

      if (!claimed) {
        const existing = await db
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('scope', '=', scope)
          .where('key', '=', key)
          .executeTakeFirst();
        if (!existing) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
        if (existing.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        if (existing.state !== 'done') throw new AppError('IDEMPOTENCY_IN_PROGRESS');
        ctx.status = existing.response_status ?? 200;
        ctx.body = existing.response_body;
        ctx.set('Idempotent-Replayed', 'true');
        return;
      }

      const release = () => db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
      try {
        await next();
      } catch (err) {
        await release();
        throw err;
      }
      if (ctx.status >= 200 && ctx.status < 300) {
        await db
          .updateTable('idempotency_keys')
          .set({ state: 'done', response_status: ctx.status, response_body: JSON.stringify(ctx.body ?? null) })
          .where('scope', '=', scope)
          .where('key', '=', key)
          .execute();
      } else {
        await release();
      }
    };
  }

  static getName(): string {
    return 'idempotency';
  }
}
