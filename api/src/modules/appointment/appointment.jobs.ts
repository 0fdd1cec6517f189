import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { AppointmentService } from './appointment.service';
import { QueueService } from './queue.service';

/** This context's scheduled work: no-shows after each slot, and called tickets nobody answered. */
export async function registerAppointmentJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const appointments = await container.getAsync(AppointmentService);
  const queue = await container.getAsync(QueueService);
  jobs.register('appointment_mark_no_shows', async () => {
    await appointments.markNoShows();
  }, '*/5 * * * *');
  jobs.register('queue_time_out_calls', async () => {
    await queue.timeOutCalls();
  }, '* * * * *');
}
