import { type IMiddleware, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';

/**
 * Conservative headers on every response. The H5 build is same-origin only; the API never
 * wants to be framed or sniffed.
 */
@Middleware()
export class SecurityHeadersMiddleware implements IMiddleware<Context, NextFunction> {
  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('X-Frame-Options', 'DENY');
      ctx.set('Referrer-Policy', 'no-referrer');
      ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
      ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
      if (ctx.path.startsWith('/api')) {
        ctx.set('Cache-Control', 'no-store');
        ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      } else {
        ctx.set(
          'Content-Security-Policy',
          "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self' blob:; font-src 'self' data:; media-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'",
        );
      }
      await next();
    };
  }

  static getName(): string {
    return 'securityHeaders';
  }
}
