import { z } from 'zod';
import { pageQuery } from './common';

/*
 * 好差评 (Evaluation): one real-name rating per finished service — a case (一事一评, online), an
 * appointment visit (一次一评, in the hall) or a consultation — on the five national levels and the
 * fixed dimensions of its channel. A 差评 opens a rectification task (整改) for the responsible
 * department or hall, with a deadline in working days, handling, 回访, the resident's appeal and
 * their rating of the rectification. Rules: ../shared/data/evaluation-rules.md.
 */

/** The five levels (★ … ★★★★★), as GB/T 39734 and the Guangdong rules name them. */
export const EVALUATION_LEVELS = [1, 2, 3, 4, 5] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];
export const EVALUATION_LEVEL_NAMES: Record<EvaluationLevel, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};
/** Guangdong's default for a case left unrated 7 natural days after completion. */
export const DEFAULT_EVALUATION_LEVEL: EvaluationLevel = 3;
/** Days after completion a resident has to rate a case before the default applies. */
export const EVALUATION_WINDOW_DAYS = 7;

/** 好评 (非常满意, 满意), 中评 (基本满意), 差评 (不满意, 非常不满意). */
export type EvaluationGrade = 'good' | 'neutral' | 'bad';
export const EVALUATION_GRADE_NAMES: Record<EvaluationGrade, string> = { good: '好评', neutral: '中评', bad: '差评' };
export function gradeOf(level: number): EvaluationGrade {
  return level >= 4 ? 'good' : level === 3 ? 'neutral' : 'bad';
}

export const EVALUATION_TARGET_TYPES = ['application', 'appointment', 'consultation'] as const;
export type EvaluationTargetType = (typeof EVALUATION_TARGET_TYPES)[number];
export const EVALUATION_TARGET_NAMES: Record<EvaluationTargetType, string> = { application: '办件', appointment: '预约到厅办事', consultation: '在线咨询' };

/** 网上服务 (一事一评) or 现场服务 (一次一评). */
export const EVALUATION_CHANNELS = ['online', 'hall'] as const;
export type EvaluationChannel = (typeof EVALUATION_CHANNELS)[number];
export const EVALUATION_CHANNEL_NAMES: Record<EvaluationChannel, string> = { online: '网上服务', hall: '现场服务' };
export const CHANNEL_OF_TARGET: Record<EvaluationTargetType, EvaluationChannel> = { application: 'online', appointment: 'hall', consultation: 'online' };

/** The nationally fixed dimensions of each channel, scored 1–5 like the overall level. */
export const EVALUATION_DIMENSIONS = {
  online: { efficiency: '办事效率', guide_accuracy: '办事指南精确度', convenience: '办事便捷度', operability: '平台操作性' },
  hall: { efficiency: '服务效率', quality: '服务水平', attitude: '服务态度' },
} as const satisfies Record<EvaluationChannel, Record<string, string>>;

/** Tags a resident may pick (the mini-program offers the positive ones for ★★★+ and the negative ones for 差评). */
export const EVALUATION_GOOD_TAGS = ['办事高效', '一次办成', '指引清晰', '态度热情', '操作便捷', '材料精简'] as const;
export const EVALUATION_BAD_TAGS = ['等候时间长', '多次跑动', '指引不清', '态度不好', '操作复杂', '材料繁琐', '办理超时', '系统故障'] as const;
export const EVALUATION_TAGS = [...EVALUATION_GOOD_TAGS, ...EVALUATION_BAD_TAGS] as const;
export type EvaluationTag = (typeof EVALUATION_TAGS)[number];

const score = z
  .number({ error: '请选择 1 至 5 星' })
  .int('请选择 1 至 5 星')
  .min(1, '请选择 1 至 5 星')
  .max(5, '请选择 1 至 5 星');

export const createEvaluationBody = z
  .object({
    targetType: z.enum(EVALUATION_TARGET_TYPES, { message: '评价对象只能是办件、预约或咨询' }),
    targetId: z.string({ error: '请指明评价的服务' }).trim().min(1, '请指明评价的服务').max(64, '评价对象编号过长'),
    /** 1 = 非常不满意 … 5 = 非常满意 */
    level: score,
    /** dimension code of the target's channel → 1–5; dimensions not given are not recorded */
    dimensions: z.record(z.string(), score).optional(),
    tags: z.array(z.enum(EVALUATION_TAGS, { message: '不支持的评价标签' })).max(8, '最多选择 8 个标签').optional(),
    comment: z.string().trim().max(500, '评价内容最多 500 个字').optional(),
  })
  .superRefine((body, ctx) => {
    const allowed: Record<string, string> = EVALUATION_DIMENSIONS[CHANNEL_OF_TARGET[body.targetType]] ?? {};
    for (const code of Object.keys(body.dimensions ?? {})) {
      if (!(code in allowed)) ctx.addIssue({ code: 'custom', path: ['dimensions', code], message: '该服务渠道没有这项评价指标' });
    }
    // A 差评 must say what went wrong: the rectification task starts from it (GB/T 39734 附录A).
    if ((body.level === 1 || body.level === 2) && !body.tags?.length && !body.comment) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: '差评请选择或填写不满意的原因' });
    }
  });
export type CreateEvaluationBody = z.infer<typeof createEvaluationBody>;

export const evaluationsQuery = z
  .object({
    targetType: z.enum(EVALUATION_TARGET_TYPES, { message: '评价对象只能是办件、预约或咨询' }).optional(),
    targetId: z.string().trim().min(1).max(64).optional(),
  })
  .refine((q) => !q.targetId || q.targetType, { path: ['targetType'], message: '按评价对象查询时请同时指明类型' });

// ---- rectification (整改) ----

export const RECTIFICATION_STATUSES = ['open', 'handled', 'revisited', 'appealed', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_NAMES: Record<RectificationStatus, string> = {
  open: '待整改',
  handled: '已整改，待回访',
  revisited: '已回访',
  appealed: '申请人申诉，待重新处理',
  closed: '已办结',
};

/** 立行立改 / 限期整改 when the complaint holds; 解释说明 when it has no legal basis. */
export const HANDLING_OUTCOMES = ['rectified', 'explained'] as const;
export const HANDLING_OUTCOME_NAMES: Record<(typeof HANDLING_OUTCOMES)[number], string> = { rectified: '已整改', explained: '已解释说明' };

export const REVISIT_METHODS = ['phone', 'sms', 'in_person', 'online'] as const;
export const REVISIT_METHOD_NAMES: Record<(typeof REVISIT_METHODS)[number], string> = { phone: '电话回访', sms: '短信回访', in_person: '当面回访', online: '线上回访' };

/** The resident's rating of the rectification feedback. */
export const RECTIFICATION_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const RECTIFICATION_RATING_NAMES: Record<(typeof RECTIFICATION_RATINGS)[number], string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

export const handleTaskBody = z.object({
  outcome: z.enum(HANDLING_OUTCOMES, { message: '请选择处理结果：已整改或已解释说明' }),
  note: z.string({ error: '请写明整改或解释情况' }).trim().min(4, '请写明整改或解释情况（至少 4 个字）').max(1000, '最多 1000 个字'),
});

export const revisitBody = z.object({
  method: z.enum(REVISIT_METHODS, { message: '请选择回访方式' }),
  result: z.string({ error: '请填写回访结果' }).trim().min(2, '请填写回访结果').max(500, '回访结果最多 500 个字'),
  /** whether the resident said they were satisfied with the handling when revisited */
  residentSatisfied: z.boolean().optional(),
  /** when the 回访 took place; now when not given */
  at: z.iso.datetime({ offset: true, message: '时间格式不正确' }).optional(),
});

export const appealBody = z.object({
  reason: z.string({ error: '请写明申诉理由' }).trim().min(4, '请写明申诉理由（至少 4 个字）').max(500, '申诉理由最多 500 个字'),
});

export const rectificationRatingBody = z.object({
  rating: z.enum(RECTIFICATION_RATINGS, { message: '请选择满意、基本满意或不满意' }),
  comment: z.string().trim().max(500, '最多 500 个字').optional(),
});

/** 申诉复核: only a recorded review by a district admin excludes a (malicious) rating. */
export const REVIEW_DECISIONS = ['exclude', 'keep'] as const;
export const REVIEW_DECISION_NAMES: Record<(typeof REVIEW_DECISIONS)[number], string> = { exclude: '认定为恶意评价，不计入统计', keep: '维持评价' };
export const reviewBody = z.object({
  decision: z.enum(REVIEW_DECISIONS, { message: '请选择复核结论' }),
  reason: z.string({ error: '请写明复核理由' }).trim().min(4, '请写明复核理由（至少 4 个字）').max(1000, '最多 1000 个字'),
});

const light = z.enum(['green', 'yellow', 'red']);

export const rectificationView = z.object({
  id: z.string(),
  status: z.enum(RECTIFICATION_STATUSES),
  statusName: z.string(),
  /** the responsible unit: a department (its code) or a hall (its id) */
  unit: z.object({ type: z.enum(['department', 'hall']), id: z.string() }),
  /** YYYY-MM-DD: the working-day deadline (renewed by an appeal) */
  dueDate: z.string(),
  workingDaysLeft: z.number().int().nullable(),
  /** past the deadline and not yet handled and revisited */
  overdue: z.boolean(),
  light: light.nullable(),
  handlings: z.array(z.object({ at: z.string(), staffName: z.string(), outcome: z.enum(HANDLING_OUTCOMES), outcomeName: z.string(), note: z.string() })),
  revisits: z.array(z.object({ at: z.string(), staffName: z.string(), method: z.enum(REVISIT_METHODS), methodName: z.string(), result: z.string(), residentSatisfied: z.boolean().nullable() })),
  appeals: z.array(z.object({ at: z.string(), reason: z.string() })),
  rating: z.object({ rating: z.enum(RECTIFICATION_RATINGS), ratingName: z.string(), comment: z.string().nullable(), at: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.enum(['rated', 'excluded']).nullable(),
  createdAt: z.string(),
});
export type RectificationView = z.infer<typeof rectificationView>;

export const exclusionReviewView = z.object({
  id: z.string(),
  evaluationId: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  decisionName: z.string(),
  reason: z.string(),
  reviewerName: z.string(),
  at: z.string(),
});
export type ExclusionReviewView = z.infer<typeof exclusionReviewView>;

export const evaluationView = z.object({
  id: z.string(),
  targetType: z.enum(EVALUATION_TARGET_TYPES),
  targetId: z.string(),
  /** what was rated, in words (办件编号 and item, or hall and date) */
  subject: z.string(),
  channel: z.enum(EVALUATION_CHANNELS),
  level: z.number().int().min(1).max(5),
  levelName: z.string(),
  grade: z.enum(['good', 'neutral', 'bad']),
  gradeName: z.string(),
  dimensions: z.array(z.object({ code: z.string(), name: z.string(), score: z.number().int() })),
  tags: z.array(z.string()),
  comment: z.string().nullable(),
  /** `default`: nobody rated within 7 natural days of completion, so it counts as 基本满意 */
  source: z.enum(['resident', 'default']),
  /** excluded from the figures by a recorded review (恶意评价) */
  excluded: z.boolean(),
  reviews: z.array(exclusionReviewView),
  rectification: rectificationView.nullable(),
  createdAt: z.string(),
});
export type EvaluationView = z.infer<typeof evaluationView>;

/** A finished service the resident can still rate, and until when (the default applies after). */
export const pendingEvaluationView = z.object({
  targetType: z.enum(EVALUATION_TARGET_TYPES),
  targetId: z.string(),
  subject: z.string(),
  completedOn: z.string(),
  rateBy: z.string(),
});
export type PendingEvaluationView = z.infer<typeof pendingEvaluationView>;

/** A rectification task as staff see it: the rating it answers and who to revisit. */
export const rectificationTaskView = rectificationView.extend({
  evaluation: evaluationView.omit({ rectification: true }),
  /** masked in lists; in full on the task page (that view is audited and shown to the resident) */
  resident: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
});
export type RectificationTaskView = z.infer<typeof rectificationTaskView>;

export const rectificationTasksQuery = pageQuery.extend({
  status: z.enum(RECTIFICATION_STATUSES, { message: '状态不正确' }).optional(),
  overdue: z.enum(['true', 'false'], { message: '应为 true 或 false' }).optional(),
});

export const staffEvaluationsQuery = pageQuery.extend({
  level: z.coerce.number().int().min(1, '评价等级为 1 至 5').max(5, '评价等级为 1 至 5').optional(),
  source: z.enum(['resident', 'default']).optional(),
  excluded: z.enum(['true', 'false'], { message: '应为 true 或 false' }).optional(),
});
