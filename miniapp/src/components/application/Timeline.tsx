import { Text, View } from '@tarojs/components';
import { formatChineseDateTime } from '../../utils/datetime';

export interface TimelineItem {
  at: string;
  title: string;
  status?: string;
  note?: string | null;
}

/** Every step of a case with its time, newest first: the top one is where the case is now. */
export function Timeline({ entries, testId = 'case-timeline' }: { entries: readonly TimelineItem[]; testId?: string }) {
  const newestFirst = [...entries].reverse();
  return (
    <View className='hz-timeline' data-testid={testId}>
      {newestFirst.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`hz-timeline__entry${i === 0 ? ' hz-timeline__entry--current' : ''}`} data-testid='timeline-entry' data-status={e.status}>
          <View className='hz-timeline__rail'>
            <View className='hz-timeline__dot' />
            {i < newestFirst.length - 1 && <View className='hz-timeline__line' />}
          </View>
          <View className='hz-timeline__body'>
            <Text className='hz-timeline__title' data-testid='timeline-title'>
              {e.title}
            </Text>
            <Text className='hz-timeline__time'>{formatChineseDateTime(e.at)}</Text>
            {e.note && <Text className='hz-timeline__note'>{e.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
