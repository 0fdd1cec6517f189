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
