import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, DATA_DIR, verifiedResident } from './support/http';

/**
 * Restarts the stack's embedded PostgreSQL (an ES module helper, so in a child Node process);
 * returns when the server was down for sure: from the end of its shutdown to `downMs` later.
 */
async function restartDatabase(downMs: number): Promise<{ from: number; to: number }> {
  const helper = require.resolve('@haizhu/scripts/lib/embedded-pg.mjs');
  const script = `const m = await import(${JSON.stringify(helper)});
    await m.restartEmbeddedPostgres(${JSON.stringify(join(DATA_DIR, 'pg'))}, { downMs: ${downMs}, onDown: () => console.log('DOWN ' + Date.now()) });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 120_000 });
  const from = Number(stdout.match(/^DOWN (\d+)$/m)?.[1]);
  if (!Number.isFinite(from)) throw new Error(`the restart helper did not say when the server was down: ${stdout}`);
  return { from, to: from + downMs };
}

/*
 * The database restarted under load: while PostgreSQL is down every request is answered at once
 * with 503 SERVICE_UNAVAILABLE (never a 500, never a dropped connection: the API processes stay
 * up), and once it is back the same requests succeed again without anyone restarting the API.
 */

type Outcome = ({ status: number; code?: string } | { error: string }) & { at: number; ms: number; path: string };

it('answers 503 while PostgreSQL restarts and recovers by itself', async () => {
  const resident = await verifiedResident('db-restart');
  const reads: { path: string; token?: string }[] = [
    { path: '/api/v1/market' },
    { path: '/api/v1/me', token: resident },
    { path: '/api/v1/appointments', token: resident },
    { path: '/api/v1/halls' },
    { path: '/api/v1/me/data-access-log', token: resident },
  ];
  const outcomes: Outcome[] = [];
  let running = true;
  const load = Array.from({ length: 6 }, async (_, worker) => {
    for (let i = worker; running; i++) {
      const { path, token } = reads[i % reads.length] as (typeof reads)[number];
      const at = Date.now();
      try {
        const res = await api<{ code?: string }>('GET', path, token);
        outcomes.push({ at, ms: Date.now() - at, path, status: res.status, code: res.body.code });
      } catch (err) {
        outcomes.push({ at, ms: Date.now() - at, path, error: String(err) });
      }
    }
  });

  await new Promise((r) => setTimeout(r, 1_500));
  const down = await restartDatabase(3_000);
  const up = Date.now();
  // Recovery without intervention: within 15 s of the restart, every read succeeds again.
  let recoveredAt = 0;
  while (Date.now() - up < 15_000) {
    const probes = await Promise.all(reads.map((r) => api('GET', r.path, r.token)));
    if (probes.every((p) => p.status === 200)) {
      recoveredAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1_000));
  running = false;
  await Promise.all(load);

  const refused = outcomes.filter((o) => 'error' in o);
  const failed = outcomes.flatMap((o) => ('status' in o && o.status !== 200 ? [o] : []));
  // Requests sent while the server was down for sure (a little margin for the ones in flight).
  const during = outcomes.filter((o) => o.at > down.from + 100 && o.at < down.to);
  const after = outcomes.filter((o) => o.at > recoveredAt);
  const health = await api<{ status: string; db: string }>('GET', '/api/health');
  console.log(
    `database restart under load: ${outcomes.length} requests, ${during.length} while down (${during.filter((o) => 'status' in o && o.status === 503).length} answered 503), ` +
      `recovered ${recoveredAt - up} ms after the server was back, ${after.length} after recovery; ` +
      `slowest answers: ${JSON.stringify([...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 3))}`,
  );

  expect(refused).toEqual([]); // the API processes never went away
  expect(failed.every((o) => o.status === 503 && o.code === 'SERVICE_UNAVAILABLE')).toBe(true);
  // The catalogue is served from memory and may keep answering; what reads the database can't.
  const personal = during.filter((o) => o.path !== '/api/v1/market' && o.path !== '/api/v1/halls');
  expect(personal.length).toBeGreaterThan(0);
  expect(personal.every((o) => 'status' in o && o.status === 503)).toBe(true);
  expect(recoveredAt).toBeGreaterThan(0);
  expect(after.every((o) => 'status' in o && o.status === 200)).toBe(true);
  expect(health.body).toEqual({ status: 'ok', db: 'ok' });
});
