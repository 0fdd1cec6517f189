import { Controller, Get, Inject, Post, Put } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { hallLevel, itemsQuery, publishItemBody } from '@haizhu/shared-types';
import { z } from 'zod';
import { requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { CatalogService } from './catalog.service';

const versionQuery = z.object({ version: z.coerce.number().int().positive('版本号应为正整数').optional() });
const suggestQuery = z.object({ q: z.string().trim().max(50, '搜索词最多 50 个字').default('') });
const hallsQuery = z.object({ level: hallLevel.optional() });

/** The 民生服务超市, open to everyone: no login needed to find an item and read its guide. */
@Controller('/api/v1')
export class CatalogController {
  @Inject()
  ctx!: Context;

  @Inject()
  catalog!: CatalogService;

  @Get('/market')
  async market() {
    return this.catalog.market();
  }

  @Get('/departments')
  async departments() {
    return { items: await this.catalog.departments() };
  }

  @Get('/life-events')
  async lifeEvents() {
    return { items: await this.catalog.lifeEvents() };
  }

  @Get('/items')
  async items() {
    return this.catalog.listItems(parse(itemsQuery, this.ctx.query));
  }

  @Get('/items/suggest')
  async suggest() {
    const { q } = parse(suggestQuery, this.ctx.query);
    return { items: q ? await this.catalog.suggest(q) : [] };
  }

  @Get('/items/:itemCode')
  async item() {
    const { version } = parse(versionQuery, this.ctx.query);
    return this.catalog.itemDetail(String(this.ctx.params.itemCode), version);
  }

  @Get('/items/:itemCode/versions')
  async versions() {
    return { items: await this.catalog.versions(String(this.ctx.params.itemCode)) };
  }

  @Get('/bundles')
  async bundles() {
    return { items: await this.catalog.bundles() };
  }

  @Get('/bundles/:code')
  async bundle() {
    return this.catalog.bundle(String(this.ctx.params.code));
  }

  @Get('/halls')
  async halls() {
    const { level } = parse(hallsQuery, this.ctx.query);
    return { items: await this.catalog.halls(level) };
  }

  @Get('/halls/:hallId')
  async hall() {
    return this.catalog.hall(String(this.ctx.params.hallId));
  }
}

/** Catalogue administration: district admins publish guide versions and import/export the list. */
@Controller('/api/v1/staff')
export class CatalogAdminController {
  @Inject()
  ctx!: Context;

  @Inject()
  catalog!: CatalogService;

  @Put('/items/:itemCode')
  async publish() {
    const actor = requireStaff(this.ctx, ['district_admin']);
    const { item, changeNote } = parse(publishItemBody, this.ctx.request.body);
    return this.catalog.publishItem(actor, String(this.ctx.params.itemCode), item, changeNote);
  }

  @Post('/catalog/import')
  async import() {
    const actor = requireStaff(this.ctx, ['district_admin']);
    return this.catalog.importCatalogue(this.ctx.request.body, { type: 'staff', id: actor.staffId, role: 'district_admin', unit: null });
  }

  @Get('/catalog/export')
  async export() {
    requireStaff(this.ctx, ['district_admin']);
    this.ctx.set('Content-Disposition', 'attachment; filename="haizhu-catalogue.json"');
    return this.catalog.exportCatalogue();
  }
}
