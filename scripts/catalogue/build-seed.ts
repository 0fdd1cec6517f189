/**
 * Builds the 民生服务超市 catalogue seed (format haizhu-catalogue/v1) from the public facts in the
 * shared data files plus the hand-written overlay, validates it with the shared `catalogueFile`
 * schema and a set of consistency checks, and writes api/src/modules/catalog/seed/catalogue.json.
 *
 *   cd scripts && node --import tsx catalogue/build-seed.ts
 *
 * SHARED_DATA_DIR overrides the data directory (default: <repo>/../shared/data). Any problem —
 * schema, reference, demo-rule or content guard — is listed and the script exits 1 without writing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { catalogueFile, type CatalogueFile, type ELicenceType, type ServiceMode } from '../../shared-types/src/schemas/catalog';
import {
  ADDED_ITEMS,
  BUNDLE_OVERLAYS,
  DEPARTMENTS,
  HALL_CATEGORIES,
  HALL_OVERLAY,
  ITEM_OVERLAYS,
  LIFE_EVENTS,
  MERGED_ITEMS,
  SHELVES,
  SYNONYMS,
  type HallOverlay,
  type ItemOverlay,
  type MaterialSpec,
  type Source,
} from './overlay';

type ItemIn = CatalogueFile['items'][number];
type MaterialIn = NonNullable<ItemIn['materials']>[number];
type GuideIn = ItemIn['guide'];
type BundleIn = NonNullable<CatalogueFile['bundles']>[number];
type HallIn = NonNullable<CatalogueFile['halls']>[number];

// ---------------------------------------------------------------------------------------------
// Raw data shapes (only the fields we read)
// ---------------------------------------------------------------------------------------------

interface RawSource {
  title: string;
  url?: string | null;
}
interface RawMaterial {
  name: string;
  original: number | null;
  copy: number | null;
  form: string | null;
  required: boolean | null;
  rongque: string | null;
  e_license: string | boolean | null;
}
interface RawItem {
  id: string;
  official_name: string;
  aliases: string[];
  item_code: string | null;
  implementing_department: string | null;
  handling_modes: string[] | null;
  channels: string[] | null;
  max_visits: number | null;
  legal_time_limit: string | null;
  promised_time_limit: string | null;
  fee: string | null;
  materials: RawMaterial[] | null;
  conditions: string | null;
  legal_basis: string[] | null;
  notes: string | null;
  sources: RawSource[];
  verification: string | null;
}
interface RawBundle {
  id: string;
  name: string;
  region: string;
  member_items?: string[];
  member_items_known?: string[];
  member_items_national_reference?: string[];
  conditions?: string;
  materials?: string[];
  promised_time_limit?: string | null;
  service_points?: Record<string, string>[];
  process_first_steps?: string[];
  notes?: string;
  sources: RawSource[];
}
interface RawHall {
  id: string;
  name: string;
  level?: string;
  division_code?: string;
  address: string | null;
  address_note?: string;
  name_note?: string;
  street_office_address?: string | null;
  postal_code?: string | null;
  phone: string | null;
  opening_hours: { weekdays: string; weekends_holidays: string; basis: string; haizhu_specific_confirmed: boolean };
  window_layout_from_seed?: Record<string, unknown>;
  sources: RawSource[];
}

// ---------------------------------------------------------------------------------------------
// Paths, problems
// ---------------------------------------------------------------------------------------------

const repoRoot = path.resolve(__dirname, '..', '..');
const dataDir = process.env.SHARED_DATA_DIR ? path.resolve(process.env.SHARED_DATA_DIR) : path.resolve(repoRoot, '..', 'shared', 'data');
const outFile = path.join(repoRoot, 'api', 'src', 'modules', 'catalog', 'seed', 'catalogue.json');

const problems: string[] = [];
const problem = (msg: string) => problems.push(msg);
function stopIfProblems(stage: string): void {
  if (problems.length === 0) return;
  console.error(`catalogue seed: ${problems.length} problem(s) at ${stage}:`);
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Nothing was written.');
  process.exit(1);
}

function readJson<T>(file: string): T {
  const full = path.join(dataDir, file);
  try {
    return JSON.parse(readFileSync(full, 'utf8')) as T;
  } catch (err) {
    console.error(`catalogue seed: cannot read ${full}: ${(err as Error).message}`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// Field mapping helpers
// ---------------------------------------------------------------------------------------------

const MODE_NAMES: Record<string, ServiceMode> = {
  网上办: 'online',
  一次办: 'one_visit',
  就近办: 'nearby',
  马上办: 'immediate',
  自助办: 'self_service',
};

/** Fabricated third-party texts must not leak into resident-facing notes. */
const FABRICATED = /GD(1[2-9]|2\d|3[0-2])|第三方仓库|bigproject|mmmzzz/;

/** The data's notes without the remarks about rejected (fabricated) third-party texts. */
function sanitizeNotes(text: string | null): string | null {
  if (!text) return null;
  const segments = text.match(/[^。；]+[。；]?/g) ?? [];
  const kept = segments
    .filter((s) => !FABRICATED.test(s))
    .filter((s) => !/^种子(数据)?列出[。；]?$/.test(s.trim())) // research bookkeeping, not a fact about the item
    .join('');
  const out = kept
    .replace(/[，,]?(故[^，。；]*)?(置为|全部为|均为|置)null[^。；]*/g, '') // the data's "set to null" bookkeeping
    .replace(/种子数据|种子/g, '原始清单')
    .replace(/；$/, '。')
    .trim();
  return out || null;
}

/** A time limit as working days: N个工作日 → N, 即办 → 0; calendar days or anything else → null (text goes to notes). */
function parseDays(text: string | null): { days: number | null; exact: boolean } {
  if (text === null) return { days: null, exact: true };
  if (/日历日/.test(text)) return { days: null, exact: false };
  if (/^即办/.test(text)) return { days: 0, exact: text === '即办' };
  const m = /^(\d+)个工作日/.exec(text);
  if (m) return { days: Number(m[1]), exact: text === `${m[1]}个工作日` };
  return { days: null, exact: false };
}

/** Sentences of the data's conditions; an enumeration (1)(2)(3) or a sentence of ；-parts without a colon is split further. */
function splitConditions(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('。')) {
    const sentence = raw.trim();
    if (!sentence) continue;
    const parts = /\(\d\)/.test(sentence)
      ? sentence.split(/\(\d\)/)
      : !/[：:]/.test(sentence) && sentence.includes('；')
        ? sentence.split('；')
        : [sentence];
    for (const p of parts) {
      const t = p.replace(/；$/, '').trim();
      if (t) out.push(`${t}。`);
    }
  }
  return out;
}

function guessELicence(name: string): ELicenceType | null {
  if (/身份证(?!明)|身份证件/.test(name)) return 'id_card';
  if (/户口簿/.test(name)) return 'household_register';
  if (/结婚证/.test(name)) return 'marriage_certificate';
  if (/出生医学证明/.test(name)) return 'birth_certificate';
  if (/社会保障卡|社保卡/.test(name)) return 'social_security_card';
  return null;
}

/** Resident-facing wording: data ids become item names, the data's "see notes" becomes 见上文. */
let itemNameById = new Map<string, string>();
function polishNotes(text: string): string {
  return text
    .replace(/\b(SB|OT)\d{2}\b/g, (id) => (itemNameById.has(id) ? `“${itemNameById.get(id)}”` : id))
    .replace(/见 ?notes/g, '见上文')
    .replace(/。。/g, '。');
}

const code2 = (prefix: string, i: number) => `${prefix}${String(i + 1).padStart(2, '0')}`;

function mapDataMaterial(m: RawMaterial, i: number, ov: ItemOverlay): MaterialIn {
  const demo: string[] = [];
  const o = m.original ?? 0;
  const c = m.copy ?? 0;
  let form: MaterialIn['form'];
  let count: number;
  if (m.original === null && m.copy === null) {
    form = 'original';
    count = 1;
    demo.push('form', 'count');
  } else if (o > 0 && c > 0) {
    form = 'original_and_copy';
    count = o;
  } else if (o > 0) {
    form = 'original';
    count = o;
  } else if (c > 0) {
    form = 'copy';
    count = c;
  } else {
    form = 'electronic'; // 0 originals, 0 copies: 电子化/免提交
    count = 0;
  }
  const notes: string[] = [];
  if (m.form) notes.push(`材料形式：${m.form}`);
  let eLicenceType: ELicenceType | null = null;
  if (typeof m.e_license === 'string') {
    eLicenceType = guessELicence(m.name);
    notes.push(m.e_license);
  } else if (m.e_license === null && !ov.noIdCardELicence && guessELicence(m.name) === 'id_card') {
    eLicenceType = 'id_card';
    demo.push('eLicenceType');
  }
  let required = m.required;
  if (required === null) {
    required = true;
    demo.push('required');
  }
  return {
    code: code2('M', i),
    name: m.name,
    form,
    count,
    required,
    deficiencyAllowed: typeof m.rongque === 'string',
    deficiencyWay: typeof m.rongque === 'string' ? m.rongque : null,
    eLicenceType,
    notes: notes.length ? notes.join('；') : null,
    whenOptions: [],
    demo,
  };
}

function mapDemoMaterial(m: MaterialSpec, i: number): MaterialIn {
  return {
    code: m.code ?? code2('M', i),
    name: m.name,
    form: m.form,
    count: m.count ?? 1,
    required: m.required ?? true,
    deficiencyAllowed: m.deficiencyAllowed ?? false,
    deficiencyWay: m.deficiencyWay ?? null,
    eLicenceType: m.eLicenceType ?? null,
    notes: m.notes ?? null,
    whenOptions: m.whenOptions ?? [],
    demo: [],
  };
}

function mapSources(sources: RawSource[]): { title: string; url?: string }[] {
  return sources.map((s) => (s.url ? { title: s.title, url: s.url } : { title: s.title }));
}
function mergeSources(...lists: RawSource[][]): RawSource[] {
  const seen = new Set<string>();
  const out: RawSource[] = [];
  for (const s of lists.flat()) {
    const key = (s.url ?? s.title).split(' ')[0] ?? s.title;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}
const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

function buildItem(raw: RawItem, ov: ItemOverlay, implementing: string | null, extra: { aliases: string[]; sources: RawSource[] }): ItemIn {
  const id = raw.id;
  const demo: string[] = [];
  const other = new Set(ov.otherCity ?? []);
  const D = ov.demo;
  const notes: string[] = [];
  const otherNotes: string[] = [];

  /** the data's value when it has one (and it is Guangzhou's); else the overlay's demo value, recorded in `demo` */
  function take<T>(demoPath: string, has: boolean, real: () => T, demoVal: T | undefined, otherCity = false): T | undefined {
    if (has && !otherCity) {
      if (demoVal !== undefined) problem(`${id}: overlay gives a demo value for ${demoPath}, but the data has a real one`);
      return real();
    }
    if (demoVal !== undefined) {
      demo.push(demoPath);
      return demoVal;
    }
    return undefined;
  }

  // itemCode: the official 基本编码 where the data has one
  let itemCode: string;
  const officialCode = raw.item_code ? /\d{12}/.exec(raw.item_code)?.[0] : undefined;
  if (raw.item_code && !officialCode) problem(`${id}: item_code "${raw.item_code}" has no 12-digit 基本编码`);
  if (officialCode) itemCode = officialCode;
  else if (ov.officialCodeFromNotes) {
    if (!raw.notes?.includes(ov.officialCodeFromNotes))
      problem(`${id}: officialCodeFromNotes ${ov.officialCodeFromNotes} does not occur in the data's notes`);
    itemCode = ov.officialCodeFromNotes;
  } else {
    itemCode = `HZ-${id}`;
    demo.push('itemCode');
  }

  // modes
  const dataModes = raw.handling_modes?.map((m) => {
    const mode = MODE_NAMES[m];
    if (!mode) problem(`${id}: unknown handling mode "${m}"`);
    return mode ?? 'online';
  });
  if (raw.handling_modes && other.has('modes')) otherNotes.push(`办理方式 ${raw.handling_modes.join('、')}`);
  const modes = take('modes', !!dataModes, () => uniq(dataModes ?? []), D.modes, other.has('modes'));

  // time limits
  const legal = parseDays(raw.legal_time_limit);
  const promised = parseDays(raw.promised_time_limit);
  const timeOther = other.has('time');
  if (timeOther) {
    if (raw.legal_time_limit) otherNotes.push(`法定时限 ${raw.legal_time_limit}`);
    if (raw.promised_time_limit) otherNotes.push(`承诺时限 ${raw.promised_time_limit}`);
  } else {
    if (raw.legal_time_limit && !legal.exact) notes.push(`法定时限（资料原文）：${raw.legal_time_limit}`);
    if (raw.promised_time_limit && !promised.exact) notes.push(`承诺时限（资料原文）：${raw.promised_time_limit}`);
  }
  const legalDays = take('guide.legalDays', raw.legal_time_limit !== null, () => legal.days, D.legalDays, timeOther) ?? null;
  const promisedDays = take('guide.promisedDays', raw.promised_time_limit !== null, () => promised.days, D.promisedDays, timeOther) ?? null;
  if (legalDays !== null && promisedDays !== null && promisedDays > legalDays)
    problem(`${id}: promisedDays ${promisedDays} > legalDays ${legalDays}`);

  // fee
  if (raw.fee && other.has('fee')) otherNotes.push(`收费 ${raw.fee}`);
  const fee = take(
    'guide.fee',
    raw.fee !== null,
    () => ({ free: /不收费|免费/.test(raw.fee ?? ''), amountFen: null, description: raw.fee ?? '' }),
    D.fee,
    other.has('fee'),
  );
  if (!fee) problem(`${id}: no fee (neither data nor demo)`);

  // max visits
  if (raw.max_visits !== null && other.has('maxVisits')) otherNotes.push(`到现场次数 ${raw.max_visits}`);
  const maxVisits = take('guide.maxVisits', raw.max_visits !== null, () => raw.max_visits, D.maxVisits, other.has('maxVisits')) ?? null;

  // channels, conditions, process
  if (raw.channels && other.has('channels')) otherNotes.push(`渠道 ${raw.channels.join('、')}`);
  const channels = take('guide.channels', raw.channels !== null, () => raw.channels ?? [], D.channels, other.has('channels')) ?? [];
  if (raw.conditions && other.has('conditions')) otherNotes.push(`办理条件 ${raw.conditions}`);
  const conditions = take(
    'guide.conditions',
    raw.conditions !== null,
    () => splitConditions(raw.conditions ?? ''),
    D.conditions,
    other.has('conditions'),
  );
  if (!conditions?.length) problem(`${id}: no conditions (neither data nor demo)`);
  const process = take('guide.process', false, () => [], D.process) ?? [];

  // places, contacts: real ones from the overlay's `real` (read from the data's texts), else demo
  const places = take('guide.places', !!ov.real?.places, () => ov.real?.places ?? [], D.places) ?? [];
  const contacts = take('guide.contacts', !!ov.real?.contacts, () => ov.real?.contacts ?? [], D.contacts) ?? [];

  // materials
  if (raw.materials && other.has('materials')) otherNotes.push(`材料 ${raw.materials.map((m) => m.name).join('；')}`);
  const materials = take(
    'materials',
    raw.materials !== null,
    () => (raw.materials ?? []).map((m, i) => mapDataMaterial(m, i, ov)),
    D.materials?.map(mapDemoMaterial),
    other.has('materials'),
  );
  if (!materials?.length) problem(`${id}: no materials (neither data nor demo)`);

  const onlineApply = take('onlineApply', ov.real?.onlineApply !== undefined, () => ov.real?.onlineApply ?? false, D.onlineApply);
  if (onlineApply === undefined) problem(`${id}: onlineApply is neither real nor demo`);
  const resultDelivery = take('resultDelivery', !!ov.real?.resultDelivery, () => ov.real?.resultDelivery ?? [], D.resultDelivery);
  if (!resultDelivery?.length) problem(`${id}: resultDelivery is neither real nor demo`);
  if (!modes?.length) problem(`${id}: modes are neither data nor demo`);

  // notes: the data's (sanitized), the implementing department, raw time texts, other-city values, overlay remarks
  const dataNotes = sanitizeNotes(raw.notes);
  const allNotes = [
    dataNotes,
    implementing ? `实施主体（资料）：${implementing}。` : (ov.implementingFallback ?? null),
    ...notes.map((n) => `${n}。`),
    otherNotes.length ? `外地实施清单参照（非广州数据，仅供参照）：${otherNotes.map((n) => n.replace(/。$/, '')).join('；')}。` : null,
    ov.notes ?? null,
  ].filter((x): x is string => !!x);

  const guide: GuideIn = {
    conditions: conditions ?? [],
    process,
    legalDays,
    promisedDays,
    fee: fee ?? { free: true, description: '' },
    maxVisits,
    places,
    contacts,
    legalBasis: raw.legal_basis ?? [],
    channels,
    notes: allNotes.length ? polishNotes(allNotes.join('\n')) : null,
  };

  return {
    itemCode,
    name: raw.official_name,
    aliases: uniq([...raw.aliases, ...extra.aliases]).filter((a) => a !== raw.official_name),
    keywords: ov.keywords,
    departmentCode: ov.departmentCode,
    category: ov.category,
    lifeEvents: ov.lifeEvents,
    modes: modes ?? [],
    guide,
    materials: materials ?? [],
    situations: ov.situations ?? [],
    form: ov.form ?? [],
    onlineApply: onlineApply ?? false,
    bookable: ov.bookable ?? true,
    appointmentCategory: ov.appointmentCategory,
    resultDelivery: resultDelivery ?? ['window'],
    popularity: ov.popularity,
    sources: mapSources(mergeSources(raw.sources, extra.sources)),
    verification: raw.verification,
    demo: uniq(demo).sort(),
  };
}

// ---------------------------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------------------------

function buildBundle(raw: RawBundle, codeOf: Map<string, string>, nameOf: Map<string, string>): BundleIn | null {
  const ov = BUNDLE_OVERLAYS[raw.id];
  if (!ov) {
    problem(`bundle ${raw.id}: no overlay`);
    return null;
  }
  const names = [...(raw.member_items ?? []), ...(raw.member_items_known ?? []), ...(raw.member_items_national_reference ?? [])];
  for (const n of Object.keys(ov.members))
    if (!names.includes(n)) problem(`bundle ${raw.id}: overlay maps "${n}", which the data does not list`);
  const ids: string[] = [];
  const dropped: string[] = [];
  for (const n of names) {
    const m = ov.members[n];
    if (!m) problem(`bundle ${raw.id}: member "${n}" is neither mapped nor dropped in the overlay`);
    else if ('id' in m) ids.push(m.id);
    else dropped.push(`${n}（${m.dropped}）`);
  }
  for (const e of ov.extra ?? []) ids.push(e.id);
  const itemCodes = uniq(ids).map((id) => {
    const c = codeOf.get(id);
    if (!c) problem(`bundle ${raw.id}: item ${id} is not in the catalogue`);
    return c ?? id;
  });

  const parts: string[] = [`适用范围：${raw.region}。`];
  if (raw.conditions) parts.push(`办理条件：${raw.conditions}`);
  if (raw.materials?.length) parts.push(`所需材料：${raw.materials.join('；')}。`);
  if (raw.promised_time_limit) parts.push(`承诺时限：${raw.promised_time_limit}。`);
  if (raw.process_first_steps?.length) parts.push(`第一步：${raw.process_first_steps.join('；')}。`);
  if (raw.service_points?.length) {
    const pts = raw.service_points.map((p) => {
      const phone = p['身后事一站式联办电话'];
      return `${p.name}（${p.address}${phone ? `，身后事一站式联办 ${phone}` : ''}）`;
    });
    parts.push(`服务点：${pts.join('；')}。`);
  }
  const note = ov.note ?? sanitizeNotes(raw.notes ?? null);
  if (note) parts.push(note);
  if (ov.extra?.length) parts.push(`本超市另纳入：${ov.extra.map((e) => `${nameOf.get(e.id) ?? e.id}（${e.why}）`).join('；')}。`);
  if (dropped.length) parts.push(`资料所列但未纳入：${dropped.join('；')}。`);
  parts.push(`资料来源：${raw.sources.map((s) => s.title).join('；')}。`);
  let description = parts.join('\n').replace(/。。/g, '。');
  if (description.length > 1000) {
    // the sources line is the first to go; it is kept in the README
    description = parts.slice(0, -1).join('\n').replace(/。。/g, '。');
  }

  return { code: ov.code, name: raw.name, description, itemCodes, lifeEvent: ov.lifeEvent, demo: ov.membershipDemo ? ['itemCodes'] : [] };
}

// ---------------------------------------------------------------------------------------------
// Halls
// ---------------------------------------------------------------------------------------------

const WINDOW_KINDS: Record<string, { kind: 'consult' | 'accept' | 'deliver'; prefix: string }> = {
  综合咨询窗: { kind: 'consult', prefix: 'C' },
  综合受理窗: { kind: 'accept', prefix: 'A' },
  综合取件窗: { kind: 'deliver', prefix: 'D' },
};

function buildHall(raw: RawHall): HallIn {
  const demo: string[] = [];
  const level = raw.division_code ? 'street' : raw.level === '区级' ? 'district' : raw.level && /分中心/.test(raw.level) ? 'branch' : null;
  if (!level) problem(`hall ${raw.id}: unknown level "${raw.level}"`);
  const ov: HallOverlay = HALL_OVERLAY[level ?? 'street'];

  const weekdays = [...raw.opening_hours.weekdays.matchAll(/(\d{2}:\d{2})-(\d{2}:\d{2})/g)].map((m) => ({
    start: m[1] ?? '',
    end: m[2] ?? '',
  }));
  if (!weekdays.length) problem(`hall ${raw.id}: cannot read weekday hours "${raw.opening_hours.weekdays}"`);
  const hoursNote = [
    `依据${raw.opening_hours.basis.split('：')[0]}的全市统一服务时间`,
    raw.opening_hours.haizhu_specific_confirmed ? null : '海珠区本大厅是否另有安排未核实',
    raw.opening_hours.weekends_holidays,
  ]
    .filter(Boolean)
    .join('；');

  let windows: HallIn['windows'];
  if (ov.windows === 'from_data') {
    const layout = raw.window_layout_from_seed;
    if (!layout) problem(`hall ${raw.id}: overlay expects window_layout_from_seed`);
    windows = [];
    for (const [label, n] of Object.entries(layout ?? {})) {
      const k = WINDOW_KINDS[label];
      if (!k || typeof n !== 'number') continue;
      for (let i = 0; i < n; i++) windows.push({ code: code2(k.prefix, i), name: `${label} ${code2(k.prefix, i)}`, kind: k.kind });
    }
  } else {
    windows = ov.windows;
    demo.push('windows');
  }
  const categories = ov.categories.map((c) => ({ code: c, name: HALL_CATEGORIES.find((h) => h.code === c)?.name ?? c }));
  if (ov.categoriesDemo) demo.push('categories');
  if (ov.extendedHours.demo) demo.push('extendedHours.delayed', 'extendedHours.weekend');

  const addressNote = [
    raw.address ? null : (raw.address_note ?? '资料未收录本大厅的官方地址，请以“海珠政务”公众号或广东政务服务网公布为准。'),
    raw.street_office_address ? `街道办事处驻地：${raw.street_office_address}${raw.postal_code ? `，邮编${raw.postal_code}` : ''}。` : null,
    raw.name_note ? `名称说明：${raw.name_note}。` : null,
  ]
    .filter(Boolean)
    .join('');

  return {
    id: raw.id,
    name: raw.name,
    level: level ?? 'street',
    streetCode: raw.division_code ?? null,
    address: raw.address,
    addressNote: addressNote || null,
    phone: raw.phone,
    hours: { weekdays, note: hoursNote },
    extendedHours: { delayed: ov.extendedHours.delayed, weekend: ov.extendedHours.weekend, note: ov.extendedHours.note },
    windows,
    categories,
    sources: mapSources(mergeSources(raw.sources, ov.extraSources as Source[])),
    demo,
  };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function main(): void {
  const shebao = readJson<{ items: RawItem[] }>('shebao-items.json');
  const others = readJson<{ items: RawItem[]; one_thing_bundles: RawBundle[] }>('other-items.json');
  const hallData = readJson<{ halls: RawHall[] }>('haizhu-halls.json');
  const rawItems = [...shebao.items, ...others.items];
  const rawById = new Map(rawItems.map((r) => [r.id, r]));
  itemNameById = new Map(rawItems.map((r) => [r.id, r.official_name]));
  if (rawById.size !== rawItems.length) problem('duplicate item ids in the data files');

  // overlay ↔ data coverage
  for (const r of rawItems) if (!ITEM_OVERLAYS[r.id] && !MERGED_ITEMS[r.id]) problem(`${r.id} (${r.official_name}): no overlay entry`);
  for (const id of Object.keys(ITEM_OVERLAYS)) if (!rawById.has(id)) problem(`overlay entry ${id} has no data item`);
  for (const [from, to] of Object.entries(MERGED_ITEMS)) {
    const a = rawById.get(from);
    const b = rawById.get(to);
    if (!a || !b) problem(`merge ${from} → ${to}: unknown item`);
    else if (a.official_name !== b.official_name)
      problem(`merge ${from} → ${to}: names differ ("${a.official_name}" / "${b.official_name}")`);
  }

  // the ordered list of (raw, overlay) including the added items
  const entries: { raw: RawItem; ov: ItemOverlay; implementing: string | null }[] = [];
  let prevImplementing: string | null = null;
  for (const raw of rawItems) {
    let implementing = raw.implementing_department;
    if (implementing === '同上') implementing = prevImplementing;
    prevImplementing = implementing;
    const ov = ITEM_OVERLAYS[raw.id];
    if (ov) entries.push({ raw, ov, implementing });
  }
  for (const a of ADDED_ITEMS) {
    const at = entries.findIndex((e) => e.raw.id === a.after);
    if (at < 0) problem(`added item ${a.id}: anchor ${a.after} not found`);
    const raw: RawItem = {
      id: a.id,
      official_name: a.name,
      aliases: a.aliases,
      item_code: null,
      implementing_department: null,
      handling_modes: null,
      channels: null,
      max_visits: null,
      legal_time_limit: null,
      promised_time_limit: null,
      fee: null,
      materials: null,
      conditions: null,
      legal_basis: null,
      notes: null,
      sources: a.sources.map((s) => ({ title: s.title, url: s.url ?? null })),
      verification: a.verification,
    };
    entries.splice(at + 1, 0, { raw, ov: a.overlay, implementing: null });
  }

  const items = entries.map(({ raw, ov, implementing }) => {
    const merged = Object.entries(MERGED_ITEMS)
      .filter(([, to]) => to === raw.id)
      .map(([from]) => rawById.get(from))
      .filter((x): x is RawItem => !!x);
    return buildItem(raw, ov, implementing, { aliases: merged.flatMap((m) => m.aliases), sources: merged.flatMap((m) => m.sources) });
  });
  const codeOf = new Map(entries.map((e, i) => [e.raw.id, items[i]?.itemCode ?? '']));
  const nameOf = new Map(entries.map((e) => [e.raw.id, e.raw.official_name]));

  const bundles = others.one_thing_bundles.map((b) => buildBundle(b, codeOf, nameOf)).filter((b): b is BundleIn => !!b);
  const halls = hallData.halls.map(buildHall);
  stopIfProblems('mapping');

  const file: CatalogueFile = {
    format: 'haizhu-catalogue/v1',
    departments: DEPARTMENTS,
    lifeEvents: LIFE_EVENTS,
    items,
    bundles,
    halls,
    synonyms: SYNONYMS,
  };

  // ----- schema -----
  const result = catalogueFile.safeParse(file);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const p = issue.path.map(String);
      const where = p[0] === 'items' && p[1] !== undefined ? `${p.join('.')} (${items[Number(p[1])]?.itemCode})` : p.join('.');
      problem(`schema: ${where}: ${issue.message}`);
    }
    stopIfProblems('schema validation (catalogueFile.parse)');
    return;
  }
  const cat = result.data;

  // ----- consistency checks -----
  const deptCodes = new Set(cat.departments.map((d) => d.code));
  const eventCodes = new Set(cat.lifeEvents.map((e) => e.code));
  const hallIds = new Set(cat.halls.map((h) => h.id));
  const served = new Set(cat.halls.flatMap((h) => h.categories.map((c) => c.code)));
  const dup = (xs: string[], what: string) => xs.filter((x, i) => xs.indexOf(x) !== i).forEach((x) => problem(`duplicate ${what} ${x}`));
  dup(
    cat.departments.map((d) => d.code),
    'department code',
  );
  dup(
    cat.lifeEvents.map((e) => e.code),
    'life event code',
  );
  dup(
    cat.items.map((i) => i.itemCode),
    'itemCode',
  );
  dup(
    cat.items.map((i) => i.name),
    'item name',
  );
  dup(
    cat.bundles.map((b) => b.code),
    'bundle code',
  );
  dup(
    cat.halls.map((h) => h.id),
    'hall id',
  );
  dup(
    cat.synonyms.map((s) => s.term),
    'synonym term',
  );
  if (!deptCodes.has('HZ-RSJ') || !cat.departments.find((d) => d.code === 'HZ-RSJ')?.name.includes('人力资源和社会保障局'))
    problem('HZ-RSJ must be 人社');

  for (const it of cat.items) {
    const where = `item ${it.itemCode} ${it.name}`;
    if (!deptCodes.has(it.departmentCode)) problem(`${where}: unknown department ${it.departmentCode}`);
    if (!(SHELVES as readonly string[]).includes(it.category)) problem(`${where}: unknown shelf ${it.category}`);
    for (const e of it.lifeEvents) if (!eventCodes.has(e)) problem(`${where}: unknown life event ${e}`);
    if (it.appointmentCategory && !HALL_CATEGORIES.some((c) => c.code === it.appointmentCategory))
      problem(`${where}: unknown appointment category ${it.appointmentCategory}`);
    if (it.bookable && !it.appointmentCategory) problem(`${where}: bookable without an appointment category`);
    if (it.bookable && it.appointmentCategory && !served.has(it.appointmentCategory))
      problem(`${where}: no hall serves ${it.appointmentCategory}`);
    for (const p of it.guide.places) if (p.hallId && !hallIds.has(p.hallId)) problem(`${where}: unknown hall ${p.hallId}`);
    if (it.onlineApply && (it.form.length < 3 || it.form.length > 8))
      problem(`${where}: onlineApply needs a form of 3–8 fields (has ${it.form.length})`);
    if (!it.onlineApply && it.form.length) problem(`${where}: has a form but is not onlineApply`);
    dup(
      it.form.map((f) => f.key),
      `${where} form key`,
    );
    for (const f of it.form) if (f.type === 'select' && !f.options?.length) problem(`${where}: select ${f.key} without options`);
    const optionCodes = it.situations.flatMap((s) => s.options.map((o) => o.code));
    dup(optionCodes, `${where} situation option`);
    dup(
      it.situations.map((s) => s.code),
      `${where} situation question`,
    );
    if (it.situations.length && (it.situations.length < 2 || !it.materials.some((m) => m.whenOptions.length)))
      problem(`${where}: situations need 2–4 questions and conditional materials`);
    for (const m of it.materials)
      for (const o of m.whenOptions) if (!optionCodes.includes(o)) problem(`${where}: material ${m.code} refers to unknown option ${o}`);
    dup(
      it.materials.map((m) => m.code),
      `${where} material code`,
    );
    for (const d of it.demo) if (getPath(it, d) === undefined) problem(`${where}: demo path ${d} does not exist`);
    for (const m of it.materials)
      for (const d of m.demo) if (getPath(m, d) === undefined) problem(`${where}: material ${m.code} demo path ${d} does not exist`);
    if (it.itemCode.startsWith('HZ-') !== it.demo.includes('itemCode'))
      problem(`${where}: an HZ- itemCode must be (and only it) listed in demo`);
  }
  const itemCodes = new Set(cat.items.map((i) => i.itemCode));
  for (const b of cat.bundles) {
    for (const c of b.itemCodes) if (!itemCodes.has(c)) problem(`bundle ${b.code}: unknown item ${c}`);
    if (b.lifeEvent && !eventCodes.has(b.lifeEvent)) problem(`bundle ${b.code}: unknown life event ${b.lifeEvent}`);
  }
  for (const h of cat.halls) {
    for (const d of h.demo) if (getPath(h, d) === undefined) problem(`hall ${h.id}: demo path ${d} does not exist`);
    if (h.level === 'street' && !/^440105\d{3}$/.test(h.streetCode ?? ''))
      problem(`hall ${h.id}: street hall without a 440105xxx street code`);
  }
  if (cat.halls.length !== 20) problem(`expected 20 halls, got ${cat.halls.length}`);
  const situated = cat.items.filter((i) => i.situations.length);
  if (situated.length < 4) problem(`only ${situated.length} items have situations (need ≥ 4)`);
  if (cat.synonyms.length < 40) problem(`only ${cat.synonyms.length} synonyms (need ≥ 40)`);

  // every synonym expansion must be findable in some item's name, aliases or keywords
  const haystacks = cat.items.map((i) => [i.name, ...i.aliases, ...i.keywords].join('|'));
  for (const s of cat.synonyms) {
    for (const w of s.expandsTo)
      if (!haystacks.some((h) => h.includes(w))) problem(`synonym ${s.term} → ${w}: no item name/alias/keyword contains "${w}"`);
  }

  // ----- content guards -----
  walk(cat, [], (p, value) => {
    if (FABRICATED.test(value) && !p.includes('sources')) problem(`content: fabricated third-party text referenced at ${p.join('.')}`);
    if (/98天/.test(value)) problem(`content: unverified 生育津贴 days at ${p.join('.')}`);
    if (/青阳|002014005002/.test(value) && !p.includes('notes') && !p.includes('sources'))
      problem(`content: other-province (安徽青阳) figure outside notes at ${p.join('.')}`);
  });
  stopIfProblems('consistency checks');

  // ----- write -----
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(cat, null, 2)}\n`, 'utf8');

  const withDemo = cat.items.filter((i) => i.demo.length || i.materials.some((m) => m.demo.length));
  const fullyReal = cat.items.filter((i) => !i.demo.length && !i.materials.some((m) => m.demo.length));
  console.log(`catalogue seed written: ${path.relative(repoRoot, outFile)}`);
  console.log(`  data:          ${dataDir}`);
  console.log(`  departments:   ${cat.departments.length} (${cat.departments.map((d) => d.code).join(', ')})`);
  console.log(`  life events:   ${cat.lifeEvents.length} (${cat.lifeEvents.map((e) => e.code).join(', ')})`);
  console.log(
    `  items:         ${cat.items.length} (${rawItems.length} in data, ${Object.keys(MERGED_ITEMS).length} merged, ${ADDED_ITEMS.length} added)`,
  );
  console.log(`  bundles:       ${cat.bundles.length}`);
  console.log(`  halls:         ${cat.halls.length} (${cat.halls.filter((h) => h.demo.length).length} with demo values)`);
  console.log(`  synonyms:      ${cat.synonyms.length}`);
  console.log(`  items with demo values: ${withDemo.length} (without any: ${fullyReal.length})`);
  console.log(
    `  items with an official itemCode: ${cat.items
      .filter((i) => !i.itemCode.startsWith('HZ-'))
      .map((i) => i.itemCode)
      .join(', ')}`,
  );
  console.log(`  items with situations: ${situated.map((i) => i.itemCode).join(', ')}`);
  console.log(
    `  items with forms: ${cat.items.filter((i) => i.form.length).length} (all ${cat.items.filter((i) => i.onlineApply).length} onlineApply items)`,
  );
}

function getPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const k of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function walk(value: unknown, p: string[], visit: (p: string[], s: string) => void): void {
  if (typeof value === 'string') visit(p, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...p, String(i)], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...p, k], visit);
}

main();
