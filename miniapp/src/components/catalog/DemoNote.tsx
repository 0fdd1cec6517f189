import { Text } from '@tarojs/components';
import { DEMO_NOTE } from '../../utils/catalog';

/** Marks a value as demonstration data, never to be read as the official figure. */
export function DemoNote({ show = true, testId = 'demo-note' }: { show?: boolean; testId?: string }) {
  if (!show) return null;
  return (
    <Text className='hz-demo-note' data-testid={testId}>
      {DEMO_NOTE}
    </Text>
  );
}
