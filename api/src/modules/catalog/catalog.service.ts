import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  catalogueFile,
  type Department,
  type Hall,
  type ItemSummary,
  type LifeEvent,
  type Page,
  SERVICE_MODE_NAMES,
  SERVICE_MODES,
  type ServiceBundle,
  type ServiceItem,
  serviceItemInput,
  type ServiceItemInput,
} from '@haizhu/shared-types';
import type { z } from 'zod';
import type { StaffActor } from '../../common/actor';
import { canonicalJson } from '../../common/canonical-json';
import { toShanghaiIso } from '../../common/clock';
import { notFound, validationError } from '../../common/errors';
import { decodeCursor, encodeCursor } from '../../common/pagination';
import { Platform } from '../../common/platform';
import { fieldMessages } from '../../common/validate';
import { type Db, inTransaction } from '../../db/database';
import { type AuditActor, AuditService } from '../audit';
import { catalogRepo } from './catalog.repo';
import { SearchIndex } from './catalog.search';
import { type BundleView, mergeMaterials, type MergedMaterial, speedUpPercent, toDepartment, toHall, toItem, toSearchEntry, toSummary } from './catalog.view';

type ItemsQuery = { q?: string; category?: string; department?: string; mode?: string; lifeEvent?: string; limit: number; cursor?: string };

interface Snapshot {
  revision: number;
  index: SearchIndex;
  items: Map<string, ServiceItem>;
  halls: Hall[];
}

/** The item page: the item, its guide, and what the page needs around it. */
export type ItemDetail = ServiceItem & {
  legalDays: number | null;
  promisedDays: number | null;
  speedUpPercent: number | null;
  fee: ServiceItem['guide']['fee'];
  maxVisits: number | null;
  conditions: string[];
  legalBasis: string[];
  halls: { id: string; name: string; level: Hall['level'] }[];
  bundles: { code: string; name: string }[];
};

/** Published item versions kept in memory (immutable; a few KB each). */
const ITEM_VERSION_CACHE_SIZE = 2000;

/**
 * The 民生服务超市: one door to every department's items. Reads are served from a per-process
 * snapshot rebuilt whenever the catalogue's revision (in PostgreSQL) moves, so every process
 * sees an edit on its next request.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CatalogService {
  @Inject()
  platform!: Platform;

  @Inject()
  audit!: AuditService;

  private snap: Snapshot | null = null;
  private building: Promise<Snapshot> | null = null;
  private readonly itemVersions = new Map<string, ServiceItem>();

  async departments(): Promise<(Department & { itemCount: number })[]> {
    const { items } = await this.snapshot();
    const rows = await catalogRepo.departments(this.platform.db);
    return rows.map((d) => ({ ...toDepartment(d), itemCount: [...items.values()].filter((i) => i.departmentCode === d.code).length }));
  }

  async lifeEvents(): Promise<LifeEvent[]> {
    const rows = await catalogRepo.lifeEvents(this.platform.db);
    return rows.map((r) => ({ code: r.code, name: r.name, ...(r.description ? { description: r.description } : {}) }));
  }

  /** The 超市 home in one round trip: life events, departments, modes, categories, hot items. */
  async market() {
    const { index, items } = await this.snapshot();
    const categories = [...new Set(index.all().map((e) => e.category))];
    return {
      lifeEvents: await this.lifeEvents(),
      departments: await this.departments(),
      modes: SERVICE_MODES.map((code) => ({ code, name: SERVICE_MODE_NAMES[code] })),
      categories,
      hotItems: index
        .all()
        .slice(0, 8)
        .map((e) => toSummary(items.get(e.itemCode) as ServiceItem)),
      bundles: (await this.bundles()).map((b) => ({ code: b.code, name: b.name })),
    };
  }

  /** Browse with filters, or search with `q` (ranked). Cursor = offset into the ranked list. */
  async listItems(query: ItemsQuery): Promise<Page<ItemSummary>> {
    const { index, items } = await this.snapshot();
    const ranked = query.q ? index.search(query.q).map((h) => ({ e: h.entry, matchedBy: h.matchedBy })) : index.all().map((e) => ({ e, matchedBy: undefined }));
    const filtered = ranked.filter(
      ({ e }) =>
        (!query.category || e.category === query.category) &&
        (!query.department || e.departmentCode === query.department) &&
        (!query.mode || e.modes.includes(query.mode)) &&
        (!query.lifeEvent || e.lifeEvents.includes(query.lifeEvent)),
    );
    const offset = decodeCursor<{ o: number }>(query.cursor, ['o'])?.o ?? 0;
    const page = filtered.slice(offset, offset + query.limit);
    return {
      items: page.map(({ e, matchedBy }) => toSummary(items.get(e.itemCode) as ServiceItem, matchedBy)),
      nextCursor: offset + query.limit < filtered.length ? encodeCursor({ o: offset + query.limit }) : null,
    };
  }

  /** Item names for the search box, as the resident types. */
  async suggest(q: string): Promise<string[]> {
    return (await this.snapshot()).index.suggest(q, 8);
  }

  /** The current item, or an earlier published version of it. */
  async getItem(itemCode: string, version?: number): Promise<ServiceItem> {
    if (version === undefined) {
      const item = (await this.snapshot()).items.get(itemCode);
      if (!item) throw notFound();
      return item;
    }
    // A published version never changes: every case reads the version it was made under.
    const key = `${itemCode}@${version}`;
    const cached = this.itemVersions.get(key);
    if (cached) return cached;
    const row = await catalogRepo.itemVersion(this.platform.db, itemCode, version);
    if (!row) throw notFound();
    if (this.itemVersions.size >= ITEM_VERSION_CACHE_SIZE) this.itemVersions.clear();
    const item = toItem(row);
    this.itemVersions.set(key, item);
    return item;
  }

  async itemDetail(itemCode: string, version?: number): Promise<ItemDetail> {
    const item = await this.getItem(itemCode, version);
    const g = item.guide;
    const halls = await this.hallsServing(item);
    const bundles = (await this.bundles()).filter((b) => b.itemCodes.includes(itemCode)).map((b) => ({ code: b.code, name: b.name }));
    return {
      ...item,
      legalDays: g.legalDays,
      promisedDays: g.promisedDays,
      speedUpPercent: speedUpPercent(g.legalDays, g.promisedDays),
      fee: g.fee,
      maxVisits: g.maxVisits,
      conditions: g.conditions,
      legalBasis: g.legalBasis,
      halls: halls.map((h) => ({ id: h.id, name: h.name, level: h.level })),
      bundles,
    };
  }

  async versions(itemCode: string) {
    const rows = await catalogRepo.versions(this.platform.db, itemCode);
    if (!rows.length) throw notFound();
    return rows.map((r) => ({ version: r.version, publishedAt: toShanghaiIso(r.published_at), publishedBy: r.published_by, changeNote: r.change_note }));
  }

  /** A district admin publishes a new version of an item's guide; the old one stays readable. */
  async publishItem(actor: StaffActor, itemCode: string, input: ServiceItemInput, changeNote: string): Promise<ServiceItem> {
    if (input.itemCode !== itemCode) throw validationError({ 'item.itemCode': '事项编码不能修改' });
    const item = serviceItemInput.parse(input);
    await inTransaction(this.platform.db, async (tx) => {
      const existing = await catalogRepo.lockItem(tx, itemCode);
      if (!existing) throw notFound();
      await this.assertDepartment(tx, item.departmentCode);
      const version = await this.writeVersion(tx, item, existing.current_version, changeNote, actor.staffId);
      await this.audit.append(tx, {
        actor: { type: 'staff', id: actor.staffId, role: 'district_admin', unit: actor.departmentCode ?? actor.hallId },
        action: 'catalog.item_published',
        subjectType: 'service_item',
        subjectId: itemCode,
        data: { version, changeNote },
      });
    });
    return this.getItem(itemCode);
  }

  async bundles(): Promise<ServiceBundle[]> {
    const db = this.platform.db;
    const [rows, members] = await Promise.all([catalogRepo.bundles(db), catalogRepo.bundleItems(db)]);
    return rows.map((b) => ({
      code: b.code,
      name: b.name,
      description: b.description,
      lifeEvent: b.life_event,
      demo: b.demo,
      itemCodes: members.filter((m) => m.bundle_code === b.code).map((m) => m.item_code),
    }));
  }

  /** A 一件事 bundle: its member items and one merged list of materials. */
  async bundle(code: string): Promise<BundleView & { materials: MergedMaterial[]; promisedDays: number | null }> {
    const bundle = (await this.bundles()).find((b) => b.code === code);
    if (!bundle) throw notFound();
    const { items } = await this.snapshot();
    const members = bundle.itemCodes.map((c) => items.get(c)).filter((i): i is ServiceItem => !!i);
    const days = members.map((m) => m.guide.promisedDays);
    return {
      ...bundle,
      items: members.map((m) => toSummary(m)),
      materials: mergeMaterials(members),
      promisedDays: days.every((d) => d !== null) ? Math.max(0, ...(days as number[])) : null,
    };
  }

  async halls(level?: Hall['level']): Promise<Hall[]> {
    return (await this.snapshot()).halls.filter((h) => !level || h.level === level);
  }

  async hall(id: string): Promise<Hall> {
    const hall = (await this.snapshot()).halls.find((h) => h.id === id);
    if (!hall) throw notFound();
    return hall;
  }

  /**
   * Loads a catalogue file (a district's own list, or the seed). Departments, halls, bundles and
   * synonyms are upserted; an item gets a new version only when its content changed. One
   * transaction: a bad file changes nothing.
   */
  async importCatalogue(input: unknown, actor: AuditActor): Promise<{ departments: number; items: number; newVersions: number; bundles: number; halls: number; synonyms: number }> {
    const parsed = catalogueFile.safeParse(input);
    if (!parsed.success) throw validationError(fieldMessages(parsed.error));
    const file = parsed.data;
    this.checkReferences(file);
    let newVersions = 0;
    await inTransaction(this.platform.db, async (tx) => {
      for (const d of file.departments) {
        await catalogRepo.upsertDepartment(tx, { code: d.code, name: d.name, short_name: d.shortName ?? null, description: d.description ?? null, phone: d.phone, demo: d.demo });
      }
      for (const [position, e] of file.lifeEvents.entries()) {
        await catalogRepo.upsertLifeEvent(tx, { code: e.code, name: e.name, description: e.description ?? null, position });
      }
      for (const h of file.halls) {
        await catalogRepo.upsertHall(
          tx,
          {
            id: h.id,
            name: h.name,
            level: h.level,
            street_code: h.streetCode,
            address: h.address,
            address_note: h.addressNote,
            phone: h.phone,
            hours: JSON.stringify(h.hours),
            extended_hours: JSON.stringify(h.extendedHours),
            categories: JSON.stringify(h.categories),
            sources: JSON.stringify(h.sources),
            demo: h.demo,
          },
          h.windows.map((w, position) => ({ code: w.code, name: w.name, kind: w.kind, position })),
        );
      }
      const current = new Map((await catalogRepo.currentItems(tx)).map((r) => [r.item_code, r]));
      for (const item of file.items) {
        const before = current.get(item.itemCode);
        if (before && canonicalJson(before.content) === canonicalJson(item)) continue;
        let version = before?.version ?? 0;
        if (!before) {
          const existing = await catalogRepo.lockItem(tx, item.itemCode);
          if (!existing) await catalogRepo.insertItem(tx, { item_code: item.itemCode, department_code: item.departmentCode, name: item.name, category: item.category });
          version = existing?.current_version ?? 0;
        }
        await this.writeVersion(tx, item, version, before ? '目录导入更新' : '目录导入', null);
        newVersions += 1;
      }
      for (const b of file.bundles) {
        await catalogRepo.upsertBundle(tx, { code: b.code, name: b.name, description: b.description, life_event: b.lifeEvent, demo: b.demo }, b.itemCodes);
      }
      for (const s of file.synonyms) await catalogRepo.upsertSynonym(tx, s.term, s.expandsTo);
      await catalogRepo.bumpRevision(tx);
      await this.audit.append(tx, {
        actor,
        action: 'catalog.imported',
        subjectType: 'catalogue',
        subjectId: 'catalogue',
        data: { items: file.items.length, newVersions, halls: file.halls.length, bundles: file.bundles.length },
      });
    });
    return {
      departments: file.departments.length,
      items: file.items.length,
      newVersions,
      bundles: file.bundles.length,
      halls: file.halls.length,
      synonyms: file.synonyms.length,
    };
  }

  /** The whole current catalogue in the import format. */
  async exportCatalogue(): Promise<z.output<typeof catalogueFile>> {
    const { items } = await this.snapshot();
    const db = this.platform.db;
    const [departments, lifeEvents, halls, bundles, synonyms] = await Promise.all([
      catalogRepo.departments(db),
      this.lifeEvents(),
      this.halls(),
      this.bundles(),
      catalogRepo.synonyms(db),
    ]);
    return {
      format: 'haizhu-catalogue/v1',
      departments: departments.map(toDepartment),
      lifeEvents,
      items: [...items.values()].map(({ version: _v, publishedAt: _p, departmentName: _d, ...input }) => input),
      bundles,
      halls,
      synonyms: synonyms.map((s) => ({ term: s.term, expandsTo: s.expands_to })),
    };
  }

  private async writeVersion(tx: Db, item: z.output<typeof serviceItemInput>, currentVersion: number, changeNote: string, publishedBy: string | null): Promise<number> {
    const version = currentVersion + 1;
    await catalogRepo.insertVersion(tx, {
      item_code: item.itemCode,
      version,
      content: JSON.stringify(item),
      published_at: this.platform.clock.now(),
      published_by: publishedBy,
      change_note: changeNote,
    });
    await catalogRepo.insertMaterials(
      tx,
      item.materials.map((m, position) => ({
        item_code: item.itemCode,
        version,
        material_code: m.code,
        position,
        name: m.name,
        form: m.form,
        count: m.count,
        required: m.required,
        deficiency_allowed: m.deficiencyAllowed,
        deficiency_way: m.deficiencyWay,
        e_licence_type: m.eLicenceType,
        when_options: m.whenOptions,
      })),
    );
    await catalogRepo.pointItemAt(tx, item.itemCode, version, { department_code: item.departmentCode, name: item.name, category: item.category });
    await catalogRepo.bumpRevision(tx);
    return version;
  }

  private async assertDepartment(tx: Db, code: string): Promise<void> {
    const known = (await catalogRepo.departments(tx)).some((d) => d.code === code);
    if (!known) throw validationError({ 'item.departmentCode': '部门不存在' });
  }

  /** Every reference in the file resolves within the file or the catalogue as it stands. */
  private checkReferences(file: z.output<typeof catalogueFile>): void {
    const fields: Record<string, string> = {};
    const departments = new Set(file.departments.map((d) => d.code));
    const items = new Set(file.items.map((i) => i.itemCode));
    const lifeEvents = new Set(file.lifeEvents.map((e) => e.code));
    file.items.forEach((item, i) => {
      if (!departments.has(item.departmentCode)) fields[`items.${i}.departmentCode`] = `部门 ${item.departmentCode} 不在文件中`;
      item.lifeEvents.forEach((e, j) => {
        if (!lifeEvents.has(e)) fields[`items.${i}.lifeEvents.${j}`] = `人生事件 ${e} 不在文件中`;
      });
      const options = new Set(item.situations.flatMap((s) => s.options.map((o) => o.code)));
      item.materials.forEach((m, j) => {
        for (const o of m.whenOptions) if (!options.has(o)) fields[`items.${i}.materials.${j}.whenOptions`] = `情形选项 ${o} 不存在`;
      });
    });
    file.bundles.forEach((b, i) => {
      b.itemCodes.forEach((c, j) => {
        if (!items.has(c)) fields[`bundles.${i}.itemCodes.${j}`] = `事项 ${c} 不在文件中`;
      });
    });
    if (Object.keys(fields).length) throw validationError(fields);
  }

  private async hallsServing(item: ServiceItem): Promise<Hall[]> {
    const all = await this.halls();
    const placed = new Set(item.guide.places.map((p) => p.hallId).filter(Boolean));
    if (placed.size) return all.filter((h) => placed.has(h.id));
    if (!item.appointmentCategory) return [];
    return all.filter((h) => h.categories.some((c) => c.code === item.appointmentCategory));
  }

  /** The search index and items of the current revision; rebuilt once per change, per process. */
  private async snapshot(): Promise<Snapshot> {
    const revision = await catalogRepo.revision(this.platform.db);
    if (this.snap?.revision === revision) return this.snap;
    this.building ??= this.build(revision).finally(() => {
      this.building = null;
    });
    const built = await this.building;
    if (built.revision !== revision) return this.snapshot();
    return built;
  }

  private async build(revision: number): Promise<Snapshot> {
    const db = this.platform.db;
    const [rows, synonyms, hallRows, windows] = await Promise.all([catalogRepo.currentItems(db), catalogRepo.synonyms(db), catalogRepo.halls(db), catalogRepo.windows(db)]);
    const items = new Map(rows.map((r) => [r.item_code, toItem(r)]));
    const index = new SearchIndex(
      [...items.values()].map(toSearchEntry),
      synonyms.map((s) => ({ term: s.term, expandsTo: s.expands_to })),
    );
    this.snap = { revision, index, items, halls: hallRows.map((h) => toHall(h, windows)) };
    return this.snap;
  }
}

