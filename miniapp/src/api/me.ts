import {
  dataAccessEntry,
  meProfile,
  pageOf,
  phoneResult,
  realNameResult,
  type DataAccessEntry,
  type MeProfile,
  type Page,
  type PhoneResult,
  type RealNameBody,
  type RealNameResult,
} from '@haizhu/shared-types';
import { apiRequest } from './client';

/** The resident's own profile, masked by the server. */
export function getMe(): Promise<MeProfile> {
  return apiRequest({ method: 'GET', path: '/api/v1/me', auth: 'resident', schema: meProfile });
}

/** 实名认证: 400 ID_NUMBER_INVALID, 422 REAL_NAME_MISMATCH, 409 ALREADY_VERIFIED. */
export function submitRealName(body: RealNameBody): Promise<RealNameResult> {
  return apiRequest({
    method: 'POST',
    path: '/api/v1/me/real-name',
    auth: 'resident',
    body,
    schema: realNameResult,
    idempotent: true,
  });
}

/** Binds the phone behind a getPhoneNumber code (or `sim:<openid>` on H5). */
export function bindPhone(code: string): Promise<PhoneResult> {
  return apiRequest({
    method: 'POST',
    path: '/api/v1/me/phone',
    auth: 'resident',
    body: { code },
    schema: phoneResult,
    idempotent: true,
  });
}

const dataAccessPage = pageOf(dataAccessEntry);

/** Staff views of this resident's personal data, newest first. */
export function getDataAccessLog(cursor: string | null, limit = 20): Promise<Page<DataAccessEntry>> {
  return apiRequest({
    method: 'GET',
    path: '/api/v1/me/data-access-log',
    auth: 'resident',
    query: { limit, cursor },
    schema: dataAccessPage,
  });
}
