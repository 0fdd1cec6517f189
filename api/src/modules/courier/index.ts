export { CourierService } from './courier.service';
export { registerCourierJobs } from './courier.jobs';
