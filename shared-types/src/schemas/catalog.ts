import { z } from 'zod';

/**
 * The 民生服务超市 catalogue: departments, service items with their full guide (办事指南),
 * materials, situations (情形), forms, bundles (一件事), halls and windows. The same shapes are the
 * API's responses and the JSON import/export format, so a district can load its own list.
 *
 * `demo` lists the fields (dotted paths) whose values are demonstration data, not official
 * facts: the guide page says 以窗口告知为准 next to each of them.
 */

export const SERVICE_MODES = ['immediate', 'online', 'one_visit', 'nearby', 'self_service'] as const;
export const serviceMode = z.enum(SERVICE_MODES);
export type ServiceMode = z.infer<typeof serviceMode>;
export const SERVICE_MODE_NAMES: Record<ServiceMode, string> = {
  immediate: '马上办',
  online: '网上办',
  one_visit: '一次办',
  nearby: '就近办',
  self_service: '自助办',
};

export const E_LICENCE_TYPES = ['id_card', 'household_register', 'marriage_certificate', 'birth_certificate', 'social_security_card'] as const;
export const eLicenceType = z.enum(E_LICENCE_TYPES);
export type ELicenceType = z.infer<typeof eLicenceType>;
export const E_LICENCE_NAMES: Record<ELicenceType, string> = {
  id_card: '居民身份证',
  household_register: '居民户口簿',
  marriage_certificate: '结婚证',
  birth_certificate: '出生医学证明',
  social_security_card: '社会保障卡',
};

export const HALL_LEVELS = ['district', 'branch', 'street'] as const;
export const hallLevel = z.enum(HALL_LEVELS);
export type HallLevel = z.infer<typeof hallLevel>;
export const HALL_LEVEL_NAMES: Record<HallLevel, string> = { district: '区级中心', branch: '分中心', street: '街道中心' };

export const WINDOW_KINDS = ['consult', 'accept', 'deliver'] as const;
export const windowKind = z.enum(WINDOW_KINDS);
export type WindowKind = z.infer<typeof windowKind>;
export const WINDOW_KIND_NAMES: Record<WindowKind, string> = { consult: '综合咨询', accept: '综合受理', deliver: '综合取件' };

const demo = z.array(z.string()).default([]).describe('dotted paths of demonstration values (以窗口告知为准)');
const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, '编码只能包含字母、数字和 _ . -');

export const department = z.object({
  code,
  name: z.string().min(1).max(100),
  shortName: z.string().max(20).optional(),
  description: z.string().max(500).optional(),
  phone: z.string().max(40).nullable().default(null),
  demo,
});
export type Department = z.infer<typeof department>;

export const lifeEvent = z.object({ code, name: z.string().min(1).max(20), description: z.string().max(200).optional() });
export type LifeEvent = z.infer<typeof lifeEvent>;

export const material = z.object({
  code,
  name: z.string().min(1).max(200),
  /** 原件 / 复印件 / 原件和复印件 / 电子材料 */
  form: z.enum(['original', 'copy', 'original_and_copy', 'electronic']),
  count: z.number().int().min(0).max(99).default(1),
  required: z.boolean().default(true),
  /** 容缺: may be accepted while missing, supplied later by `deficiencyWay` */
  deficiencyAllowed: z.boolean().default(false),
  deficiencyWay: z.string().max(200).nullable().default(null),
  /** an e-licence that replaces the upload (免提交) */
  eLicenceType: eLicenceType.nullable().default(null),
  notes: z.string().max(500).nullable().default(null),
  /** applies only when one of these situation options was chosen; empty = always */
  whenOptions: z.array(z.string()).default([]),
  demo,
});
export type Material = z.infer<typeof material>;

export const situationQuestion = z.object({
  code,
  question: z.string().min(1).max(100),
  options: z.array(z.object({ code, label: z.string().min(1).max(50) })).min(2).max(8),
});
export type SituationQuestion = z.infer<typeof situationQuestion>;

export const FORM_FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'phone', 'idNumber', 'bankAccount'] as const;
export const formField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  label: z.string().min(1).max(40),
  type: z.enum(FORM_FIELD_TYPES),
  required: z.boolean().default(true),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  maxLength: z.number().int().positive().optional(),
  hint: z.string().max(100).optional(),
});
export type FormField = z.infer<typeof formField>;

export const serviceGuide = z.object({
  conditions: z.array(z.string().max(1000)).default([]),
  process: z.array(z.object({ step: z.string().max(40), description: z.string().max(500) })).default([]),
  /** 法定时限 / 承诺时限, in working days; null when not published */
  legalDays: z.number().int().min(0).nullable(),
  promisedDays: z.number().int().min(0).nullable(),
  fee: z.object({ free: z.boolean(), amountFen: z.number().int().min(0).nullable().default(null), description: z.string().max(300) }),
  /** 最多跑几次: 0 = 零跑动 */
  maxVisits: z.number().int().min(0).max(5).nullable(),
  places: z.array(z.object({ hallId: z.string().nullable().default(null), description: z.string().max(300) })).default([]),
  contacts: z.array(z.object({ name: z.string().max(60), phone: z.string().max(40) })).default([]),
  legalBasis: z.array(z.string().max(500)).default([]),
  channels: z.array(z.string().max(300)).default([]),
  notes: z.string().max(2000).nullable().default(null),
});
export type ServiceGuide = z.infer<typeof serviceGuide>;

export const serviceItemInput = z.object({
  itemCode: code,
  name: z.string().min(1).max(100),
  aliases: z.array(z.string().max(50)).default([]),
  keywords: z.array(z.string().max(30)).default([]),
  departmentCode: code,
  /** the 超市 shelf, e.g. 社保, 民政, 公安, 卫健, 医保, 公积金, 就业 */
  category: z.string().min(1).max(20),
  lifeEvents: z.array(code).default([]),
  modes: z.array(serviceMode).default([]),
  guide: serviceGuide,
  materials: z.array(material).default([]),
  situations: z.array(situationQuestion).max(4).default([]),
  form: z.array(formField).default([]),
  /** can be applied for online / booked at a hall */
  onlineApply: z.boolean().default(false),
  bookable: z.boolean().default(true),
  /** the hall queue/appointment category that serves it */
  appointmentCategory: z.string().max(40).nullable().default(null),
  resultDelivery: z.array(z.enum(['electronic', 'window', 'courier'])).default(['window']),
  popularity: z.number().int().min(0).default(0),
  sources: z.array(z.object({ title: z.string(), url: z.string().optional() })).default([]),
  verification: z.string().max(60).nullable().default(null),
  demo,
});
export type ServiceItemInput = z.input<typeof serviceItemInput>;
export type ServiceItem = z.infer<typeof serviceItemInput> & {
  version: number;
  publishedAt: string;
  departmentName: string;
};

export const serviceBundle = z.object({
  code,
  name: z.string().min(1).max(60),
  description: z.string().max(1000).default(''),
  itemCodes: z.array(code).min(2),
  lifeEvent: code.nullable().default(null),
  demo,
});
export type ServiceBundleInput = z.input<typeof serviceBundle>;
export type ServiceBundle = z.infer<typeof serviceBundle>;

const timeRange = z.object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) });

export const hall = z.object({
  id: code,
  name: z.string().min(1).max(100),
  level: hallLevel,
  streetCode: z.string().nullable().default(null),
  address: z.string().max(200).nullable().default(null),
  addressNote: z.string().max(500).nullable().default(null),
  phone: z.string().max(40).nullable().default(null),
  hours: z.object({ weekdays: z.array(timeRange), note: z.string().max(300).default('') }),
  /** 延时服务 (after hours on working days) and 错时服务 (weekends) */
  extendedHours: z.object({ delayed: timeRange.nullable().default(null), weekend: z.array(timeRange).default([]), note: z.string().max(300).default('') }),
  windows: z.array(z.object({ code, name: z.string().max(40), kind: windowKind })).default([]),
  categories: z.array(z.object({ code, name: z.string().max(40) })).default([]),
  sources: z.array(z.object({ title: z.string(), url: z.string().optional() })).default([]),
  demo,
});
export type HallInput = z.input<typeof hall>;
export type Hall = z.infer<typeof hall>;

/** The import/export file. */
export const catalogueFile = z.object({
  format: z.literal('haizhu-catalogue/v1'),
  departments: z.array(department),
  lifeEvents: z.array(lifeEvent).default([]),
  items: z.array(serviceItemInput),
  bundles: z.array(serviceBundle).default([]),
  halls: z.array(hall).default([]),
  synonyms: z.array(z.object({ term: z.string().min(1).max(30), expandsTo: z.array(z.string().min(1).max(30)).min(1) })).default([]),
});
export type CatalogueFile = z.input<typeof catalogueFile>;

/** Search and browse query of GET /api/v1/items. */
export const itemsQuery = z.object({
  q: z.string().trim().max(50, '搜索词最多 50 个字').optional(),
  category: z.string().max(20).optional(),
  department: z.string().max(64).optional(),
  mode: serviceMode.optional(),
  lifeEvent: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const itemSummary = z.object({
  itemCode: z.string(),
  name: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  category: z.string(),
  modes: z.array(serviceMode),
  maxVisits: z.number().nullable(),
  promisedDays: z.number().nullable(),
  onlineApply: z.boolean(),
  bookable: z.boolean(),
  /** why it matched a search, e.g. 拼音首字母 / 同义词"退休金" */
  matchedBy: z.string().optional(),
});
export type ItemSummary = z.infer<typeof itemSummary>;

/** Publishing a guide edit: the whole item in its new form, with a note on what changed. */
export const publishItemBody = z.object({ item: serviceItemInput, changeNote: z.string().trim().min(2, '请说明修改内容').max(200) });

export const itemVersionSummary = z.object({ version: z.number(), publishedAt: z.string(), publishedBy: z.string().nullable(), changeNote: z.string() });

/** GET /api/v1/items/{itemCode}: the item, its guide, and what the guide page shows around it. */
export const itemDetail = serviceItemInput.extend({
  version: z.number(),
  publishedAt: z.string(),
  departmentName: z.string(),
  legalDays: z.number().nullable(),
  promisedDays: z.number().nullable(),
  speedUpPercent: z.number().nullable().describe('承诺时限比法定时限压缩的百分比'),
  fee: serviceGuide.shape.fee,
  maxVisits: z.number().nullable(),
  conditions: z.array(z.string()),
  legalBasis: z.array(z.string()),
  halls: z.array(z.object({ id: z.string(), name: z.string(), level: hallLevel })),
  bundles: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type ItemDetail = z.infer<typeof itemDetail>;

/** A bundle's material, asked once for every member item that needs it. */
export const mergedMaterial = z.object({
  name: z.string(),
  form: material.shape.form,
  count: z.number(),
  required: z.boolean(),
  deficiencyAllowed: z.boolean(),
  eLicenceType: eLicenceType.nullable(),
  itemCodes: z.array(z.string()),
});
export type MergedMaterial = z.infer<typeof mergedMaterial>;

export const bundleDetail = serviceBundle.extend({ items: z.array(itemSummary), materials: z.array(mergedMaterial), promisedDays: z.number().nullable() });
export type BundleDetail = z.infer<typeof bundleDetail>;

export const marketResult = z.object({
  lifeEvents: z.array(lifeEvent),
  departments: z.array(department.extend({ itemCount: z.number() })),
  modes: z.array(z.object({ code: serviceMode, name: z.string() })),
  categories: z.array(z.string()),
  hotItems: z.array(itemSummary),
  bundles: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type MarketResult = z.infer<typeof marketResult>;
