import { z } from 'zod';
import { isoDate } from './common';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

export const calendarQuery = z.object({ from: isoDate, to: isoDate }).refine((q) => q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] });
export const calendarDay = z.object({
  date: z.string(),
  working: z.boolean(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday']),
  name: z.string().optional(),
});
export type CalendarDay = z.infer<typeof calendarDay>;

export const addWorkingDaysQuery = z.object({ from: isoDate, days: z.coerce.number().int('天数应为整数').min(0, '天数不能为负').max(365, '最多 365 个工作日') });

/** A district admin records a future notice: an off day or a 调休 makeup working day. */
export const calendarDayBody = z.object({ kind: z.enum(['holiday', 'makeup_workday']), name: z.string().trim().min(1, '请填写节日名称').max(20) });

export const scheduleBody = z
  .object({
    from: isoDate,
    to: isoDate,
    category: z.string().min(1).max(40),
    slotMinutes: z.number().int().min(5, '每个时段至少 5 分钟').max(240, '每个时段最多 240 分钟'),
    capacity: z.number().int().min(1, '每个时段至少 1 个号').max(200),
    /** defaults to the hall's hours (9:00–12:00, 13:00–17:00) */
    hours: z.array(z.object({ start: hhmm, end: hhmm })).max(6).optional(),
    /** 延时服务 after hours on working days, and 错时服务 on weekends, where the hall offers them */
    includeDelayed: z.boolean().default(false),
    includeWeekend: z.boolean().default(false),
  })
  .refine((b) => b.from <= b.to, { message: '结束日期不能早于开始日期', path: ['to'] });
export type ScheduleBody = z.input<typeof scheduleBody>;

export const slotsQuery = z.object({ date: isoDate, category: z.string().min(1).max(40) });
export const slotView = z.object({
  id: z.string(),
  start: z.string().describe('ISO 8601 +08:00'),
  end: z.string(),
  capacity: z.number(),
  remaining: z.number(),
  kind: z.enum(['regular', 'delayed', 'weekend']),
  bookable: z.boolean(),
});
export type SlotView = z.infer<typeof slotView>;

export const hallDatesQuery = z.object({ category: z.string().min(1).max(40), from: isoDate.optional(), days: z.coerce.number().int().min(1).max(62).default(21) });
export const hallDate = z.object({
  date: z.string(),
  working: z.boolean(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday']),
  name: z.string().optional(),
  remaining: z.number(),
  bookable: z.boolean(),
});

export const bookBody = z.object({ slotId: z.string().min(1, '请选择时段').max(64), itemCode: z.string().max(64).optional() });

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'called', 'served', 'cancelled', 'no_show'] as const;
export const APPOINTMENT_STATUS_NAMES: Record<(typeof APPOINTMENT_STATUSES)[number], string> = {
  booked: '已预约',
  checked_in: '已签到',
  called: '已叫号',
  served: '已办理',
  cancelled: '已取消',
  no_show: '爽约',
};

export const appointmentView = z.object({
  id: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  code: z.string().describe('check-in code shown as a QR'),
  hallId: z.string(),
  hallName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  slot: z.object({ id: z.string(), date: z.string(), start: z.string(), end: z.string(), kind: z.string() }),
  cancellableUntil: z.string(),
  ticketId: z.string().nullable(),
  createdAt: z.string(),
});
export type AppointmentView = z.infer<typeof appointmentView>;

export const restrictionView = z.object({
  restricted: z.boolean(),
  until: z.string().nullable(),
  noShows: z.array(z.object({ date: z.string(), hallName: z.string() })),
  limit: z.number(),
  windowDays: z.number(),
});
export type RestrictionView = z.infer<typeof restrictionView>;

export const ticketBody = z.object({ hallId: z.string().min(1).max(64), category: z.string().min(1).max(40), itemCode: z.string().max(64).optional() });

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'skipped', 'cancelled'] as const;
export const TICKET_STATUS_NAMES: Record<(typeof TICKET_STATUSES)[number], string> = {
  waiting: '等候中',
  called: '请到窗口',
  serving: '办理中',
  done: '已办结',
  skipped: '已过号',
  cancelled: '已取消',
};

export const ticketView = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  hallId: z.string(),
  hallName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  source: z.enum(['remote', 'walk_in', 'appointment']),
  ahead: z.number().describe('people before you'),
  etaMinutes: z.number().describe('predicted wait'),
  window: z.string().nullable().optional(),
  windowName: z.string().nullable().optional(),
  calledAt: z.string().nullable().optional(),
  queuedAt: z.string(),
});
export type TicketView = z.infer<typeof ticketView>;

export const callNextBody = z.object({ categories: z.array(z.string().min(1).max(40)).max(20).optional() });
export const staffCheckInBody = z.object({ code: z.string().trim().min(4, '请扫描或输入预约码').max(32) });

/** A ticket as the window console shows it: the resident's name masked. */
export const consoleTicket = ticketView.extend({ residentName: z.string().nullable(), itemName: z.string().nullable() });
export type ConsoleTicket = z.infer<typeof consoleTicket>;

/** The hall's big screen: numbers only, never names. */
export const hallDisplay = z.object({
  hallId: z.string(),
  hallName: z.string(),
  calling: z.array(z.object({ number: z.string(), window: z.string(), windowName: z.string(), calledAt: z.string(), recall: z.number() })),
  waiting: z.array(z.object({ category: z.string(), categoryName: z.string(), count: z.number() })),
});
export type HallDisplay = z.infer<typeof hallDisplay>;
