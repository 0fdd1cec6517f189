import { ERRORS, type ErrorCode, type ErrorDetails } from '@haizhu/shared-types';

/**
 * The one error type of the API. The code is stable and maps to an HTTP status and a Chinese
 * message in shared-types; `message` overrides the default text when the situation says more
 * (e.g. the end date of a booking restriction).
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetails,
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

/** 400 VALIDATION_FAILED with one message per field path. */
export function validationError(fields: Record<string, string>): AppError {
  return new AppError('VALIDATION_FAILED', undefined, { fields });
}

/** 404 for a resource that is missing or belongs to someone else: never reveal which. */
export function notFound(): AppError {
  return new AppError('NOT_FOUND');
}
