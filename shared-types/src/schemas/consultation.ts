import { z } from 'zod';
import { pageQuery } from './common';

/*
 * 在线应询 (Consultation): a resident's question thread about an item, their own case or a hall,
 * routed to the department or hall that answers it. Staff answer from an inbox with a response-time
 * target in working days (CONSULTATION_RESPONSE_WORKING_DAYS, default 1) counted from the oldest
 * unanswered resident message; past it the thread is marked overdue. The resident closes it (已解决).
 */

export const CONSULTATION_STATUSES = ['awaiting_answer', 'answered', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const CONSULTATION_STATUS_NAMES: Record<ConsultationStatus, string> = {
  awaiting_answer: '待答复',
  answered: '已答复',
  closed: '已解决',
};

export const CONSULTATION_TOPIC_TYPES = ['item', 'application', 'hall'] as const;
export type ConsultationTopicType = (typeof CONSULTATION_TOPIC_TYPES)[number];
export const CONSULTATION_TOPIC_NAMES: Record<ConsultationTopicType, string> = { item: '办事事项', application: '我的办件', hall: '政务服务大厅' };

/** Uploaded files (POST /api/v1/files) of the caller, attached to a message. */
const attachmentIds = z.array(z.string().min(1).max(64), { error: '附件格式不正确' }).max(5, '每条消息最多 5 个附件').optional();

const messageBody = z
  .string({ error: '请填写内容' })
  .trim()
  .min(2, '请填写内容（至少 2 个字）')
  .max(1000, '内容最多 1000 个字');

export const consultationTopic = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('item'), itemCode: z.string({ error: '请选择咨询的事项' }).trim().min(1, '请选择咨询的事项').max(64) }),
    z.object({ type: z.literal('application'), applicationId: z.string({ error: '请选择咨询的办件' }).trim().min(1, '请选择咨询的办件').max(64) }),
    z.object({ type: z.literal('hall'), hallId: z.string({ error: '请选择咨询的大厅' }).trim().min(1, '请选择咨询的大厅').max(64) }),
  ],
  { error: '请选择咨询的事项、办件或大厅' },
);
export type ConsultationTopic = z.infer<typeof consultationTopic>;

export const createConsultationBody = z.object({
  topic: consultationTopic,
  /** a short title; the topic's name when not given */
  subject: z.string().trim().min(2, '标题至少 2 个字').max(60, '标题最多 60 个字').optional(),
  body: messageBody,
  attachmentIds,
});
export type CreateConsultationBody = z.infer<typeof createConsultationBody>;

/** A resident's follow-up, or a staff answer (staff answers carry no attachments: uploads are residents' own files). */
export const consultationMessageBody = z.object({ body: messageBody, attachmentIds });
export type ConsultationMessageBody = z.infer<typeof consultationMessageBody>;

export const consultationAttachmentView = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number().int() });

export const consultationMessageView = z.object({
  id: z.string(),
  author: z.enum(['resident', 'staff']),
  /** staff: their display name; resident: masked */
  authorName: z.string().nullable(),
  body: z.string(),
  attachments: z.array(consultationAttachmentView),
  at: z.string(),
});
export type ConsultationMessageView = z.infer<typeof consultationMessageView>;

export const consultationSummaryView = z.object({
  id: z.string(),
  status: z.enum(CONSULTATION_STATUSES),
  statusName: z.string(),
  topic: z.object({
    type: z.enum(CONSULTATION_TOPIC_TYPES),
    /** itemCode, applicationId or hallId */
    id: z.string(),
    /** the item's name, the case's 办件编号 and item, or the hall's name */
    name: z.string(),
  }),
  subject: z.string(),
  /** who answers: a department (its code) or a hall (its id) */
  unit: z.object({ type: z.enum(['department', 'hall']), id: z.string(), name: z.string() }),
  /** awaiting_answer only: the end (Beijing time) of the working day an answer is due by — CONSULTATION_RESPONSE_WORKING_DAYS after the oldest unanswered message's day */
  dueAt: z.string().nullable(),
  /** awaiting an answer past `dueAt` */
  overdue: z.boolean(),
  lastMessageAt: z.string(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ConsultationSummaryView = z.infer<typeof consultationSummaryView>;

export const consultationView = consultationSummaryView.extend({ messages: z.array(consultationMessageView) });
export type ConsultationView = z.infer<typeof consultationView>;

/** As staff see it: who asked (masked in the inbox, in full on the audited thread page). */
export const staffConsultationView = consultationView.extend({
  resident: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
});
export type StaffConsultationView = z.infer<typeof staffConsultationView>;

export const staffConsultationSummaryView = consultationSummaryView.extend({
  resident: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
});
export type StaffConsultationSummaryView = z.infer<typeof staffConsultationSummaryView>;

export const consultationsQuery = pageQuery.extend({
  status: z.enum(CONSULTATION_STATUSES, { message: '状态不正确' }).optional(),
});

export const staffConsultationsQuery = pageQuery.extend({
  status: z.enum(CONSULTATION_STATUSES, { message: '状态不正确' }).optional(),
  overdue: z.enum(['true', 'false'], { message: '应为 true 或 false' }).optional(),
});
