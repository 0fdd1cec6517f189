/**
 * Boot data: synthetic residents of 海珠区 (ID numbers with computed GB 11643 check digits; no
 * real people) and the item form schemas the simulator knows. Tests make their own residents
 * through `POST /__sim/people` rather than leaning on these.
 */
import { yuan, monthIndex, monthOf } from './format';
import type { DeptPersonInput, SiRecordInput } from './people';
import type { FormSchema } from './state';

/** Contribution rates in basis points of the base: [employer, personal] (simplified, illustrative). */
const RATES_BP: Readonly<Record<string, readonly [number, number]>> = {
  '110': [1600, 800],
  '210': [48, 20],
  '310': [550, 200],
  '410': [20, 0],
  '510': [85, 0],
};

/** Flexible employment (灵活就业): the person pays both shares. */
const FLEXIBLE_RATES_BP: Readonly<Record<string, readonly [number, number]>> = {
  '110': [0, 2000],
  '310': [0, 550],
};

interface Spell {
  from: string;
  to: string;
  types: readonly string[];
  employerName: string;
  /** Yuan. */
  base: number;
  flexible?: boolean;
  /** Fixed monthly personal contribution (城乡居民 schemes) instead of a rate. */
  fixedPersonal?: number;
  arrears?: readonly string[];
  backpay?: readonly string[];
}

/** Expands employment spells into monthly records (one per month and insurance type). */
export function contributionRecords(spells: readonly Spell[]): SiRecordInput[] {
  const records: SiRecordInput[] = [];
  for (const spell of spells) {
    for (let m = monthIndex(spell.from); m <= monthIndex(spell.to); m += 1) {
      const month = monthOf(m);
      for (const type of spell.types) {
        const baseFen = spell.base * 100;
        const [employerBp, personalBp] = spell.fixedPersonal !== undefined ? [0, 0] : ((spell.flexible ? FLEXIBLE_RATES_BP : RATES_BP)[type] ?? [0, 0]);
        const personalFen = spell.fixedPersonal !== undefined ? spell.fixedPersonal * 100 : Math.round((baseFen * personalBp) / 10_000);
        const status = spell.arrears?.includes(month) ? 'ARREARS' : spell.backpay?.includes(month) ? 'BACKPAY' : 'PAID';
        records.push({
          month,
          insuranceType: type,
          employerName: spell.employerName,
          paymentBase: yuan(baseFen),
          employerAmount: yuan(Math.round((baseFen * employerBp) / 10_000)),
          personalAmount: yuan(personalFen),
          status,
        });
      }
    }
  }
  return records;
}

const HOUSEHOLD_ZHANG = {
  householdNumber: '440105012345',
  householderName: '张三',
  address: '广州市海珠区江南中街道某某路1号',
  regionCode: '440105',
  members: [
    { name: '张三', idNumber: '440105199001011239', relationship: '户主' },
    { name: '李四', idNumber: '440105199205202467', relationship: '配偶' },
    { name: '张小明', idNumber: '440105201908151352', relationship: '子' },
  ],
};

const MARRIAGE_ORG = '广州市海珠区民政局';

/** The default residents; listed with what each one is for in README.md. */
export const SEED_PEOPLE: readonly DeptPersonInput[] = [
  {
    // Employee since 2015-07, 114 paid months to 2024-12 (the §5.2 example's summary), married, one child.
    idNumber: '440105199001011239',
    name: '张三',
    household: { ...HOUSEHOLD_ZHANG, relationship: '户主', registeredAt: '1990-01-20' },
    marriage: { maritalStatus: 'MARRIED', spouseName: '李四', spouseIdNumber: '440105199205202467', registrationDate: '2018-05-20', registrationOrg: MARRIAGE_ORG, certificateNumber: 'J440105-2018-001234' },
    socialInsurance: contributionRecords([
      { from: '2015-07', to: '2019-12', types: ['110', '210', '310', '410', '510'], employerName: '广州某某有限公司', base: 4000 },
      { from: '2020-01', to: '2024-12', types: ['110', '210', '310', '410'], employerName: '广州某某有限公司', base: 5000 },
    ]),
    licenses: [
      { licenseType: 'ID_CARD', issueDate: '2016-03-01', validTo: '2036-03-01' },
      { licenseType: 'HOUSEHOLD_REGISTER', licenseNumber: '440105012345', issueDate: '2019-09-10' },
      { licenseType: 'MARRIAGE_CERT', licenseNumber: 'J440105-2018-001234', issueDate: '2018-05-20' },
      { licenseType: 'SOCIAL_SECURITY_CARD', issueDate: '2021-06-01', validTo: '2031-06-01' },
    ],
  },
  {
    // Spouse of 张三; employed 2016-2022.
    idNumber: '440105199205202467',
    name: '李四',
    household: { ...HOUSEHOLD_ZHANG, relationship: '配偶', registeredAt: '2018-07-02' },
    marriage: { maritalStatus: 'MARRIED', spouseName: '张三', spouseIdNumber: '440105199001011239', registrationDate: '2018-05-20', registrationOrg: MARRIAGE_ORG, certificateNumber: 'J440105-2018-001234' },
    socialInsurance: contributionRecords([{ from: '2016-03', to: '2022-08', types: ['110', '210', '310', '410', '510'], employerName: '广州某某贸易有限公司', base: 4588 }]),
    licenses: [
      { licenseType: 'ID_CARD', issueDate: '2015-05-20', validTo: '2035-05-20' },
      { licenseType: 'HOUSEHOLD_REGISTER', licenseNumber: '440105012345', issueDate: '2019-09-10' },
      { licenseType: 'MARRIAGE_CERT', licenseNumber: 'J440105-2018-001234', issueDate: '2018-05-20' },
    ],
  },
  {
    // Child of 张三 and 李四: 出生医学证明, no social insurance.
    idNumber: '440105201908151352',
    name: '张小明',
    household: { ...HOUSEHOLD_ZHANG, relationship: '子', registeredAt: '2019-09-10' },
    birth: {
      certificateNumber: 'T440123456',
      birthPlace: '广东省广州市海珠区',
      motherName: '李四',
      motherIdNumber: '440105199205202467',
      fatherName: '张三',
      fatherIdNumber: '440105199001011239',
    },
    licenses: [
      { licenseType: 'BIRTH_MEDICAL_CERT', licenseNumber: 'T440123456', issueDate: '2019-08-20' },
      { licenseType: 'HOUSEHOLD_REGISTER', licenseNumber: '440105012345', issueDate: '2019-09-10' },
    ],
  },
  {
    // 城乡居民 schemes 2012-2021 with arrears and back-payments; long-term ID card.
    idNumber: '440105196203081573',
    name: '王五',
    household: { householdNumber: '440105023456', address: '广州市海珠区南华西街道某某街2号', registeredAt: '1962-03-20' },
    socialInsurance: contributionRecords([
      {
        from: '2012-01',
        to: '2021-12',
        types: ['170'],
        employerName: '',
        base: 300,
        fixedPersonal: 300,
        arrears: ['2016-03', '2016-04', '2016-05'],
        backpay: ['2017-01', '2017-02'],
      },
      { from: '2012-01', to: '2021-12', types: ['390'], employerName: '', base: 30, fixedPersonal: 30 },
    ]),
    licenses: [
      { licenseType: 'ID_CARD', issueDate: '2012-04-01', validTo: null },
      { licenseType: 'HOUSEHOLD_REGISTER', licenseNumber: '440105023456', issueDate: '2012-04-01' },
    ],
  },
  {
    // Flexible employment with two months in arrears; divorced; a revoked (lost) ID card and its
    // replacement; a social security card past its validity.
    idNumber: '44010519851130028X',
    name: '陈晓红',
    household: { householdNumber: '440105034567', address: '广州市海珠区琶洲街道某某大街3号', registeredAt: '2010-06-15' },
    marriage: { maritalStatus: 'DIVORCED', registrationDate: '2021-09-01', registrationOrg: MARRIAGE_ORG, certificateNumber: 'L440105-2021-000321' },
    socialInsurance: contributionRecords([
      { from: '2020-01', to: '2024-12', types: ['110', '310'], employerName: '灵活就业人员', base: 4588, flexible: true, arrears: ['2024-11', '2024-12'] },
    ]),
    licenses: [
      { licenseType: 'ID_CARD', issueDate: '2015-12-01', validTo: '2035-12-01', status: 'REVOKED', version: 1 },
      { licenseType: 'ID_CARD', issueDate: '2023-02-14', validTo: '2043-02-14', version: 2 },
      { licenseType: 'SOCIAL_SECURITY_CARD', issueDate: '2014-06-30', validTo: '2024-06-30' },
    ],
  },
  {
    // Only an ID card: known to the exchange, but no social insurance, marriage or household data.
    idNumber: '440105199807070641',
    name: '赵敏',
    licenses: [{ licenseType: 'ID_CARD', issueDate: '2016-07-07', validTo: '2026-07-07' }],
  },
];

/** Item code of the §4.1 example (职工基本养老保险参保证明开具). */
export const PENSION_CERT_ITEM = '11440100MB2C8XXXXX4440112001000';

/** Form schemas of the items the simulator knows; other items accept any `formData` object. */
export const SEED_FORM_SCHEMAS: Readonly<Record<string, FormSchema>> = {
  [PENSION_CERT_ITEM]: {
    version: '2025.1',
    deptCode: 'RS',
    itemName: '职工基本养老保险参保证明开具',
    fields: {
      purposeText: { type: 'string', required: true, maxLength: 100 },
      copies: { type: 'integer', required: true, min: 1, max: 5 },
    },
  },
  'SIM-MZ-MARRIAGE-RECORD-CERT': {
    version: '2025.1',
    deptCode: 'MZ',
    itemName: '婚姻登记记录证明',
    fields: {
      purposeText: { type: 'string', required: true, maxLength: 100 },
      recordType: { type: 'string', required: true, enum: ['MARRIED', 'UNMARRIED', 'DIVORCED'] },
    },
  },
  'SIM-GA-HOUSEHOLD-CERT': {
    version: '2025.1',
    deptCode: 'GA',
    itemName: '户籍证明开具',
    fields: {
      purposeText: { type: 'string', required: true, maxLength: 100 },
      includeMembers: { type: 'boolean' },
    },
  },
  'SIM-WJ-BIRTH-CERT-REISSUE': {
    version: '2025.1',
    deptCode: 'WJ',
    itemName: '出生医学证明补发',
    fields: {
      reason: { type: 'string', required: true, enum: ['LOST', 'DAMAGED'] },
    },
  },
};
