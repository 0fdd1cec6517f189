import {
  auditVerifyResult,
  staffLoginResult,
  type AuditVerifyResult,
  type StaffLoginBody,
  type StaffLoginResult,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/** 401 BAD_CREDENTIALS, 429 TOO_MANY_ATTEMPTS. */
export function staffLogin(body: StaffLoginBody): Promise<StaffLoginResult> {
  return apiRequest({ method: 'POST', path: '/api/v1/staff/auth/login', auth: 'none', body, schema: staffLoginResult });
}

/** Recomputes the audit hash chain (auditor, district_admin). */
export function verifyAuditChain(): Promise<AuditVerifyResult> {
  return apiRequest({ method: 'GET', path: '/api/v1/staff/audit/verify', auth: 'staff', schema: auditVerifyResult });
}

/** Revokes the staff session on the server (the same endpoint ends any session). */
export async function staffLogout(): Promise<void> {
  await apiRequest({ method: 'POST', path: '/api/v1/auth/logout', auth: 'staff', schema: z.unknown() });
}
