import { Text, View } from '@tarojs/components';
import type { ApiError } from '../../api/errors';

export interface SheetOptionProps {
  on: boolean;
  label: string;
  sub?: string;
  /** A square mark, for one of several choices that may all be on; round for one of a kind. */
  square?: boolean;
  /** On the row, with `data-code` and `data-on`. */
  testId: string;
  code: string;
  onPick(): void;
}

/** A large choice row in a sheet (styles in BottomSheet/index.scss). */
export function SheetOption({ on, label, sub, square = false, testId, code, onPick }: SheetOptionProps) {
  return (
    <View className={`hz-sheet-option${on ? ' hz-sheet-option--chosen' : ''}`} hoverClass='hz-sheet-option--pressed' data-testid={testId} data-code={code} data-on={on ? 'true' : 'false'} onClick={onPick}>
      <View className={`hz-sheet-option__mark${square ? ' hz-sheet-option__mark--square' : ''}`} />
      <View className='hz-sheet-option__main'>
        <Text className='hz-sheet-option__label'>{label}</Text>
        {sub && <Text className='hz-sheet-option__sub'>{sub}</Text>}
      </View>
    </View>
  );
}

/** The API's refusal of what a sheet sent, with its code for tests; nothing while there is none. */
export function SheetError({ error, testId }: { error: ApiError | null; testId: string }) {
  if (!error) return null;
  return (
    <View className='hz-alert' data-testid={testId} data-code={error.code}>
      {error.message}
    </View>
  );
}
