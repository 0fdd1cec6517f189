export { CalendarService } from './calendar.service';
export { AppointmentService } from './appointment.service';
export { QueueService } from './queue.service';
export { registerAppointmentJobs } from './appointment.jobs';
