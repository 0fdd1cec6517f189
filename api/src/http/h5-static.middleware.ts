import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type IMiddleware, Inject, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import send from 'koa-send';

// koa-send is typed against plain Koa's context; Midway's extends it.
type SendContext = Parameters<typeof send>[0];
import { Platform } from '../common/platform';

/**
 * Serves the mini-program's H5 build at `/` (API.md: one origin). Unknown paths outside /api
 * fall back to index.html so deep links into the browser-history router work.
 */
@Middleware()
export class H5StaticMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  platform!: Platform;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      if (ctx.path.startsWith('/api') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
      const root = this.platform.config.h5Dist;
      if (!existsSync(join(root, 'index.html'))) {
        ctx.status = 503;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = '小程序 H5 页面尚未构建：请运行 npm start（它会先构建）。';
        return;
      }
      const isAsset = /\.[a-z0-9]+$/i.test(ctx.path);
      // koa-send answers with the build's .br / .gz copy when the browser takes it.
      ctx.vary('Accept-Encoding');
      try {
        await send(ctx as unknown as SendContext, isAsset ? ctx.path : '/index.html', {
          root,
          maxage: isAsset && /\.[0-9a-f]{6,}\./.test(ctx.path) ? 365 * 24 * 3600_000 : 0,
          immutable: isAsset,
        });
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
        if (isAsset) {
          ctx.status = 404;
          ctx.body = 'Not Found';
        } else {
          await send(ctx as unknown as SendContext, '/index.html', { root });
        }
      }
    };
  }

  static getName(): string {
    return 'h5Static';
  }
}
