import type { StaffRole } from '@haizhu/shared-types';
import type { Context } from '@midwayjs/koa';
import { AppError } from './errors';

/** Who is calling: set by the auth middleware from the bearer token. */
export type Actor =
  | { type: 'resident'; residentId: string; sessionId: string }
  | {
      type: 'staff';
      staffId: string;
      username: string;
      sessionId: string;
      roles: StaffRole[];
      hallId: string | null;
      departmentCode: string | null;
      displayName: string;
    };

export type StaffActor = Extract<Actor, { type: 'staff' }>;
export type ResidentActor = Extract<Actor, { type: 'resident' }>;

declare module '@midwayjs/koa' {
  interface Context {
    actor?: Actor;
    requestId?: string;
    /** Why authentication failed, when a token was sent but is no longer valid. */
    authProblem?: 'expired' | 'invalid';
  }
}

export function requireResident(ctx: Context): ResidentActor {
  const actor = ctx.actor;
  if (actor?.type === 'resident') return actor;
  if (actor?.type === 'staff') throw new AppError('FORBIDDEN');
  throw unauthenticated(ctx);
}

/** Staff with at least one of `roles` (any staff when none given). */
export function requireStaff(ctx: Context, roles?: readonly StaffRole[]): StaffActor {
  const actor = ctx.actor;
  if (actor?.type === 'staff') {
    if (roles && !actor.roles.some((r) => roles.includes(r))) throw new AppError('FORBIDDEN');
    return actor;
  }
  if (actor?.type === 'resident') throw new AppError('FORBIDDEN');
  throw unauthenticated(ctx);
}

function unauthenticated(ctx: Context): AppError {
  // API.md: a missing or expired token is 401 UNAUTHENTICATED; the message tells which.
  return new AppError('UNAUTHENTICATED', ctx.authProblem === 'expired' ? '登录已过期，请重新登录' : undefined);
}
