import { Text, View } from '@tarojs/components';
// The component alone: FormField/index.scss comes with each page, in the shared stylesheet order.
import { TextAreaField } from '../FormField/TextAreaField';

/** A multi-line text with its length counter and its own error line (the question, a follow-up, an answer). */
export function BodyField(props: { label: string; value: string; max: number; placeholder: string; hint?: string; error?: string | null; testId: string; onChange(v: string): void }) {
  const invalid = Boolean(props.error);
  return (
    <TextAreaField
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      max={props.max}
      placeholder={props.placeholder}
      error={props.error}
      testId={props.testId}
      inputClass='hz-cs-textarea'
      footer={
        <View className='hz-cs-count-row'>
          {props.hint && !invalid && <Text className='hz-field__hint hz-cs-count-row__hint'>{props.hint}</Text>}
          {invalid && (
            <Text className='hz-field__error hz-cs-count-row__hint' data-testid={`${props.testId}-error`}>
              {props.error}
            </Text>
          )}
          <Text className='hz-cs-count' data-testid={`${props.testId}-count`}>
            {Array.from(props.value).length}/{props.max} 字
          </Text>
        </View>
      }
    />
  );
}
