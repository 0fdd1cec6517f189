import Taro from '@tarojs/taro';
import {
  applicationView,
  createdApplication,
  eLicenceView,
  type ELicenceView,
  pageOf,
  progressView,
  type ApplicationView,
  type CreateApplicationBody,
  type Page,
  type ProgressView,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { API_BASE, IS_H5 } from '../config';
import { clearResidentSession, currentResidentToken } from '../store/session';
import { apiRequest } from './client';
import { ApiError, clientError, errorFromResponse } from './errors';

/*
 * 申办 for residents (drafts, materials, submit, withdraw, 我的办件) and the public 办件查询.
 * The file shapes are declared here because shared-types doesn't export them (the API declares
 * the same `fileView` in its openapi/routes.ts).
 */

const fileView = z.object({
  id: z.string(),
  sha256: z.string(),
  size: z.number(),
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  name: z.string(),
  inLibrary: z.boolean(),
  libraryTitle: z.string().nullable(),
  createdAt: z.string(),
});
export type UploadedFile = z.infer<typeof fileView>;

const library = z.object({ items: z.array(fileView) });
const applicationPage = pageOf(applicationView);
const created = createdApplication.extend({ bundle: z.array(createdApplication).optional() });
export type CreatedApplication = z.infer<typeof created>;

export type FormValues = Record<string, string | number | boolean | null>;
/** How one material is given: an upload, a file kept in the library, or an e-licence (免提交). */
export type MaterialSource = { fileId: string } | { libraryItemId: string } | { eLicenceType: string };

const casePath = (id: string) => `/api/v1/applications/${encodeURIComponent(id)}`;

/** A draft for one item; returns the 办件编号 and its 查询码 (shown only now, keep it). */
export function createApplication(body: CreateApplicationBody): Promise<CreatedApplication> {
  return apiRequest({ method: 'POST', path: '/api/v1/applications', auth: 'resident', body, schema: created, idempotent: true });
}

/** Saves a draft's form and situation answers. 409 INVALID_STATE once submitted. */
export function saveDraft(id: string, patch: { form?: FormValues; situation?: Record<string, string> }): Promise<ApplicationView> {
  return apiRequest({ method: 'PUT', path: casePath(id), auth: 'resident', body: patch, schema: applicationView });
}

/** 我的办件, newest first. */
export function listApplications(cursor: string | null, limit = 20): Promise<Page<ApplicationView>> {
  return apiRequest({ method: 'GET', path: '/api/v1/applications', auth: 'resident', query: { limit, cursor }, schema: applicationPage });
}

/** A case with its materials, timeline, deadline and what the resident has to do now. */
export function getApplication(id: string): Promise<ApplicationView> {
  return apiRequest({ method: 'GET', path: casePath(id), auth: 'resident', schema: applicationView });
}

/** 422 MATERIAL_NOT_APPLICABLE, E_LICENCE_NOT_ACCEPTED; 409 INVALID_STATE after submission. */
export function provideMaterial(id: string, materialCode: string, source: MaterialSource): Promise<ApplicationView> {
  return apiRequest({
    method: 'PUT',
    path: `${casePath(id)}/materials/${encodeURIComponent(materialCode)}`,
    auth: 'resident',
    body: source,
    schema: applicationView,
  });
}

/** Submits, or resubmits after 补正. 400 VALIDATION_FAILED (`form.<key>`), 422 MATERIALS_MISSING. */
export function submitApplication(id: string): Promise<ApplicationView> {
  return apiRequest({ method: 'POST', path: `${casePath(id)}/submit`, auth: 'resident', schema: applicationView });
}

/** Before acceptance only; 409 INVALID_STATE after. */
export function withdrawApplication(id: string): Promise<ApplicationView> {
  return apiRequest({ method: 'POST', path: `${casePath(id)}/withdraw`, auth: 'resident', schema: applicationView });
}

/** 办件查询 without login: 404 NOT_FOUND when the number and code don't match. */
export function getProgress(applicationNo: string, queryCode: string): Promise<ProgressView> {
  return apiRequest({ method: 'GET', path: '/api/v1/progress', auth: 'none', query: { applicationNo, queryCode }, schema: progressView });
}

/** 我的材料库: files kept for reuse across applications. */
export async function getLibrary(): Promise<UploadedFile[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/me/library', auth: 'resident', schema: library });
  return res.items;
}

/** A file the resident picked: a temp path (mini-program) or, on H5, the File itself. */
export interface PickedFile {
  path: string;
  name: string;
  size: number;
  file?: Blob;
}

export interface UploadHandle {
  done: Promise<UploadedFile>;
  abort(): void;
}

export interface UploadOptions {
  /** Keeps the file in the library under this title. */
  title?: string;
  /** 0–100. */
  onProgress?(percent: number): void;
}

function parseUploadResponse(status: number, data: unknown, requestId: string | null): UploadedFile {
  let body: unknown = data;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data) as unknown;
    } catch {
      body = null;
    }
  }
  if (status < 200 || status >= 300) {
    const error = errorFromResponse(status, body, requestId);
    if (status === 401 && error.code === 'UNAUTHENTICATED') clearResidentSession('expired');
    throw error;
  }
  const parsed = fileView.safeParse(body);
  if (!parsed.success) throw clientError('BAD_RESPONSE', status);
  return parsed.data;
}

/**
 * Uploads a material (POST /api/v1/files, multipart `file`), reporting progress. The mini-program
 * uses Taro.uploadFile and its UploadTask; H5 sends the File with XMLHttpRequest, because Taro's
 * H5 uploadFile re-reads the file from a blob: URL, which the API's CSP (connect-src 'self') blocks.
 */
export function uploadMaterialFile(picked: PickedFile, options: UploadOptions = {}): UploadHandle {
  const token = currentResidentToken();
  if (!token) {
    const error = new ApiError({ code: 'UNAUTHENTICATED', message: '请先登录', status: 401, requestId: null });
    return { done: Promise.reject(error), abort: () => undefined };
  }
  const url = `${API_BASE}/api/v1/files`;
  const formData: Record<string, string> = options.title ? { title: options.title.slice(0, 60) } : {};

  if (IS_H5 && picked.file) {
    const xhr = new XMLHttpRequest();
    const done = new Promise<UploadedFile>((resolve, reject) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(formData)) form.append(k, v);
      form.append('file', picked.file as Blob, picked.name);
      xhr.open('POST', url);
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) options.onProgress?.(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        try {
          resolve(parseUploadResponse(xhr.status, xhr.responseText, xhr.getResponseHeader('x-request-id')));
        } catch (e) {
          reject(e);
        }
      };
      xhr.onerror = () => reject(clientError('NETWORK_ERROR'));
      xhr.onabort = () => reject(clientError('NETWORK_ERROR'));
      xhr.send(form);
    });
    return { done, abort: () => xhr.abort() };
  }

  const task = Taro.uploadFile({
    url,
    filePath: picked.path,
    name: 'file',
    fileName: picked.name,
    header: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    formData,
  });
  task.onProgressUpdate((res) => options.onProgress?.(res.progress));
  const done = task.then(
    (res) => parseUploadResponse(res.statusCode, res.data, null),
    () => {
      throw clientError('NETWORK_ERROR');
    },
  );
  return { done, abort: () => task.abort() };
}

/** Fetches an e-licence (免提交) from its issuing department into the resident's 证照 (数据调阅, audited). */
export function fetchELicence(type: string): Promise<ELicenceView> {
  return apiRequest({ method: 'POST', path: '/api/v1/me/licences/fetch', auth: 'resident', body: { type }, schema: eLicenceView });
}
