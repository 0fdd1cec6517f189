import Taro from '@tarojs/taro';
import { applicationView, pageOf, type ApplicationStatus, type ApplicationView, type Light, type Page } from '@haizhu/shared-types';
import { API_BASE, IS_H5 } from '../config';
import { clearStaffSession, currentStaffToken } from '../store/session';
import { apiRequest } from './client';
import { ApiError, clientError, errorFromResponse } from './errors';

/*
 * 办件审核 for staff: the scoped work list, the audited case view, material previews (audited
 * too) and the acceptance decisions. Bodies follow shared-types' acceptBody, refuseBody and
 * supplementBody, which the dialogs validate with before sending.
 */

const casePage = pageOf(applicationView);
const staffCase = (id: string) => `/api/v1/staff/applications/${encodeURIComponent(id)}`;

export interface CaseFilter {
  status?: ApplicationStatus;
  light?: Light;
}

/** Cases of the clerk's department (reviewers) or hall (window staff), newest first. */
export function listCases(filter: CaseFilter, cursor: string | null, limit = 20): Promise<Page<ApplicationView>> {
  return apiRequest({ method: 'GET', path: '/api/v1/staff/applications', auth: 'staff', query: { ...filter, limit, cursor }, schema: casePage });
}

/** The case with the applicant's name unmasked; every call is recorded in the resident's access log. */
export function getCase(id: string): Promise<ApplicationView> {
  return apiRequest({ method: 'GET', path: staffCase(id), auth: 'staff', schema: applicationView });
}

export interface DeficientMaterial {
  materialCode: string;
  dueWorkingDays: number;
  way: string;
}

/** 受理, or 容缺受理 when `deficient` lists materials to follow. 422 MATERIALS_MISSING, 409 INVALID_STATE. */
export function acceptCase(id: string, deficient: DeficientMaterial[] = []): Promise<ApplicationView> {
  return apiRequest({ method: 'POST', path: `${staffCase(id)}/accept`, auth: 'staff', body: deficient.length ? { deficient } : {}, schema: applicationView });
}

/** 不予受理 with the reason the resident will read. */
export function refuseCase(id: string, reason: string): Promise<ApplicationView> {
  return apiRequest({ method: 'POST', path: `${staffCase(id)}/refuse`, auth: 'staff', body: { reason }, schema: applicationView });
}

/** 要求补正: back to the resident with the materials to give again. */
export function requestSupplement(id: string, materials: string[], reason: string): Promise<ApplicationView> {
  return apiRequest({ method: 'POST', path: `${staffCase(id)}/request-supplement`, auth: 'staff', body: { materials, reason }, schema: applicationView });
}

export interface MaterialPreview {
  /** A blob: URL (H5) or a temp file path (mini-program). */
  url: string;
  kind: 'image' | 'pdf';
  /** Frees the blob on H5. */
  release(): void;
}

function kindOf(mime: string | null, path: string): 'image' | 'pdf' {
  if (mime) return mime.includes('pdf') ? 'pdf' : 'image';
  return /\.pdf$/i.test(path) ? 'pdf' : 'image';
}

async function failure(status: number, body: unknown): Promise<never> {
  const error = errorFromResponse(status, body, null);
  if (status === 401 && error.code === 'UNAUTHENTICATED') clearStaffSession();
  throw error;
}

/**
 * A material's content for review. The endpoint needs the bearer token, which an <Image> can't
 * send: H5 fetches it into a blob: URL, the mini-program downloads it to a temp file.
 */
export async function fetchMaterial(id: string, materialCode: string): Promise<MaterialPreview> {
  const token = currentStaffToken();
  if (!token) throw new ApiError({ code: 'UNAUTHENTICATED', message: '请先以工作人员身份登录', status: 401, requestId: null });
  const url = `${API_BASE}${staffCase(id)}/materials/${encodeURIComponent(materialCode)}/content`;
  const header = { Authorization: `Bearer ${token}` };

  if (IS_H5) {
    let res: Response;
    try {
      res = await fetch(url, { headers: header });
    } catch {
      throw clientError('NETWORK_ERROR');
    }
    if (!res.ok) return failure(res.status, await res.json().catch(() => null));
    const blob = await res.blob();
    const objectUrl = URL.createObjectURL(blob);
    return { url: objectUrl, kind: kindOf(blob.type || res.headers.get('content-type'), ''), release: () => URL.revokeObjectURL(objectUrl) };
  }

  let res: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    res = await Taro.downloadFile({ url, header });
  } catch {
    throw clientError('NETWORK_ERROR');
  }
  if (res.statusCode < 200 || res.statusCode >= 300) return failure(res.statusCode, null);
  return { url: res.tempFilePath, kind: kindOf(null, res.tempFilePath), release: () => undefined };
}
