import { type IMiddleware, Inject, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { SessionService } from './session.service';

/**
 * Resolves `Authorization: Bearer <token>` into `ctx.actor`. It never rejects by itself: each
 * handler states who may call it (requireResident / requireStaff), so public routes stay public.
 */
@Middleware()
export class AuthMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  sessions!: SessionService;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const header = ctx.get('authorization');
      const match = /^Bearer\s+([A-Za-z0-9_-]{10,200})$/.exec(header);
      if (match?.[1] && ctx.path.startsWith('/api/')) {
        const result = await this.sessions.authenticate(match[1]);
        if ('actor' in result) ctx.actor = result.actor;
        else ctx.authProblem = result.problem;
      } else if (header) {
        ctx.authProblem = 'invalid';
      }
      await next();
    };
  }

  static getName(): string {
    return 'auth';
  }
}
