#!/usr/bin/env node
// Progress reads (办件查询 by applicationNo + query code, public, the most frequent read) through
// the API, against two baselines in the same run on this machine: bare Koa answering the same
// JSON from memory (the HTTP floor), and bare Koa running the same two queries (case by number,
// its timeline) through `pg` (the HTTP + data floor). Prints requests/s, p50/p99 and the ratios.
//   node scripts/bench/progress-reads.mjs [--requests 4000] [--concurrency 16]
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { benchDatabase, fmt, migrateAndSeed, pool, ROOT, startApi, summarise, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const REQUESTS = arg('requests', 4000);
const CONCURRENCY = arg('concurrency', 16);
// The very Koa the API runs on (Midway's dependency), not another copy.
const fromApi = createRequire(join(ROOT, 'api', 'package.json'));
const Koa = createRequire(fromApi.resolve('@midwayjs/koa'))('koa');

const db = await benchDatabase();
const servers = [];
try {
  migrateAndSeed(db.url);
  // The per-IP limit on 办件查询 would stop the bench, not the code it measures.
  const api = await startApi(db.url, { DB_POOL_MAX: '8', PROGRESS_RATE_PER_MINUTE: '1000000' });
  servers.push(api);
  const { applicationNo, queryCode } = await submittedCase(api.url, db.url);
  const path = `/api/v1/progress?applicationNo=${applicationNo}&queryCode=${queryCode}`;
  const body = await (await fetch(`${api.url}${path}`)).text();
  if (!JSON.parse(body).timeline?.length) throw new Error(`progress read failed: ${body}`);

  const bare = await listen(new Koa().use((ctx) => {
    ctx.type = 'application/json';
    ctx.body = body;
  }));
  servers.push(bare);
  const dataPool = new pg.Pool({ connectionString: db.url, max: 8 });
  dataPool.on('error', () => {}); // the server stops under it at the end
  const withData = await listen(new Koa().use(async (ctx) => {
    const { rows } = await dataPool.query('select id, status, application_no, item_code from applications where application_no = $1', [ctx.query.applicationNo]);
    const timeline = await dataPool.query('select at, title from application_timeline where application_id = $1 order by id', [rows[0].id]);
    ctx.body = { applicationNo: rows[0].application_no, status: rows[0].status, timeline: timeline.rows };
  }));
  servers.push(withData);

  const rows = [];
  for (const [name, base] of [['bare Koa, JSON from memory', bare.url], ['bare Koa + the same 2 queries (pg)', withData.url], ['API GET /api/v1/progress', api.url]]) {
    await run(base, path, 200); // warm-up
    const { wall, latencies } = await run(base, path, REQUESTS);
    const s = summarise(latencies);
    rows.push({ path: name, requests: REQUESTS, 'requests/s': (REQUESTS / wall) * 1000, 'p50 ms': s.p50, 'p99 ms': s.p99 });
  }
  await dataPool.end();
  const apiRate = rows[2]['requests/s'];
  console.log(`\nprogress reads: ${REQUESTS} requests, concurrency ${CONCURRENCY}, one API process, one PostgreSQL\n`);
  console.log(table(rows.map((r) => ({ ...r, 'requests/s': fmt(r['requests/s'], 0), 'p50 ms': fmt(r['p50 ms']), 'p99 ms': fmt(r['p99 ms']), 'API as % of this': fmt((apiRate / r['requests/s']) * 100, 0) }))));
} finally {
  for (const s of servers) await s.stop();
  await db.stop();
}

async function run(base, path, n) {
  const latencies = [];
  const wall = await pool(n, CONCURRENCY, async () => {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${base}${path}: ${res.status}`);
    latencies.push(performance.now() - t0);
  });
  return { wall, latencies };
}

function listen(app) {
  return new Promise((resolve) => {
    const server = createServer(app.callback()).listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** A verified resident (session written straight into the tables) who applied for an online item. */
async function submittedCase(base, databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const token = `hzr_${randomBytes(32).toString('base64url')}`;
  await client.query(`insert into residents (id, openid) values ('res_bench_progress', 'res_bench_progress')`);
  await client.query(`insert into sessions (id, token_hash, subject_type, subject_id, expires_at) values ('ses_bench_progress', $1, 'resident', 'res_bench_progress', $2)`, [
    createHash('sha256').update(token).digest('hex'),
    new Date(Date.now() + 3600_000),
  ]);
  const { rows } = await client.query(`select item_code from catalog_items where online_apply order by item_code limit 1`).catch(() => ({ rows: [] }));
  await client.end();
  const call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  await call('POST', '/api/v1/me/real-name', { name: '林志强', idNumber: '440105198001011234' });
  const itemCode = rows[0]?.item_code ?? (await call('GET', '/api/v1/items?mode=online&limit=1')).items[0].itemCode;
  return call('POST', '/api/v1/applications', { itemCode });
}
