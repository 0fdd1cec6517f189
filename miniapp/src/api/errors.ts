import { ERRORS, isErrorCode, type ErrorCode, type ErrorDetails } from '@haizhu/shared-types';

/**
 * Failures that never reached the API or came back unreadable. They have no server code, so the
 * client names them; they are not in shared-types because the API never sends them.
 */
export const CLIENT_ERRORS = {
  NETWORK_ERROR: { message: '网络连接失败，请检查网络后重试' },
  BAD_RESPONSE: { message: '服务返回的内容无法识别，请稍后再试' },
} as const;
export type ClientErrorCode = keyof typeof CLIENT_ERRORS;
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export interface ApiErrorInit {
  code: ApiErrorCode;
  message: string;
  status: number;
  requestId: string | null;
  details?: ErrorDetails;
  /** The code the server sent when this client doesn't know it yet (newer API). */
  serverCode?: string;
}

/** The one error type every API call rejects with; `message` is Chinese and fit to show. */
export class ApiError extends Error {
  readonly isApiError = true;
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly requestId: string | null;
  readonly details: ErrorDetails;
  readonly serverCode?: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    // Transpiled subclasses of Error lose their prototype on older runtimes.
    Object.setPrototypeOf(this, ApiError.prototype);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details ?? {};
    if (init.serverCode !== undefined) this.serverCode = init.serverCode;
  }

  /** Per-field messages from a 400 VALIDATION_FAILED, keyed by the last path segment. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const fields = this.details.fields;
    if (fields && typeof fields === 'object') {
      for (const [path, message] of Object.entries(fields)) {
        if (typeof message === 'string') out[path.split('.').pop() ?? path] = message;
      }
    }
    return out;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && (value as { isApiError?: unknown }).isApiError === true;
}

export function clientError(code: ClientErrorCode, status = 0): ApiError {
  return new ApiError({ code, message: CLIENT_ERRORS[code].message, status, requestId: null });
}

/** When the body carries no known code (a proxy's HTML page, a newer API), fall back on the status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL_ERROR';
  return 'BAD_REQUEST';
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Builds the ApiError for a non-2xx response from its body (API.md, Conventions: Errors). */
export function errorFromResponse(status: number, body: unknown, headerRequestId: string | null): ApiError {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rawCode = asString(b.code);
  const code = isErrorCode(rawCode) ? rawCode : codeForStatus(status);
  const details = typeof b.details === 'object' && b.details !== null ? (b.details as ErrorDetails) : undefined;
  const init: ApiErrorInit = {
    code,
    message: asString(b.message) ?? ERRORS[code].message,
    status,
    requestId: asString(b.requestId) ?? headerRequestId,
  };
  if (details) init.details = details;
  if (rawCode && rawCode !== code) init.serverCode = rawCode;
  return new ApiError(init);
}

/** A message fit to show for anything a page caught. */
export function messageOf(error: unknown): string {
  if (isApiError(error)) return error.message;
  return ERRORS.INTERNAL_ERROR.message;
}

/** Pages only ever hold an ApiError; anything else thrown is a bug, shown as "系统繁忙". */
export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  return new ApiError({ code: 'INTERNAL_ERROR', message: ERRORS.INTERNAL_ERROR.message, status: 0, requestId: null });
}
