import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { buildOpenApi } from './openapi';
import { ROUTES } from './routes';

@Controller('/api')
export class OpenApiController {
  @Inject()
  ctx!: Context;

  private cached?: Record<string, unknown>;

  @Get('/openapi.json')
  async document(): Promise<Record<string, unknown>> {
    this.cached ??= buildOpenApi();
    return this.cached;
  }

  /** A browsable page without scripts (the API's CSP allows none): one section per route. */
  @Get('/docs')
  async docs(): Promise<string> {
    const doc = (this.cached ??= buildOpenApi()) as { paths: Record<string, Record<string, unknown>> };
    this.ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    this.ctx.type = 'text/html; charset=utf-8';
    const sections = ROUTES.map((r) => {
      const op = doc.paths[r.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method];
      return `<details><summary><b>${r.method.toUpperCase()}</b> <code>${escape(r.path)}</code> — ${escape(r.summary)}</summary><pre>${escape(JSON.stringify(op, null, 2))}</pre></details>`;
    }).join('\n');
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>海珠政务 API</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}summary{cursor:pointer;padding:.4rem 0}pre{background:#f5f5f5;padding:1rem;overflow:auto;font-size:13px}</style></head>
<body><h1>海珠政务 API</h1><p>机器可读版本：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI 3.1）。</p>${sections}</body></html>`;
  }
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
