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
});
