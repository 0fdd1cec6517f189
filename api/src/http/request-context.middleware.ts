import { type IMiddleware, Inject, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { newId } from '../common/ids';
import { Platform } from '../common/platform';

const SAFE_REQUEST_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

/** Gives every request an id (echoed in X-Request-Id and error bodies) and writes the access log. */
@Middleware()
export class RequestContextMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  platform!: Platform;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const incoming = ctx.get('x-request-id');
      ctx.requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : newId('req');
      ctx.set('X-Request-Id', ctx.requestId);
      const started = process.hrtime.bigint();
      try {
        await next();
      } finally {
        if (ctx.path.startsWith('/api')) {
          this.platform.logger.info('request', {
            requestId: ctx.requestId,
            method: ctx.method,
            path: ctx.path,
            route: routeOf(ctx),
            status: ctx.status,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
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
