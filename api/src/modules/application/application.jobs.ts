import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { ApplicationService } from './application.service';

/** Supervision (电子监察): lights recomputed every half hour as working days pass. */
export async function registerApplicationJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const applications = await container.getAsync(ApplicationService);
  jobs.register('application_update_lights', async () => {
    await applications.updateLights();
  }, '*/30 * * * *');
}
