import { Text } from '@tarojs/components';

export type Tone = 'success' | 'warning' | 'plain' | 'danger' | 'primary';

export function StatusTag({ tone, text, testId, status }: { tone: Tone; text: string; testId?: string; status?: string }) {
  const cls = tone === 'primary' ? 'hz-tag' : `hz-tag hz-tag--${tone}`;
  return (
    <Text className={`${cls} hz-status-tag`} data-testid={testId} data-status={status}>
      {text}
    </Text>
  );
}
