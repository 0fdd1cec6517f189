export { CourierService, type CourierStatusChange } from './courier.service';
export { registerCourierJobs } from './courier.jobs';
export { CourierStats } from './courier.stats';
