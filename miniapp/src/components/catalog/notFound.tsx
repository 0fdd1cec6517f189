import type { ApiError } from '../../api/errors';
import { goTab } from '../../utils/navigation';
import { BigButton } from '../BigButton';
import type { EmptyStateProps } from '../PageShell/StateViews';

/**
 * A 404 is not worth a 重试: an old link or a withdrawn item. Say so and lead back to the 超市.
 * Null for any other error, which keeps PageShell's error state with 重试.
 */
export function notFoundState(error: ApiError | null, what: string, testId: string): EmptyStateProps | null {
  if (error?.code !== 'NOT_FOUND') return null;
  return {
    title: `找不到这个${what}`,
    description: '可能链接已过期或内容已调整。请回到民生服务超市重新查找，或拨打 12345 政务服务便民热线咨询。',
    testId,
    action: (
      <BigButton variant='secondary' onClick={() => goTab('/pages/services/index')} testId={`${testId}-market`}>
        去民生服务超市
      </BigButton>
    ),
  };
}
