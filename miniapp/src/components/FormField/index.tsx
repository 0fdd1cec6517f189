import { Input, Text, View } from '@tarojs/components';
import type { InputProps } from '@tarojs/components';
import './index.scss';

export interface FormFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | null;
  placeholder?: string;
  type?: InputProps['type'];
  password?: boolean;
  maxlength?: number;
  hint?: string;
  /** `<testId>` on the input, `<testId>-error` on its message. */
  testId: string;
  onConfirm?: () => void;
}

/** A labelled input with its own error line beneath, so the person sees which field to fix. */
export function FormField(props: FormFieldProps) {
  const invalid = Boolean(props.error);
  return (
    <View className={`hz-field${invalid ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>{props.label}</Text>
      <Input
        className='hz-field__input'
        value={props.value}
        type={props.type ?? 'text'}
        password={props.password}
        maxlength={props.maxlength ?? 140}
        placeholder={props.placeholder}
        placeholderClass='hz-field__placeholder'
        confirmType='done'
        onInput={(e) => props.onChange(e.detail.value)}
        onConfirm={props.onConfirm}
        data-testid={props.testId}
      />
      {props.hint && !invalid && <Text className='hz-field__hint'>{props.hint}</Text>}
      {invalid && (
        <Text className='hz-field__error' data-testid={`${props.testId}-error`}>
          {props.error}
        </Text>
      )}
    </View>
  );
}

export { TextAreaField, type TextAreaFieldProps } from './TextAreaField';
