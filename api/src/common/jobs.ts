import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { sql } from 'kysely';
import { Logger as WorkerLogger, type Runner, run, runMigrations, type TaskList } from 'graphile-worker';
import type { Db } from '../db/database';
import { crashPoint } from './faults';
import { Platform } from './platform';

/** A job handler: gets the payload, does its work through a context's service. */
export type JobHandler = (payload: unknown) => Promise<void>;

/**
 * Background work on graphile-worker (PostgreSQL): jobs added in the same transaction as the
 * change they follow, retried with backoff, and cron entries that run once across all API
 * processes. Contexts register their tasks at start; nothing lives only in memory.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class Jobs {
  @Inject()
  platform!: Platform;

  private readonly tasks: TaskList = {};
  private readonly cron: string[] = [];
  private runner: Runner | null = null;
  private unlocker: NodeJS.Timeout | null = null;

  /** Registers a task; `schedule` (cron syntax, Asia/Shanghai irrelevant: minutes) runs it periodically. */
  register(name: string, handler: JobHandler, schedule?: string): void {
    this.tasks[name] = async (payload) => {
      crashPoint(this.platform.config, `job.${name}.start`);
      await handler(payload);
      // The work is done and recorded, the queue not yet told: the job runs again and must find nothing to do.
      crashPoint(this.platform.config, `job.${name}.end`);
    };
    if (schedule) this.cron.push(`${schedule} ${name}`);
  }

  /**
   * Adds a job inside the caller's transaction: it exists if and only if the change commits.
   * `key` makes it unique while pending (a second add replaces, never duplicates).
   */
  async add(tx: Db, task: string, payload: Record<string, unknown>, key?: string, maxAttempts = 25): Promise<void> {
    await sql`select graphile_worker.add_job(${task}, ${JSON.stringify(payload)}::json, job_key := ${key ?? null}, max_attempts := ${maxAttempts})`.execute(tx);
  }

  async start(): Promise<void> {
    // The queue's tables are needed to add jobs even where this process runs none.
    await runMigrations({ pgPool: this.platform.pool, logger: this.workerLogger() });
    if (this.runner || !this.platform.config.jobsEnabled) return;
    const lockSec = this.platform.config.jobLockTimeoutSeconds;
    this.unlocker = setInterval(() => void this.unlockAbandoned(lockSec).catch(() => undefined), Math.min(30, Math.max(1, lockSec / 2)) * 1000);
    this.unlocker.unref();
    this.runner = await run({
      pgPool: this.platform.pool,
      taskList: this.tasks,
      crontab: this.cron.join('\n'),
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: this.workerLogger(),
    });
  }

  /** graphile-worker's own lines go to our structured log, warnings and up. */
  private workerLogger(): WorkerLogger {
    return new WorkerLogger(() => (level, message) => {
      if (level === 'error') this.platform.logger.error('jobs', { message });
      else if (level === 'warning') this.platform.logger.warn('jobs', { message });
    });
  }

  /**
   * A process killed mid-job leaves its jobs locked (graphile-worker would wait four hours). Our
   * handlers finish in seconds and are idempotent, so a lock older than the timeout belongs to a
   * dead worker: unlock its jobs and let a live one run them again.
   */
  async unlockAbandoned(olderThanSec: number): Promise<number> {
    const stale = await sql<{ locked_by: string }>`select distinct locked_by from graphile_worker._private_jobs where locked_by is not null and locked_at < now() - make_interval(secs => ${olderThanSec})`.execute(this.platform.db);
    const ids = stale.rows.map((r) => r.locked_by);
    if (ids.length === 0) return 0;
    await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`.execute(this.platform.db);
    this.platform.logger.warn('unlocked jobs of workers that stopped answering', { workers: ids.length });
    return ids.length;
  }

  async stop(): Promise<void> {
    if (this.unlocker) clearInterval(this.unlocker);
    await this.runner?.stop();
    this.runner = null;
  }

  get running(): boolean {
    return this.runner !== null;
  }
}
