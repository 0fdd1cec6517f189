import {
  agentAuthorisation,
  agentBody,
  auditVerifyResult,
  dataAccessEntry,
  healthResult,
  meProfile,
  pageOf,
  pageQuery,
  phoneBody,
  phoneResult,
  realNameBody,
  realNameResult,
  residentDetail,
  residentLookupBody,
  staffLoginBody,
  staffLoginResult,
  staffSummary,
  wechatLoginBody,
  wechatLoginResult,
} from '@haizhu/shared-types';
import { z } from 'zod';
import type { StaffRole } from '@haizhu/shared-types';

/** Who may call a route. */
export type RouteAuth = { kind: 'public' } | { kind: 'resident' } | { kind: 'any-session' } | { kind: 'staff'; roles?: StaffRole[] };

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Koa-style path, e.g. `/api/v1/me/agents/:id/revoke` */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  /** error codes this route documents beyond the common ones */
  errors?: string[];
}

const ok = z.object({ ok: z.literal(true) });

/**
 * Every API route, with its schemas and who may call it. OpenAPI is generated from this table;
 * a test checks it against the routes Midway actually serves, so the two cannot drift apart.
 */
export const ROUTES: RouteSpec[] = [
  { method: 'get', path: '/api/health', summary: '健康检查', tag: 'platform', auth: { kind: 'public' }, response: healthResult },
  { method: 'get', path: '/api/openapi.json', summary: 'OpenAPI 文档', tag: 'platform', auth: { kind: 'public' } },
  { method: 'get', path: '/api/docs', summary: '可浏览的接口文档', tag: 'platform', auth: { kind: 'public' } },

  { method: 'post', path: '/api/v1/auth/wechat-login', summary: '微信登录', tag: 'identity', auth: { kind: 'public' }, body: wechatLoginBody, response: wechatLoginResult, errors: ['WECHAT_CODE_INVALID', 'WECHAT_LOGIN_BLOCKED', 'UPSTREAM_UNAVAILABLE'] },
  { method: 'post', path: '/api/v1/auth/logout', summary: '退出登录', tag: 'identity', auth: { kind: 'any-session' }, response: ok },
  { method: 'get', path: '/api/v1/me', summary: '我的资料（脱敏）', tag: 'identity', auth: { kind: 'resident' }, response: meProfile },
  { method: 'post', path: '/api/v1/me/real-name', summary: '实名认证', tag: 'identity', auth: { kind: 'resident' }, body: realNameBody, response: realNameResult, errors: ['ID_NUMBER_INVALID', 'REAL_NAME_MISMATCH', 'ID_NUMBER_BOUND_ELSEWHERE', 'ALREADY_VERIFIED', 'TOO_MANY_ATTEMPTS'] },
  { method: 'post', path: '/api/v1/me/phone', summary: '绑定手机号', tag: 'identity', auth: { kind: 'resident' }, body: phoneBody, response: phoneResult, errors: ['WECHAT_CODE_INVALID'] },
  { method: 'get', path: '/api/v1/me/data-access-log', summary: '谁查看了我的信息', tag: 'identity', auth: { kind: 'resident' }, query: pageQuery, response: pageOf(dataAccessEntry) },
  { method: 'post', path: '/api/v1/me/agents', summary: '委托代办授权', tag: 'identity', auth: { kind: 'resident' }, body: agentBody, response: agentAuthorisation, status: 201, errors: ['REAL_NAME_REQUIRED', 'AGENT_SELF_NOT_ALLOWED'] },
  { method: 'get', path: '/api/v1/me/agents', summary: '我的委托（授出与收到）', tag: 'identity', auth: { kind: 'resident' }, response: z.object({ items: z.array(agentAuthorisation) }) },
  { method: 'post', path: '/api/v1/me/agents/:id/revoke', summary: '撤销委托', tag: 'identity', auth: { kind: 'resident' }, response: agentAuthorisation },

  { method: 'post', path: '/api/v1/staff/auth/login', summary: '工作人员登录', tag: 'staff', auth: { kind: 'public' }, body: staffLoginBody, response: staffLoginResult, errors: ['BAD_CREDENTIALS', 'TOO_MANY_ATTEMPTS', 'ACCOUNT_DISABLED'] },
  { method: 'get', path: '/api/v1/staff/me', summary: '当前工作人员', tag: 'staff', auth: { kind: 'staff' }, response: staffSummary },
  { method: 'post', path: '/api/v1/staff/residents/lookup', summary: '按身份证号查询居民（留痕）', tag: 'staff', auth: { kind: 'staff', roles: ['hall_reception', 'hall_window', 'hall_admin', 'dept_reviewer', 'district_admin'] }, body: residentLookupBody, response: residentDetail },
  { method: 'get', path: '/api/v1/staff/audit/verify', summary: '校验审计哈希链', tag: 'audit', auth: { kind: 'staff', roles: ['auditor', 'district_admin'] }, response: auditVerifyResult },
];
