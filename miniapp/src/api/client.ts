import Taro from '@tarojs/taro';
import { ERRORS } from '@haizhu/shared-types';
import type { z } from 'zod';
import { API_BASE, REQUEST_TIMEOUT_MS } from '../config';
import { clearResidentSession, clearStaffSession, currentResidentToken, currentStaffToken } from '../store/session';
import { newIdempotencyKey } from '../utils/random';
import { ApiError, clientError, errorFromResponse } from './errors';

/** Whose token goes with the request. */
export type AuthRealm = 'resident' | 'staff' | 'none';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  method: Method;
  /** Starts with `/api/`. */
  path: string;
  auth: AuthRealm;
  /** Parses the 2xx body, so a page never renders something that isn't the contract. */
  schema: z.ZodType<T>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sends a fresh Idempotency-Key: for POSTs that create something (API.md, Idempotency). */
  idempotent?: boolean;
}

function headerValue(header: Record<string, unknown> | undefined, name: string): string | null {
  if (!header) return null;
  const key = Object.keys(header).find((k) => k.toLowerCase() === name);
  const value = key ? header[key] : undefined;
  return typeof value === 'string' ? value : null;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== null && entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

// Parsed JSON, text, or (on H5, for a body that was not JSON) null despite the type.
type ResponseBody = TaroGeneral.IAnyObject | string;

const SIGNED_OUT_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);

/** The one request function: JSON in and out, Bearer token, typed ApiError on any failure. */
export async function apiRequest<T>(options: RequestOptions<T>): Promise<T> {
  const header: Record<string, string> = { Accept: 'application/json' };
  const token =
    options.auth === 'resident' ? currentResidentToken() : options.auth === 'staff' ? currentStaffToken() : null;
  if (options.auth !== 'none' && !token) {
    // No point asking the server; the page shows its login prompt for this.
    throw new ApiError({ code: 'UNAUTHENTICATED', message: ERRORS.UNAUTHENTICATED.message, status: 401, requestId: null });
  }
  if (token) header.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  if (options.idempotent) header['Idempotency-Key'] = newIdempotencyKey();

  let response: Taro.request.SuccessCallbackResult<ResponseBody>;
  try {
    response = await Taro.request<ResponseBody>({
      url: `${API_BASE}${options.path}${queryString(options.query)}`,
      method: options.method,
      header,
      // Taro would serialise a GET's data into the query string; ours is built above.
      data: options.body as Taro.request.Option['data'],
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
    });
  } catch {
    throw clientError('NETWORK_ERROR');
  }

  const status = response.statusCode;
  const requestId = headerValue(response.header as Record<string, unknown> | undefined, 'x-request-id');
  if (status < 200 || status >= 300) {
    const error = errorFromResponse(status, response.data, requestId);
    if (status === 401 && SIGNED_OUT_CODES.has(error.code)) {
      if (options.auth === 'resident') clearResidentSession('expired');
      if (options.auth === 'staff') clearStaffSession();
    }
    throw error;
  }

  const parsed = options.schema.safeParse(status === 204 ? null : response.data);
  if (!parsed.success) throw clientError('BAD_RESPONSE', status);
  return parsed.data;
}
