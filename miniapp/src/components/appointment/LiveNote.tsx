import { Text, View } from '@tarojs/components';
import type { ApiError } from '../../api/errors';
import { clockTimeWithSeconds } from '../../utils/datetime';

/** "每5秒自动更新 · 14:03:05 更新": the page refreshes itself; a failed refresh says so. */
export function LiveNote({ seconds, updatedAt, error, live = true, testId = 'live-note' }: { seconds: number; updatedAt: number | null; error: ApiError | null; live?: boolean; testId?: string }) {
  return (
    <View className='hz-live-note' data-testid={testId}>
      {live && <View className='hz-live-note__dot' />}
      <Text>
        {live ? `每${seconds}秒自动更新` : '已停止自动更新'}
        {updatedAt !== null && ` · ${clockTimeWithSeconds(updatedAt)} 更新`}
      </Text>
      {error && (
        <Text className='hz-live-note__error' data-testid={`${testId}-error`}>
          更新失败，稍后自动重试
        </Text>
      )}
    </View>
  );
}
