import { type IMiddleware, Inject, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { newId } from '../common/ids';
import { Platform } from '../common/platform';
import { Metrics } from './metrics';

const SAFE_REQUEST_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

/** Gives every request an id (echoed in X-Request-Id and error bodies) and writes the access log. */
@Middleware()
export class RequestContextMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  platform!: Platform;

  @Inject()
  metrics!: Metrics;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const incoming = ctx.get('x-request-id');
      ctx.requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : newId('req');
      ctx.set('X-Request-Id', ctx.requestId);
      const started = process.hrtime.bigint();
      // An error becomes a response in the filter, after this middleware: take its status from the error.
      let failed: { status?: number } | null = null;
      try {
        await next();
      } catch (err) {
        failed = (err ?? {}) as { status?: number };
        throw err;
      } finally {
        if (ctx.path.startsWith('/api')) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const status = failed ? (typeof failed.status === 'number' ? failed.status : 500) : ctx.status;
          this.metrics.observe(ctx.method, routeOf(ctx), status, ms);
          this.platform.logger.info('request', {
            requestId: ctx.requestId,
            method: ctx.method,
            path: ctx.path,
            route: routeOf(ctx),
            status,
            ms,
            actor: ctx.actor ? `${ctx.actor.type}:${ctx.actor.type === 'staff' ? ctx.actor.staffId : ctx.actor.residentId}` : undefined,
          });
        }
      }
    };
  }

  static getName(): string {
    return 'requestContext';
  }
}

/** The matched route pattern (`/api/v1/items/:itemCode`), so metrics don't explode per id. */
export function routeOf(ctx: Context): string {
  const matched = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}
