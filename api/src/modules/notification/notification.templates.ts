import {
  NOTIFICATION_TEMPLATE_KIND_NAMES,
  type NotificationCatalogue,
  type NotificationTemplateKey,
  type NotificationTemplateKind,
  type NotificationTemplateView,
  type SubscribeMoment,
} from '@haizhu/shared-types';
import type { AppConfig } from '../../common/config';
import type { FieldType } from './notification.format';

/** What a template shows: its data keys as registered in the WeChat backend (key prefix = type). */
export interface TemplateDef {
  key: NotificationTemplateKey;
  title: string;
  kind: NotificationTemplateKind;
  events: string[];
  fields: { key: string; type: FieldType; label: string }[];
}

/**
 * Six templates, one per thing a resident follows, so a tap asks for at most two.
 *
 * Long-term (长期订阅) where one consent must cover several messages: WeChat opens it only to
 * offline public services such as 政务民生 (spec §5), which is what we are. A booking brings its
 * confirmation and the reminder the day before; a case moves through several steps over weeks; a
 * parcel is collected, delivered and signed for. Asking again at each step is impossible (consent
 * is only asked inside a tap), so one-time consent would lose all but the first message.
 *
 * One-time (一次性订阅) where one tap leads to one answer: taking a number (one "near the front"
 * message), paying (the result; a refund much later needs a new consent or is seen on the case),
 * asking a question (the answer). These also keep us honest about the one-time model the platform
 * prefers; a resident who declines long-term messages still sees everything in the mini-program.
 */
export const TEMPLATE_DEFS: Record<NotificationTemplateKey, TemplateDef> = {
  booking: {
    key: 'booking',
    title: '预约办事提醒',
    kind: 'long_term',
    events: ['预约成功', '预约前一天提醒'],
    fields: [
      { key: 'thing1', type: 'thing', label: '预约事项' },
      { key: 'time2', type: 'time', label: '预约时间' },
      { key: 'thing3', type: 'thing', label: '办理地点' },
      { key: 'phrase4', type: 'phrase', label: '预约状态' },
      { key: 'thing5', type: 'thing', label: '温馨提示' },
    ],
  },
  queue: {
    key: 'queue',
    title: '排队叫号提醒',
    kind: 'one_time',
    events: ['即将轮到您'],
    fields: [
      { key: 'character_string1', type: 'character_string', label: '排队号码' },
      { key: 'thing2', type: 'thing', label: '办理大厅' },
      { key: 'number3', type: 'number', label: '前面还有（人）' },
      { key: 'thing4', type: 'thing', label: '温馨提示' },
    ],
  },
  case: {
    key: 'case',
    title: '办件进度通知',
    kind: 'long_term',
    events: ['受理', '需要补正', '审批结果', '出件', '办结'],
    fields: [
      { key: 'character_string1', type: 'character_string', label: '办件编号' },
      { key: 'thing2', type: 'thing', label: '事项名称' },
      { key: 'phrase3', type: 'phrase', label: '办理状态' },
      { key: 'time4', type: 'time', label: '更新时间' },
      { key: 'thing5', type: 'thing', label: '备注' },
    ],
  },
  courier: {
    key: 'courier',
    title: '快递状态通知',
    kind: 'long_term',
    events: ['快递揽收', '派送', '签收', '退回'],
    fields: [
      { key: 'thing1', type: 'thing', label: '寄送内容' },
      { key: 'character_string2', type: 'character_string', label: '运单号' },
      { key: 'phrase3', type: 'phrase', label: '快递状态' },
      { key: 'time4', type: 'time', label: '更新时间' },
    ],
  },
  payment: {
    key: 'payment',
    title: '缴费结果通知',
    kind: 'one_time',
    events: ['支付成功', '退款'],
    fields: [
      { key: 'thing1', type: 'thing', label: '缴费项目' },
      { key: 'amount2', type: 'amount', label: '金额' },
      { key: 'phrase3', type: 'phrase', label: '缴费结果' },
      { key: 'time4', type: 'time', label: '时间' },
    ],
  },
  consultation: {
    key: 'consultation',
    title: '咨询回复通知',
    kind: 'one_time',
    events: ['咨询已答复'],
    fields: [
      { key: 'thing1', type: 'thing', label: '咨询事项' },
      { key: 'thing2', type: 'thing', label: '回复说明' },
      { key: 'time3', type: 'time', label: '回复时间' },
    ],
  },
};

/** Which templates each tap asks for: at most three, never one-time and long-term together (20002). */
export const MOMENTS: Record<SubscribeMoment, NotificationTemplateKey[]> = {
  book: ['booking'],
  queue: ['queue'],
  submit: ['case', 'courier'],
  pay: ['payment'],
  consult: ['consultation'],
};

/** Our events and the template each is sent with. */
export const EVENT_TEMPLATE = {
  'appointment.booked': 'booking',
  'appointment.reminder': 'booking',
  'queue.near': 'queue',
  'application.status_changed': 'case',
  'courier.status_changed': 'courier',
  'payment.paid': 'payment',
  'payment.refunded': 'payment',
  'consultation.answered': 'consultation',
} as const satisfies Record<string, NotificationTemplateKey>;
export type NotificationEvent = keyof typeof EVENT_TEMPLATE;

/** The configured template id of each key. */
export function templateIdOf(config: AppConfig, key: NotificationTemplateKey): string {
  return config.notification.templates[key];
}

/** The template a configured id belongs to, if any. */
export function templateByIdOf(config: AppConfig, templateId: string): TemplateDef | undefined {
  return Object.values(TEMPLATE_DEFS).find((t) => templateIdOf(config, t.key) === templateId);
}

export function templateView(config: AppConfig, t: TemplateDef): NotificationTemplateView {
  return { key: t.key, templateId: templateIdOf(config, t.key), title: t.title, kind: t.kind, kindName: NOTIFICATION_TEMPLATE_KIND_NAMES[t.kind], events: t.events, fields: t.fields };
}

export function catalogueOf(config: AppConfig, devConsentUrl: string | null): NotificationCatalogue {
  const moments = Object.fromEntries(Object.entries(MOMENTS).map(([m, keys]) => [m, keys.map((k) => templateIdOf(config, k))])) as NotificationCatalogue['moments'];
  return { templates: Object.values(TEMPLATE_DEFS).map((t) => templateView(config, t)), moments, devConsentUrl };
}
