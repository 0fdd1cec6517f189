import {
  consultationSummaryView,
  consultationView,
  pageOf,
  staffConsultationSummaryView,
  staffConsultationView,
  type ConsultationMessageBody,
  type ConsultationStatus,
  type ConsultationSummaryView,
  type ConsultationView,
  type CreateConsultationBody,
  type Page,
  type StaffConsultationSummaryView,
  type StaffConsultationView,
} from '@haizhu/shared-types';
import { apiRequest } from './client';
import { fetchFileContent, type FilePreview } from './fileContent';

/*
 * 在线咨询: residents ask about an item, their case or a hall, follow up and close the thread
 * (问题已解决); the answering department's or hall's staff work an inbox (overdue first) and answer.
 * Bodies follow shared-types' createConsultationBody and consultationMessageBody, which the pages
 * validate with before sending.
 */

/** The API's limit per message (shared-types' attachmentIds: `.max(5)`). */
export const MAX_ATTACHMENTS = 5;

const summaryPage = pageOf(consultationSummaryView);
const inboxPage = pageOf(staffConsultationSummaryView);
const threadPath = (id: string) => `/api/v1/consultations/${encodeURIComponent(id)}`;
const staffThreadPath = (id: string) => `/api/v1/staff/consultations/${encodeURIComponent(id)}`;

/** 201 with the thread, routed to the item's or case's department or the hall. 422 ATTACHMENT_NOT_USABLE, 404 for an unknown topic. */
export function askConsultation(body: CreateConsultationBody): Promise<ConsultationView> {
  return apiRequest({ method: 'POST', path: '/api/v1/consultations', auth: 'resident', body, schema: consultationView, idempotent: true });
}

/** 我的咨询, newest first. */
export function listMyConsultations(cursor: string | null, status?: ConsultationStatus, limit = 20): Promise<Page<ConsultationSummaryView>> {
  return apiRequest({ method: 'GET', path: '/api/v1/consultations', auth: 'resident', query: { status, limit, cursor }, schema: summaryPage });
}

/** One thread of the resident's with every message; 404 for anyone else's. */
export function getConsultation(id: string): Promise<ConsultationView> {
  return apiRequest({ method: 'GET', path: threadPath(id), auth: 'resident', schema: consultationView });
}

/** 追问: the thread waits for an answer again. 409 INVALID_STATE once closed. */
export function followUpConsultation(id: string, body: ConsultationMessageBody): Promise<ConsultationView> {
  return apiRequest({ method: 'POST', path: `${threadPath(id)}/messages`, auth: 'resident', body, schema: consultationView, idempotent: true });
}

/** 问题已解决: closes the thread. 409 INVALID_STATE when already closed. */
export function closeConsultation(id: string): Promise<ConsultationView> {
  return apiRequest({ method: 'POST', path: `${threadPath(id)}/close`, auth: 'resident', schema: consultationView });
}

/** A file the resident uploaded (their own attachment), for viewing. */
export function openMyFile(fileId: string): Promise<FilePreview> {
  return fetchFileContent(`/api/v1/files/${encodeURIComponent(fileId)}/content`, 'resident');
}

export interface InboxFilter {
  status?: ConsultationStatus;
  overdue?: boolean;
}

/** Staff: the threads of their department or hall (all for the district), overdue first, resident masked. */
export function listConsultationInbox(filter: InboxFilter, cursor: string | null, limit = 20): Promise<Page<StaffConsultationSummaryView>> {
  const query = { status: filter.status, overdue: filter.overdue === undefined ? undefined : String(filter.overdue), limit, cursor };
  return apiRequest({ method: 'GET', path: '/api/v1/staff/consultations', auth: 'staff', query, schema: inboxPage });
}

/** Staff: one thread with the resident's name and phone in full; every call is in the resident's access log. */
export function getStaffConsultation(id: string): Promise<StaffConsultationView> {
  return apiRequest({ method: 'GET', path: staffThreadPath(id), auth: 'staff', schema: staffConsultationView });
}

/** Staff: 答复 (text only). 409 INVALID_STATE once the resident closed it. The answer's resident is masked. */
export function answerConsultation(id: string, body: ConsultationMessageBody): Promise<StaffConsultationView> {
  return apiRequest({ method: 'POST', path: `${staffThreadPath(id)}/messages`, auth: 'staff', body, schema: staffConsultationView, idempotent: true });
}

/** Staff: a file the resident attached to the thread (audited). */
export function openConsultationAttachment(id: string, fileId: string): Promise<FilePreview> {
  return fetchFileContent(`${staffThreadPath(id)}/attachments/${encodeURIComponent(fileId)}/content`, 'staff');
}
