import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { DEFAULT_TASK, EvaluationService } from './evaluation.service';

/** Every night at 01:30 Beijing time (17:30 UTC) services (cases, visits, consultations) left unrated for 7 natural days count as 基本满意. */
export async function registerEvaluationJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const evaluations = await container.getAsync(EvaluationService);
  jobs.register(DEFAULT_TASK, async () => {
    await evaluations.applyDefaults();
  }, '30 17 * * *');
}
