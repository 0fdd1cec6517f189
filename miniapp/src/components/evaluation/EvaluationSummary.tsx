import { Text, View } from '@tarojs/components';
import { EVALUATION_LEVELS, EVALUATION_WINDOW_DAYS, gradeOf, type EvaluationView, type RectificationView } from '@haizhu/shared-types';
import { formatChineseDateTime } from '../../utils/datetime';

/** ★ (U+2605) is a text glyph, not an emoji: it renders the same on every phone and in 长辈模式. */
export function LevelStars({ level }: { level: number }) {
  return (
    <View className={`hz-stars hz-stars--${gradeOf(level)}`} data-stars={level}>
      {EVALUATION_LEVELS.map((n) => (
        <Text key={n} className={`hz-stars__star${n <= level ? ' hz-stars__star--on' : ''}`}>
          ★
        </Text>
      ))}
    </View>
  );
}

const STATUS_TONE: Record<RectificationView['status'], string> = { open: 'todo', appealed: 'todo', handled: 'doing', revisited: 'doing', closed: 'done' };

export function RectificationStatusTag({ r, testId = 'rectification-status' }: { r: RectificationView; testId?: string }) {
  return (
    <Text className={`hz-ev-status hz-ev-status--${STATUS_TONE[r.status]}`} data-testid={testId} data-status={r.status}>
      {r.statusName}
    </Text>
  );
}

/**
 * A rating in one glance: stars, the level in words (colour is never the only signal), 好评 / 中评 /
 * 差评, and when it was given. A rating nobody gave reads 默认基本满意.
 */
export function EvaluationSummary({ ev, testId = 'evaluation-summary' }: { ev: Omit<EvaluationView, 'rectification'>; testId?: string }) {
  const byDefault = ev.source === 'default';
  return (
    <View className='hz-ev-summary' data-testid={testId} data-level={ev.level} data-source={ev.source}>
      <View className='hz-ev-summary__head'>
        <LevelStars level={ev.level} />
        <Text className={`hz-ev-summary__name hz-ev-summary__name--${ev.grade}`} data-testid={`${testId}-level`}>
          {byDefault ? `默认${ev.levelName}` : ev.levelName}
        </Text>
        <Text className={`hz-ev-grade hz-ev-grade--${ev.grade}`}>{ev.gradeName}</Text>
      </View>
      <Text className='hz-ev-summary__line'>
        {byDefault ? `办结 ${EVALUATION_WINDOW_DAYS} 天内未评价，按“基本满意”记录（${formatChineseDateTime(ev.createdAt)}）` : `评价于 ${formatChineseDateTime(ev.createdAt)}`}
      </Text>
      {ev.excluded && <Text className='hz-ev-summary__line'>经复核认定为不实评价，不计入统计。</Text>}
    </View>
  );
}
