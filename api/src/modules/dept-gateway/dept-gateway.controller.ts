import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { z } from 'zod';
import { parse } from '../../common/validate';
import { DeptGatewayService } from './dept-gateway.service';

const fileQuery = z.object({ expires: z.coerce.number().int().positive(), sig: z.string().min(10).max(100) });

/** The departments' way in: signed status callbacks, and presigned links to the materials they fetch. */
@Controller('/api/v1')
export class DeptGatewayController {
  @Inject()
  ctx!: Context;

  @Inject()
  gateway!: DeptGatewayService;

  @Post('/callbacks/dept/:departmentCode')
  async callback() {
    const rawBody = (this.ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
    return this.gateway.handleCallback(String(this.ctx.params.departmentCode), {
      method: this.ctx.method,
      path: this.ctx.path,
      query: new URLSearchParams(this.ctx.querystring),
      rawBody,
      headers: this.ctx.headers as Record<string, string | undefined>,
    });
  }

  @Get('/exchange/files/:fileId')
  async file() {
    const { expires, sig } = parse(fileQuery, this.ctx.query);
    const file = await this.gateway.openSignedFile(String(this.ctx.params.fileId), expires, sig);
    this.ctx.type = file.mime;
    this.ctx.set('Cache-Control', 'private, no-store');
    return file.content;
  }
}
