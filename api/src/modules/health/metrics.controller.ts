import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { sql } from 'kysely';
import { Platform } from '../../common/platform';
import { Metrics } from '../../http/metrics';
import { ExchangeClient } from '../dept-gateway';
import { NotificationService } from '../notification';

/** Prometheus metrics: requests and latencies by route, errors by code, job queue, breakers. */
@Controller('/api')
export class MetricsController {
  @Inject()
  ctx!: Context;

  @Inject()
  platform!: Platform;

  @Inject()
  metrics!: Metrics;

  @Inject()
  exchange!: ExchangeClient;

  @Inject()
  notifications!: NotificationService;

  @Get('/metrics')
  async metrics_(): Promise<string> {
    const jobs = await sql<{ task: string; waiting: number; failing: number }>`
      select task_identifier as task, count(*)::int as waiting, count(*) filter (where last_error is not null)::int as failing
        from graphile_worker.jobs group by task_identifier`
      .execute(this.platform.db)
      .catch(() => ({ rows: [] as { task: string; waiting: number; failing: number }[] }));
    const breakers = this.exchange.states();
    const notifications = await this.notifications.recentCounts().catch(() => []);
    this.ctx.type = 'text/plain; version=0.0.4; charset=utf-8';
    return this.metrics.render([
      { name: 'haizhu_jobs_waiting', help: 'Jobs queued, by task', samples: jobs.rows.map((r) => ({ labels: `task="${r.task}"`, value: r.waiting })) },
      { name: 'haizhu_jobs_failing', help: 'Queued jobs whose last attempt failed, by task', samples: jobs.rows.map((r) => ({ labels: `task="${r.task}"`, value: r.failing })) },
      { name: 'haizhu_notifications_24h', help: 'Subscribe messages recorded in the last 24 h, by status', samples: notifications.map((r) => ({ labels: `status="${r.status}"`, value: r.n })) },
      { name: 'haizhu_breaker_open', help: 'Department circuit breakers (1 = open)', samples: Object.entries(breakers).map(([dept, s]) => ({ labels: `dept="${dept}",state="${s}"`, value: s === 'open' ? 1 : 0 })) },
      { name: 'haizhu_db_pool', help: 'Database pool connections', samples: [{ labels: 'state="total"', value: this.platform.pool.totalCount }, { labels: 'state="idle"', value: this.platform.pool.idleCount }, { labels: 'state="waiting"', value: this.platform.pool.waitingCount }] },
    ]);
  }
}
