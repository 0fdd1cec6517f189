import { App, Configuration, type ILifeCycle, type IMidwayContainer } from '@midwayjs/core';
import * as koa from '@midwayjs/koa';
import { IdempotencyMiddleware } from './common/idempotency.middleware';
import { Jobs } from './common/jobs';
import { Platform } from './common/platform';
import defaultConfig from './config/config.default';
import { migrateToLatest } from './db/database';
import { AllErrorsFilter } from './http/error.filter';
import { H5StaticMiddleware } from './http/h5-static.middleware';
import { RequestContextMiddleware } from './http/request-context.middleware';
import { SecurityHeadersMiddleware } from './http/security-headers.middleware';
import { registerApplicationJobs } from './modules/application';
import { registerAppointmentJobs } from './modules/appointment';
import { registerDeptGatewayJobs } from './modules/dept-gateway';
import { AuthMiddleware } from './modules/identity';
import { registerPaymentJobs } from './modules/payment';
import { registerCourierJobs } from './modules/courier';
import { registerEvaluationJobs } from './modules/evaluation';
import { registerNotificationJobs } from './modules/notification';

@Configuration({
  imports: [koa],
  importConfigs: [{ default: defaultConfig }],
  // Entry scripts run on import; migrations are loaded by the migrator, not the container.
  detectorOptions: { ignore: ['**/bootstrap.{ts,js}', '**/cluster.{ts,js}', '**/db/migrate-cli.{ts,js}', '**/seed/**', '**/*.seed.{ts,js}', '**/migrations/**'] },
})
export class MainConfiguration implements ILifeCycle {
  @App('koa')
  app!: koa.Application;

  async onReady(container: IMidwayContainer): Promise<void> {
    const platform = await container.getAsync(Platform);
    if (platform.config.migrateOnBoot) await migrateToLatest(platform.db);
    // Order matters: request id first (error bodies carry it), then headers, the H5 files,
    // who is calling, and last the idempotency check that scopes keys by caller.
    this.app.useMiddleware([RequestContextMiddleware, SecurityHeadersMiddleware, H5StaticMiddleware, AuthMiddleware, IdempotencyMiddleware]);
    this.app.useFilter([AllErrorsFilter]);
    await registerAppointmentJobs(container);
    await registerApplicationJobs(container);
    await registerDeptGatewayJobs(container);
    await registerPaymentJobs(container);
    await registerCourierJobs(container);
    await registerEvaluationJobs(container);
    await registerNotificationJobs(container);
    await (await container.getAsync(Jobs)).start();
  }

  async onStop(container: IMidwayContainer): Promise<void> {
    await (await container.getAsync(Jobs)).stop();
  }
}
