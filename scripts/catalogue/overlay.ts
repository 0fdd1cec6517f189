/**
 * The hand-written part of the 民生服务超市 catalogue seed: departments, life events, hall
 * categories, per-item shelf/search/booking configuration, situations (情形), forms, bundles,
 * hall windows and synonyms — and every demonstration value.
 *
 * The demo rule (enforced by build-seed.ts): a value under an item's `demo` key is used only
 * where the data file leaves the field null (or where `otherCity` says the data's value belongs
 * to another city), and every value so used is listed by its dotted path in the item's `demo`
 * array, so the guide page shows 以窗口告知为准 next to it. Giving a demo value for a field the
 * data fills is a build error. Values under `real` are facts taken from the data files (e.g. an
 * implementing department's text turned into a place) and are not listed in `demo`.
 */
import type { CatalogueFile, ELicenceType, ServiceMode } from '../../shared-types/src/schemas/catalog';

type ItemIn = CatalogueFile['items'][number];
export type DepartmentIn = CatalogueFile['departments'][number];
export type LifeEventIn = NonNullable<CatalogueFile['lifeEvents']>[number];
export type FormFieldIn = NonNullable<ItemIn['form']>[number];
export type Situation = NonNullable<ItemIn['situations']>[number];
export type Delivery = 'electronic' | 'window' | 'courier';
export interface Place {
  hallId: string | null;
  description: string;
}
export interface Contact {
  name: string;
  phone: string;
}
export interface Step {
  step: string;
  description: string;
}
export interface Fee {
  free: boolean;
  amountFen?: number | null;
  description: string;
}
export interface Source {
  title: string;
  url?: string | null;
}
export interface MaterialSpec {
  code?: string;
  name: string;
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic';
  count?: number;
  required?: boolean;
  deficiencyAllowed?: boolean;
  deficiencyWay?: string | null;
  eLicenceType?: ELicenceType | null;
  notes?: string | null;
  whenOptions?: string[];
}

/** Demonstration values; used only where the data is null, and then listed in `demo`. */
export interface DemoSpec {
  modes?: ServiceMode[];
  onlineApply?: boolean;
  resultDelivery?: Delivery[];
  conditions?: string[];
  process?: Step[];
  legalDays?: number;
  promisedDays?: number;
  fee?: Fee;
  maxVisits?: number;
  places?: Place[];
  contacts?: Contact[];
  channels?: string[];
  materials?: MaterialSpec[];
}

/** Data values that belong to another city's guide: moved into notes and replaced by demo values. */
export type OtherCityField = 'time' | 'maxVisits' | 'fee' | 'modes' | 'materials' | 'conditions' | 'channels';

export interface ItemOverlay {
  departmentCode: string;
  category: string;
  lifeEvents: string[];
  keywords: string[];
  popularity: number;
  appointmentCategory: HallCategoryCode | null;
  bookable?: boolean;
  /** facts read from the data (implementing department text, channels) — not demo */
  real?: { places?: Place[]; contacts?: Contact[]; onlineApply?: boolean; resultDelivery?: Delivery[] };
  otherCity?: OtherCityField[];
  /** an official 基本编码 that the data gives in the item's notes rather than item_code (checked) */
  officialCodeFromNotes?: string;
  /** the data's 身份证 material must be seen in person: do not offer the id_card e-licence */
  noIdCardELicence?: boolean;
  /** hand-written factual remarks appended to guide.notes */
  notes?: string;
  /** hand-written (hedged) note on who implements the item, used when the data's implementing_department is null */
  implementingFallback?: string;
  situations?: Situation[];
  form?: FormFieldIn[];
  demo: DemoSpec;
}

// ---------------------------------------------------------------------------------------------
// Departments, life events, shelves, hall categories
// ---------------------------------------------------------------------------------------------

export const DEPARTMENTS: DepartmentIn[] = [
  {
    code: 'HZ-RSJ',
    name: '广州市海珠区人力资源和社会保障局',
    shortName: '区人社局',
    description:
      '人社（社保、就业）。广州市的社会保险（养老、失业、工伤、退休人员管理）由广州市人力资源和社会保障局及广州市社会保险基金管理中心统一经办；本区及各街道窗口负责受理、咨询和公共就业服务。各事项的实际实施主体见办事指南的说明。',
  },
  {
    code: 'HZ-YBJ',
    name: '广州市海珠区医疗保障局',
    shortName: '区医保局',
    description:
      '医保。2019年起生育保险与职工基本医疗保险合并实施（国办发〔2019〕10号），在广州由医保部门经办；生育津贴、生育医疗费用、城乡居民医保参保等事项的经办机构为广州市医疗保障局及其经办机构。',
  },
  {
    code: 'HZ-MZJ',
    name: '广州市海珠区民政局',
    shortName: '区民政局',
    description: '民政：婚姻登记、社会救助、老年人福利、残疾人补贴、殡葬服务。',
  },
  {
    code: 'HZ-GAJ',
    name: '广州市公安局海珠区分局',
    shortName: '海珠公安分局',
    description: '公安户政：出生登记、户口迁移、户籍注销；居住证由街道来穗人员和出租屋服务管理中心受理、区公安机关签发。',
  },
  {
    code: 'HZ-WJJ',
    name: '广州市海珠区卫生健康局',
    shortName: '区卫健局',
    description: '卫生健康：生育登记、出生医学证明（由助产机构签发）、预防接种、育儿指导。',
  },
  {
    code: 'HZ-GJJ',
    name: '广州住房公积金管理中心',
    shortName: '公积金中心',
    description: '住房公积金由广州住房公积金管理中心统一管理，海珠区内的受理网点以中心公布为准。',
  },
  {
    code: 'HZ-ZWJ',
    name: '广州市海珠区政务服务数据管理局',
    shortName: '区政数局',
    description: '承担区政务服务办事大厅管理、指导协调街道服务大厅等职责（区政务服务中心、琶洲分中心的管理机构）。',
  },
];

export const LIFE_EVENTS: LifeEventIn[] = [
  { code: 'birth', name: '生育', description: '怀孕、生孩子、新生儿落户参保' },
  { code: 'employment', name: '就业创业', description: '入职、离职、失业、灵活就业' },
  { code: 'marriage', name: '婚姻', description: '结婚、离婚登记' },
  { code: 'retirement', name: '退休养老', description: '办理退休、领取养老金、退休后的待遇' },
  { code: 'work_injury', name: '工伤', description: '工伤认定、鉴定与工伤待遇' },
  { code: 'death', name: '身后事', description: '亲人去世后的待遇申领、注销与殡葬' },
  { code: 'ss_card', name: '社保卡', description: '社会保障卡申领、挂失、补换' },
  { code: 'insurance', name: '参保缴费', description: '参保登记、缴费记录、参保证明、关系转移' },
  { code: 'medical', name: '医保', description: '医保参保缴费、报销、异地就医' },
  { code: 'household', name: '户籍', description: '出生登记、户口迁移、户籍注销' },
  { code: 'residence', name: '居住证', description: '来穗人员居住登记、居住证申领与签注' },
  { code: 'elderly', name: '养老服务', description: '老年人福利补贴、异地居住养老' },
  { code: 'assistance', name: '社会救助', description: '低保、特困供养、临时救助' },
  { code: 'disability', name: '残疾人服务', description: '残疾人生活补贴、护理补贴' },
  { code: 'housing', name: '住房公积金', description: '公积金提取' },
];

/** The 超市 shelves. */
export const SHELVES = ['社保', '医保', '就业', '民政', '公安', '卫健', '公积金'] as const;

export const HALL_CATEGORIES = [
  { code: 'social_security', name: '社保业务' },
  { code: 'medical_insurance', name: '医保业务' },
  { code: 'civil_affairs', name: '民政业务' },
  { code: 'household', name: '户政业务' },
  { code: 'health', name: '卫健业务' },
  { code: 'general', name: '综合受理' },
] as const;
export type HallCategoryCode = (typeof HALL_CATEGORIES)[number]['code'];

// ---------------------------------------------------------------------------------------------
// Halls
// ---------------------------------------------------------------------------------------------

/** 海珠区政务管理办公室 2018 reply (background text): window counts and the street halls' integrated windows. */
export const SOURCE_HZ_2018: Source = {
  title:
    '海珠区政务管理办公室《对海珠区政协十五届三次会议第4010号提案的答复》（海政务办函〔2018〕23号，2018-08-28）：区政务服务大厅设10个综合咨询窗、3个综合受理窗、2个综合取件窗；18个街道政务服务中心将计生、民政、人社、残联、公安分局、国土规划6个部门窗口整合为综合受理窗',
};

export interface HallOverlay {
  /** windows: 'from_data' = window_layout_from_seed (corroborated by SOURCE_HZ_2018); else a demo set */
  windows: 'from_data' | { code: string; name: string; kind: 'consult' | 'accept' | 'deliver' }[];
  categories: HallCategoryCode[];
  categoriesDemo: boolean;
  extendedHours: { delayed: { start: string; end: string } | null; weekend: { start: string; end: string }[]; note: string; demo: boolean };
  extraSources: Source[];
}

const DEMO_EXTENDED = {
  delayed: { start: '17:00', end: '18:30' },
  weekend: [{ start: '09:00', end: '12:00' }],
  note: '演示值：工作日延时服务17:00-18:30，周六错时服务9:00-12:00（资料未确认海珠区大厅的延时/错时安排），以大厅公告为准。',
  demo: true,
};
const NO_EXTENDED = { delayed: null, weekend: [], note: '资料未确认本大厅提供延时或错时（周末）服务，以大厅公告为准。', demo: false };

export const HALL_OVERLAY: { district: HallOverlay; branch: HallOverlay; street: HallOverlay } = {
  district: {
    windows: 'from_data',
    categories: HALL_CATEGORIES.map((c) => c.code),
    categoriesDemo: false, // 进驻区政务服务中心的22个部门全部纳入综合窗口受理 (SOURCE_HZ_2018)
    extendedHours: DEMO_EXTENDED,
    extraSources: [SOURCE_HZ_2018],
  },
  branch: {
    windows: [
      { code: 'C01', name: '综合咨询窗 C01', kind: 'consult' },
      { code: 'A01', name: '综合受理窗 A01', kind: 'accept' },
      { code: 'A02', name: '综合受理窗 A02', kind: 'accept' },
      { code: 'D01', name: '综合取件窗 D01', kind: 'deliver' },
    ],
    categories: ['general', 'social_security', 'medical_insurance'],
    categoriesDemo: true, // the 2018 reply describes 琶洲分中心 as enterprise/project oriented; resident categories unconfirmed
    extendedHours: DEMO_EXTENDED,
    extraSources: [],
  },
  street: {
    windows: [
      { code: 'C01', name: '综合咨询窗 C01', kind: 'consult' },
      { code: 'A01', name: '综合受理窗 A01', kind: 'accept' },
      { code: 'A02', name: '综合受理窗 A02', kind: 'accept' },
      { code: 'D01', name: '综合取件窗 D01', kind: 'deliver' },
    ],
    // 计生→health, 民政/残联→civil_affairs, 人社→social_security, 公安分局→household, 综合受理窗→general
    categories: ['general', 'social_security', 'civil_affairs', 'household', 'health'],
    categoriesDemo: false,
    extendedHours: NO_EXTENDED,
    extraSources: [SOURCE_HZ_2018],
  },
};

// ---------------------------------------------------------------------------------------------
// Building blocks for demo guides
// ---------------------------------------------------------------------------------------------

const FREE: Fee = { free: true, amountFen: null, description: '不收费' };
const HOTLINE_RS: Contact = { name: '人力资源社会保障服务热线', phone: '12333' };
const HOTLINE_YB: Contact = { name: '医疗保障服务热线', phone: '12393' };
const HOTLINE_GJJ: Contact = { name: '住房公积金服务热线', phone: '12329' };
const HOTLINE_WJ: Contact = { name: '卫生健康服务热线', phone: '12320' };
const HOTLINE_12345: Contact = { name: '广州12345政务服务便民热线', phone: '12345' };

const PLACE_DIST = (what: string): Place => ({ hallId: 'HZ-DIST', description: `海珠区政务服务中心 综合受理窗口（${what}）` });
const PLACE_STREETS: Place = { hallId: null, description: '各街道政务服务中心综合受理窗口（就近办理）' };

const CHANNELS_ONLINE = ['海珠政务微信小程序“民生服务超市”在线申办', '海珠区政务服务中心及各街道政务服务中心综合受理窗口'];
const CHANNELS_HALL = ['海珠区政务服务中心及各街道政务服务中心综合受理窗口（可在小程序预约取号）'];

const PROCESS_ONLINE: Step[] = [
  { step: '提交申请', description: '在小程序“民生服务超市”在线填写申请、上传材料，或到窗口提交。' },
  { step: '受理', description: '工作人员核对材料，材料齐全的予以受理；需要补正的一次性告知。' },
  { step: '审核', description: '业务部门审核申请。' },
  { step: '办结', description: '办结后通过小程序消息或短信告知结果。' },
];
const PROCESS_HALL: Step[] = [
  { step: '预约取号', description: '在小程序预约或到大厅取号。' },
  { step: '窗口受理', description: '携带材料到综合受理窗口提交，工作人员核对原件。' },
  { step: '审核', description: '业务部门审核申请。' },
  { step: '领取结果', description: '到综合取件窗口领取结果，或按告知方式送达。' },
];
const PROCESS_QUERY: Step[] = [
  { step: '登录查询', description: '在小程序、自助终端或网上服务平台实名登录。' },
  { step: '查询打印', description: '选择查询项目，即时查看、下载或打印。' },
];

const SS_NOTE =
  '广州市社会保险由广州市人力资源和社会保障局及广州市社会保险基金管理中心经办，海珠区窗口负责受理和咨询；本事项的具体实施主体以广东政务服务网公布为准。';

/** 社保 items handled by the city centre, applied for online (basis of the demo: the 2018 report on 37 社保事项 in 海珠政务 WeChat). */
const SS_DEMO: DemoSpec = {
  modes: ['online', 'one_visit'],
  onlineApply: true,
  resultDelivery: ['electronic', 'window'],
  process: PROCESS_ONLINE,
  fee: FREE,
  maxVisits: 0,
  places: [PLACE_DIST('社保业务'), PLACE_STREETS],
  contacts: [HOTLINE_RS, HOTLINE_12345],
  channels: CHANNELS_ONLINE,
};
const YB_DEMO: DemoSpec = {
  ...SS_DEMO,
  places: [PLACE_DIST('医保业务')],
  contacts: [HOTLINE_YB, HOTLINE_12345],
  channels: ['海珠政务微信小程序“民生服务超市”在线申办', '海珠区政务服务中心综合受理窗口（医保业务）'],
};
const HALL_DEMO = (what: string, contact: Contact): DemoSpec => ({
  modes: ['one_visit', 'nearby'],
  onlineApply: false,
  resultDelivery: ['window'],
  process: PROCESS_HALL,
  fee: FREE,
  maxVisits: 1,
  places: [PLACE_DIST(what), PLACE_STREETS],
  contacts: [contact, HOTLINE_12345],
  channels: CHANNELS_HALL,
});

// materials -----------------------------------------------------------------------------------
const M = {
  idCard: (o: Partial<MaterialSpec> = {}): MaterialSpec => ({ name: '申请人居民身份证', form: 'original', eLicenceType: 'id_card', ...o }),
  hukou: (o: Partial<MaterialSpec> = {}): MaterialSpec => ({
    name: '居民户口簿',
    form: 'original',
    eLicenceType: 'household_register',
    ...o,
  }),
  ssCard: (o: Partial<MaterialSpec> = {}): MaterialSpec => ({
    name: '本人社会保障卡（金融账户已激活，用于待遇发放）',
    form: 'original',
    eLicenceType: 'social_security_card',
    ...o,
  }),
  bank: (o: Partial<MaterialSpec> = {}): MaterialSpec => ({ name: '本人银行账户信息（银行卡或存折）', form: 'copy', ...o }),
  agent: (o: Partial<MaterialSpec> = {}): MaterialSpec => ({
    name: '授权委托书及受托人居民身份证（委托他人办理时）',
    form: 'original',
    required: false,
    ...o,
  }),
  appForm: (name: string, o: Partial<MaterialSpec> = {}): MaterialSpec => ({
    name,
    form: 'electronic',
    notes: '可在小程序在线填写，无需另行提交纸质表格。',
    ...o,
  }),
  doc: (name: string, o: Partial<MaterialSpec> = {}): MaterialSpec => ({ name, form: 'original', ...o }),
  copy: (name: string, o: Partial<MaterialSpec> = {}): MaterialSpec => ({ name, form: 'copy', ...o }),
  death: (o: Partial<MaterialSpec> = {}): MaterialSpec => ({ name: '居民死亡医学证明（推断）书', form: 'original', ...o }),
};

// form fields -----------------------------------------------------------------------------------
const BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '中国邮政储蓄银行', '广州农村商业银行', '广州银行'];
const opts = (labels: string[]) => labels.map((label) => ({ value: label, label }));
const F = {
  phone: (): FormFieldIn => ({ key: 'contactPhone', label: '申请人联系电话', type: 'phone', required: true }),
  bankName: (): FormFieldIn => ({
    key: 'bankName',
    label: '开户银行',
    type: 'select',
    required: true,
    options: BANKS.map((b) => ({ value: b, label: b })),
  }),
  bankAccount: (): FormFieldIn => ({
    key: 'bankAccount',
    label: '银行账号',
    type: 'bankAccount',
    required: true,
    hint: '请填写申请人本人名下的银行账户',
  }),
  text: (key: string, label: string, required = true, maxLength = 50, hint?: string): FormFieldIn => ({
    key,
    label,
    type: 'text',
    required,
    maxLength,
    ...(hint ? { hint } : {}),
  }),
  textarea: (key: string, label: string, required = false, maxLength = 500): FormFieldIn => ({
    key,
    label,
    type: 'textarea',
    required,
    maxLength,
  }),
  date: (key: string, label: string, required = true, hint?: string): FormFieldIn => ({
    key,
    label,
    type: 'date',
    required,
    ...(hint ? { hint } : {}),
  }),
  number: (key: string, label: string, required = true, hint?: string): FormFieldIn => ({
    key,
    label,
    type: 'number',
    required,
    ...(hint ? { hint } : {}),
  }),
  select: (key: string, label: string, labels: string[], required = true): FormFieldIn => ({
    key,
    label,
    type: 'select',
    required,
    options: opts(labels),
  }),
  idNumber: (key: string, label: string): FormFieldIn => ({ key, label, type: 'idNumber', required: true }),
  mailingAddress: (required = false): FormFieldIn => ({
    key: 'mailingAddress',
    label: '邮寄地址',
    type: 'textarea',
    required,
    maxLength: 200,
    hint: '选择邮寄时填写',
  }),
  relation: (): FormFieldIn => ({
    key: 'relation',
    label: '申请人与逝者关系',
    type: 'select',
    required: true,
    options: opts(['配偶', '子女', '父母', '其他近亲属']),
  }),
};
const DECEASED_FIELDS = (): FormFieldIn[] => [
  F.text('deceasedName', '逝者姓名', true, 30),
  F.idNumber('deceasedIdNumber', '逝者身份证号码'),
];

// overlay profiles ------------------------------------------------------------------------------
type ItemArgs = Omit<ItemOverlay, 'departmentCode' | 'category' | 'appointmentCategory' | 'demo'> &
  Partial<Pick<ItemOverlay, 'departmentCode' | 'category' | 'appointmentCategory'>> & { demo?: DemoSpec };

/** 社保 item (区人社局 shelf 社保), handled online by default. `base: false` = no profile defaults. */
function ss(a: ItemArgs, base: DemoSpec | false = SS_DEMO): ItemOverlay {
  return {
    departmentCode: 'HZ-RSJ',
    category: '社保',
    appointmentCategory: 'social_security',
    implementingFallback: SS_NOTE,
    ...a,
    demo: { ...(base || {}), ...a.demo },
  };
}
function yb(a: ItemArgs, base: DemoSpec | false = YB_DEMO): ItemOverlay {
  return {
    departmentCode: 'HZ-YBJ',
    category: '医保',
    appointmentCategory: 'medical_insurance',
    ...a,
    demo: { ...(base || {}), ...a.demo },
  };
}
function mz(a: ItemArgs, base: DemoSpec | false = HALL_DEMO('民政业务', HOTLINE_12345)): ItemOverlay {
  return { departmentCode: 'HZ-MZJ', category: '民政', appointmentCategory: 'civil_affairs', ...a, demo: { ...(base || {}), ...a.demo } };
}
function ga(a: ItemArgs, base: DemoSpec | false = HALL_DEMO('户政业务', HOTLINE_12345)): ItemOverlay {
  return { departmentCode: 'HZ-GAJ', category: '公安', appointmentCategory: 'household', ...a, demo: { ...(base || {}), ...a.demo } };
}
function wj(a: ItemArgs, base: DemoSpec | false = HALL_DEMO('卫健业务', HOTLINE_WJ)): ItemOverlay {
  return { departmentCode: 'HZ-WJJ', category: '卫健', appointmentCategory: 'health', ...a, demo: { ...(base || {}), ...a.demo } };
}
const GJJ_DEMO: DemoSpec = {
  ...SS_DEMO,
  places: [{ hallId: null, description: '广州住房公积金管理中心服务网点' }, PLACE_DIST('综合受理')],
  contacts: [HOTLINE_GJJ, HOTLINE_12345],
  channels: ['海珠政务微信小程序“民生服务超市”在线申办', '广州住房公积金管理中心服务网点'],
};
function gjj(a: ItemArgs, base: DemoSpec | false = GJJ_DEMO): ItemOverlay {
  return { departmentCode: 'HZ-GJJ', category: '公积金', appointmentCategory: 'general', ...a, demo: { ...(base || {}), ...a.demo } };
}

const ONLINE_QUERY: DemoSpec = {
  modes: ['online', 'self_service', 'immediate'],
  onlineApply: true,
  resultDelivery: ['electronic'],
  process: PROCESS_QUERY,
  fee: FREE,
  maxVisits: 0,
  legalDays: 5,
  promisedDays: 0,
};
/** a benefit paid to a bank account: the usual demo materials */
const BENEFIT_MATERIALS = (first: MaterialSpec[] = []): MaterialSpec[] => [M.idCard(), ...first, M.ssCard(), M.agent()];

// ---------------------------------------------------------------------------------------------
// Items (keyed by the data file's id)
// ---------------------------------------------------------------------------------------------

export const ITEM_OVERLAYS: Record<string, ItemOverlay> = {
  // ----- 综合业务 -----
  SB01: ss(
    {
      lifeEvents: ['insurance', 'employment'],
      keywords: ['参保证明', '社保证明', '开证明', '权益单', '社保记录', '打印'],
      popularity: 93,
      // channels: 网上服务平台/自助终端/粤省事 (查询、打印) and 网上服务大厅 (申请邮寄纸质权益单)
      real: { onlineApply: true, resultDelivery: ['electronic', 'courier'] },
      form: [
        F.phone(),
        F.select('printType', '打印类型', ['社会保险个人权益记录单', '个人参保证明']),
        F.date('startMonth', '查询起始月份'),
        F.date('endMonth', '查询截止月份'),
        F.select('deliveryMethod', '获取方式', ['在线下载电子版', '邮寄纸质权益单']),
        F.mailingAddress(),
      ],
      demo: {
        ...ONLINE_QUERY,
        onlineApply: undefined,
        resultDelivery: undefined,
        materials: [M.idCard({ notes: '实名登录后查询的无需另行提交。' })],
        places: [PLACE_DIST('社保业务'), { hallId: null, description: '社保自助终端' }],
        contacts: [HOTLINE_RS],
      },
    },
    false,
  ),
  SB02: ss({
    lifeEvents: ['employment', 'insurance'],
    keywords: ['入职交社保', '新员工参保', '参保', '交社保'],
    popularity: 55,
    form: [
      F.phone(),
      F.text('employerName', '用人单位名称', true, 100),
      F.text('employerCreditCode', '用人单位统一社会信用代码', true, 18),
      F.date('employmentStart', '入职（用工）日期'),
    ],
    demo: {
      promisedDays: 5,
      conditions: ['与用人单位建立劳动关系的职工，由用人单位申报参保登记。', '用人单位应当自用工之日起30日内为职工申请办理社会保险登记。'],
      materials: [
        M.idCard(),
        M.copy('劳动合同或其他用工证明材料', { required: false, deficiencyAllowed: true, deficiencyWay: '可先行受理，办结前补交' }),
      ],
    },
  }),
  SB03: ss({
    lifeEvents: ['employment', 'insurance'],
    keywords: ['自己交社保', '个人交社保', '自由职业', '打零工交社保', '灵活就业'],
    popularity: 70,
    form: [
      F.phone(),
      F.select('insuranceTypes', '参保险种', ['基本养老保险和职工医疗保险', '仅基本养老保险', '仅职工医疗保险']),
      F.date('startMonth', '参保起始月份'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      promisedDays: 5,
      conditions: ['无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员以及其他灵活就业人员。'],
      materials: [M.idCard(), M.hukou({ name: '居民户口簿或本市居住证', required: false }), M.bank({ name: '缴费扣款银行账户信息' })],
    },
  }),
  SB04: ss({
    lifeEvents: ['insurance', 'retirement'],
    keywords: ['居民养老', '城乡居民养老保险', '没工作交养老'],
    popularity: 40,
    form: [F.phone(), F.text('hukouAddress', '户籍地址', true, 100), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 10,
      promisedDays: 5,
      conditions: ['年满16周岁（不含在校学生）、未参加职工基本养老保险的城乡居民，可在户籍地参加城乡居民基本养老保险。'],
      materials: [M.idCard(), M.hukou(), M.bank({ name: '缴费扣款银行账户信息' })],
    },
  }),
  SB05: ss({
    lifeEvents: ['insurance'],
    keywords: ['改名字', '改信息', '身份证号变更', '信息有误', '社保信息'],
    popularity: 45,
    form: [
      F.phone(),
      F.select('changeItem', '变更项目', ['姓名', '身份证号码', '性别', '出生日期', '其他']),
      F.text('oldValue', '原登记信息', true, 50),
      F.text('newValue', '变更后信息', true, 50),
      F.textarea('reason', '变更原因'),
    ],
    demo: {
      promisedDays: 5,
      conditions: ['参保人员的姓名、公民身份号码、性别、出生日期等基本信息登记有误或发生变化。'],
      materials: [M.idCard(), M.hukou({ name: '公安机关出具的户籍信息变更证明（居民户口簿变更页）' })],
    },
  }),
  SB06: ss(
    {
      lifeEvents: ['insurance'],
      keywords: ['缴费记录', '社保查询', '交了多少', '社保明细', '参保缴费凭证'],
      popularity: 65,
      form: [
        F.phone(),
        F.select('queryType', '查询险种', ['全部险种', '养老保险', '医疗保险', '失业保险', '工伤保险']),
        F.date('startMonth', '起始月份'),
        F.date('endMonth', '截止月份'),
      ],
      demo: {
        ...ONLINE_QUERY,
        conditions: ['参保人员本人可查询自己的社会保险参保缴费记录。'],
        materials: [M.idCard({ notes: '实名登录后查询的无需另行提交。' })],
        places: [PLACE_DIST('社保业务')],
        contacts: [HOTLINE_RS],
        channels: CHANNELS_ONLINE,
      },
    },
    false,
  ),
  SB07: ss({
    lifeEvents: ['ss_card', 'birth'],
    keywords: ['办社保卡', '新办社保卡', '第三代社保卡', '社保卡', '新生儿社保卡'],
    popularity: 85,
    form: [F.phone(), F.bankName(), F.select('collectMethod', '领卡方式', ['到银行网点领取', '邮寄到家']), F.mailingAddress()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      resultDelivery: ['window', 'courier'],
      conditions: [
        '在本市参加社会保险或在本市居住、尚未持有本市社会保障卡的人员。',
        '新生儿可由监护人凭户口簿和出生医学证明申领（新生儿出生一件事可一并办理）。',
      ],
      materials: [
        M.idCard({ name: '申领人居民身份证（新生儿提供居民户口簿）' }),
        M.doc('近期免冠彩色证件照（或社会保障卡数码相片回执）', { form: 'electronic' }),
        M.hukou({ name: '新生儿居民户口簿（为新生儿申领时）', required: false }),
        { name: '新生儿出生医学证明（为新生儿申领时）', form: 'original', required: false, eLicenceType: 'birth_certificate' },
      ],
    },
  }),
  SB08: ss(
    {
      category: '就业',
      lifeEvents: ['employment'],
      keywords: ['灵活就业补贴', '社保补贴', '就业困难人员', '高校毕业生', '补贴'],
      popularity: 68,
      real: {
        // implementing_department: 街（镇）公共就业服务机构受理…海珠区对应为各街道; conditions: 向户籍地（非本市户籍向居住地）街（镇）申请
        places: [{ hallId: null, description: '户籍地（非本市户籍为居住地）街道政务服务中心：街（镇）公共就业服务机构受理，区人社局审核' }],
        onlineApply: true,
      },
      form: [
        F.phone(),
        F.select('personType', '人员类别', ['就业困难人员', '毕业2年内高校毕业生']),
        F.text('applyQuarter', '申请补贴的季度', true, 20, '例如：2025年第1季度'),
        F.bankName(),
        F.bankAccount(),
      ],
      demo: { process: PROCESS_ONLINE, contacts: [HOTLINE_RS, HOTLINE_12345], resultDelivery: ['electronic'] },
    },
    false,
  ),
  SB09: ss({
    lifeEvents: ['employment'],
    keywords: ['失业金', '失业了', '被裁员', '离职', '失业补助', '领钱'],
    popularity: 90,
    situations: [
      {
        code: 'reason',
        question: '离职是什么原因？',
        options: [
          { code: 'reason_contract_end', label: '劳动合同期满未续订' },
          { code: 'reason_employer_terminated', label: '用人单位解除或终止劳动合同' },
          { code: 'reason_forced', label: '因用人单位过错本人解除劳动合同' },
        ],
      },
      {
        code: 'registered',
        question: '是否已办理失业登记？',
        options: [
          { code: 'registered_yes', label: '已办理' },
          { code: 'registered_no', label: '尚未办理' },
        ],
      },
      {
        code: 'delegate',
        question: '由谁来办理？',
        options: [
          { code: 'delegate_no', label: '本人办理' },
          { code: 'delegate_yes', label: '委托他人代办' },
        ],
      },
    ],
    form: [
      F.phone(),
      F.date('separationDate', '离职（劳动关系终止）日期'),
      F.text('lastEmployer', '原用人单位名称', true, 100),
      F.select('separationReason', '离职原因', ['劳动合同期满未续订', '用人单位解除或终止劳动合同', '因用人单位过错本人解除劳动合同']),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['失业前用人单位和本人已经缴纳失业保险费满一年。', '非因本人意愿中断就业。', '已经进行失业登记，并有求职要求。'],
      materials: [
        M.idCard(),
        M.doc('用人单位出具的解除或终止劳动关系证明'),
        M.copy('劳动仲裁裁决书、法院判决书等证明因用人单位过错解除劳动合同的材料', {
          whenOptions: ['reason_forced'],
          deficiencyAllowed: true,
          deficiencyWay: '可先行受理，办结前通过小程序上传补交',
        }),
        M.appForm('失业登记申请（可与本事项一并办理）', { whenOptions: ['registered_no'] }),
        M.ssCard(),
        M.agent({ required: true, whenOptions: ['delegate_yes'] }),
      ],
    },
  }),
  SB10: ss({
    category: '就业',
    lifeEvents: ['employment'],
    keywords: ['失业了', '离职登记', '没工作', '找工作', '离职'],
    popularity: 60,
    form: [
      F.phone(),
      F.date('separationDate', '离职日期'),
      F.text('jobIntention', '求职意向', false, 50),
      F.select('education', '文化程度', ['初中及以下', '高中/中专/技校', '大专', '本科', '研究生']),
    ],
    demo: {
      legalDays: 5,
      promisedDays: 1,
      conditions: ['法定劳动年龄内、有劳动能力和就业要求、处于无业状态的人员。'],
      materials: [M.idCard(), M.doc('解除或终止劳动关系证明（已离职的提供）', { required: false })],
    },
  }),
  SB37: yb({
    lifeEvents: ['medical', 'birth', 'insurance'],
    keywords: ['买医保', '居民医保', '新生儿医保', '小孩医保', '医保参保'],
    popularity: 72,
    otherCity: ['time', 'maxVisits', 'fee', 'modes', 'materials', 'conditions'],
    officialCodeFromNotes: '442189207003',
    form: [
      F.phone(),
      F.text('insuredName', '参保人姓名', true, 30),
      F.idNumber('insuredIdNumber', '参保人身份证号码'),
      F.select('personType', '参保人类别', ['新生儿', '中小学生和儿童', '大学生', '其他城乡居民']),
      F.select('hukouType', '户籍情况', ['本市户籍', '非本市户籍（持本市居住证）']),
    ],
    demo: {
      legalDays: 10,
      promisedDays: 5,
      modes: ['online', 'nearby', 'one_visit'],
      conditions: [
        '未参加职工基本医疗保险的本市户籍城乡居民，以及持本市居住证等符合条件的非本市户籍人员。',
        '新生儿可由监护人在出生后办理参保（新生儿出生一件事可一并办理）。',
      ],
      materials: [
        M.idCard({ name: '参保人有效身份证件（非本市户籍提供本市居住证；新生儿可提供户口簿或出生医学证明）' }),
        M.appForm('城乡居民基本医疗保险参保登记表'),
        { name: '新生儿出生医学证明（为新生儿参保时）', form: 'electronic', required: false, eLicenceType: 'birth_certificate' },
      ],
    },
  }),

  // ----- 养老保险 -----
  SB11: ss({
    lifeEvents: ['employment', 'retirement', 'insurance'],
    keywords: ['社保转移', '养老保险转出', '养老保险转入', '换城市工作', '转社保'],
    popularity: 78,
    situations: [
      {
        code: 'direction',
        question: '养老保险关系往哪里转？',
        options: [
          { code: 'direction_in', label: '从外地转入广州' },
          { code: 'direction_out', label: '从广州转出到外地' },
        ],
      },
      {
        code: 'scope',
        question: '转出地和转入地是否在同一省份？',
        options: [
          { code: 'scope_cross', label: '跨省转移' },
          { code: 'scope_within', label: '广东省内转移' },
        ],
      },
    ],
    form: [
      F.phone(),
      F.select('direction', '转移方向', ['从外地转入广州', '从广州转出到外地']),
      F.text('fromRegion', '转出地（原参保地）', true, 50),
      F.text('toRegion', '转入地', true, 50),
      F.textarea('remark', '补充说明'),
    ],
    demo: {
      legalDays: 45,
      promisedDays: 20,
      conditions: ['参保人员跨统筹地区就业并在新就业地参保的，可申请转移接续基本养老保险关系。'],
      materials: [
        M.idCard(),
        M.appForm('基本养老保险关系转移接续申请表'),
        M.doc('原参保地社保经办机构出具的参保缴费凭证', {
          whenOptions: ['direction_in'],
          deficiencyAllowed: true,
          deficiencyWay: '经办机构可联网核验的免提交；无法核验的办结前补交',
        }),
        M.doc('转入地社保经办机构出具的联系函或转入地经办机构信息', { whenOptions: ['direction_out'] }),
        M.doc('已通过国家社会保险公共服务平台提交的转移申请记录（如已在线申请）', {
          form: 'electronic',
          required: false,
          whenOptions: ['scope_cross'],
        }),
      ],
    },
  }),
  SB12: ss({
    lifeEvents: ['retirement', 'insurance'],
    keywords: ['养老保险衔接', '职保转居保', '居保转职保'],
    popularity: 20,
    form: [
      F.phone(),
      F.select('direction', '衔接方向', ['城乡居民养老保险转入城镇职工养老保险', '城镇职工养老保险转入城乡居民养老保险']),
      F.textarea('reason', '申请原因'),
    ],
    demo: {
      legalDays: 45,
      promisedDays: 20,
      conditions: ['参加城镇职工基本养老保险和城乡居民基本养老保险的人员，按规定办理两项制度之间的衔接。'],
      materials: [M.idCard(), M.appForm('城乡养老保险制度衔接申请表')],
    },
  }),
  SB13: ss({
    lifeEvents: ['retirement', 'insurance', 'household'],
    keywords: ['居民养老转移', '户口迁移养老保险', '居保转移'],
    popularity: 20,
    form: [F.phone(), F.text('fromRegion', '转出地', true, 50), F.text('toRegion', '转入地', true, 50)],
    demo: {
      legalDays: 45,
      promisedDays: 20,
      conditions: ['参加城乡居民基本养老保险的人员，在缴费期间户籍迁移的，可申请转移城乡居民基本养老保险关系。'],
      materials: [M.idCard(), M.hukou({ name: '户籍迁移后的居民户口簿' })],
    },
  }),
  SB14: ss({
    lifeEvents: ['retirement'],
    keywords: ['退休', '办退休', '退休手续', '养老金', '退休金', '领养老金'],
    popularity: 88,
    form: [
      F.phone(),
      F.date('retireDate', '拟退休日期'),
      F.select('employmentType', '参保身份', ['企业职工（由单位申报）', '灵活就业人员（个人申报）']),
      F.bankName(),
      F.bankAccount(),
      F.mailingAddress(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['达到法定退休年龄，且基本养老保险累计缴费年限达到国家规定的最低缴费年限。'],
      materials: [
        M.idCard(),
        M.appForm('领取基本养老保险待遇申请表'),
        M.hukou({ required: false }),
        M.ssCard({ name: '本人社会保障卡或基本养老金发放银行账户信息' }),
      ],
    },
  }),
  SB15: ss({
    lifeEvents: ['retirement'],
    keywords: ['居民养老金', '领养老金', '城乡居民养老待遇', '养老金'],
    popularity: 50,
    form: [F.phone(), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参加城乡居民基本养老保险，达到规定的领取年龄且符合缴费条件的人员。'],
      materials: BENEFIT_MATERIALS([M.hukou()]),
    },
  }),
  SB16: ss({
    lifeEvents: ['death', 'retirement'],
    keywords: ['养老个人账户', '个人账户继承', '个人账户余额', '领钱'],
    popularity: 35,
    form: [F.phone(), ...DECEASED_FIELDS(), F.relation(), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参保人员死亡，或按规定终止基本养老保险关系的，其个人账户余额可由本人或继承人申领。'],
      materials: [M.idCard(), M.death({ required: false }), M.hukou({ name: '亲属关系证明（居民户口簿等）' }), M.bank(), M.agent()],
    },
  }),
  SB17: ss({
    lifeEvents: ['retirement'],
    keywords: ['暂停养老金', '停发养老金'],
    popularity: 15,
    form: [
      F.phone(),
      F.text('retireeName', '退休人员姓名', true, 30),
      F.date('suspendDate', '暂停日期'),
      F.textarea('reason', '暂停原因', true),
    ],
    demo: {
      legalDays: 10,
      promisedDays: 5,
      conditions: ['离退休人员出现下落不明、服刑等按规定应暂停发放基本养老金的情形。'],
      materials: [M.idCard({ name: '申请人居民身份证' }), M.copy('证明暂停情形的文书（如公安机关出具的下落不明证明、判决书）')],
    },
  }),
  SB18: ss({
    lifeEvents: ['retirement'],
    keywords: ['恢复养老金', '补发养老金'],
    popularity: 15,
    form: [F.phone(), F.textarea('reason', '恢复原因', true), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 10,
      promisedDays: 5,
      conditions: ['暂停发放基本养老金的情形消失后，按规定申请恢复发放。'],
      materials: [M.idCard(), M.copy('暂停情形消失的证明材料（如刑满释放证明）')],
    },
  }),
  SB19: ss({
    lifeEvents: ['death'],
    keywords: ['丧葬费', '抚恤金', '老人去世', '身后事', '死亡待遇', '领钱'],
    popularity: 60,
    situations: [
      {
        code: 'deceased',
        question: '逝者生前是什么情况？',
        options: [
          { code: 'deceased_retired', label: '已退休、领取基本养老金' },
          { code: 'deceased_working', label: '在职参保，尚未退休' },
        ],
      },
      {
        code: 'relation',
        question: '申请人与逝者是什么关系？',
        options: [
          { code: 'relation_spouse', label: '配偶' },
          { code: 'relation_child', label: '子女' },
          { code: 'relation_other', label: '父母或其他近亲属' },
        ],
      },
      {
        code: 'dependents',
        question: '逝者是否有依靠其生前供养的直系亲属？',
        options: [
          { code: 'dependents_yes', label: '有' },
          { code: 'dependents_no', label: '没有' },
        ],
      },
    ],
    form: [F.phone(), ...DECEASED_FIELDS(), F.date('deathDate', '死亡日期'), F.relation(), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参加基本养老保险的个人因病或者非因工死亡的，其遗属可以领取丧葬补助金和抚恤金。'],
      materials: [
        M.idCard(),
        M.death({ name: '居民死亡医学证明（推断）书或其他死亡证明' }),
        M.doc('火化证明或殡葬证明', { deficiencyAllowed: true, deficiencyWay: '可先行受理，火化后通过小程序上传补交' }),
        { name: '结婚证（证明配偶关系）', form: 'original', eLicenceType: 'marriage_certificate', whenOptions: ['relation_spouse'] },
        M.hukou({ name: '居民户口簿或其他亲属关系证明', whenOptions: ['relation_child', 'relation_other'] }),
        M.copy('供养直系亲属的身份证明及无生活来源证明', { whenOptions: ['dependents_yes'] }),
        M.doc('逝者的退休证或养老金领取凭证', { required: false, whenOptions: ['deceased_retired'] }),
        M.doc('逝者生前用人单位出具的死亡情况说明', { whenOptions: ['deceased_working'] }),
        M.ssCard({ name: '申请人社会保障卡或银行账户信息（用于发放）' }),
      ],
    },
  }),

  // ----- 生育保险（医保部门经办）-----
  SB20: yb({
    lifeEvents: ['birth', 'medical'],
    keywords: ['生育津贴', '产假工资', '生孩子', '生育保险', '产假', '领钱'],
    popularity: 92,
    situations: [
      {
        code: 'applicant',
        question: '由谁提出申请？',
        options: [
          { code: 'applicant_employer', label: '用人单位代为申请' },
          { code: 'applicant_self', label: '本人申请（已离职或灵活就业参保）' },
        ],
      },
      {
        code: 'birthType',
        question: '属于哪种生育情形？',
        options: [
          { code: 'birth_normal', label: '正常分娩' },
          { code: 'birth_difficult', label: '难产或剖宫产' },
          { code: 'birth_multiple', label: '多胞胎生育' },
          { code: 'birth_miscarriage', label: '流产或引产' },
        ],
      },
      {
        code: 'delegate',
        question: '由谁来办理？',
        options: [
          { code: 'delegate_no', label: '本人或单位经办人办理' },
          { code: 'delegate_yes', label: '委托他人代办' },
        ],
      },
    ],
    form: [
      F.phone(),
      F.date('deliveryDate', '分娩或手术日期'),
      F.text('hospitalName', '分娩医疗机构名称', true, 100),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参加职工基本医疗保险（含生育保险）的女职工，按规定享受生育津贴。', '生育津贴的计发天数和标准以广州医保部门规定为准。'],
      materials: [
        M.idCard(),
        {
          name: '新生儿出生医学证明',
          form: 'original',
          eLicenceType: 'birth_certificate',
          whenOptions: ['birth_normal', 'birth_difficult', 'birth_multiple'],
        },
        M.copy('医疗机构出具的难产或剖宫产诊断证明', {
          whenOptions: ['birth_difficult'],
          deficiencyAllowed: true,
          deficiencyWay: '可先行受理，办结前通过小程序上传补交',
        }),
        M.copy('医疗机构出具的流产或引产诊断证明', { whenOptions: ['birth_miscarriage'] }),
        M.doc('用人单位出具的生育津贴申请表（加盖公章）', { whenOptions: ['applicant_employer'] }),
        M.ssCard({ whenOptions: ['applicant_self'] }),
        M.agent({ required: true, whenOptions: ['delegate_yes'] }),
      ],
    },
  }),
  SB21: yb({
    lifeEvents: ['birth', 'medical'],
    keywords: ['生孩子报销', '产检报销', '生育报销', '医疗费用报销', '生育保险'],
    popularity: 70,
    form: [
      F.phone(),
      F.text('hospitalName', '就诊医疗机构名称', true, 100),
      F.date('deliveryDate', '分娩或手术日期'),
      F.number('totalAmount', '医疗费用总额（元）'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参保人员生育发生的医疗费用未能在医疗机构直接结算的，可申请报销。'],
      materials: [M.idCard(), M.doc('医疗费用票据及费用明细清单'), M.copy('出院小结或诊断证明'), M.ssCard()],
    },
  }),

  // ----- 工伤保险 -----
  SB22: ss({
    lifeEvents: ['work_injury'],
    keywords: ['工伤了', '上班受伤', '工伤', '职业病', '工伤申报'],
    popularity: 65,
    form: [
      F.phone(),
      F.select('applicantRole', '申请人身份', ['用人单位', '工伤职工本人', '近亲属', '工会组织']),
      F.date('injuryDate', '事故伤害发生（或职业病诊断）日期'),
      F.text('employerName', '用人单位名称', true, 100),
      F.textarea('injuryDescription', '事故经过简述', true),
    ],
    demo: {},
  }),
  SB23: ss({
    lifeEvents: ['work_injury'],
    keywords: ['伤残鉴定', '工伤鉴定', '伤残等级', '劳动能力'],
    popularity: 40,
    form: [
      F.phone(),
      F.text('injuryDecisionNo', '工伤认定决定书编号', true, 50),
      F.select('applyType', '鉴定类型', ['初次鉴定', '再次鉴定', '复查鉴定']),
      F.textarea('remark', '补充说明'),
    ],
    demo: {
      conditions: ['职工发生工伤，经治疗伤情相对稳定后存在残疾、影响劳动能力的，可申请劳动能力鉴定。'],
      materials: [M.idCard(), M.copy('工伤认定决定书'), M.copy('有关医疗诊断证明、病历资料')],
    },
  }),
  SB24: ss({
    lifeEvents: ['work_injury'],
    keywords: ['工伤报销', '工伤医疗费', '工伤康复'],
    popularity: 45,
    form: [
      F.phone(),
      F.text('hospitalName', '就诊医疗机构名称', true, 100),
      F.date('treatmentStart', '治疗开始日期'),
      F.number('totalAmount', '医疗费用总额（元）'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['已认定工伤的职工，治疗工伤或进行工伤康复发生的符合规定的费用。'],
      materials: [M.idCard(), M.copy('工伤认定决定书'), M.doc('医疗费用票据及费用明细清单'), M.copy('病历资料或出院小结')],
    },
  }),
  SB25: ss({
    lifeEvents: ['work_injury'],
    keywords: ['住院伙食费', '工伤住院', '伙食补助'],
    popularity: 15,
    form: [F.phone(), F.date('admissionDate', '入院日期'), F.date('dischargeDate', '出院日期'), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['工伤职工因工伤住院治疗的，按规定申领住院伙食补助费。'],
      materials: [M.idCard(), M.copy('住院病历或出院小结')],
    },
  }),
  SB26: ss({
    lifeEvents: ['work_injury'],
    keywords: ['外地治疗', '交通费', '食宿费', '异地就医交通费'],
    popularity: 10,
    form: [
      F.phone(),
      F.text('hospitalCity', '就医城市及医疗机构', true, 100),
      F.date('startDate', '外出就医开始日期'),
      F.date('endDate', '外出就医结束日期'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['经批准到统筹地区以外就医的工伤职工，所需交通、食宿费用按规定申领。'],
      materials: [M.idCard(), M.copy('转诊转院审批材料'), M.doc('交通、住宿费用票据')],
    },
  }),
  SB27: ss({
    lifeEvents: ['work_injury', 'disability'],
    keywords: ['假肢', '轮椅', '辅助器具', '矫形器'],
    popularity: 10,
    form: [
      F.phone(),
      F.text('deviceName', '辅助器具名称', true, 50),
      F.number('totalAmount', '配置费用（元）'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['工伤职工因日常生活或就业需要，经劳动能力鉴定委员会确认可以配置辅助器具的。'],
      materials: [M.idCard(), M.copy('劳动能力鉴定委员会的配置确认意见'), M.doc('辅助器具配置费用票据')],
    },
  }),
  SB28: ss({
    lifeEvents: ['work_injury', 'disability'],
    keywords: ['伤残补助金', '伤残津贴', '护理费', '工伤伤残'],
    popularity: 35,
    form: [
      F.phone(),
      F.select('disabilityLevel', '伤残等级', ['一级', '二级', '三级', '四级', '五级', '六级', '七级', '八级', '九级', '十级']),
      F.date('appraisalDate', '劳动能力鉴定结论日期'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['工伤职工经劳动能力鉴定委员会鉴定为伤残等级的，按等级申领相应伤残待遇。'],
      materials: [M.idCard(), M.copy('工伤认定决定书'), M.copy('劳动能力鉴定结论书'), M.ssCard()],
    },
  }),
  SB29: ss({
    lifeEvents: ['work_injury', 'employment'],
    keywords: ['工伤离职', '一次性工伤医疗补助金', '解除劳动合同补助'],
    popularity: 20,
    form: [F.phone(), F.date('separationDate', '解除或终止劳动关系日期'), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['工伤职工与用人单位解除或终止劳动关系，按规定申领一次性工伤医疗补助金。'],
      materials: [M.idCard(), M.copy('劳动能力鉴定结论书'), M.doc('解除或终止劳动关系证明'), M.ssCard()],
    },
  }),
  SB30: ss({
    lifeEvents: ['work_injury', 'death'],
    keywords: ['工亡', '因工死亡', '丧葬补助金', '抚恤金', '身后事'],
    popularity: 20,
    form: [F.phone(), ...DECEASED_FIELDS(), F.relation(), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['职工因工死亡（含经认定视同工亡）的，其近亲属按规定申领丧葬补助金、供养亲属抚恤金和一次性工亡补助金。'],
      materials: [
        M.idCard(),
        M.copy('工伤（工亡）认定决定书'),
        M.death(),
        M.hukou({ name: '亲属关系证明（居民户口簿等）' }),
        M.ssCard({ name: '申请人社会保障卡或银行账户信息（用于发放）' }),
      ],
    },
  }),
  SB31: ss({
    lifeEvents: ['work_injury'],
    keywords: ['工伤待遇变更', '工伤信息变更'],
    popularity: 10,
    form: [F.phone(), F.text('changeItem', '变更事项', true, 50), F.textarea('reason', '变更原因', true)],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['享受工伤保险长期待遇的人员，待遇享受条件或信息发生变化的。'],
      materials: [M.idCard(), M.copy('待遇变更的证明材料')],
    },
  }),

  // ----- 退休人员管理 -----
  SB32: ss({
    lifeEvents: ['retirement'],
    keywords: ['退休人员改信息', '退休改名', '退休人员信息', '改名字'],
    popularity: 30,
    form: [
      F.phone(),
      F.select('changeItem', '变更项目', ['姓名', '身份证号码', '联系方式', '居住地址', '其他']),
      F.text('newValue', '变更后信息', true, 100),
      F.textarea('reason', '变更原因'),
    ],
    demo: {
      legalDays: 10,
      promisedDays: 5,
      conditions: ['离退休人员的基本信息登记有误或发生变化。'],
      materials: [M.idCard(), M.hukou({ name: '证明信息变更的材料（如户口簿变更页）', required: false })],
    },
  }),
  SB33: ss({
    lifeEvents: ['retirement'],
    keywords: ['刷脸认证', '养老金认证', '年审', '资格认证', '养老金', '退休金'],
    popularity: 80,
    form: [
      F.phone(),
      F.text('retireeName', '退休人员姓名', true, 30),
      F.idNumber('retireeIdNumber', '退休人员身份证号码'),
      F.select('residence', '目前居住地', ['广州市内', '广东省内其他城市', '广东省外', '境外']),
    ],
    demo: {
      modes: ['online', 'self_service', 'immediate'],
      resultDelivery: ['electronic'],
      legalDays: 5,
      promisedDays: 0,
      conditions: ['按月领取基本养老金等社会保险待遇的人员，按规定进行待遇领取资格认证。'],
      materials: [M.idCard({ name: '待遇领取人居民身份证', notes: '通过小程序或自助终端刷脸认证的无需提交。' })],
    },
  }),
  SB34: ss({
    lifeEvents: ['retirement'],
    keywords: ['退管关系', '退休后搬家', '退管转移', '退休人员转街道'],
    popularity: 25,
    form: [
      F.phone(),
      F.text('fromStreet', '原管理街道', true, 50),
      F.text('toStreet', '转入街道', true, 50),
      F.textarea('newAddress', '新居住地址', true, 200),
    ],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['退休人员居住地变化，需要将社会化管理服务关系转移到新居住地街道的。'],
      materials: [M.idCard(), M.copy('新居住地址证明（房产证明或租赁合同）')],
    },
  }),
  SB35: ss({
    lifeEvents: ['retirement', 'elderly'],
    keywords: ['异地居住', '回老家养老', '外地居住', '异地养老'],
    popularity: 25,
    form: [F.phone(), F.textarea('residenceAddress', '异地居住地址', true, 200), F.date('residenceStart', '开始异地居住日期')],
    demo: {
      legalDays: 10,
      promisedDays: 5,
      conditions: ['离退休人员长期在广州以外地区居住的，登记居住地信息，便于待遇发放和资格认证。'],
      materials: [M.idCard()],
    },
  }),
  SB36: ss({
    lifeEvents: ['death', 'retirement'],
    keywords: ['退休老人去世', '丧葬补助金', '抚恤金', '死亡待遇', '老人去世', '身后事'],
    popularity: 45,
    form: [F.phone(), ...DECEASED_FIELDS(), F.date('deathDate', '死亡日期'), F.relation(), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['领取基本养老金的退休人员死亡后，其遗属按规定申领丧葬补助金、抚恤金。'],
      materials: [
        M.idCard(),
        M.death(),
        M.hukou({ name: '亲属关系证明（居民户口簿等）' }),
        M.ssCard({ name: '申请人社会保障卡或银行账户信息（用于发放）' }),
      ],
    },
  }),

  // ----- 民政 -----
  OT01: mz(
    {
      lifeEvents: ['marriage'],
      keywords: ['结婚', '领证', '登记结婚', '结婚证'],
      popularity: 82,
      bookable: false,
      appointmentCategory: null,
      noIdCardELicence: true,
      real: { places: [{ hallId: null, description: '海珠区民政局婚姻登记处（县级人民政府民政部门婚姻登记机关）' }], onlineApply: false },
      demo: {
        modes: ['immediate', 'one_visit'],
        legalDays: 0,
        promisedDays: 0,
        maxVisits: 1,
        process: [
          { step: '预约', description: '按婚姻登记机关公布的方式预约登记时间。' },
          { step: '共同到场', description: '男女双方携带材料共同到婚姻登记机关，现场签署声明。' },
          { step: '审查登记', description: '登记员审查，符合条件的予以登记。' },
          { step: '领证', description: '当场领取结婚证。' },
        ],
        resultDelivery: ['window'],
        contacts: [HOTLINE_12345],
      },
    },
    false,
  ),
  OT02: mz(
    {
      lifeEvents: ['marriage'],
      keywords: ['离婚', '协议离婚', '离婚证'],
      popularity: 40,
      bookable: false,
      appointmentCategory: null,
      noIdCardELicence: true,
      // conditions: 亲自到婚姻登记机关共同申请
      real: { places: [{ hallId: null, description: '海珠区民政局婚姻登记处（县级人民政府民政部门婚姻登记机关）' }], onlineApply: false },
      demo: { modes: ['one_visit'], resultDelivery: ['window'], contacts: [HOTLINE_12345] },
    },
    false,
  ),
  OT03: mz({
    lifeEvents: ['assistance'],
    keywords: ['低保', '困难家庭', '生活困难', '救助'],
    popularity: 50,
    // implementing_department: 户籍所在地街道办事处受理，区民政局审核确认
    real: { places: [{ hallId: null, description: '户籍所在地街道政务服务中心（街道办事处受理，区民政局审核确认）' }] },
    demo: {
      places: undefined,
      legalDays: 30,
      promisedDays: 20,
      conditions: ['共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合当地规定的本市户籍家庭。'],
      materials: [
        M.idCard(),
        M.hukou(),
        M.doc('家庭经济状况声明及核对授权书'),
        M.copy('家庭成员收入证明等相关材料', { deficiencyAllowed: true, deficiencyWay: '可先行受理，通过信息核对或后补方式补齐' }),
      ],
    },
  }),
  OT04: mz({
    lifeEvents: ['assistance', 'elderly', 'disability'],
    keywords: ['特困', '五保', '无依无靠', '供养'],
    popularity: 25,
    demo: {
      legalDays: 30,
      promisedDays: 20,
      conditions: ['无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未成年人。'],
      materials: [M.idCard(), M.hukou(), M.doc('特困人员救助供养申请书'), M.copy('残疾人证或其他相关证明（如有）', { required: false })],
    },
  }),
  OT05: mz({
    lifeEvents: ['assistance'],
    keywords: ['临时困难', '急难', '救急', '生活困难'],
    popularity: 35,
    demo: {
      legalDays: 15,
      promisedDays: 10,
      conditions: ['因火灾、交通事故等意外事件或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人。'],
      materials: [M.idCard(), M.hukou({ required: false }), M.copy('导致困难的相关证明材料（如医疗费用票据、事故证明）')],
    },
  }),
  OT06: mz({
    lifeEvents: ['elderly'],
    keywords: ['高龄补贴', '老人补贴', '长寿金', '老年人补贴'],
    popularity: 70,
    form: [
      F.phone(),
      F.text('elderName', '老年人姓名', true, 30),
      F.idNumber('elderIdNumber', '老年人身份证号码'),
      F.select('applicantRelation', '申请人身份', ['老年人本人', '子女', '配偶', '其他亲属']),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      modes: ['online', 'nearby'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      channels: CHANNELS_ONLINE,
      legalDays: 20,
      promisedDays: 10,
      conditions: ['达到规定年龄的本市户籍老年人，按规定申领老年人福利补贴（高龄津贴）；发放标准以民政部门公布为准。'],
      materials: [
        M.idCard({ name: '老年人居民身份证' }),
        M.hukou({ required: false }),
        M.ssCard({ name: '老年人本人银行账户或社会保障卡（用于发放）' }),
        M.agent(),
      ],
    },
  }),
  OT07: mz({
    lifeEvents: ['disability', 'assistance'],
    keywords: ['残疾补贴', '残疾人补贴', '生活补贴', '残疾人两项补贴'],
    popularity: 40,
    notes: '资料将本事项归为“民政/残联”，残疾人证办理等由残联负责。',
    form: [F.phone(), F.text('disabilityCertNo', '残疾人证号码', true, 30), F.bankName(), F.bankAccount()],
    demo: {
      modes: ['online', 'nearby'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      channels: CHANNELS_ONLINE,
      legalDays: 20,
      promisedDays: 15,
      conditions: ['持有残疾人证、家庭经济困难（如低保、低收入家庭）的残疾人；具体条件和标准以民政部门公布为准。'],
      materials: [M.idCard(), M.copy('中华人民共和国残疾人证'), M.bank()],
    },
  }),
  OT08: mz({
    lifeEvents: ['disability'],
    keywords: ['残疾补贴', '护理补贴', '重度残疾', '残疾人两项补贴'],
    popularity: 35,
    notes: '资料将本事项归为“民政/残联”，残疾人证办理等由残联负责。',
    form: [F.phone(), F.text('disabilityCertNo', '残疾人证号码', true, 30), F.bankName(), F.bankAccount()],
    demo: {
      modes: ['online', 'nearby'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      channels: CHANNELS_ONLINE,
      legalDays: 20,
      promisedDays: 15,
      conditions: ['持有残疾人证、残疾等级为重度并需要长期照护的残疾人；具体条件和标准以民政部门公布为准。'],
      materials: [M.idCard(), M.copy('中华人民共和国残疾人证'), M.bank()],
    },
  }),
  OT09: mz(
    {
      lifeEvents: ['death'],
      keywords: ['火化', '殡葬费', '丧事', '老人去世', '身后事', '殡葬减免'],
      popularity: 45,
      bookable: false,
      appointmentCategory: null,
      real: {
        // implementing_department: 广州各殡仪馆（经办殡仪馆现场申请）; service points of the 公民身后一件事 bundle (广州白事一本通)
        places: [{ hallId: null, description: '广州各殡仪馆（在经办殡仪馆现场申请）；市殡葬服务中心（市殡仪馆）：天河区燕岭路418号' }],
        contacts: [
          { name: '市殡葬服务中心 业务咨询', phone: '020-87284111' },
          { name: '市殡葬服务中心 身后事一站式联办', phone: '020-87087328' },
          { name: '市殡葬服务中心 报丧电话', phone: '020-87744444' },
        ],
        onlineApply: false,
      },
      demo: {
        modes: ['immediate', 'one_visit'],
        fee: FREE,
        maxVisits: 1,
        legalDays: 0,
        promisedDays: 0,
        resultDelivery: ['window'],
        process: [
          { step: '报丧登记', description: '致电殡仪馆或通过“穗好办”登记遗体接运信息。' },
          { step: '现场申请', description: '在经办殡仪馆办理殡葬服务时一并申请减免。' },
          { step: '核减费用', description: '符合条件的在结算时直接减免基本殡葬服务费用。' },
        ],
        materials: [
          M.death(),
          M.idCard({ name: '逝者居民身份证或户口簿' }),
          M.idCard({ name: '经办人居民身份证' }),
          M.copy('困难群众身份证明（申请困难群众减免标准时）', { required: false }),
        ],
      },
    },
    false,
  ),
  OT10: mz(
    {
      lifeEvents: ['death'],
      keywords: ['海葬', '撒海', '骨灰撒海', '生态安葬'],
      popularity: 15,
      bookable: false,
      appointmentCategory: null,
      real: { places: [{ hallId: null, description: '广州市民政局（统一组织骨灰撒海活动）' }], onlineApply: false },
      demo: {
        modes: ['one_visit'],
        fee: FREE,
        maxVisits: 1,
        legalDays: 20,
        promisedDays: 10,
        resultDelivery: ['electronic'],
        contacts: [HOTLINE_12345],
        process: [
          { step: '预约撒海', description: '按市民政局公布的骨灰撒海预约须知预约。' },
          { step: '参加活动', description: '参加市民政局统一组织的骨灰撒海活动。' },
          { step: '业务确认', description: '办理业务确认。' },
          { step: '申领补贴', description: '符合条件的申领骨灰撒海补贴。' },
        ],
        materials: [
          M.idCard({ name: '申请人居民身份证' }),
          M.death({ name: '逝者死亡证明及火化证明' }),
          M.hukou({ name: '申请人与逝者的亲属关系证明' }),
          M.bank(),
        ],
      },
    },
    false,
  ),

  // ----- 公安 / 来穗 -----
  OT11: ga(
    {
      lifeEvents: ['residence'],
      keywords: ['办居住证', '居住证', '来穗', '外地人', '新办居住证'],
      popularity: 87,
      noIdCardELicence: true,
      real: {
        // implementing_department: 居住地镇（街）流动人口服务管理工作机构（广州：街道来穗人员和出租屋服务管理中心）受理，区公安机关签发
        places: [{ hallId: null, description: '居住地街道来穗人员和出租屋服务管理中心（受理），区公安机关签发' }],
        onlineApply: true,
        // notes: 电子居住证与实体证同等效力
        resultDelivery: ['window', 'electronic'],
      },
      form: [
        F.phone(),
        F.textarea('residenceAddress', '居住地址', true, 200),
        F.date('residenceRegisteredOn', '办理居住登记的日期'),
        F.select('basis', '申领依据', ['合法稳定就业', '合法稳定住所', '连续就读']),
        F.text('employerOrSchool', '就业单位或就读学校', false, 100),
      ],
      demo: { process: PROCESS_HALL, contacts: [HOTLINE_12345] },
    },
    false,
  ),
  OT12: ga(
    {
      lifeEvents: ['residence'],
      keywords: ['居住证续期', '居住证签注', '居住证过期', '居住证'],
      popularity: 84,
      noIdCardELicence: true,
      real: {
        // implementing_department: 镇街（社会事务）综合服务中心受理，区公安分局审核签发
        places: [{ hallId: null, description: '居住地街道政务服务中心（社会事务综合服务中心受理），区公安分局审核签发' }],
        onlineApply: true,
      },
      form: [
        F.phone(),
        F.text('permitNo', '居住证号码', true, 30),
        F.textarea('residenceAddress', '居住地址', true, 200),
        F.select('basis', '签注依据', ['合法稳定就业', '合法稳定住所', '连续就读']),
      ],
      demo: { process: PROCESS_ONLINE, contacts: [HOTLINE_12345], resultDelivery: ['electronic', 'window'] },
    },
    false,
  ),
  OT13: ga({
    lifeEvents: ['residence'],
    keywords: ['居住登记', '来穗登记', '租房登记', '办居住证'],
    popularity: 60,
    form: [
      F.phone(),
      F.textarea('residenceAddress', '居住地址', true, 200),
      F.date('moveInDate', '入住日期'),
      F.select('housingType', '住所类型', ['租赁住房', '自有住房', '单位宿舍', '亲友住所']),
    ],
    demo: {
      modes: ['online', 'nearby'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      channels: ['“粤居码”微信小程序', '居住地街道来穗人员和出租屋服务管理中心'],
      legalDays: 3,
      promisedDays: 1,
      conditions: ['离开常住户口所在地，到本市居住的人员，应当办理居住登记（申领居住证的前置事项）。'],
      materials: [M.idCard(), M.copy('居住地址证明（如租赁合同、房产证明）')],
    },
  }),
  OT14: ga({
    lifeEvents: ['birth', 'household'],
    keywords: ['上户口', '新生儿入户', '报户口', '生孩子', '新生儿落户'],
    popularity: 76,
    demo: {
      places: [PLACE_DIST('户政业务'), { hallId: null, description: '入户地派出所户政窗口' }],
      legalDays: 10,
      promisedDays: 5,
      conditions: ['新生儿随父亲或母亲在本市申报出生登记（落户）。'],
      materials: [
        M.idCard({ name: '入户方居民身份证' }),
        M.hukou({ name: '入户方居民户口簿' }),
        { name: '新生儿出生医学证明', form: 'original', eLicenceType: 'birth_certificate' },
        { name: '父母结婚证', form: 'original', eLicenceType: 'marriage_certificate', required: false },
      ],
    },
  }),
  OT15: ga({
    lifeEvents: ['household'],
    keywords: ['迁户口', '入户', '户口迁入', '户口迁出', '落户'],
    popularity: 55,
    demo: {
      places: [PLACE_DIST('户政业务'), { hallId: null, description: '迁入地派出所户政窗口' }],
      legalDays: 20,
      promisedDays: 10,
      conditions: ['符合本市户籍迁入政策或需要迁出本市的人员；具体条件以公安机关公布的入户政策为准。'],
      materials: [M.idCard(), M.hukou(), M.copy('符合迁移条件的证明材料（如准予迁入证明、房产证明、人才引进材料）')],
    },
  }),

  // ----- 卫健 -----
  OT16: wj(
    {
      lifeEvents: ['birth'],
      keywords: ['出生证', '出生医学证明', '生孩子', '办出生证'],
      popularity: 74,
      bookable: false,
      appointmentCategory: null,
      real: {
        // implementing_department: 助产机构（签发机构）; channels: 粤省事 网上申请 / 签发机构现场; promised: 现场领取或邮政速递
        places: [{ hallId: null, description: '新生儿出生的助产机构（签发机构）' }],
        onlineApply: true,
        resultDelivery: ['window', 'courier'],
      },
      form: [
        F.phone(),
        F.text('hospitalName', '分娩助产机构名称', true, 100),
        F.text('babyName', '新生儿姓名', true, 30),
        F.date('babyBirthDate', '新生儿出生日期'),
        F.select('collectMethod', '领取方式', ['签发机构现场领取', '邮政速递']),
      ],
      demo: {
        modes: ['online', 'one_visit'],
        legalDays: 5,
        maxVisits: 0,
        contacts: [HOTLINE_WJ, HOTLINE_12345],
        process: [
          { step: '网上申请', description: '新生儿母亲在“粤省事”小程序“生育”→“申领出生医学证明”发起申请，父母双方刷脸。' },
          { step: '签发', description: '助产机构审核并签发。' },
          { step: '领取', description: '预约到签发机构现场领取，或选择邮政速递。' },
        ],
      },
    },
    false,
  ),
  OT17: wj({
    lifeEvents: ['birth'],
    keywords: ['生育登记', '准生证', '生孩子', '生育服务', '怀孕'],
    popularity: 60,
    otherCity: ['fee'],
    // implementing_department: 镇街卫生健康部门（女方户籍地、男方户籍地或女方居住地任一）
    real: { places: [{ hallId: null, description: '街道卫生健康部门（女方户籍地、男方户籍地或女方居住地任一）' }] },
    form: [
      F.phone(),
      F.text('spouseName', '配偶姓名', true, 30),
      F.idNumber('spouseIdNumber', '配偶身份证号码'),
      F.select('childOrder', '本次登记为', ['第一孩', '第二孩', '第三孩及以上']),
      F.date('expectedDate', '预产期', false),
    ],
    demo: {
      modes: ['online', 'nearby'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      places: undefined,
      channels: CHANNELS_ONLINE,
      legalDays: 5,
      promisedDays: 1,
      fee: { free: true, amountFen: null, description: '不收费' },
      conditions: ['夫妻双方中至少一方为本省户籍，或女方在本省居住，可在女方户籍地、男方户籍地或女方居住地办理生育登记。'],
      materials: [
        M.idCard({ name: '夫妻双方居民身份证' }),
        { name: '结婚证', form: 'original', eLicenceType: 'marriage_certificate' },
        M.hukou({ name: '夫妻双方居民户口簿', required: false }),
      ],
    },
  }),
  OT18: wj({
    lifeEvents: ['birth'],
    keywords: ['打疫苗', '预防接种', '疫苗本', '接种证'],
    popularity: 45,
    bookable: false,
    appointmentCategory: null,
    form: [
      F.phone(),
      F.text('babyName', '儿童姓名', true, 30),
      F.date('babyBirthDate', '儿童出生日期'),
      F.text('vaccinationClinic', '接种门诊', false, 100),
    ],
    demo: {
      modes: ['online'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      places: [{ hallId: null, description: '居住地预防接种门诊' }],
      channels: CHANNELS_ONLINE,
      legalDays: 5,
      promisedDays: 1,
      conditions: ['新生儿及儿童建立预防接种电子档案（新生儿出生一件事可一并办理）。'],
      materials: [
        { name: '儿童出生医学证明', form: 'electronic', eLicenceType: 'birth_certificate' },
        M.idCard({ name: '监护人居民身份证' }),
      ],
    },
  }),
  OT19: wj({
    lifeEvents: ['birth'],
    keywords: ['育儿指导', '母子健康手册', '育儿'],
    popularity: 20,
    bookable: false,
    appointmentCategory: null,
    form: [F.phone(), F.text('babyName', '儿童姓名', true, 30), F.date('babyBirthDate', '儿童出生日期')],
    demo: {
      modes: ['online'],
      onlineApply: true,
      resultDelivery: ['electronic'],
      maxVisits: 0,
      process: PROCESS_ONLINE,
      places: [{ hallId: null, description: '线上办理' }],
      channels: CHANNELS_ONLINE,
      legalDays: 5,
      promisedDays: 1,
      conditions: ['新生儿家庭登记科学育儿指导服务（新生儿出生一件事可一并办理）。'],
      materials: [M.idCard({ name: '监护人居民身份证' })],
    },
  }),

  // ----- 医保 -----
  OT21: yb({
    lifeEvents: ['medical', 'birth'],
    keywords: ['交医保', '医保缴费', '居民医保缴费', '新生儿医保'],
    popularity: 55,
    form: [
      F.phone(),
      F.text('insuredName', '参保人姓名', true, 30),
      F.idNumber('insuredIdNumber', '参保人身份证号码'),
      F.text('payYear', '缴费年度', true, 10, '例如：2026'),
    ],
    demo: {
      legalDays: 5,
      promisedDays: 1,
      conditions: ['已办理城乡居民基本医疗保险参保登记的人员，按年度申报缴纳城乡居民医保费。'],
      materials: [M.idCard({ name: '参保人有效身份证件（新生儿可提供户口簿或出生医学证明）' })],
    },
  }),
  OT22: yb({
    lifeEvents: ['medical'],
    keywords: ['慢性病', '门特', '门慢', '特殊病', '医保报销'],
    popularity: 50,
    demo: {
      ...HALL_DEMO('医保业务', HOTLINE_YB),
      places: [PLACE_DIST('医保业务'), { hallId: null, description: '定点医疗机构' }],
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参保人员患有门诊特定病种范围内的疾病，经定点医疗机构诊断的；病种范围和待遇标准由省统一制定。'],
      materials: [M.idCard(), M.copy('定点医疗机构出具的诊断证明及相关检查报告'), M.doc('门诊特定病种待遇认定申请表')],
    },
  }),
  OT23: yb({
    lifeEvents: ['medical'],
    keywords: ['异地看病', '外地看病', '跨省就医', '医保报销', '异地就医'],
    popularity: 75,
    form: [
      F.phone(),
      F.text('settleCity', '就医地（省、市）', true, 50),
      F.select('filingType', '备案类型', ['异地长期居住', '常驻异地工作', '异地转诊就医', '临时外出就医']),
      F.date('startDate', '备案开始日期'),
      F.textarea('remark', '补充说明'),
    ],
    demo: {
      modes: ['online', 'immediate'],
      legalDays: 5,
      promisedDays: 0,
      conditions: ['参加本市基本医疗保险，需要到参保地以外就医并直接结算医疗费用的人员。'],
      materials: [
        M.idCard(),
        M.copy('异地居住或工作证明（长期居住、常驻工作备案时）', { required: false }),
        M.copy('转诊证明（异地转诊时）', { required: false }),
      ],
    },
  }),
  OT24: yb({
    lifeEvents: ['death', 'medical'],
    keywords: ['医保个人账户', '医保余额', '身后事', '领钱'],
    popularity: 30,
    form: [F.phone(), ...DECEASED_FIELDS(), F.relation(), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 20,
      promisedDays: 10,
      conditions: ['参保人员死亡后，其职工医保个人账户余额可按规定由继承人申请一次性支取。'],
      materials: [M.idCard(), M.death(), M.hukou({ name: '继承关系证明（居民户口簿、公证书等）' }), M.bank()],
    },
  }),

  // ----- 公积金 -----
  OT25: gjj({
    lifeEvents: ['death', 'housing'],
    keywords: ['去世提公积金', '公积金继承', '提公积金', '身后事'],
    popularity: 30,
    demo: {
      ...HALL_DEMO('综合受理', HOTLINE_GJJ),
      places: [{ hallId: null, description: '广州住房公积金管理中心服务网点' }],
      legalDays: 20,
      promisedDays: 5,
      conditions: ['职工死亡或被宣告死亡的，其继承人、受遗赠人可申请提取住房公积金账户余额。'],
      materials: [M.idCard(), M.death(), M.copy('继承权或受遗赠权证明（如公证书、法院判决书）'), M.bank()],
    },
  }),
  OT26: gjj({
    lifeEvents: ['retirement', 'housing'],
    keywords: ['退休提公积金', '公积金销户', '提公积金'],
    popularity: 50,
    form: [F.phone(), F.date('retireDate', '退休日期'), F.bankName(), F.bankAccount()],
    demo: {
      legalDays: 5,
      promisedDays: 1,
      conditions: ['职工离休、退休的，可申请提取住房公积金账户余额。'],
      materials: [M.idCard(), M.copy('离退休证明'), M.bank()],
    },
  }),
  OT27: gjj({
    lifeEvents: ['housing'],
    keywords: ['租房提取', '提公积金', '租房', '房租'],
    popularity: 86,
    form: [
      F.phone(),
      F.textarea('rentalAddress', '租住房屋地址', true, 200),
      F.number('monthlyRent', '月租金（元）'),
      F.date('leaseStart', '租赁开始日期'),
      F.bankName(),
      F.bankAccount(),
    ],
    demo: {
      legalDays: 5,
      promisedDays: 1,
      conditions: ['职工在本市无自有住房且租赁住房的，可按规定申请提取住房公积金支付房租；提取额度以公积金中心规定为准。'],
      materials: [M.idCard(), M.copy('房屋租赁合同或租赁备案证明', { required: false }), M.bank()],
    },
  }),
};

/** Data items folded into another item (same 事项 listed in both files). */
export const MERGED_ITEMS: Record<string, string> = {
  OT20: 'SB37', // 城乡居民参保登记（基本医疗保险）: same 事项 and same 中山 source
  OT28: 'SB08', // 灵活就业社保补贴申领: other-items.json points to SB08 for the full guide
};

// ---------------------------------------------------------------------------------------------
// Items not in the data files
// ---------------------------------------------------------------------------------------------

export interface AddedItem {
  id: string;
  /** placed after this data item in the output */
  after: string;
  name: string;
  aliases: string[];
  sources: Source[];
  verification: string;
  overlay: ItemOverlay;
}

const SOURCES_BAISHI: Source[] = [
  {
    title:
      '广州白事一本通（2024年11月，广州市殡葬管理处/殡葬监察大队/殡葬协会）转载——“公民身后一件事”可办理户籍注销、公积金封存提取等16事项',
    url: 'http://bzxxf.binzangxx.com/a/muyuanzixund/guangdongshengmuyuanzixun/20241208/42058.html',
  },
];

export const ADDED_ITEMS: AddedItem[] = [
  {
    id: 'AD01',
    after: 'SB07',
    name: '社会保障卡挂失与解挂',
    aliases: ['社保卡挂失', '社保卡解挂', '社保卡临时挂失'],
    sources: [],
    verification: 'overlay_added: not in data (demo guide)',
    overlay: ss({
      lifeEvents: ['ss_card'],
      keywords: ['社保卡丢了', '社保卡不见了', '挂失', '解挂', '社保卡被偷'],
      popularity: 90,
      notes: '资料文件未收录本事项，为满足社保卡挂失的常见需求而补充；办事指南内容均为演示值。',
      form: [
        F.phone(),
        F.select('action', '办理类型', ['挂失', '解挂']),
        F.date('lostDate', '遗失日期', false),
        F.textarea('remark', '补充说明'),
      ],
      demo: {
        modes: ['online', 'immediate'],
        resultDelivery: ['electronic'],
        legalDays: 1,
        promisedDays: 0,
        conditions: ['社会保障卡遗失或被盗的，持卡人本人（或监护人）可申请挂失；找回原卡的可申请解挂。'],
        materials: [M.idCard({ name: '持卡人居民身份证' })],
      },
    }),
  },
  {
    id: 'AD02',
    after: 'AD01',
    name: '社会保障卡补领、换领、换发',
    aliases: ['社保卡补换', '社保卡补办', '社保卡补领', '社保卡换卡'],
    sources: [],
    verification: 'overlay_added: not in data (demo guide)',
    overlay: ss({
      lifeEvents: ['ss_card'],
      keywords: ['社保卡丢了', '补卡', '换卡', '社保卡坏了', '社保卡'],
      popularity: 95,
      notes: '资料文件未收录本事项，为满足社保卡补换的常见需求而补充；办事指南内容均为演示值。遗失的须先办理“社会保障卡挂失与解挂”。',
      situations: [
        {
          code: 'reason',
          question: '为什么要补换社保卡？',
          options: [
            { code: 'reason_lost', label: '遗失或被盗（补领）' },
            { code: 'reason_damaged', label: '卡片损坏或无法使用（换领）' },
            { code: 'reason_upgrade', label: '换发新版社会保障卡' },
          ],
        },
        {
          code: 'applicant',
          question: '由谁办理？',
          options: [
            { code: 'applicant_self', label: '持卡人本人' },
            { code: 'applicant_guardian', label: '监护人代未成年人或行动不便者办理' },
          ],
        },
        {
          code: 'photo',
          question: '是否已有社会保障卡数码相片回执？',
          options: [
            { code: 'photo_receipt', label: '已有相片回执' },
            { code: 'photo_onsite', label: '没有，到窗口现场拍照' },
          ],
        },
      ],
      form: [
        F.phone(),
        F.select('reason', '补换原因', ['遗失或被盗', '卡片损坏', '换发新版']),
        F.bankName(),
        F.select('collectMethod', '领卡方式', ['到银行网点领取', '邮寄到家']),
        F.mailingAddress(),
      ],
      demo: {
        legalDays: 20,
        promisedDays: 10,
        resultDelivery: ['window', 'courier'],
        conditions: ['已持有本市社会保障卡，因遗失、损坏或换发新版需要补领、换领的持卡人。'],
        materials: [
          M.idCard({ name: '持卡人居民身份证' }),
          M.doc('原社会保障卡', { whenOptions: ['reason_damaged', 'reason_upgrade'] }),
          M.doc('社会保障卡挂失记录（已在小程序或热线挂失的免提交）', {
            form: 'electronic',
            required: false,
            whenOptions: ['reason_lost'],
          }),
          M.doc('社会保障卡数码相片回执', { form: 'electronic', whenOptions: ['photo_receipt'] }),
          M.hukou({ name: '监护人居民身份证及监护关系证明（居民户口簿或出生医学证明）', whenOptions: ['applicant_guardian'] }),
        ],
      },
    }),
  },
  {
    id: 'AD03',
    after: 'OT15',
    name: '户籍注销',
    aliases: ['死亡注销户口', '注销户口'],
    sources: SOURCES_BAISHI,
    verification: 'name_in_bundle_source(广州白事一本通)',
    overlay: ga({
      lifeEvents: ['death', 'household'],
      keywords: ['死亡销户', '销户口', '老人去世', '身后事', '注销户籍'],
      popularity: 40,
      notes: '资料仅在“公民身后一件事”（广州白事一本通）中列出本事项名称，可在殡仪馆“身后事一站式联办”时一并办理；办事指南内容均为演示值。',
      demo: {
        places: [
          PLACE_DIST('户政业务'),
          { hallId: null, description: '逝者户籍所在地派出所户政窗口；或在殡仪馆“身后事一站式联办”时一并办理' },
        ],
        legalDays: 5,
        promisedDays: 0,
        conditions: ['本市户籍人员死亡的，由其亲属或监护人申报注销户口。'],
        materials: [
          M.death(),
          M.hukou({ name: '逝者居民户口簿' }),
          M.idCard({ name: '逝者居民身份证（如有）', eLicenceType: null, required: false }),
          M.idCard({ name: '申报人居民身份证' }),
        ],
      },
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// Bundles (一件事)
// ---------------------------------------------------------------------------------------------

export interface BundleOverlay {
  code: string;
  lifeEvent: string;
  /** every member name in the data → the item id it maps to, or why it was dropped */
  members: Record<string, { id: string } | { dropped: string }>;
  /** items of ours added to the bundle, with the reason */
  extra?: { id: string; why: string }[];
  /** membership is not an official Guangzhou list → `itemCodes` in demo */
  membershipDemo: boolean;
  /** replaces the data's notes in the description (hand-written from the same facts) */
  note?: string;
}

export const BUNDLE_OVERLAYS: Record<string, BundleOverlay> = {
  YJS01: {
    code: 'HZ-YJS01',
    lifeEvent: 'birth',
    members: {
      生育登记凭证签发: { id: 'OT17' },
      出生医学证明签发: { id: 'OT16' },
      预防接种电子档案申领: { id: 'OT18' },
      '国（境）内出生登记': { id: 'OT14' },
      '城乡居民参保登记（基本医疗保险）': { id: 'SB37' },
      社会保障卡申领: { id: 'SB07' },
      '城乡居民基本医疗保险费申报（新生儿医保缴费）': { id: 'OT21' },
      生育医疗费用报销: { id: 'SB21' },
      科学育儿指导服务登记: { id: 'OT19' },
    },
    membershipDemo: false,
  },
  YJS02: {
    code: 'HZ-YJS02',
    lifeEvent: 'death',
    members: {
      户籍注销: { id: 'AD03' },
      '住房公积金封存/提取': { id: 'OT25' },
      '个人账户一次性待遇申领（基本养老保险）': { id: 'SB16' },
      参保人员职工基本医疗保险个人账户余额一次性支取: { id: 'OT24' },
      '住房公积金提取（死亡）': { id: 'OT25' },
      '已故存款人小额存款提取（继承人提取）': { dropped: '银行业务而非政务服务事项，且只见于地区不明的二手映射表' },
    },
    extra: [
      { id: 'SB19', why: '身后事常办的社保待遇' },
      { id: 'SB36', why: '与丧葬补助金、抚恤金申领同一业务的退休人员管理视角' },
      { id: 'OT09', why: '在经办殡仪馆现场申请' },
      { id: 'OT10', why: '身后事相关补贴' },
    ],
    membershipDemo: true,
    note: '广州白事一本通称可在殡仪馆“身后事一站式联办”办理户籍注销、公积金封存提取等16个事项，完整清单未取得；海珠区无殡仪馆，海珠居民通常由市殡仪馆承办（推断，未核实）。本清单其余成员按全国参照及本超市相关事项整理，以殡仪馆告知为准。',
  },
  YJS03: {
    code: 'HZ-YJS03',
    lifeEvent: 'retirement',
    members: {
      新增退休人员养老保险待遇核定发放: { id: 'SB14' },
      '离休、退休提取住房公积金': { id: 'OT26' },
      城乡居民基本养老保险补助: { dropped: '本超市未收录该事项，且只见于地区不明的二手映射表' },
      城镇独生子女父母奖励金: { dropped: '本超市未收录该事项，且只见于地区不明的二手映射表' },
    },
    extra: [{ id: 'SB34', why: '广州旧退休流程含“办理退管关系街区转移手续”一步' }],
    membershipDemo: true,
  },
  YJS04: {
    code: 'HZ-YJS04',
    lifeEvent: 'assistance',
    members: {
      特困人员救助供养: { id: 'OT04' },
      最低生活保障: { id: 'OT03' },
      临时救助: { id: 'OT05' },
      '特困、低保等困难群众医疗救助申请和受理': { dropped: '本超市未收录该事项' },
      国家助学贷款申请和受理: { dropped: '本超市未收录该事项' },
      住房救助: { dropped: '本超市未收录该事项' },
      就业救助: { dropped: '本超市未收录该事项' },
    },
    membershipDemo: true,
  },
  YJS05: {
    code: 'HZ-YJS05',
    lifeEvent: 'disability',
    members: {
      困难残疾人生活补贴: { id: 'OT07' },
      重度残疾人护理补贴: { id: 'OT08' },
    },
    membershipDemo: true,
  },
};

// ---------------------------------------------------------------------------------------------
// Synonyms: resident words → catalogue words (each expansion must occur in some item's
// name, aliases or keywords; the build checks it)
// ---------------------------------------------------------------------------------------------

export const SYNONYMS: { term: string; expandsTo: string[] }[] = [
  { term: '生孩子', expandsTo: ['生育', '出生'] },
  { term: '退休金', expandsTo: ['养老金'] },
  { term: '社保卡丢了', expandsTo: ['社保卡挂失', '社保卡补换'] },
  { term: '失业了', expandsTo: ['失业保险金', '失业登记'] },
  { term: '工伤了', expandsTo: ['工伤认定', '工伤医疗'] },
  { term: '老人去世', expandsTo: ['身后事', '丧葬补助金', '死亡'] },
  { term: '结婚', expandsTo: ['结婚登记'] },
  { term: '离婚', expandsTo: ['离婚登记'] },
  { term: '医保报销', expandsTo: ['医疗费用报销', '异地就医', '门诊特定病种'] },
  { term: '办居住证', expandsTo: ['居住证', '居住登记'] },
  { term: '开证明', expandsTo: ['参保证明', '权益记录'] },
  { term: '养老保险转出', expandsTo: ['养老保险关系转移', '转移接续'] },
  { term: '领钱', expandsTo: ['补贴', '津贴', '补助金', '待遇申领'] },
  { term: '生娃', expandsTo: ['生育', '出生'] },
  { term: '产假工资', expandsTo: ['生育津贴'] },
  { term: '准生证', expandsTo: ['生育登记'] },
  { term: '上户口', expandsTo: ['出生登记', '户口迁移'] },
  { term: '迁户口', expandsTo: ['户口迁移'] },
  { term: '出生证', expandsTo: ['出生医学证明'] },
  { term: '打疫苗', expandsTo: ['预防接种'] },
  { term: '低保', expandsTo: ['最低生活保障'] },
  { term: '生活困难', expandsTo: ['最低生活保障', '临时救助', '特困人员'] },
  { term: '高龄补贴', expandsTo: ['老年人福利补贴', '高龄津贴'] },
  { term: '残疾补贴', expandsTo: ['困难残疾人生活补贴', '重度残疾人护理补贴'] },
  { term: '提公积金', expandsTo: ['住房公积金提取', '提取住房公积金'] },
  { term: '租房提公积金', expandsTo: ['住房公积金租房提取'] },
  { term: '自己交社保', expandsTo: ['灵活就业人员参保登记'] },
  { term: '交社保', expandsTo: ['参保登记'] },
  { term: '养老金认证', expandsTo: ['待遇领取资格认证'] },
  { term: '异地看病', expandsTo: ['异地就医备案'] },
  { term: '慢性病', expandsTo: ['门诊特定病种'] },
  { term: '买医保', expandsTo: ['城乡居民参保登记', '居民医保'] },
  { term: '改名字', expandsTo: ['个人基本信息变更', '退休人员基本信息变更'] },
  { term: '丧葬费', expandsTo: ['丧葬补助金', '殡葬基本服务费用减免'] },
  { term: '海葬', expandsTo: ['骨灰撒海'] },
  { term: '办退休', expandsTo: ['职工正常退休', '退休申请'] },
  { term: '社保卡坏了', expandsTo: ['社保卡补换'] },
  { term: '办社保卡', expandsTo: ['社保卡申领'] },
  { term: '伤残鉴定', expandsTo: ['劳动能力鉴定'] },
  { term: '工伤报销', expandsTo: ['工伤医疗费报销'] },
  { term: '离职', expandsTo: ['失业登记', '失业保险金'] },
  { term: '社保查询', expandsTo: ['缴费明细查询', '权益记录'] },
  { term: '销户口', expandsTo: ['户籍注销'] },
  { term: '居住证续期', expandsTo: ['签注居住证'] },
  { term: '退休后搬家', expandsTo: ['退管关系', '异地居住'] },
  { term: '社保转移', expandsTo: ['养老保险关系转移'] },
  { term: '生育险', expandsTo: ['生育津贴', '生育医疗费用报销'] },
  { term: '失业金', expandsTo: ['失业保险金'] },
  { term: '新生儿医保', expandsTo: ['新生儿参保', '新生儿医保缴费'] },
  { term: '去世提公积金', expandsTo: ['住房公积金提取'] },
  { term: '灵活就业补贴', expandsTo: ['灵活就业社保补贴'] },
  { term: '火化', expandsTo: ['殡葬基本服务费用减免'] },
];
