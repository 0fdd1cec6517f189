export { ApplicationService } from './application.service';
export type { ApplicationRow } from './application.repo';
export type { ApplicationEvent } from './application.state';
export { registerApplicationJobs } from './application.jobs';
export { ApplicationStats, type CaseStatsFilter, type VisitFacts } from './application.stats';
