import { EventEmitter } from 'node:events';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { sql } from 'kysely';
import { Logger as WorkerLogger, type Runner, run, runMigrations, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { Db } from '../db/database';
import { crashPoint } from './faults';
import { Platform } from './platform';

/** A worker that has not beaten for this long is taken for dead. */
const HEARTBEAT_STALE_SECONDS = 5;

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
  private timers: NodeJS.Timeout[] = [];
  /** This process's graphile-worker workers, whose heartbeat says they are alive. */
  private readonly workers = new Set<string>();

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
    // Beats of processes long gone (a restart gives new worker ids) are of no further use.
    await sql`delete from job_workers where seen_at < now() - interval '1 day'`.execute(this.platform.db);
    const events = new EventEmitter() as WorkerEvents;
    events.on('worker:create', ({ worker }) => this.workers.add(worker.workerId));
    events.on('worker:stop', ({ worker }) => this.workers.delete(worker.workerId));
    this.timers = [
      setInterval(() => void this.heartbeat().catch(() => undefined), 1000),
      setInterval(() => void this.unlockAbandoned(lockSec).catch(() => undefined), Math.min(30, Math.max(1, lockSec / 2)) * 1000),
    ];
    for (const t of this.timers) t.unref();
    this.runner = await run({
      pgPool: this.platform.pool,
      taskList: this.tasks,
      crontab: this.cron.join('\n'),
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: this.workerLogger(),
      events,
    });
    await this.heartbeat();
  }

  /** Says this process's workers are alive (once a second). */
  private async heartbeat(): Promise<void> {
    if (this.workers.size === 0) return;
    await sql`insert into job_workers (worker_id, pid, seen_at) select unnest(${[...this.workers]}::text[]), ${process.pid}, now()
      on conflict (worker_id) do update set seen_at = excluded.seen_at`.execute(this.platform.db);
  }

  /** graphile-worker's own lines go to our structured log, warnings and up. */
  private workerLogger(): WorkerLogger {
    return new WorkerLogger(() => (level, message) => {
      if (level === 'error') this.platform.logger.error('jobs', { message });
      else if (level === 'warning') this.platform.logger.warn('jobs', { message });
    });
  }

  /**
   * A process killed mid-job leaves its jobs locked (graphile-worker would wait four hours). A
   * lock held longer than the timeout by a worker whose heartbeat stopped belongs to a dead
   * process: unlock its jobs so a live one runs them again (our handlers are idempotent). A slow
   * worker that still beats keeps its job, so nothing runs twice at once.
   */
  async unlockAbandoned(olderThanSec: number): Promise<number> {
    const stale = await sql<{ locked_by: string }>`
      select distinct j.locked_by from graphile_worker._private_jobs j
      where j.locked_by is not null and j.locked_at < now() - make_interval(secs => ${olderThanSec})
        and not exists (select 1 from job_workers w where w.worker_id = j.locked_by and w.seen_at > now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS}))`.execute(this.platform.db);
    const ids = stale.rows.map((r) => r.locked_by);
    if (ids.length === 0) return 0;
    await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`.execute(this.platform.db);
    this.platform.logger.warn('unlocked jobs of workers that stopped answering', { workers: ids.length });
    return ids.length;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.runner?.stop();
    this.runner = null;
  }

  get running(): boolean {
    return this.runner !== null;
  }
}
