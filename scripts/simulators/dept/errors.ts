import { randomBytes } from 'node:crypto';

/** The §3 error table: code → HTTP status and default message. Clients branch on `code` only. */
export const ERROR_CODES = {
  '10001': { http: 400, message: 'parameter invalid' },
  '10002': { http: 401, message: 'signature invalid' },
  '10003': { http: 401, message: 'timestamp outside ±300 s' },
  '10004': { http: 401, message: 'nonce reused' },
  '10005': { http: 403, message: 'caller not authorised for this itemCode / dataset' },
  '10006': { http: 403, message: 'authToken missing, expired, revoked, or scope mismatch' },
  '10007': { http: 429, message: 'rate limit exceeded' },
  '20001': { http: 404, message: 'case not found' },
  '20002': { http: 409, message: 'applicationNo reused with a different payload' },
  '20003': { http: 409, message: 'operation not allowed in current case status' },
  '30001': { http: 404, message: 'no data for subject' },
  '30002': { http: 404, message: 'licence not found / not issued' },
  '50000': { http: 500, message: 'internal error' },
  '50300': { http: 503, message: 'department system unavailable' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** The §3 envelope every response body uses. */
export interface Envelope {
  code: string;
  message: string;
  requestId: string;
  data: unknown;
}

export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

export function successBody(data: unknown): Envelope {
  return { code: '0', message: 'success', requestId: newRequestId(), data };
}

export function errorEnvelope(code: string, message?: string, data: unknown = null): Envelope {
  const known = isErrorCode(code) ? ERROR_CODES[code].message : 'simulated fault';
  return { code, message: message ?? known, requestId: newRequestId(), data };
}

/** A business outcome that is an error; answered with the §3 envelope and its HTTP status. */
export class DeptError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly data: Record<string, unknown> | null = null,
  ) {
    super(detail ?? ERROR_CODES[code].message);
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}

/** A request field that failed validation: `10001` with `data.field` on the API, 400 on controls. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Convenience for handlers: `10001` naming the field. */
export function invalid(field: string, reason: string): DeptError {
  return new DeptError('10001', `parameter invalid: ${field} ${reason}`, { field });
}
