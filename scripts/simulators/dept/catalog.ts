/**
 * Reference data of the contract: department codes, datasets, licence types, case statuses, the
 * information index. Codes are the spec's; names of local offices and synthetic organisation
 * codes (valid GB 32100 check characters, not real organisations) are the simulator's.
 */
import type { SignMethod } from './signing';

/** §4.1 `deptCode`: RS 人社, MZ 民政, GA 公安, WJ 卫健. */
export const DEPT_CODES = ['RS', 'MZ', 'GA', 'WJ'] as const;
export type DeptCode = (typeof DEPT_CODES)[number];

export function isDeptCode(value: unknown): value is DeptCode {
  return typeof value === 'string' && (DEPT_CODES as readonly string[]).includes(value);
}

export interface Organisation {
  name: string;
  /** 统一社会信用代码 (synthetic). */
  orgCode: string;
  regionCode: string;
}

/** Provincial owners of the shared data (information index `deptName`). */
export const PROVINCIAL_DEPT_NAMES: Readonly<Record<DeptCode, string>> = {
  RS: '广东省人力资源和社会保障厅',
  MZ: '广东省民政厅',
  GA: '广东省公安厅',
  WJ: '广东省卫生健康委员会',
};

/** The district offices that handle cases and issue licences in 海珠区 (440105). */
export const DISTRICT_OFFICES: Readonly<Record<DeptCode, Organisation>> = {
  RS: { name: '广州市海珠区人力资源和社会保障局', orgCode: '11440105MB2C00013F', regionCode: '440105' },
  MZ: { name: '广州市海珠区民政局', orgCode: '11440105MB2C00021A', regionCode: '440105' },
  GA: { name: '广州市公安局海珠区分局', orgCode: '11440105MB2C0003X2', regionCode: '440105' },
  WJ: { name: '广州市海珠区卫生健康局', orgCode: '11440105MB2C000482', regionCode: '440105' },
};

/** A synthetic birth hospital (the 出生医学证明 is signed by the hospital under 卫健). */
export const BIRTH_HOSPITAL: Organisation = { name: '广州市海珠区某某医院', orgCode: '12440105MB2C00064L', regionCode: '440105' };

// ---------------------------------------------------------------- datasets (§5.2)

export const DATASET_CODES = ['RS_SI_PAYMENT', 'RS_SI_ENROLLMENT', 'MZ_MARRIAGE', 'GA_HOUSEHOLD', 'WJ_BIRTH'] as const;
export type DatasetCode = (typeof DATASET_CODES)[number];

export function isDatasetCode(value: unknown): value is DatasetCode {
  return typeof value === 'string' && (DATASET_CODES as readonly string[]).includes(value);
}

export const SHARE_TYPES = ['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];

export interface DatasetDef {
  name: string;
  deptCode: DeptCode;
  /** Default class; `/__sim/config {shareTypes}` can change it. */
  shareType: ShareType;
}

export const DATASETS: Readonly<Record<DatasetCode, DatasetDef>> = {
  RS_SI_PAYMENT: { name: '社保参保缴费记录', deptCode: 'RS', shareType: 'CONDITIONAL' },
  RS_SI_ENROLLMENT: { name: '参保状态', deptCode: 'RS', shareType: 'CONDITIONAL' },
  MZ_MARRIAGE: { name: '婚姻登记信息', deptCode: 'MZ', shareType: 'CONDITIONAL' },
  GA_HOUSEHOLD: { name: '户籍信息', deptCode: 'GA', shareType: 'CONDITIONAL' },
  WJ_BIRTH: { name: '出生医学证明信息', deptCode: 'WJ', shareType: 'CONDITIONAL' },
};

/** 险种类型 (§5.2, unconfirmed with 人社). */
export const INSURANCE_TYPES: Readonly<Record<string, string>> = {
  '110': '企业职工基本养老保险',
  '120': '机关事业单位养老保险',
  '170': '城乡居民基本养老保险',
  '210': '失业保险',
  '310': '职工基本医疗保险',
  '390': '城乡居民基本医疗保险',
  '410': '工伤保险',
  '510': '生育保险',
};

export const PAYMENT_STATUSES = ['PAID', 'ARREARS', 'BACKPAY'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

// ---------------------------------------------------------------- licences (§6)

export const LICENSE_TYPES = ['ID_CARD', 'HOUSEHOLD_REGISTER', 'MARRIAGE_CERT', 'BIRTH_MEDICAL_CERT', 'SOCIAL_SECURITY_CARD'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

export function isLicenseType(value: unknown): value is LicenseType {
  return typeof value === 'string' && (LICENSE_TYPES as readonly string[]).includes(value);
}

export const LICENSE_STATUSES = ['VALID', 'EXPIRED', 'REVOKED', 'SUSPENDED'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

export interface LicenseTypeDef {
  name: string;
  issuerDept: DeptCode;
  /** Default 电子证照目录 code: a placeholder, the real values are configured per environment. */
  catalogCode: string;
}

export const LICENSE_TYPE_DEFS: Readonly<Record<LicenseType, LicenseTypeDef>> = {
  ID_CARD: { name: '居民身份证', issuerDept: 'GA', catalogCode: 'SIM-CATALOG-ID_CARD' },
  HOUSEHOLD_REGISTER: { name: '居民户口簿', issuerDept: 'GA', catalogCode: 'SIM-CATALOG-HOUSEHOLD_REGISTER' },
  MARRIAGE_CERT: { name: '结婚证', issuerDept: 'MZ', catalogCode: 'SIM-CATALOG-MARRIAGE_CERT' },
  BIRTH_MEDICAL_CERT: { name: '出生医学证明', issuerDept: 'WJ', catalogCode: 'SIM-CATALOG-BIRTH_MEDICAL_CERT' },
  SOCIAL_SECURITY_CARD: { name: '社会保障卡', issuerDept: 'RS', catalogCode: 'SIM-CATALOG-SOCIAL_SECURITY_CARD' },
};

// ---------------------------------------------------------------- identity documents (§4.1)

/** `idType` codes accepted for persons; `001` (统一社会信用代码) for legal persons. */
export const PERSON_ID_TYPES = ['111', '113', '414', '516', '511'] as const;
export const LEGAL_ID_TYPE = '001';

// ---------------------------------------------------------------- cases (§4.2)

export const CASE_STATUSES = ['RECEIVED', 'ACCEPTED', 'REJECTED', 'IN_REVIEW', 'SUPPLEMENT_REQUIRED', 'SUPPLEMENTED', 'CONCLUDED', 'WITHDRAWN'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_NAMES: Readonly<Record<CaseStatus, string>> = {
  RECEIVED: '已收件',
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  IN_REVIEW: '审核中',
  SUPPLEMENT_REQUIRED: '待补正',
  SUPPLEMENTED: '已补正',
  CONCLUDED: '办结',
  WITHDRAWN: '已撤回',
};

/** The §4.2 transition table: status → statuses it may move to. Terminal statuses have none. */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  RECEIVED: ['ACCEPTED', 'REJECTED', 'WITHDRAWN'],
  ACCEPTED: ['IN_REVIEW', 'SUPPLEMENT_REQUIRED', 'CONCLUDED', 'WITHDRAWN'],
  REJECTED: [],
  IN_REVIEW: ['SUPPLEMENT_REQUIRED', 'CONCLUDED'],
  SUPPLEMENT_REQUIRED: ['SUPPLEMENTED', 'WITHDRAWN', 'REJECTED'],
  SUPPLEMENTED: ['IN_REVIEW'],
  CONCLUDED: [],
  WITHDRAWN: [],
};

export function isTerminal(status: CaseStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** §4.5: statuses a withdrawal is accepted in. */
export const WITHDRAWABLE: readonly CaseStatus[] = ['RECEIVED', 'ACCEPTED', 'SUPPLEMENT_REQUIRED'];

// ---------------------------------------------------------------- information index (§7)

export interface IndexField {
  code: string;
  name: string;
  type: 'string' | 'date' | 'month' | 'money' | 'integer' | 'array';
}

export interface DataItem {
  dataItemCode: string;
  name: string;
  deptCode: DeptCode;
  deptName: string;
  /** Null for items that no dataset serves (not shared, or legal-person data). */
  datasetCode: DatasetCode | null;
  shareType: ShareType;
  shareCondition: string | null;
  updateFrequency: 'REALTIME' | 'DAILY' | 'MONTHLY';
  fields: IndexField[];
  /** Which part of a resident's record answers "has data" (lookup reveals presence only). */
  presence: 'socialInsurance' | 'marriage' | 'household' | 'birth' | 'none';
}

function item(def: Omit<DataItem, 'deptName'>): DataItem {
  return { ...def, deptName: PROVINCIAL_DEPT_NAMES[def.deptCode] };
}

export const DATA_ITEMS: readonly DataItem[] = [
  item({
    dataItemCode: 'RS.SI.PAYMENT',
    name: '社会保险缴费记录',
    deptCode: 'RS',
    datasetCode: 'RS_SI_PAYMENT',
    shareType: 'CONDITIONAL',
    shareCondition: '需本人授权，限社会保险相关事项',
    updateFrequency: 'DAILY',
    fields: [
      { code: 'month', name: '费款所属期', type: 'month' },
      { code: 'insuranceType', name: '险种类型', type: 'string' },
      { code: 'paymentBase', name: '缴费基数', type: 'money' },
      { code: 'personalAmount', name: '个人缴费', type: 'money' },
    ],
    presence: 'socialInsurance',
  }),
  item({
    dataItemCode: 'RS.SI.ENROLLMENT',
    name: '社会保险参保状态',
    deptCode: 'RS',
    datasetCode: 'RS_SI_ENROLLMENT',
    shareType: 'CONDITIONAL',
    shareCondition: '需本人授权',
    updateFrequency: 'DAILY',
    fields: [
      { code: 'insuranceType', name: '险种类型', type: 'string' },
      { code: 'status', name: '参保状态', type: 'string' },
    ],
    presence: 'socialInsurance',
  }),
  item({
    dataItemCode: 'RS.EMPLOYER.REGISTRATION',
    name: '用人单位社会保险登记信息',
    deptCode: 'RS',
    datasetCode: null,
    shareType: 'UNCONDITIONAL',
    shareCondition: null,
    updateFrequency: 'DAILY',
    fields: [
      { code: 'employerName', name: '单位名称', type: 'string' },
      { code: 'registeredAt', name: '登记日期', type: 'date' },
    ],
    presence: 'none',
  }),
  item({
    dataItemCode: 'MZ.MARRIAGE.STATUS',
    name: '婚姻状况',
    deptCode: 'MZ',
    datasetCode: 'MZ_MARRIAGE',
    shareType: 'CONDITIONAL',
    shareCondition: '需本人授权，限婚姻相关事项',
    updateFrequency: 'REALTIME',
    fields: [{ code: 'maritalStatus', name: '婚姻状况', type: 'string' }],
    presence: 'marriage',
  }),
  item({
    dataItemCode: 'MZ.MARRIAGE.REGISTRATION',
    name: '婚姻登记记录',
    deptCode: 'MZ',
    datasetCode: 'MZ_MARRIAGE',
    shareType: 'CONDITIONAL',
    shareCondition: '需本人授权，限婚姻相关事项',
    updateFrequency: 'REALTIME',
    fields: [
      { code: 'spouseName', name: '配偶姓名', type: 'string' },
      { code: 'registrationDate', name: '登记日期', type: 'date' },
      { code: 'registrationOrg', name: '登记机关', type: 'string' },
    ],
    presence: 'marriage',
  }),
  item({
    dataItemCode: 'GA.HOUSEHOLD.ADDRESS',
    name: '户籍地址',
    deptCode: 'GA',
    datasetCode: 'GA_HOUSEHOLD',
    shareType: 'CONDITIONAL',
    shareCondition: '需本人授权',
    updateFrequency: 'REALTIME',
    fields: [
      { code: 'address', name: '户籍地址', type: 'string' },
      { code: 'regionCode', name: '户籍地行政区划', type: 'string' },
    ],
    presence: 'household',
  }),
  item({
    dataItemCode: 'GA.HOUSEHOLD.MEMBERS',
    name: '户内成员',
    deptCode: 'GA',
    datasetCode: 'GA_HOUSEHOLD',
    shareType: 'CONDITIONAL',
    shareCondition: '需户主或本人授权',
    updateFrequency: 'REALTIME',
    fields: [{ code: 'members', name: '户内成员', type: 'array' }],
    presence: 'household',
  }),
  item({
    dataItemCode: 'GA.CRIMINAL.RECORD',
    name: '违法犯罪记录',
    deptCode: 'GA',
    datasetCode: null,
    shareType: 'NOT_SHARED',
    shareCondition: '不予共享，需本人到公安机关申请开具证明',
    updateFrequency: 'REALTIME',
    fields: [],
    presence: 'none',
  }),
  item({
    dataItemCode: 'WJ.BIRTH.CERT',
    name: '出生医学证明信息',
    deptCode: 'WJ',
    datasetCode: 'WJ_BIRTH',
    shareType: 'CONDITIONAL',
    shareCondition: '需本人或监护人授权',
    updateFrequency: 'DAILY',
    fields: [
      { code: 'certificateNumber', name: '出生医学证明编号', type: 'string' },
      { code: 'birthDate', name: '出生日期', type: 'date' },
    ],
    presence: 'birth',
  }),
];

/** Default key configuration of a department's side of a key pair. */
export interface KeyPair {
  appKey: string;
  appSecret: string;
  signMethod: SignMethod;
}
