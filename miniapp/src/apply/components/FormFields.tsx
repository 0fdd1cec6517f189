import { Picker, Text, Textarea, View } from '@tarojs/components';
import type { InputProps } from '@tarojs/components';
import type { FormField as FieldDef } from '@haizhu/shared-types';
import { useState } from 'react';
import { BottomSheet } from '../../components/BottomSheet';
import { FormField } from '../../components/FormField';
import type { FormDraft } from './formRules';

const INPUT_TYPES: Partial<Record<FieldDef['type'], InputProps['type']>> = {
  phone: 'number',
  bankAccount: 'number',
  idNumber: 'idcard',
  number: 'digit',
};

const PLACEHOLDERS: Partial<Record<FieldDef['type'], string>> = {
  phone: '11 位手机号',
  idNumber: '18 位身份证号',
  bankAccount: '银行卡号，只填数字',
  number: '填写数字',
};

function todayInGuangzhou(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function labelOf(f: FieldDef): string {
  return f.required ? f.label : `${f.label}（选填）`;
}

function FieldError({ testId, error }: { testId: string; error?: string }) {
  if (!error) return null;
  return (
    <Text className='hz-field__error' data-testid={`${testId}-error`}>
      {error}
    </Text>
  );
}

/** A box that opens a chooser: the chosen value, or a grey prompt. */
function ChooserBox({ testId, value, placeholder, onOpen }: { testId: string; value: string | null; placeholder: string; onOpen?: () => void }) {
  return (
    <View className='hz-field__input apply-chooser' data-testid={testId} hoverClass='apply-chooser--pressed' onClick={onOpen}>
      <Text className={value ? 'apply-chooser__value' : 'hz-field__placeholder'}>{value ?? placeholder}</Text>
      <Text className='apply-chooser__arrow'>›</Text>
    </View>
  );
}

function SelectField({ field, value, error, onChange }: { field: FieldDef; value: string; error?: string; onChange(v: string): void }) {
  const [open, setOpen] = useState(false);
  const testId = `apply-field-${field.key}`;
  const chosen = field.options?.find((o) => o.value === value);
  return (
    <View className={`hz-field${error ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>{labelOf(field)}</Text>
      <ChooserBox testId={testId} value={chosen?.label ?? null} placeholder='请选择' onOpen={() => setOpen(true)} />
      {field.hint && !error && <Text className='hz-field__hint'>{field.hint}</Text>}
      <FieldError testId={testId} error={error} />
      <BottomSheet open={open} title={`请选择${field.label}`} onClose={() => setOpen(false)} testId='apply-select-sheet'>
        {(field.options ?? []).map((o) => (
          <View
            key={o.value}
            className={`hz-sheet-option${o.value === value ? ' hz-sheet-option--chosen' : ''}`}
            hoverClass='hz-sheet-option--pressed'
            data-testid='apply-option'
            data-code={o.value}
            onClick={() => {
              onChange(o.value);
              setOpen(false);
            }}
          >
            <View className='hz-sheet-option__mark' />
            <Text className='hz-sheet-option__label'>{o.label}</Text>
          </View>
        ))}
      </BottomSheet>
    </View>
  );
}

function DateField({ field, value, error, onChange }: { field: FieldDef; value: string; error?: string; onChange(v: string): void }) {
  const testId = `apply-field-${field.key}`;
  return (
    <View className={`hz-field${error ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>{labelOf(field)}</Text>
      <Picker mode='date' value={value || todayInGuangzhou()} start='1900-01-01' end='2100-12-31' onChange={(e) => onChange(String(e.detail.value))}>
        <ChooserBox testId={testId} value={value || null} placeholder='请选择日期' />
      </Picker>
      {field.hint && !error && <Text className='hz-field__hint'>{field.hint}</Text>}
      <FieldError testId={testId} error={error} />
    </View>
  );
}

function TextareaField({ field, value, error, onChange }: { field: FieldDef; value: string; error?: string; onChange(v: string): void }) {
  const testId = `apply-field-${field.key}`;
  const max = field.maxLength ?? 500;
  return (
    <View className={`hz-field${error ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>{labelOf(field)}</Text>
      <Textarea
        className='hz-field__input apply-textarea'
        value={value}
        maxlength={max}
        autoHeight
        placeholder={`最多 ${max} 个字`}
        placeholderClass='hz-field__placeholder'
        onInput={(e) => onChange(e.detail.value)}
        data-testid={testId}
      />
      {field.hint && !error && <Text className='hz-field__hint'>{field.hint}</Text>}
      <FieldError testId={testId} error={error} />
    </View>
  );
}

export interface FormFieldsProps {
  fields: readonly FieldDef[];
  values: FormDraft;
  errors: Record<string, string>;
  onChange(key: string, value: string): void;
}

/** The item's own form, one control per field type; every field's error sits right under it. */
export function FormFields({ fields, values, errors, onChange }: FormFieldsProps) {
  return (
    <View data-testid='apply-form'>
      {fields.map((f) => {
        const value = values[f.key] ?? '';
        const error = errors[f.key];
        const change = (v: string) => onChange(f.key, v);
        if (f.type === 'select') return <SelectField key={f.key} field={f} value={value} error={error} onChange={change} />;
        if (f.type === 'date') return <DateField key={f.key} field={f} value={value} error={error} onChange={change} />;
        if (f.type === 'textarea') return <TextareaField key={f.key} field={f} value={value} error={error} onChange={change} />;
        return (
          <FormField
            key={f.key}
            label={labelOf(f)}
            value={value}
            onChange={change}
            error={error}
            type={INPUT_TYPES[f.type] ?? 'text'}
            maxlength={f.maxLength ?? (f.type === 'phone' ? 11 : f.type === 'idNumber' ? 18 : 100)}
            placeholder={PLACEHOLDERS[f.type]}
            hint={f.hint}
            testId={`apply-field-${f.key}`}
          />
        );
      })}
    </View>
  );
}
