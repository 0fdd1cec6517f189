import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { DeptGatewayService, GA_CHECK_TASK, SUBMIT_TASK } from './dept-gateway.service';

/** Deliveries to departments: retried with graphile-worker's backoff until they go through. */
export async function registerDeptGatewayJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const gateway = await container.getAsync(DeptGatewayService);
  jobs.register(SUBMIT_TASK, async (payload) => {
    await gateway.submitCase((payload as { applicationId: string }).applicationId);
  });
  jobs.register(GA_CHECK_TASK, async (payload) => {
    await gateway.checkIdentityWithGA((payload as { residentId: string }).residentId);
  });
}
