import { Text, View } from '@tarojs/components';
import type { RestrictionView } from '@haizhu/shared-types';
import type { ReactNode } from 'react';
import { restrictionText } from '../../utils/appointment';
import { fullDate } from '../../utils/datetime';

/** Online booking is suspended: say why, until when, and what still works (取号 at the hall). */
export function RestrictionNotice({ restriction, action }: { restriction: RestrictionView; action?: ReactNode }) {
  return (
    <View className='hz-card hz-card--notice hz-restriction' data-testid='restriction-notice'>
      <Text className='hz-card__title'>网上预约已暂停</Text>
      <Text className='hz-restriction__text' data-testid='restriction-text'>
        {restrictionText(restriction)}
      </Text>
      {action}
    </View>
  );
}

/** The no-shows that count, with the rule they count against. */
export function NoShowRecord({ restriction }: { restriction: RestrictionView }) {
  if (restriction.noShows.length === 0) return null;
  return (
    <View className='hz-card' data-testid='no-show-record'>
      <Text className='hz-card__title'>爽约记录</Text>
      <Text className='hz-card__text'>
        近{restriction.windowDays}天内爽约{restriction.noShows.length}次。爽约满{restriction.limit}次将暂停网上预约一段时间。不能前来时，请提前取消预约。
      </Text>
      {restriction.noShows.map((n, i) => (
        <View key={`${n.date}-${i}`} className='hz-info-row' data-testid='no-show-entry'>
          <Text className='hz-info-row__label'>{fullDate(n.date)}</Text>
          <Text className='hz-info-row__value'>{n.hallName}</Text>
        </View>
      ))}
    </View>
  );
}
