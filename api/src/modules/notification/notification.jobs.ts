import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { NotificationService, REMINDER_TASK, SEND_TASK } from './notification.service';

/** The send job's payload handler (also what tests run to drive graphile-worker's queue by hand). */
export function sendHandler(notifications: NotificationService): (payload: unknown) => Promise<void> {
  return async (payload) => notifications.send((payload as { notificationId: string }).notificationId);
}

/**
 * Messages go out by job (retried with backoff while WeChat is busy or away); at 18:00 Beijing time
 * (10:00 UTC) tomorrow's bookings get their reminder.
 */
export async function registerNotificationJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const notifications = await container.getAsync(NotificationService);
  jobs.register(SEND_TASK, sendHandler(notifications));
  jobs.register(REMINDER_TASK, async () => {
    await notifications.remindTomorrow();
  }, '0 10 * * *');
}
