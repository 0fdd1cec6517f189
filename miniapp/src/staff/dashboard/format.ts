import type { StatsFigure } from '@haizhu/shared-types';

/** `60.0%`, `18.5 分钟`, or 暂无数据 when there was nothing to count (not the same as 0). */
export function formatValue(f: Pick<StatsFigure, 'value' | 'unit'>): string {
  if (f.value === null) return '暂无数据';
  return f.unit === '%' ? `${f.value.toFixed(1)}%` : `${f.value.toFixed(1)} 分钟`;
}

/** `6 / 10 件` (numerator of denominator), `共 4 个号` (waits), or nothing. */
export function countsLine(f: Pick<StatsFigure, 'numerator' | 'denominator' | 'countUnit'>): string | null {
  if (f.numerator !== undefined && f.denominator !== undefined) return `${f.numerator} / ${f.denominator} ${f.countUnit}`;
  if (f.denominator !== undefined) return `共 ${f.denominator} ${f.countUnit}`;
  return null;
}
