#!/usr/bin/env node
// Outbox deliveries to the departments: accepted cases of 人社 go out by graphile-worker job
// (enqueued in the acceptance's transaction, dept-gateway.service.ts) to the department
// simulator, which records each submission (`GET /__sim/submissions`). Everything runs for real:
// residents' cases are created and submitted over HTTP, reviewer-rs accepts them over HTTP, an API
// process with JOBS_ENABLED=true delivers. Four ways:
//   backlog — N cases accepted while no process runs jobs, then one worker process drains them;
//   paced   — cases accepted at a steady rate through the worker process, below its capacity;
//   burst   — cases accepted as fast as 8 reviewers' requests go, through the worker process;
//   limited — a backlog again, with the simulator's gateway rate limit (the spec's 50/s) on,
//             watched for a fixed window. The other rows run with the limit lifted.
// Prints deliveries/s and lag (acceptance → the simulator has the case, p50/p99); in the same run
// the raw baseline: the same signed POST /v1/cases straight from a loop through the API's own
// exchange client (api/dist), two at a time like the worker, no queue, no database.
//   node scripts/bench/outbox.mjs [--backlog 600] [--paced 150] [--rate 10] [--burst 400]
//                                 [--limited 200] [--limited-window 40] [--concurrency 8]
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { benchDatabase, fmt, machineNote, migrateAndSeed, pool, ROOT, startApi, startSimulator, summarise, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const BACKLOG = arg('backlog', 600);
const PACED = arg('paced', 150);
const RATE = arg('rate', 10);
const BURST = arg('burst', 400);
const LIMITED = arg('limited', 200);
const LIMITED_WINDOW_S = arg('limited-window', 40);
const CONCURRENCY = arg('concurrency', 8);
const LIFTED = 100_000; // requests/s: the simulator's gateway limit, out of the way
const PASSWORD = 'bench-password'; // migrateAndSeed's DEV_STAFF_PASSWORD
const ITEM = 'BENCH-RS-1';
const ID_NUMBER = '440105198001011234';
const SUBMIT_TASK = 'dept_submit_case';

const fromDist = createRequire(join(ROOT, 'api', 'dist', 'bootstrap.js'));
const { ExchangeClient } = fromDist('./modules/dept-gateway/exchange.client.js');
const { parseConfig } = fromDist('./common/config.js');

console.log(`outbox bench starting: ${machineNote()}`);
const db = await benchDatabase();
const processes = [];
let client;
try {
  migrateAndSeed(db.url);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();

  // The department simulator without auto-processing (no callbacks: only delivery is measured)
  // and, but for ④, with its gateway rate limit (50 requests/s per app key) lifted, so the
  // figures are our pipeline's, not the limit's.
  const sim = await startSimulator('dept', 'DEPT_SIM_PORT', { DEPT_SIM_AUTO: 'off' });
  processes.push(sim);
  const { rateLimitPerSec: simLimit } = await simCall(sim.url, 'GET', '/__sim/config');
  await simCall(sim.url, 'POST', '/__sim/config', { rateLimitPerSec: LIFTED });
  if ((await simCall(sim.url, 'GET', '/__sim/cases/auto')).enabled) throw new Error('the simulator processes cases by itself');

  const env = { EXCHANGE_BASE: sim.url, DB_POOL_MAX: '8' };
  // `front` answers the HTTP of setting up and of the backlog; it runs no jobs.
  const front = await startApi(db.url, { ...env, JOBS_ENABLED: 'false' });
  processes.push(front);
  const admin = await login(front.url, 'admin');
  await call(front.url, 'POST', '/api/v1/staff/catalog/import', admin, {
    format: 'haizhu-catalogue/v1',
    departments: [{ code: 'HZ-RSJ', name: '广州市海珠区人力资源和社会保障局' }],
    items: [{ itemCode: ITEM, name: '压测事项（人社）', departmentCode: 'HZ-RSJ', category: '社保', guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] }, materials: [], onlineApply: true }],
    bundles: [],
  });
  const resident = await verifiedResident(front.url);
  const reviewer = await login(front.url, 'reviewer-rs');

  // Every case submitted up front (submission enqueues nothing for the departments).
  const ids = [];
  await pool(BACKLOG + PACED + BURST + LIMITED, CONCURRENCY, async () => {
    const draft = await call(front.url, 'POST', '/api/v1/applications', resident, { itemCode: ITEM });
    await call(front.url, 'POST', `/api/v1/applications/${draft.id}/submit`, resident);
    ids.push(draft.id);
  });
  const accept = (base, id) => call(base, 'POST', `/api/v1/staff/applications/${id}/accept`, reviewer, {});
  const rows = [];

  // ① backlog: accepted with no worker running, then one process drains the queue.
  const backlogIds = ids.slice(0, BACKLOG);
  await acceptAll(accept, front.url, backlogIds);
  let workerStarted = Date.now();
  let worker = await startApi(db.url, { ...env, JOBS_ENABLED: 'true' });
  processes.push(worker);
  rows.push(await measure('backlog: N queued, then 1 worker process', sim.url, backlogIds, { startedAt: workerStarted }));

  // ② paced: acceptances at a steady rate through the worker process.
  const pacedIds = ids.slice(BACKLOG, BACKLOG + PACED);
  const pacedStart = performance.now();
  await Promise.all(
    pacedIds.map(async (id, i) => {
      await new Promise((r) => setTimeout(r, pacedStart + (i * 1000) / RATE - performance.now()));
      await accept(worker.url, id);
    }),
  );
  rows.push({ ...(await measure(`paced: ${RATE} acceptances/s, same process`, sim.url, pacedIds)), paced: true });

  // ③ burst: acceptances as fast as CONCURRENCY reviewers' requests go, through the worker process.
  const burstIds = ids.slice(BACKLOG + PACED, BACKLOG + PACED + BURST);
  await pool(burstIds.length, CONCURRENCY, (i) => accept(worker.url, burstIds[i]));
  rows.push(await measure(`burst: ${CONCURRENCY} reviewers at once, same process`, sim.url, burstIds));
  await stopProcess(worker);

  // ④ a backlog again, now under the gateway's rate limit of the spec (§3: 429 10007, 50/s per app key).
  const limitedIds = ids.slice(BACKLOG + PACED + BURST);
  let limited = null;
  if (limitedIds.length) {
    await simCall(sim.url, 'POST', '/__sim/config', { rateLimitPerSec: simLimit });
    await acceptAll(accept, front.url, limitedIds);
    const since = new Date().toISOString();
    workerStarted = Date.now();
    worker = await startApi(db.url, { ...env, JOBS_ENABLED: 'true' });
    processes.push(worker);
    const row = await measure(`backlog under the gateway's ${simLimit}/s limit`, sim.url, limitedIds, { startedAt: workerStarted, windowMs: LIMITED_WINDOW_S * 1000 });
    rows.push(row);
    await stopProcess(worker);
    await simCall(sim.url, 'POST', '/__sim/config', { rateLimitPerSec: LIFTED });
    const journal = await simCall(sim.url, 'GET', '/__sim/requests?path=/v1/cases&method=POST');
    const tooMany = journal.filter((e) => e.at >= since && e.response?.status === 429).length;
    const { rows: notes } = await client.query(`select count(distinct application_id)::int as n from application_timeline where application_id = any($1) and title like '%部门系统暂时无法连接%'`, [limitedIds]);
    const { rows: errors } = await client.query(
      `select split_part(last_error, chr(10), 1) as error, count(*)::int as n, max(attempts)::int as attempts from graphile_worker.jobs where task_identifier = $1 group by 1 order by 2 desc`,
      [SUBMIT_TASK],
    );
    limited = { row, tooMany, notes: notes[0].n, errors };
    // The rest would go out over the next minutes of backoff; they are not measured.
    await client.query(`select graphile_worker.remove_job(key) from graphile_worker.jobs where task_identifier = $1 and key is not null`, [SUBMIT_TASK]);
  }

  // The raw baseline: the same number of signed POST /v1/cases from a loop, two at a time.
  rows.push(await rawBaseline(sim.url, BACKLOG));

  const rawRate = rows[rows.length - 1].rate;
  console.log(`\noutbox deliveries to the department simulator: ${BACKLOG} backlog + ${PACED} paced + ${BURST} burst${LIMITED ? ` + ${LIMITED} rate-limited` : ''} cases of 人社, graphile-worker (concurrency 2 per process), one PostgreSQL\n`);
  console.log(
    table(
      rows.map((r) => ({
        path: r.path,
        cases: r.n,
        delivered: r.delivered,
        'deliveries/s': fmt(r.rate, 1),
        'lag p50 ms': fmt(r.lag.p50, 0),
        'lag p99 ms': fmt(r.lag.p99, 0),
        'lag max ms': fmt(r.lag.max, 0),
        'rate vs raw': r.paced ? '(the offered rate)' : `${fmt((r.rate / rawRate) * 100, 0)}%`,
      })),
    ),
  );
  console.log(`\nlag: the acceptance's timeline entry (its transaction, where the job is added) → the simulator records the submission; raw: request start → recorded`);
  console.log(`backlog: deliveries/s over the drain (first to last delivery), which ended ${fmt(rows[0].drainMs / 1000, 1)} s after the worker process was started; its lag is mostly time in the queue`);
  console.log(`the gateway limit (${simLimit}/s per app key in the simulator, the spec's default) was lifted for all rows but the rate-limited one`);
  if (limited) {
    console.log(
      `rate-limited backlog: ${limited.row.delivered} of ${LIMITED} delivered in the ${LIMITED_WINDOW_S} s after starting the worker process (deliveries/s over that window, or over the drain if all went); ` +
        `deliveries by second after the start: ${JSON.stringify(limited.row.bySecond)}; ${limited.tooMany} submissions answered 429, ${limited.notes} residents shown 「部门系统暂时无法连接」; ` +
        `jobs still queued by last error: ${JSON.stringify(limited.errors)}`,
    );
  }
  console.log(`finished: ${machineNote()}`);
} finally {
  await client?.end();
  for (const p of processes.reverse()) await p.stop();
  await db.stop();
}

/** Accepts every case through `base` (a process running no jobs) and checks the queue holds them. */
async function acceptAll(accept, base, appIds) {
  await pool(appIds.length, CONCURRENCY, (i) => accept(base, appIds[i]));
  const { rows } = await client.query(`select count(*)::int as n from graphile_worker.jobs where task_identifier = $1`, [SUBMIT_TASK]);
  if (rows[0].n !== appIds.length) throw new Error(`expected ${appIds.length} queued deliveries, found ${rows[0].n}`);
}

async function stopProcess(p) {
  await p.stop();
  processes.splice(processes.indexOf(p), 1);
}

/**
 * Waits until the simulator has every case (or `windowMs` after `startedAt` has passed), then
 * reads deliveries/s and lag from the records.
 */
async function measure(path, simUrl, appIds, { startedAt, windowMs } = {}) {
  const { rows } = await client.query(
    `select a.application_no, extract(epoch from t.at) * 1000 as accepted_ms
       from applications a join application_timeline t on t.application_id = a.id and t.status = 'accepted'
      where a.id = any($1)`,
    [appIds],
  );
  const acceptedAt = new Map(rows.map((r) => [r.application_no, Number(r.accepted_ms)]));
  const received = await receivedAt(simUrl, acceptedAt, windowMs ? { until: startedAt + windowMs } : { until: Date.now() + 120_000, all: true });
  const lags = [...received].map(([no, at]) => at - acceptedAt.get(no));
  const times = [...received.values()].sort((a, b) => a - b);
  const last = times[times.length - 1];
  let rate;
  if (windowMs && times.length < appIds.length) rate = (times.length / windowMs) * 1000; // over the whole window
  else if (startedAt) rate = ((times.length - 1) / (last - times[0])) * 1000; // over the drain
  else rate = (times.length / (last - Math.min(...acceptedAt.values()))) * 1000; // from the first acceptance
  // Deliveries per whole second since the worker process was started: when they went out.
  const bySecond = {};
  for (const t of startedAt ? times : []) {
    const second = Math.floor((t - startedAt) / 1000);
    bySecond[second] = (bySecond[second] ?? 0) + 1;
  }
  return { path, n: appIds.length, delivered: times.length, rate, lag: summarise(lags), drainMs: startedAt ? last - startedAt : null, bySecond };
}

/** applicationNo → when the simulator first recorded it (epoch ms): once all have arrived, or what has by `until`. */
async function receivedAt(simUrl, wanted, { until, all = false }) {
  for (;;) {
    const subs = await simCall(simUrl, 'GET', '/__sim/submissions');
    const seen = new Map();
    for (const s of subs) if (wanted.has(s.applicationNo) && s.outcome === 'created' && !seen.has(s.applicationNo)) seen.set(s.applicationNo, Date.parse(s.at));
    if (seen.size === wanted.size) return seen;
    if (Date.now() > until) {
      if (all) throw new Error(`only ${seen.size} of ${wanted.size} cases reached the simulator in time`);
      return seen;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The API's exchange client (breaker, both signature layers, fetch), two calls in flight. */
async function rawBaseline(simUrl, n) {
  const config = parseConfig({ ...process.env, DATABASE_URL: db.url, EXCHANGE_BASE: simUrl, NODE_ENV: 'development' });
  const exchange = new ExchangeClient();
  exchange.platform = { config, logger: { info() {}, warn() {}, error() {} } };
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const started = new Map();
  const submittedAt = new Date().toISOString();
  const wall = await pool(n, 2, async (i) => {
    const applicationNo = `HZRAW${tag}${String(i).padStart(6, '0')}`;
    started.set(applicationNo, Date.now());
    await exchange.call({
      dept: 'RS',
      method: 'POST',
      path: '/v1/cases',
      body: {
        applicationNo,
        itemCode: ITEM,
        itemName: '压测事项（人社）',
        itemVersion: '1',
        deptCode: 'RS',
        regionCode: '440105',
        channel: 'WECHAT_MINIPROGRAM',
        submittedAt,
        applicant: { type: 'PERSON', name: '林志强', idType: '111', idNumber: ID_NUMBER, mobile: null, address: null },
        agent: null,
        formSchemaVersion: '1',
        formData: {},
        materials: [],
        delivery: null,
        callbackUrl: `${config.publicBaseUrl}/api/v1/callbacks/dept/RS`,
        consentId: null,
      },
    });
  });
  const received = await receivedAt(simUrl, started, { until: Date.now() + 30_000, all: true });
  const lags = [...started].map(([no, at]) => received.get(no) - at);
  return { path: 'raw: exchange client in a loop, 2 at a time', n, delivered: received.size, rate: (n / wall) * 1000, lag: summarise(lags) };
}

/** A verified resident: the session written straight into the tables, real-name over HTTP. */
async function verifiedResident(base) {
  const token = `hzr_${randomBytes(32).toString('base64url')}`;
  await client.query(`insert into residents (id, openid) values ('res_bench_outbox', 'res_bench_outbox')`);
  await client.query(`insert into sessions (id, token_hash, subject_type, subject_id, expires_at) values ('ses_bench_outbox', $1, 'resident', 'res_bench_outbox', $2)`, [
    createHash('sha256').update(token).digest('hex'),
    new Date(Date.now() + 3600_000),
  ]);
  await call(base, 'POST', '/api/v1/me/real-name', token, { name: '林志强', idNumber: ID_NUMBER });
  // Verification queues a 公安 check for the worker; it is not what is measured here.
  await client.query(`select graphile_worker.remove_job('ga_identity_check:res_bench_outbox')`);
  return token;
}

async function login(base, username) {
  return (await call(base, 'POST', '/api/v1/staff/auth/login', undefined, { username, password: PASSWORD })).token;
}

async function call(base, method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

async function simCall(base, method, path, body) {
  return call(base, method, path, undefined, body);
}
