import { Text, Textarea, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  max: number;
  placeholder?: string;
  error?: string | null;
  /** `<testId>` on the box, `<testId>-error` on its message. */
  testId: string;
  /** The page's class for the box (its height). */
  inputClass: string;
  /** Shows `<n>/<max> 字` under the box, in this class. */
  counterClass?: string;
  /** Takes the place of the error line and counter, for a field that lays them out itself. */
  footer?: ReactNode;
}

/**
 * A labelled multi-line text with its own error line beneath. No stylesheet of its own: the
 * `hz-field` styles come with FormField/index.scss, which every page with a form imports in its
 * place in the shared order.
 */
export function TextAreaField(props: TextAreaFieldProps) {
  const invalid = Boolean(props.error);
  return (
    <View className={`hz-field${invalid ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>{props.label}</Text>
      <Textarea
        className={`hz-field__input ${props.inputClass}`}
        value={props.value}
        maxlength={props.max}
        autoHeight
        placeholder={props.placeholder}
        placeholderClass='hz-field__placeholder'
        onInput={(e) => props.onChange(e.detail.value)}
        data-testid={props.testId}
      />
      {props.footer ?? (
        <>
          {props.counterClass && (
            <Text className={props.counterClass}>
              {Array.from(props.value).length}/{props.max} 字
            </Text>
          )}
          {invalid && (
            <Text className='hz-field__error' data-testid={`${props.testId}-error`}>
              {props.error}
            </Text>
          )}
        </>
      )}
    </View>
  );
}
