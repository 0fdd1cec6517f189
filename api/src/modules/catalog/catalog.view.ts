import type { Department, Hall, ItemSummary, Material, ServiceBundle, ServiceItem } from '@haizhu/shared-types';
import { toShanghaiIso } from '../../common/clock';
import type { DepartmentRow, HallRow, HallWindowRow, ItemVersionRow } from './catalog.repo';
import type { SearchEntry } from './catalog.search';

/** Rows → the contract's shapes. */

export function toItem(row: ItemVersionRow & { department_name: string }): ServiceItem {
  const content = row.content as Omit<ServiceItem, 'version' | 'publishedAt' | 'departmentName'>;
  return { ...content, version: row.version, publishedAt: toShanghaiIso(row.published_at), departmentName: row.department_name };
}

export function toSearchEntry(item: ServiceItem): SearchEntry {
  return {
    itemCode: item.itemCode,
    name: item.name,
    aliases: item.aliases,
    keywords: item.keywords,
    departmentCode: item.departmentCode,
    departmentName: item.departmentName,
    category: item.category,
    lifeEvents: item.lifeEvents,
    modes: item.modes,
    popularity: item.popularity,
  };
}

export function toSummary(item: ServiceItem, matchedBy?: string): ItemSummary {
  return {
    itemCode: item.itemCode,
    name: item.name,
    departmentCode: item.departmentCode,
    departmentName: item.departmentName,
    category: item.category,
    modes: item.modes,
    maxVisits: item.guide.maxVisits,
    promisedDays: item.guide.promisedDays,
    onlineApply: item.onlineApply,
    bookable: item.bookable,
    ...(matchedBy ? { matchedBy } : {}),
  };
}

/** How much faster than the legal limit the promise is, in percent (压缩比例). */
export function speedUpPercent(legalDays: number | null, promisedDays: number | null): number | null {
  if (legalDays === null || promisedDays === null || legalDays <= 0) return null;
  return Math.round(((legalDays - promisedDays) / legalDays) * 100);
}

export function toDepartment(row: DepartmentRow): Department {
  return {
    code: row.code,
    name: row.name,
    ...(row.short_name ? { shortName: row.short_name } : {}),
    ...(row.description ? { description: row.description } : {}),
    phone: row.phone,
    demo: row.demo,
  };
}

export function toHall(row: HallRow, windows: HallWindowRow[]): Hall {
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    streetCode: row.street_code,
    address: row.address,
    addressNote: row.address_note,
    phone: row.phone,
    hours: row.hours as Hall['hours'],
    extendedHours: row.extended_hours as Hall['extendedHours'],
    windows: windows.filter((w) => w.hall_id === row.id).map((w) => ({ code: w.code, name: w.name, kind: w.kind })),
    categories: row.categories as Hall['categories'],
    sources: row.sources as Hall['sources'],
    demo: row.demo,
  };
}

export interface MergedMaterial {
  name: string;
  form: Material['form'];
  count: number;
  required: boolean;
  deficiencyAllowed: boolean;
  eLicenceType: Material['eLicenceType'];
  /** the member items that ask for it: asked once for all of them */
  itemCodes: string[];
}

/** One list for a bundle: the same material (same e-licence, or same name) is asked once. */
export function mergeMaterials(items: ServiceItem[]): MergedMaterial[] {
  const merged = new Map<string, MergedMaterial>();
  for (const item of items) {
    for (const m of item.materials) {
      const key = m.eLicenceType ?? m.name.replace(/[\s（）()]/g, '');
      const existing = merged.get(key);
      if (existing) {
        existing.count = Math.max(existing.count, m.count);
        existing.required ||= m.required;
        existing.deficiencyAllowed &&= m.deficiencyAllowed;
        if (!existing.itemCodes.includes(item.itemCode)) existing.itemCodes.push(item.itemCode);
      } else {
        merged.set(key, {
          name: m.name,
          form: m.form,
          count: m.count,
          required: m.required,
          deficiencyAllowed: m.deficiencyAllowed,
          eLicenceType: m.eLicenceType,
          itemCodes: [item.itemCode],
        });
      }
    }
  }
  return [...merged.values()];
}

export type BundleView = ServiceBundle & { items: ItemSummary[] };
