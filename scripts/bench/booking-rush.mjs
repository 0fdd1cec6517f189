#!/usr/bin/env node
// Booking rush: N residents (default 2,000) rush M slots of small capacity through two API
// processes on one database. Prints bookings/s, p50/p99 latency and the count of overbooked
// slots (must be 0), and in the same run the raw PostgreSQL ceiling for the same conditional
// update through `pg`, so the ratio is visible.
//   node scripts/bench/booking-rush.mjs [--residents 2000] [--slots 20] [--capacity 5] [--concurrency 64]
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchDatabase, fmt, migrateAndSeed, pool, startApi, summarise, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RESIDENTS = arg('residents', 2000);
const SLOTS = arg('slots', 20);
const CAPACITY = arg('capacity', 5);
const CONCURRENCY = arg('concurrency', 64);

const db = await benchDatabase();
const apis = [];
try {
  migrateAndSeed(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();

  // The next working day (the bookable window starts tomorrow).
  const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
  apis.push(await startApi(db.url, { DB_POOL_MAX: '8' }), await startApi(db.url, { DB_POOL_MAX: '8' }));
  const { date } = await (await fetch(`${apis[0].url}/api/v1/calendar/add-working-days?from=${tomorrow}&days=0`)).json();

  const slotIds = await makeSlots(client, 'bench', date, SLOTS, CAPACITY);
  const tokens = await makeResidents(client, RESIDENTS);

  const latencies = [];
  const statuses = {};
  const wall = await pool(RESIDENTS, CONCURRENCY, async (i) => {
    const api = apis[i % apis.length];
    const t0 = performance.now();
    const res = await fetch(`${api.url}/api/v1/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
      body: JSON.stringify({ slotId: slotIds[i % slotIds.length] }),
    });
    const body = await res.json();
    latencies.push(performance.now() - t0);
    const key = res.status === 201 ? '201' : `${res.status} ${body.code}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  });
  const { rows } = await client.query(
    `select count(*)::int as overbooked from slots s
      where s.id = any($1) and (s.booked > s.capacity or
        (select count(*) from appointments a where a.slot_id = s.id and a.status = 'booked') > s.capacity)`,
    [slotIds],
  );
  const booked = statuses['201'] ?? 0;
  const api = summarise(latencies);

  // The raw ceiling: the same conditional update from a small pool, no HTTP, no rules, no audit.
  const rawSlots = await makeSlots(client, 'raw', date, SLOTS, CAPACITY);
  const rawPool = new pg.Pool({ connectionString: db.url, max: 4 });
  const rawLatencies = [];
  let rawBooked = 0;
  const rawWall = await pool(RESIDENTS, CONCURRENCY, async (i) => {
    const t0 = performance.now();
    const r = await rawPool.query('update slots set booked = booked + 1 where id = $1 and booked < capacity returning id', [rawSlots[i % rawSlots.length]]);
    rawLatencies.push(performance.now() - t0);
    rawBooked += r.rowCount;
  });
  await rawPool.end();
  const raw = summarise(rawLatencies);
  await client.end();

  console.log(`\nbooking rush: ${RESIDENTS} residents, ${SLOTS} slots x capacity ${CAPACITY}, concurrency ${CONCURRENCY}, 2 API processes, one PostgreSQL\n`);
  console.log(
    table([
      { path: 'API (HTTP, 2 processes)', requests: RESIDENTS, booked, 'requests/s': fmt((RESIDENTS / wall) * 1000, 0), 'bookings/s': fmt((booked / wall) * 1000, 0), 'p50 ms': fmt(api.p50), 'p99 ms': fmt(api.p99), overbooked: rows[0].overbooked },
      { path: 'raw pg conditional update', requests: RESIDENTS, booked: rawBooked, 'requests/s': fmt((RESIDENTS / rawWall) * 1000, 0), 'bookings/s': fmt((rawBooked / rawWall) * 1000, 0), 'p50 ms': fmt(raw.p50), 'p99 ms': fmt(raw.p99), overbooked: 0 },
    ]),
  );
  console.log(`\nstatuses: ${JSON.stringify(statuses)}`);
  console.log(`API requests/s is ${fmt((RESIDENTS / wall / (RESIDENTS / rawWall)) * 100)}% of the raw ceiling`);
  if (rows[0].overbooked !== 0) process.exitCode = 1;
} finally {
  for (const a of apis) await a.stop();
  await db.stop();
}

async function makeSlots(client, prefix, date, n, capacity) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const id = `slt_${prefix}_${i}`;
    const start = new Date(`${date}T09:00:00+08:00`).getTime() + i * 10 * 60_000;
    await client.query(
      `insert into slots (id, hall_id, category, date, starts_at, ends_at, kind, capacity) values ($1, 'HZ-DIST', $2, $3, $4, $5, 'regular', $6)`,
      [id, `bench-${prefix}`, date, new Date(start), new Date(start + 10 * 60_000), capacity],
    );
    ids.push(id);
  }
  return ids;
}

/** Residents with sessions written straight into the tables, so the rush measures booking, not login. */
async function makeResidents(client, n) {
  const tokens = [];
  const expires = new Date(Date.now() + 3600_000);
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, j) => {
      const token = `hzr_${randomBytes(32).toString('base64url')}`;
      tokens.push(token);
      return { id: `res_bench_${i + j}`, token };
    });
    await client.query(`insert into residents (id, openid) select unnest($1::text[]), unnest($1::text[])`, [batch.map((b) => b.id)]);
    await client.query(
      `insert into sessions (id, token_hash, subject_type, subject_id, expires_at)
       select 'ses_' || r, h, 'resident', r, $3 from unnest($1::text[], $2::text[]) as x(r, h)`,
      [batch.map((b) => b.id), batch.map((b) => createHash('sha256').update(b.token).digest('hex')), expires],
    );
  }
  return tokens;
}
