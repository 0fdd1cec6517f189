export { EvaluationService } from './evaluation.service';
export { registerEvaluationJobs } from './evaluation.jobs';
export { EvaluationStats, type RatingStatsFilter } from './evaluation.stats';
