import { Text, Textarea, View } from '@tarojs/components';

/** A multi-line text with its length counter and its own error line (the question, a follow-up, an answer). */
export function BodyField(props: { label: string; value: string; max: number; placeholder: string; hint?: string; error?: string | null; testId: string; onChange(v: string): void }) {
  const invalid = Boolean(props.error);
  return (
    <View className={`hz-field${invalid ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>{props.label}</Text>
      <Textarea
        className='hz-field__input hz-cs-textarea'
        value={props.value}
        maxlength={props.max}
        autoHeight
        placeholder={props.placeholder}
        placeholderClass='hz-field__placeholder'
        onInput={(e) => props.onChange(e.detail.value)}
        data-testid={props.testId}
      />
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
    </View>
  );
}
