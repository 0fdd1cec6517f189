import { applicationView, pageOf, type ApplicationStatus, type ApplicationView, type Light, type Page } from '@haizhu/shared-types';
import { apiRequest } from './client';
import { fetchFileContent, type FilePreview } from './fileContent';

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

/** A material's content for review, fetched with the staff token (the view is audited). */
export function fetchMaterial(id: string, materialCode: string): Promise<FilePreview> {
  return fetchFileContent(`${staffCase(id)}/materials/${encodeURIComponent(materialCode)}/content`, 'staff');
}
