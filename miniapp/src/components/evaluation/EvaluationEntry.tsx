import { Text, View } from '@tarojs/components';
import { EVALUATION_WINDOW_DAYS, type EvaluationTargetType } from '@haizhu/shared-types';
import { goPage, pageUrl } from '../../utils/navigation';
import { BigButton } from '../BigButton';
import { EvaluationSummary, RectificationStatusTag } from './EvaluationSummary';
import { useEvaluationOf } from './useEvaluationOf';

export interface EvaluationEntryProps {
  targetType: EvaluationTargetType;
  targetId: string;
  /** `<testId>`, `<testId>-rate` (去评价), `<testId>-summary`. */
  testId: string;
}

/**
 * 服务评价 on a finished case or visit: the resident's rating (and its 整改 for a 差评), or 去评价.
 * Reloads when the page shows again, so the rating appears on return from the rating page.
 */
export function EvaluationEntry({ targetType, targetId, testId }: EvaluationEntryProps) {
  const rating = useEvaluationOf(targetType, targetId);

  const ev = rating.data;
  const loaded = !rating.loading || ev !== null;
  return (
    <View className='hz-card hz-ev-entry' data-testid={testId} data-state={ev ? 'rated' : loaded && !rating.error ? 'unrated' : 'loading'}>
      <Text className='hz-card__title'>服务评价</Text>
      {!ev && rating.loading && <Text className='hz-ev-entry__text'>正在读取评价…</Text>}
      {!ev && rating.error && !rating.loading && (
        <View className='hz-ev-entry__retry' hoverClass='hz-ev-entry__retry--pressed' onClick={rating.reload} data-testid={`${testId}-retry`}>
          <Text>评价读取失败（{rating.error.message}），点此重试</Text>
        </View>
      )}
      {ev && (
        <View>
          <EvaluationSummary ev={ev} testId={`${testId}-summary`} />
          {ev.rectification && (
            <View className='hz-ev-entry__rect'>
              <Text className='hz-ev-entry__text'>差评整改：</Text>
              <RectificationStatusTag r={ev.rectification} testId={`${testId}-rectification`} />
            </View>
          )}
          <View className='hz-ev-entry__link' hoverClass='hz-ev-entry__link--pressed' onClick={() => goPage('/evaluate/mine/index')} data-testid={`${testId}-mine`}>
            <Text>{ev.rectification ? '查看整改进度 ›' : '查看我的评价 ›'}</Text>
          </View>
        </View>
      )}
      {!ev && loaded && !rating.error && (
        <View>
          <Text className='hz-ev-entry__text'>您对这次服务满意吗？评价实名记录，仅用于改进政务服务。</Text>
          <BigButton onClick={() => goPage(pageUrl('/evaluate/rate/index', { targetType, targetId }))} testId={`${testId}-rate`}>
            去评价
          </BigButton>
          {targetType === 'application' && (
            <Text className='hz-ev-entry__hint' data-testid={`${testId}-default-hint`}>
              办结后 {EVALUATION_WINDOW_DAYS} 天未评价视为基本满意。
            </Text>
          )}
        </View>
      )}
    </View>
  );
}
