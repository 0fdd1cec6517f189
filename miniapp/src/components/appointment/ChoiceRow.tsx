import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface ChoiceRowProps {
  title: ReactNode;
  sub?: ReactNode;
  /** Right-hand side: places left, a tag… (a chevron when nothing is given). */
  aside?: ReactNode;
  onClick(): void;
  disabled?: boolean;
  testId: string;
  /** Lands in `data-code`, so a test can pick one row out of many. */
  code?: string;
}

/** One choice in a step of a flow: a whole row, a thumb high; greyed and inert when unavailable. */
export function ChoiceRow({ title, sub, aside, onClick, disabled = false, testId, code }: ChoiceRowProps) {
  return (
    <View
      className={`hz-choice${disabled ? ' hz-choice--disabled' : ''}`}
      data-testid={testId}
      data-code={code}
      data-disabled={disabled ? 'true' : 'false'}
      hoverClass={disabled ? 'none' : 'hz-choice--pressed'}
      onClick={disabled ? undefined : onClick}
    >
      <View className='hz-choice__main'>
        <Text className='hz-choice__title'>{title}</Text>
        {sub && <Text className='hz-choice__sub'>{sub}</Text>}
      </View>
      <View className='hz-choice__aside'>{aside ?? (disabled ? null : <Text className='hz-choice__chevron'>›</Text>)}</View>
    </View>
  );
}
