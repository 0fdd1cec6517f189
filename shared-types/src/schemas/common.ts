import { z } from 'zod';

/** `YYYY-MM-DD`, a calendar date in Asia/Shanghai. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '日期不存在');

/** An ISO 8601 instant with offset. */
export const isoDateTime = z.string();

/** List query: `?limit=&cursor=` (API.md, Conventions). */
export const pageQuery = z.object({
  limit: z.coerce.number().int('每页条数应为整数').min(1, '每页至少 1 条').max(100, '每页最多 100 条').default(20),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const errorBody = z.object({
  code: z.string().describe('stable UPPER_SNAKE_CASE code'),
  message: z.string().describe('Chinese, for people'),
  requestId: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const healthResult = z.object({ status: z.literal('ok'), db: z.literal('ok') });
export type HealthResult = z.infer<typeof healthResult>;
