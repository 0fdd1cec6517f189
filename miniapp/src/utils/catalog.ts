import type { Material } from '@haizhu/shared-types';

/** 原件 / 复印件 …, the words a window clerk uses. */
export const MATERIAL_FORM_NAMES: Record<Material['form'], string> = {
  original: '原件',
  copy: '复印件',
  original_and_copy: '原件和复印件',
  electronic: '电子材料',
};

/** Shown beside every value the catalogue marks as demonstration data. */
export const DEMO_NOTE = '示例数据，以窗口告知为准';

/**
 * Whether a field shown at `path` involves demonstration data: the path itself is listed, a
 * parent of it is (`guide` covers `guide.fee`), or a part of it is (`guide.fee.amountFen` makes
 * the fee shown as a whole a demonstration). Several paths can name the same value (the item
 * repeats `guide.promisedDays` as `promisedDays`).
 */
export function isDemo(demo: readonly string[], ...paths: string[]): boolean {
  return paths.some((p) => demo.some((d) => d === p || p.startsWith(`${d}.`) || d.startsWith(`${p}.`)));
}

/** 零跑动 / 最多跑1次; null when the guide doesn't say. */
export function visitsLabel(maxVisits: number | null): string | null {
  if (maxVisits === null) return null;
  return maxVisits === 0 ? '零跑动' : `最多跑${maxVisits}次`;
}

/** 承诺N个工作日 (即办 for 0); null when not published. */
export function promisedLabel(days: number | null): string | null {
  if (days === null) return null;
  return days === 0 ? '当场办结' : `承诺${days}个工作日`;
}

/** Why a search hit matched, in words; nothing for a plain name match (that's obvious). */
export function matchedByLabel(matchedBy: string | undefined): string | null {
  if (!matchedBy || matchedBy === '名称') return null;
  if (matchedBy === '相近') return '与您输入的字相近';
  if (matchedBy === '拼音（相近）') return '与您输入的拼音相近';
  return `按${matchedBy}匹配`;
}

/** "1.5元" from fen, without trailing zeros. */
export function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2).replace(/\.?0+$/, '')}元`;
}

/** "09:00-12:00、13:00-17:00". */
export function timeRanges(ranges: readonly { start: string; end: string }[]): string {
  return ranges.map((r) => `${r.start}-${r.end}`).join('、');
}

/** A material applies when it has no condition or one of its options was chosen. */
export function materialApplies(whenOptions: readonly string[], chosen: ReadonlySet<string>): boolean {
  return whenOptions.length === 0 || whenOptions.some((o) => chosen.has(o));
}
