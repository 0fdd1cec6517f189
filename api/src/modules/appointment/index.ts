export { CalendarService } from './calendar.service';
export { AppointmentService, type BookedAppointment } from './appointment.service';
export { QueueService, type NearFrontTicket, NEAR_FRONT, type ServedAppointment } from './queue.service';
export { registerAppointmentJobs } from './appointment.jobs';
export { AppointmentStats, type HallStatsFilter } from './appointment.stats';
