export { AuditService, PERSONAL_DATA_VIEWED, type AuditActor, type AuditEntry } from './audit.service';
export type { AuditRow } from './audit.repo';
