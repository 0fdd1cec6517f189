import {
  department,
  hall,
  hallLevel,
  itemSummary,
  lifeEvent,
  material,
  pageOf,
  serviceBundle,
  serviceItemInput,
  serviceMode,
  type Hall,
  type HallLevel,
  type ItemSummary,
  type Page,
  type ServiceMode,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/*
 * The 民生服务超市: public reads, no login. The item, bundle and market response shapes are
 * built here from the shared pieces because shared-types doesn't export them as whole schemas
 * (the API declares the same shapes in its openapi/routes.ts).
 */

const named = z.object({ code: z.string(), name: z.string() });

const marketResult = z.object({
  lifeEvents: z.array(lifeEvent),
  departments: z.array(department.extend({ itemCount: z.number() })),
  modes: z.array(z.object({ code: serviceMode, name: z.string() })),
  categories: z.array(z.string()),
  hotItems: z.array(itemSummary),
  bundles: z.array(named),
});
export type MarketResult = z.infer<typeof marketResult>;

const itemDetail = serviceItemInput.extend({
  version: z.number(),
  publishedAt: z.string(),
  departmentName: z.string(),
  legalDays: z.number().nullable(),
  promisedDays: z.number().nullable(),
  speedUpPercent: z.number().nullable(),
  maxVisits: z.number().nullable(),
  halls: z.array(z.object({ id: z.string(), name: z.string(), level: hallLevel })),
  bundles: z.array(named),
});
export type ItemDetail = z.infer<typeof itemDetail>;

const mergedMaterial = z.object({
  name: z.string(),
  form: material.shape.form,
  count: z.number(),
  required: z.boolean(),
  deficiencyAllowed: z.boolean(),
  eLicenceType: material.shape.eLicenceType,
  itemCodes: z.array(z.string()),
});
export type MergedMaterial = z.infer<typeof mergedMaterial>;

const bundleDetail = serviceBundle.extend({
  items: z.array(itemSummary),
  materials: z.array(mergedMaterial),
  promisedDays: z.number().nullable(),
});
export type BundleDetail = z.infer<typeof bundleDetail>;

const itemPage = pageOf(itemSummary);
const names = z.object({ items: z.array(z.string()) });
const hallList = z.object({ items: z.array(hall) });

/** What a results list is narrowed by; `q` searches (ranked), the rest filter. */
export interface ItemsFilter {
  q?: string;
  category?: string;
  department?: string;
  mode?: ServiceMode;
  lifeEvent?: string;
}

/** The 超市 home in one request: life events, departments, modes, hot items, 一件事. */
export function getMarket(): Promise<MarketResult> {
  return apiRequest({ method: 'GET', path: '/api/v1/market', auth: 'none', schema: marketResult });
}

/** Browse (filters) or search (`q`: Chinese, pinyin, initials, synonyms, small typos). */
export function listItems(filter: ItemsFilter, cursor: string | null = null, limit = 20): Promise<Page<ItemSummary>> {
  return apiRequest({
    method: 'GET',
    path: '/api/v1/items',
    auth: 'none',
    query: { ...filter, limit, cursor },
    schema: itemPage,
  });
}

/** Item names to suggest while the resident types. */
export async function suggestItems(q: string): Promise<string[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/items/suggest', auth: 'none', query: { q }, schema: names });
  return res.items;
}

/** An item with its full 办事指南. 404 NOT_FOUND for an unknown code. */
export function getItem(itemCode: string): Promise<ItemDetail> {
  return apiRequest({ method: 'GET', path: `/api/v1/items/${encodeURIComponent(itemCode)}`, auth: 'none', schema: itemDetail });
}

/** A 一件事: its member items and one merged list of materials. */
export function getBundle(code: string): Promise<BundleDetail> {
  return apiRequest({ method: 'GET', path: `/api/v1/bundles/${encodeURIComponent(code)}`, auth: 'none', schema: bundleDetail });
}

export async function getHalls(level?: HallLevel): Promise<Hall[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/halls', auth: 'none', query: { level }, schema: hallList });
  return res.items;
}

export function getHall(hallId: string): Promise<Hall> {
  return apiRequest({ method: 'GET', path: `/api/v1/halls/${encodeURIComponent(hallId)}`, auth: 'none', schema: hall });
}
