/** 14:03 in Guangzhou for a moment in ms (draft saved at, page updated at). */
export function clockTimeOf(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);
}
