import { Text, View } from '@tarojs/components';

/** 名称 on the left, its value on the right: one line of a casework card (styles in casework.scss). */
export function KvRow({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className='cw-kv' data-testid={testId}>
      <Text className='cw-kv__k'>{k}</Text>
      <Text className='cw-kv__v'>{v}</Text>
    </View>
  );
}
