import { Text, View } from '@tarojs/components';
import { SERVICE_MODE_NAMES, type ItemSummary } from '@haizhu/shared-types';
import { matchedByLabel, promisedLabel, visitsLabel } from '../../utils/catalog';
import { goPage, pageUrl } from '../../utils/navigation';

/** One item in a list: name, department, 跑动次数, 承诺时限 and modes; taps open its guide. */
export function ItemCard({ item }: { item: ItemSummary }) {
  const visits = visitsLabel(item.maxVisits);
  const promised = promisedLabel(item.promisedDays);
  const matched = matchedByLabel(item.matchedBy);
  return (
    <View
      className='hz-item-card'
      data-testid='item-card'
      data-code={item.itemCode}
      hoverClass='hz-item-card--pressed'
      onClick={() => goPage(pageUrl('/pages/item/index', { code: item.itemCode }))}
    >
      <View className='hz-item-card__body'>
        <Text className='hz-item-card__name' data-testid='item-card-name'>
          {item.name}
        </Text>
        <Text className='hz-item-card__dept'>{item.departmentName}</Text>
        <View className='hz-tags'>
          {visits && <Text className='hz-tag hz-tag--success'>{visits}</Text>}
          {promised && <Text className='hz-tag'>{promised}</Text>}
          {item.modes.map((m) => (
            <Text key={m} className='hz-tag hz-tag--plain'>
              {SERVICE_MODE_NAMES[m]}
            </Text>
          ))}
        </View>
        {matched && (
          <Text className='hz-item-card__matched' data-testid='item-card-matched'>
            {matched}
          </Text>
        )}
      </View>
      <Text className='hz-item-card__chevron'>›</Text>
    </View>
  );
}
