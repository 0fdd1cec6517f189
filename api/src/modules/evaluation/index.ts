export { EvaluationService } from './evaluation.service';
export { registerEvaluationJobs } from './evaluation.jobs';
