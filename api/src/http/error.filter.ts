import { Catch, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { ERRORS, type ErrorBody, type ErrorCode } from '@haizhu/shared-types';
import { AppError } from '../common/errors';
import { Platform } from '../common/platform';
import { Metrics } from './metrics';

/**
 * The one place errors become responses (API.md's error body). AppErrors pass through as they
 * are; framework errors are mapped by status; anything else is logged in full and hidden.
 */
@Catch()
export class AllErrorsFilter {
  @Inject()
  platform!: Platform;

  @Inject()
  metrics!: Metrics;

  async catch(err: unknown, ctx: Context): Promise<ErrorBody> {
    const appError = this.toAppError(err, ctx);
    ctx.status = appError.status;
    this.metrics.error(appError.code);
    if (appError.code === 'RATE_LIMITED' || appError.code === 'TOO_MANY_ATTEMPTS') {
      const retryAfter = appError.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') ctx.set('Retry-After', String(Math.ceil(retryAfter)));
    }
    const body: ErrorBody = { code: appError.code, message: appError.message, requestId: ctx.requestId ?? '' };
    if (appError.details) body.details = appError.details;
    return body;
  }

  private toAppError(err: unknown, ctx: Context): AppError {
    if (err instanceof AppError) return err;
    const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
    const type = (err as { type?: string })?.type;
    const framework = frameworkCode(status, type, ctx);
    if (framework) return new AppError(framework);
    if (isDatabaseUnavailable(err)) {
      this.platform.logger.warn('database unavailable', { requestId: ctx.requestId, error: describe(err) });
      return new AppError('SERVICE_UNAVAILABLE');
    }
    if (isBadInputValue(err)) {
      // A value our schemas let through but PostgreSQL can't hold (a NUL byte, an int beyond 32
      // bits): the request is wrong, not the server. Logged, because a schema should catch it.
      this.platform.logger.warn('input value refused by the database', { requestId: ctx.requestId, path: ctx.path, error: describe(err) });
      return new AppError('BAD_REQUEST');
    }
    this.platform.logger.error('unhandled error', {
      requestId: ctx.requestId,
      method: ctx.method,
      path: ctx.path,
      error: describe(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return new AppError('INTERNAL_ERROR');
  }
}

function frameworkCode(status: number | undefined, type: string | undefined, ctx: Context): ErrorCode | null {
  if (status === 413 || type === 'entity.too.large') return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 404) return ctx.path.startsWith('/api') ? 'ROUTE_NOT_FOUND' : 'NOT_FOUND';
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  if (status === 400) return 'BAD_REQUEST';
  if (status && status >= 400 && status < 500) {
    const match = (Object.keys(ERRORS) as ErrorCode[]).find((c) => ERRORS[c].status === status);
    return match ?? 'BAD_REQUEST';
  }
  return null;
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '53300', '08006', '08001', '08003']);

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/**
 * PostgreSQL data exceptions that only a request's value can cause: NUL in text (22021), an
 * untranslatable character (22P05), numeric/datetime out of range (22003, 22008), or an invalid
 * text representation of a number/uuid/date (22P02, 22007).
 */
const BAD_INPUT_CODES = new Set(['22021', '22P05', '22003', '22008', '22P02', '22007']);

function isBadInputValue(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return !!code && BAD_INPUT_CODES.has(code);
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, code: (err as { code?: string }).code };
  return { value: String(err) };
}
