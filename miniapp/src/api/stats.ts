import { department, statsOverview, type Department, type StatsOverview } from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/*
 * 统计: the figures the district reports (staff dashboard). A hall's admin and a department's
 * reviewer get their own unit's figures whatever they ask; the API refuses another unit with
 * 403 STATS_SCOPE_FORBIDDEN.
 */

export interface StatsFilter {
  from?: string;
  to?: string;
  hallId?: string | null;
  departmentCode?: string | null;
}

/** The overview for a range (default: the last 30 days), a hall and a department. */
export function getStatsOverview(filter: StatsFilter): Promise<StatsOverview> {
  return apiRequest({
    method: 'GET',
    path: '/api/v1/stats/overview',
    auth: 'staff',
    query: { from: filter.from, to: filter.to, hallId: filter.hallId, departmentCode: filter.departmentCode },
    schema: statsOverview,
  });
}

const departmentList = z.object({ items: z.array(department.extend({ itemCount: z.number() })) });

/** The departments, for the district admin's picker (a public catalogue read). */
export async function getDepartments(): Promise<Department[]> {
  return (await apiRequest({ method: 'GET', path: '/api/v1/departments', auth: 'none', schema: departmentList })).items;
}
