export { NotificationService, type NotifyInput } from './notification.service';
export { registerNotificationJobs } from './notification.jobs';
