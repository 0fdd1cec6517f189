import type { z } from 'zod';
import { validationError } from './errors';

/** Parses input with a shared schema; failures become 400 VALIDATION_FAILED with field paths. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw validationError(fieldMessages(result.error, prefix));
}

export function fieldMessages(error: z.ZodError, prefix?: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    fields[path] ??= chineseMessage(issue);
  }
  return fields;
}

/** zod's own English messages are replaced by plain Chinese for the cases our schemas leave to it. */
function chineseMessage(issue: z.core.$ZodIssue): string {
  if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '此项为必填项' : '格式不正确';
    case 'too_big':
      return '内容过长或数值过大';
    case 'too_small':
      return '内容过短或数值过小';
    case 'unrecognized_keys':
      return '包含不支持的字段';
    case 'invalid_value':
      return '取值不在允许范围内';
    default:
      return '格式不正确';
  }
}
