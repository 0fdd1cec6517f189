import { checkIdNumber, type FormField } from '@haizhu/shared-types';
import type { FormValues } from '../../api/application';

/** What the resident typed or picked, per field key; always text while editing. */
export type FormDraft = Record<string, string>;

/**
 * The item's form checked field by field, with the API's rules and words (application.service.ts
 * validateForm), so the resident hears about a mistake on the form rather than after submitting.
 */
export function validateForm(fields: readonly FormField[], draft: FormDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const s = (draft[f.key] ?? '').trim();
    if (s === '') {
      if (f.required) errors[f.key] = f.type === 'select' || f.type === 'date' ? `请选择${f.label}` : `请填写${f.label}`;
      continue;
    }
    if (f.maxLength && s.length > f.maxLength) errors[f.key] = `${f.label}最多 ${f.maxLength} 个字`;
    else if (f.type === 'phone' && !/^1[3-9]\d{9}$/.test(s)) errors[f.key] = `${f.label}应为 11 位手机号`;
    else if (f.type === 'idNumber') {
      const check = checkIdNumber(s);
      if (!check.ok) errors[f.key] = `${f.label}不正确：${check.message}`;
    } else if (f.type === 'number' && (Number.isNaN(Number(s)) || !/^-?\d+(\.\d+)?$/.test(s))) errors[f.key] = `${f.label}应为数字`;
    else if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(s)) errors[f.key] = `${f.label}应为日期`;
    else if (f.type === 'bankAccount' && !/^\d{12,30}$/.test(s.replace(/\s/g, ''))) errors[f.key] = `${f.label}应为 12-30 位数字`;
    else if (f.type === 'select' && f.options && !f.options.some((o) => o.value === s)) errors[f.key] = `请从选项中选择${f.label}`;
  }
  return errors;
}

/** The values sent to the API: trimmed, numbers as numbers, bank accounts without spaces, empty as absent. */
export function toFormValues(fields: readonly FormField[], draft: FormDraft): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const raw = (draft[f.key] ?? '').trim();
    if (raw === '') continue;
    if (f.type === 'number' && /^-?\d+(\.\d+)?$/.test(raw)) out[f.key] = Number(raw);
    else if (f.type === 'bankAccount') out[f.key] = raw.replace(/\s/g, '');
    else if (f.type === 'idNumber') out[f.key] = raw.toUpperCase();
    else out[f.key] = raw;
  }
  return out;
}

/** A saved draft's values back into text fields. */
export function fromFormValues(values: FormValues): FormDraft {
  const out: FormDraft = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

/** A value as the resident chose it (the option's label for a select). */
export function displayValue(field: FormField, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '未填写';
  const s = String(value);
  if (field.type === 'select') return field.options?.find((o) => o.value === s)?.label ?? s;
  return s;
}
