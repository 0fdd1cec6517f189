import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { z } from 'zod';
import { requireResident } from '../../common/actor';
import { parse } from '../../common/validate';
import { MaterialService } from './material.service';

const linkQuery = z.object({ expires: z.coerce.number().int().positive(), sig: z.string().min(10).max(100) });
const libraryBody = z.object({ fileId: z.string().min(1).max(64), title: z.string().trim().min(1, '请填写材料名称').max(60) });

@Controller('/api/v1')
export class MaterialController {
  @Inject()
  ctx!: Context;

  @Inject()
  materials!: MaterialService;

  /** multipart/form-data with a `file` part (JPG, PNG or PDF) and an optional `title` to keep it in the library. */
  @Post('/files')
  async upload() {
    const { residentId } = requireResident(this.ctx);
    const file = await this.materials.upload(residentId, this.ctx.req);
    this.ctx.status = 201;
    return file;
  }

  @Get('/files/:id')
  async metadata() {
    return this.materials.view(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Get('/files/:id/content')
  async content() {
    const { view, content } = await this.materials.open(requireResident(this.ctx).residentId, String(this.ctx.params.id));
    this.ctx.type = view.mime;
    this.ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(view.name)}`);
    this.ctx.set('Cache-Control', 'private, no-store');
    return content;
  }

  /** A department fetching an uploaded material by the presigned link the gateway gave it. */
  @Get('/exchange/files/:fileId')
  async departmentFetch() {
    const { expires, sig } = parse(linkQuery, this.ctx.query);
    const { view, content } = await this.materials.openByLink(String(this.ctx.params.fileId), expires, sig);
    this.ctx.type = view.mime;
    this.ctx.set('Cache-Control', 'private, no-store');
    return content;
  }

  @Get('/me/library')
  async library() {
    const { residentId } = requireResident(this.ctx);
    return { items: await this.materials.library(residentId), licences: await this.materials.licences(residentId) };
  }

  @Post('/me/library')
  async save() {
    const { residentId } = requireResident(this.ctx);
    const { fileId, title } = parse(libraryBody, this.ctx.request.body);
    return this.materials.saveToLibrary(residentId, fileId, title);
  }
}
