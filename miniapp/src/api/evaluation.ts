import {
  evaluationView,
  pageOf,
  pendingEvaluationView,
  rectificationTaskView,
  rectificationView,
  type CreateEvaluationBody,
  type EvaluationTargetType,
  type EvaluationView,
  type Page,
  type PendingEvaluationView,
  type RectificationStatus,
  type RectificationTaskView,
  type RectificationView,
  type handleTaskBody,
  type rectificationRatingBody,
  type revisitBody,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/*
 * 好差评: residents rate a finished case, hall visit or consultation, follow the rectification
 * (整改) of a 差评, appeal a handling once and rate it; the responsible department or hall works
 * the rectification tasks (处理, 回访). Bodies follow shared-types' schemas, which the pages
 * validate with before sending.
 */

const evaluationList = z.object({ items: z.array(evaluationView) });
const pendingList = z.object({ items: z.array(pendingEvaluationView) });
const taskPage = pageOf(rectificationTaskView);

const rectificationPath = (evaluationId: string) => `/api/v1/evaluations/${encodeURIComponent(evaluationId)}/rectification`;
const taskPath = (id: string) => `/api/v1/staff/evaluation-tasks/${encodeURIComponent(id)}`;

/** 201 with the rating (and its rectification for a 差评). 409 ALREADY_EVALUATED, 422 NOT_EVALUABLE_YET / EVALUATION_TARGET_UNSUPPORTED, 403 REAL_NAME_REQUIRED. */
export function rateService(body: CreateEvaluationBody): Promise<EvaluationView> {
  return apiRequest({ method: 'POST', path: '/api/v1/evaluations', auth: 'resident', body, schema: evaluationView, idempotent: true });
}

/** 我的评价, newest first, each with its rectification. */
export async function listMyEvaluations(): Promise<EvaluationView[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/evaluations', auth: 'resident', schema: evaluationList });
  return res.items;
}

/** The caller's rating of one service, or null while it is unrated. */
export async function evaluationOf(targetType: EvaluationTargetType, targetId: string): Promise<EvaluationView | null> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/evaluations', auth: 'resident', query: { targetType, targetId }, schema: evaluationList });
  return res.items[0] ?? null;
}

/** 待评价: finished cases still to be rated, and the last day before 基本满意 applies. */
export async function listPendingEvaluations(): Promise<PendingEvaluationView[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/evaluations/pending', auth: 'resident', schema: pendingList });
  return res.items;
}

/** 申诉 a handling (once): the unit handles it again with a fresh deadline. 409 INVALID_STATE. */
export function appealRectification(evaluationId: string, reason: string): Promise<RectificationView> {
  return apiRequest({ method: 'POST', path: `${rectificationPath(evaluationId)}/appeals`, auth: 'resident', body: { reason }, schema: rectificationView, idempotent: true });
}

/** 评价整改结果, which closes the task. 409 ALREADY_EVALUATED / INVALID_STATE. */
export function rateRectification(evaluationId: string, body: z.infer<typeof rectificationRatingBody>): Promise<RectificationView> {
  return apiRequest({ method: 'POST', path: `${rectificationPath(evaluationId)}/rating`, auth: 'resident', body, schema: rectificationView, idempotent: true });
}

export interface TaskFilter {
  status?: RectificationStatus;
  overdue?: boolean;
}

/** Staff: the rectification tasks of their department or hall (all for the district), resident masked. */
export function listRectificationTasks(filter: TaskFilter, cursor: string | null, limit = 20): Promise<Page<RectificationTaskView>> {
  const query = { status: filter.status, overdue: filter.overdue === undefined ? undefined : String(filter.overdue), limit, cursor };
  return apiRequest({ method: 'GET', path: '/api/v1/staff/evaluation-tasks', auth: 'staff', query, schema: taskPage });
}

/** Staff: one task with the resident's name and phone in full for the 回访; every call is in the resident's access log. */
export function getRectificationTask(id: string): Promise<RectificationTaskView> {
  return apiRequest({ method: 'GET', path: taskPath(id), auth: 'staff', schema: rectificationTaskView });
}

/** Staff: 已整改 or 已解释说明 with a note the resident reads. 409 INVALID_STATE. The answer's resident is masked. */
export function handleRectificationTask(id: string, body: z.infer<typeof handleTaskBody>): Promise<RectificationTaskView> {
  return apiRequest({ method: 'POST', path: `${taskPath(id)}/handle`, auth: 'staff', body, schema: rectificationTaskView });
}

/** Staff: the 回访 after a handling. 409 INVALID_STATE. The answer's resident is masked. */
export function revisitRectificationTask(id: string, body: z.infer<typeof revisitBody>): Promise<RectificationTaskView> {
  return apiRequest({ method: 'POST', path: `${taskPath(id)}/revisit`, auth: 'staff', body, schema: rectificationTaskView });
}
