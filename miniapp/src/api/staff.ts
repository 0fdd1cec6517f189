import {
  auditVerifyResult,
  staffLoginResult,
  type AuditVerifyResult,
  type StaffLoginBody,
  type StaffLoginResult,
} from '@haizhu/shared-types';
import { apiRequest } from './client';

/** 401 BAD_CREDENTIALS, 429 TOO_MANY_ATTEMPTS. */
export function staffLogin(body: StaffLoginBody): Promise<StaffLoginResult> {
  return apiRequest({ method: 'POST', path: '/api/v1/staff/auth/login', auth: 'none', body, schema: staffLoginResult });
}

/** Recomputes the audit hash chain (auditor, district_admin). */
export function verifyAuditChain(): Promise<AuditVerifyResult> {
  return apiRequest({ method: 'GET', path: '/api/v1/staff/audit/verify', auth: 'staff', schema: auditVerifyResult });
}
