const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * "2025年3月5日 14:30" in Asia/Shanghai whatever the phone's time zone is: the times are about
 * visits to Guangzhou offices. Asia/Shanghai has no DST, so a fixed offset is exact.
 */
export function formatChineseDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

/** 上午好 / 下午好 … by the hour in Guangzhou. */
export function greetingNow(now: number = Date.now()): string {
  const hour = new Date(now + SHANGHAI_OFFSET_MS).getUTCHours();
  if (hour < 5) return '夜深了';
  if (hour < 11) return '上午好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** Today's `YYYY-MM-DD` in Guangzhou. */
export function shanghaiToday(now: number = Date.now()): string {
  return new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (calendar days). */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return new Date(ms + days * 86400_000).toISOString().slice(0, 10);
}

/** 周三 for a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
}

/** 3月5日 for a `YYYY-MM-DD` date (or the date part of an ISO time). */
export function monthDay(date: string): string {
  const [, m, d] = date.slice(0, 10).split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** 2025年3月5日 周三. */
export function fullDate(date: string): string {
  return `${date.slice(0, 4)}年${monthDay(date)} ${weekdayOf(date)}`;
}

/** 09:30 from an ISO time in Guangzhou (the API sends `…+08:00`; others are converted). */
export function clockTime(iso: string): string {
  if (/[+]08:00$/.test(iso)) return iso.slice(11, 16);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}

/** 14:03:05 now in Guangzhou, for "last updated" lines. */
export function clockTimeWithSeconds(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19);
}
