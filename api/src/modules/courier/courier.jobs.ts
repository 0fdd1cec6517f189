import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { CANCEL_TASK, CourierService, CREATE_TASK, TRACK_TASK } from './courier.service';

/** Orders go to (and, for a case that ended, are cancelled at) SF by job, retried while SF is away; tracking of moving orders is refreshed every 10 minutes. */
export async function registerCourierJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const courier = await container.getAsync(CourierService);
  jobs.register(CREATE_TASK, async (payload) => courier.createAtCarrier((payload as { orderId: string }).orderId));
  jobs.register(CANCEL_TASK, async (payload) => courier.cancelAtCarrier((payload as { orderId: string }).orderId));
  jobs.register(TRACK_TASK, async () => {
    await courier.refreshTracking();
  }, '*/10 * * * *');
}
