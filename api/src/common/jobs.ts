import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { sql } from 'kysely';
import { Logger as WorkerLogger, type Runner, run, runMigrations, type TaskList } from 'graphile-worker';
import type { Db } from '../db/database';
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

  /** Registers a task; `schedule` (cron syntax, Asia/Shanghai irrelevant: minutes) runs it periodically. */
  register(name: string, handler: JobHandler, schedule?: string): void {
    this.tasks[name] = async (payload) => handler(payload);
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

  async stop(): Promise<void> {
    await this.runner?.stop();
    this.runner = null;
  }

  get running(): boolean {
    return this.runner !== null;
  }
}
