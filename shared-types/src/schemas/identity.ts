import { z } from 'zod';
import { checkIdNumber } from '../id-number';
import { isoDate } from './common';

const NAME_PATTERN = /^(?:[\u3400-\u9fff·•]{2,20}|[A-Za-z][A-Za-z .'·-]{1,49})$/u;

/** A person's legal name: 2-20 Chinese characters (· for minority names) or a Latin name. */
export const personName = z
  .string({ error: '请输入姓名' })
  .trim()
  .min(1, '请输入姓名')
  .regex(NAME_PATTERN, '姓名应为2-20个汉字（少数民族姓名可含“·”）或外文姓名');

/** A 身份证号 checked by GB 11643 rules; the message names what is wrong. */
export const idNumber = z
  .string({ error: '请输入身份证号码' })
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((value, ctx) => {
    const result = checkIdNumber(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, params: { reason: result.reason } });
  });

export const wechatCode = z.string({ error: '缺少微信登录凭证' }).min(1, '缺少微信登录凭证').max(128, '微信登录凭证过长');

export const wechatLoginBody = z.object({ code: wechatCode });
export type WechatLoginBody = z.infer<typeof wechatLoginBody>;

export const residentSummary = z.object({
  id: z.string(),
  realNameVerified: z.boolean(),
  phoneBound: z.boolean(),
});
export type ResidentSummary = z.infer<typeof residentSummary>;

export const wechatLoginResult = z.object({
  token: z.string(),
  expiresAt: z.string(),
  resident: residentSummary,
});
export type WechatLoginResult = z.infer<typeof wechatLoginResult>;

export const realNameBody = z.object({ name: personName, idNumber });
export type RealNameBody = z.input<typeof realNameBody>;

export const realNameResult = z.object({
  realNameVerified: z.literal(true),
  name: z.string().describe('masked, e.g. 张*'),
  idNumber: z.string().describe('masked, e.g. 440105********1234'),
});
export type RealNameResult = z.infer<typeof realNameResult>;

export const phoneBody = z.object({ code: wechatCode });
export const phoneResult = z.object({ phone: z.string().describe('masked, e.g. 138****5678') });
export type PhoneResult = z.infer<typeof phoneResult>;

export const meProfile = z.object({
  id: z.string(),
  realNameVerified: z.boolean(),
  phoneBound: z.boolean(),
  name: z.string().nullable().describe('masked'),
  idNumber: z.string().nullable().describe('masked'),
  phone: z.string().nullable().describe('masked'),
  verifiedAt: z.string().nullable(),
  /** 公安 checked the name against the ID number (户籍信息): matched, mismatch or not found; null until it ran */
  gaCheck: z.object({ result: z.enum(['matched', 'mismatch', 'not_found']), at: z.string() }).nullable(),
  createdAt: z.string(),
});
export type MeProfile = z.infer<typeof meProfile>;

export const dataAccessEntry = z.object({
  at: z.string(),
  staffRole: z.string().describe('the role the staff member acted in, in Chinese'),
  hallOrDept: z.string().nullable(),
  purpose: z.string(),
});
export type DataAccessEntry = z.infer<typeof dataAccessEntry>;

export const agentBody = z.object({
  agentIdNumber: idNumber,
  agentName: personName,
  itemCodes: z.array(z.string().min(1).max(64)).max(50).optional(),
  validUntil: isoDate,
});
export type AgentBody = z.input<typeof agentBody>;

export const agentAuthorisation = z.object({
  id: z.string(),
  direction: z.enum(['granted', 'received']),
  counterpartName: z.string().describe('masked'),
  counterpartIdNumber: z.string().describe('masked'),
  itemCodes: z.array(z.string()).nullable(),
  validUntil: z.string(),
  revoked: z.boolean(),
  createdAt: z.string(),
});
export type AgentAuthorisation = z.infer<typeof agentAuthorisation>;

export const STAFF_ROLES = ['hall_reception', 'hall_window', 'dept_reviewer', 'hall_admin', 'auditor', 'district_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const staffRole = z.enum(STAFF_ROLES);

/** The roles of a stored account that this version knows; unknown ones grant nothing. */
export function knownStaffRoles(roles: readonly string[]): StaffRole[] {
  return roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
}

export const STAFF_ROLE_NAMES: Record<StaffRole, string> = {
  hall_reception: '大厅导办',
  hall_window: '窗口工作人员',
  dept_reviewer: '部门审核人员',
  hall_admin: '大厅管理员',
  auditor: '审计员',
  district_admin: '区级管理员',
};

export const staffLoginBody = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(256, '密码过长'),
});
export type StaffLoginBody = z.infer<typeof staffLoginBody>;

export const staffSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(staffRole),
  hallId: z.string().nullable().optional(),
  departmentCode: z.string().nullable().optional(),
});
export type StaffSummary = z.infer<typeof staffSummary>;

export const staffLoginResult = z.object({ token: z.string(), expiresAt: z.string(), staff: staffSummary });
export type StaffLoginResult = z.infer<typeof staffLoginResult>;

/** What an entitled staff member sees of a resident; every such view is audited. */
export const residentDetail = z.object({
  id: z.string(),
  name: z.string().nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  realNameVerified: z.boolean(),
});
export type ResidentDetail = z.infer<typeof residentDetail>;

export const residentViewQuery = z.object({
  purpose: z.string({ error: '请说明查看目的' }).trim().min(2, '请说明查看目的').max(100, '查看目的过长'),
});

/** A counter's lookup of a resident by ID number, with the purpose the resident will be shown. */
export const residentLookupBody = residentViewQuery.extend({ idNumber });
export type ResidentLookupBody = z.input<typeof residentLookupBody>;
