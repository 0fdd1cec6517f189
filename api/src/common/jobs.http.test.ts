import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/support/app';
import { Jobs } from './jobs';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ JOBS_ENABLED: 'true' });
});
afterAll(async () => {
  await t.close();
});

describe('background jobs', () => {
  it('start with the API, register the cron entries and run a job added in SQL', async () => {
    const jobs = await t.app.getApplicationContext().getAsync(Jobs);
    expect(jobs.running).toBe(true);
    let ran = 0;
    jobs.register('test_probe', async () => {
      ran += 1;
    });
    // A task registered after start is picked up on restart: restart the runner to include it.
    await jobs.stop();
    await jobs.start();
    await sql`select graphile_worker.add_job('test_probe', '{}'::json)`.execute(t.platform.db);
    for (let i = 0; i < 50 && ran === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ran).toBe(1);
    const crons = await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs order by identifier`.execute(t.platform.db);
    expect(crons.rows.map((r) => r.identifier)).toEqual(expect.arrayContaining(['appointment_mark_no_shows', 'queue_time_out_calls']));
  });

  it('beats for its own workers, and unlocks only the jobs of workers that stopped beating', async () => {
    const jobs = await t.app.getApplicationContext().getAsync(Jobs);
    const beating = await sql<{ pid: number }>`select pid from job_workers where seen_at > now() - interval '5 seconds'`.execute(t.platform.db);
    expect(beating.rows.map((r) => r.pid)).toContain(process.pid);

    // Two jobs locked a minute ago: one by a slow worker that still beats, one by a dead one.
    for (const [key, worker] of [['slow', 'worker-slow'], ['dead', 'worker-dead']]) {
      await sql`select graphile_worker.add_job('test_parked', '{}'::json, job_key := ${key}, run_at := now() + interval '1 hour')`.execute(t.platform.db);
      await sql`update graphile_worker._private_jobs set locked_by = ${worker}, locked_at = now() - interval '60 seconds' where key = ${key}`.execute(t.platform.db);
    }
    await sql`insert into job_workers (worker_id, pid, seen_at) values ('worker-slow', 1, now()), ('worker-dead', 2, now() - interval '1 minute')`.execute(t.platform.db);
    expect(await jobs.unlockAbandoned(30)).toBe(1);
    const locks = await sql<{ key: string; locked_by: string | null }>`select key, locked_by from graphile_worker.jobs where key in ('slow', 'dead') order by key`.execute(t.platform.db);
    expect(locks.rows).toEqual([
      { key: 'dead', locked_by: null },
      { key: 'slow', locked_by: 'worker-slow' },
    ]);
  });
});
