import { z } from 'zod';
import { pageQuery } from './common';

/*
 * 消息通知 (Notification): WeChat subscribe messages (订阅消息). The resident consents per template
 * in the mini-program (wx.requestSubscribeMessage, inside a tap handler); the raw result map is
 * posted here and counted — one send credit per accept of a one-time template, a standing consent
 * for a long-term (长期订阅) one. Messages go out by job; one without consent is not sent at all.
 * Spec: ../shared/specs/wechat-miniprogram.md §5, §7.2.
 */

/** Our names for the few templates the mini-program asks consent for. */
export const NOTIFICATION_TEMPLATE_KEYS = ['booking', 'queue', 'case', 'courier', 'payment', 'consultation'] as const;
export type NotificationTemplateKey = (typeof NOTIFICATION_TEMPLATE_KEYS)[number];

/** 一次性订阅: one message per accept. 长期订阅: repeated messages until the resident turns it off. */
export const NOTIFICATION_TEMPLATE_KINDS = ['one_time', 'long_term'] as const;
export type NotificationTemplateKind = (typeof NOTIFICATION_TEMPLATE_KINDS)[number];
export const NOTIFICATION_TEMPLATE_KIND_NAMES: Record<NotificationTemplateKind, string> = { one_time: '一次性订阅', long_term: '长期订阅' };

/** The taps that ask for consent, and which templates each asks for (≤ 3, all of one kind). */
export const SUBSCRIBE_MOMENTS = ['book', 'queue', 'submit', 'pay', 'consult'] as const;
export type SubscribeMoment = (typeof SUBSCRIBE_MOMENTS)[number];

/** What wx.requestSubscribeMessage answers per template id; acceptWithAudio counts as accept, filter (duplicate title) as nothing. */
export const SUBSCRIBE_RESULTS = ['accept', 'acceptWithAudio', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

/** At most this many template ids in one POST (the platform's current limit is 5; we ask for ≤ 3). */
export const MAX_SUBSCRIBE_IDS = 5;

/**
 * `POST /api/v1/me/subscriptions`: the requestSubscribeMessage success result as the mini-program
 * got it, `{ "<tmplId>": "accept" | "reject" | …, errMsg?: "requestSubscribeMessage:ok" }`.
 */
export const subscriptionsBody = z
  .record(z.string().trim().min(1, '模板编号不能为空').max(128, '模板编号过长'), z.string({ error: '订阅结果应为文字' }), { error: '请提交订阅结果' })
  .superRefine((map, ctx) => {
    const ids = Object.keys(map).filter((k) => k !== 'errMsg');
    if (ids.length === 0) ctx.addIssue({ code: 'custom', path: [], message: '没有订阅结果' });
    if (ids.length > MAX_SUBSCRIBE_IDS) ctx.addIssue({ code: 'custom', path: [], message: `一次最多提交 ${MAX_SUBSCRIBE_IDS} 个模板的订阅结果` });
    for (const id of ids) {
      if (!(SUBSCRIBE_RESULTS as readonly string[]).includes(map[id] as string)) ctx.addIssue({ code: 'custom', path: [id], message: '订阅结果只能是 accept、reject、ban、filter 或 acceptWithAudio' });
    }
  });
export type SubscriptionsBody = z.infer<typeof subscriptionsBody>;

/** Data field types of subscribe messages (the key's prefix: `thing1` → thing). */
export const NOTIFICATION_FIELD_TYPES = ['thing', 'number', 'letter', 'symbol', 'character_string', 'time', 'date', 'amount', 'phone_number', 'car_number', 'name', 'phrase'] as const;

export const notificationTemplateView = z.object({
  key: z.enum(NOTIFICATION_TEMPLATE_KEYS),
  /** the id to pass to requestSubscribeMessage */
  templateId: z.string(),
  title: z.string(),
  kind: z.enum(NOTIFICATION_TEMPLATE_KINDS),
  kindName: z.string(),
  /** what it tells the resident about, in words */
  events: z.array(z.string()),
  /** its data fields as registered with WeChat: key (`thing1`), type and label */
  fields: z.array(z.object({ key: z.string(), type: z.enum(NOTIFICATION_FIELD_TYPES), label: z.string() })),
});
export type NotificationTemplateView = z.infer<typeof notificationTemplateView>;

/** `GET /api/v1/notifications/templates` (public): which template ids to ask for at which tap. */
export const notificationCatalogue = z.object({
  templates: z.array(notificationTemplateView),
  moments: z.record(z.enum(SUBSCRIBE_MOMENTS), z.array(z.string())),
  /**
   * Development only (null in production): where the H5 build, which has no WeChat client, records
   * the consent it simulates, as WeChat's client would record a real one (the simulator's controls).
   */
  devConsentUrl: z.string().nullable(),
});
export type NotificationCatalogue = z.infer<typeof notificationCatalogue>;

export const SUBSCRIPTION_STATUSES = ['none', 'accept', 'reject', 'ban'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_STATUS_NAMES: Record<SubscriptionStatus, string> = { none: '未订阅', accept: '已订阅', reject: '已拒绝', ban: '已屏蔽' };

/** My consent for one template: long-term ones stand until turned off, one-time ones have credits left. */
export const subscriptionView = z.object({
  templateId: z.string(),
  key: z.enum(NOTIFICATION_TEMPLATE_KEYS),
  title: z.string(),
  kind: z.enum(NOTIFICATION_TEMPLATE_KINDS),
  status: z.enum(SUBSCRIPTION_STATUSES),
  statusName: z.string(),
  /** one-time: messages that can still be sent (accepts not yet used); null for long-term */
  credits: z.number().int().nullable(),
  updatedAt: z.string().nullable(),
});
export type SubscriptionView = z.infer<typeof subscriptionView>;

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'skipped_no_consent', 'undeliverable', 'failed', 'unconfirmed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const NOTIFICATION_STATUS_NAMES: Record<NotificationStatus, string> = {
  pending: '发送中',
  sent: '已发送',
  skipped_no_consent: '未订阅，未发送',
  undeliverable: '微信拒收（订阅已用完或已关闭）',
  failed: '发送失败',
  unconfirmed: '发送结果未知（未重发，以免重复）',
};

/** A message I was (or would have been) sent. */
export const notificationView = z.object({
  id: z.string(),
  event: z.string(),
  title: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  statusName: z.string(),
  /** the mini-program page it opens, with its query */
  page: z.string().nullable(),
  lines: z.array(z.object({ label: z.string(), value: z.string() })),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationsQuery = pageQuery;
