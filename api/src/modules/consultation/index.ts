export { ConsultationService, type AnsweredConsultation, type ConsultationTarget } from './consultation.service';
