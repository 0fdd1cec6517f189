/** SF wire times: `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8, no DST). */
import { BEIJING_OFFSET_MS } from '../lib/format';

const SF_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function sfTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms of an SF time, or undefined when it is not one (wrong shape or no such date). */
export function parseSfTime(text: string): number | undefined {
  const match = SF_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS;
  return sfTime(ms) === text ? ms : undefined;
}
