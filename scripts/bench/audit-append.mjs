#!/usr/bin/env node
// Audit-append overhead on an application transition. Each transition is the core of
// ApplicationService.transition() run with the API's own compiled code (api/dist): in one
// transaction lock the case (applicationRepo.forUpdate), set its status (applicationRepo.update),
// add the timeline entry (applicationRepo.addTimeline) and — or not, the raw baseline — append to
// the audit hash chain (AuditService.append: advisory lock held to commit, read the last record,
// hash, insert). Sequential and concurrent runs, since the chain serialises appenders; the two
// variants alternate in rounds so background load falls on both alike.
//   node scripts/bench/audit-append.mjs [--transitions 4000] [--concurrency 8] [--rounds 8]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { benchDatabase, fmt, migrateAndSeed, pool, ROOT, summarise, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TRANSITIONS = arg('transitions', 4000); // per variant and run
const WARM_UP = 50;
const CONCURRENCY = arg('concurrency', 8);
const ROUNDS = arg('rounds', 8);

// The API's compiled modules, not copies of them.
const fromDist = createRequire(join(ROOT, 'api', 'dist', 'bootstrap.js'));
const { createDb, inTransaction } = fromDist('./db/database.js');
const { applicationRepo } = fromDist('./modules/application/application.repo.js');
const { AuditService } = fromDist('./modules/audit/audit.service.js');
const { parseConfig } = fromDist('./common/config.js');

const db = await benchDatabase();
let api;
try {
  migrateAndSeed(db.url);
  const config = parseConfig({ ...process.env, DATABASE_URL: db.url, NODE_ENV: 'development' });
  api = createDb(db.url, Math.max(config.dbPoolMax, CONCURRENCY + 2));
  const audit = new AuditService();
  audit.platform = { config, db: api.db, clock: { now: () => new Date() } };

  const runs = [
    { name: 'sequential', concurrency: 1 },
    { name: `${CONCURRENCY} in parallel`, concurrency: CONCURRENCY },
  ];
  const perRound = Math.ceil(TRANSITIONS / ROUNDS);
  const cases = await submittedCases(db.url, WARM_UP + runs.length * 2 * ROUNDS * perRound);
  let next = 0;
  const transition = async (id, withAudit) => {
    const now = new Date();
    await inTransaction(api.db, async (tx) => {
      const app = await applicationRepo.forUpdate(tx, id);
      await applicationRepo.update(tx, id, { status: 'accepted', updated_at: now });
      await applicationRepo.addTimeline(tx, { application_id: id, at: now, status: 'accepted', title: '已受理，承诺 bench 前办结', note: null });
      if (withAudit) {
        await audit.append(tx, {
          actor: { type: 'staff', id: 'stf_bench', role: 'reviewer', unit: app.department_code },
          action: 'application.accept',
          subjectType: 'application',
          subjectId: id,
          residentId: app.resident_id,
          data: { from: app.status, to: 'accepted', applicationNo: app.application_no },
        });
      }
    });
  };
  // Warm-up: connections, prepared plans, the JIT.
  for (let i = 0; i < WARM_UP; i++) await transition(cases[next++], i % 2 === 0);

  const rows = [];
  for (const run of runs) {
    const results = { without: { latencies: [], wall: 0 }, with: { latencies: [], wall: 0 } };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which variant goes first, so neither always follows the other.
      const order = round % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const variant of order) {
        const ids = cases.slice(next, next + perRound);
        next += perRound;
        const r = results[variant];
        r.wall += await pool(ids.length, run.concurrency, async (i) => {
          const t0 = performance.now();
          await transition(ids[i], variant === 'with');
          r.latencies.push(performance.now() - t0);
        });
      }
    }
    const base = summarise(results.without.latencies);
    for (const variant of ['without', 'with']) {
      const r = results[variant];
      const s = summarise(r.latencies);
      rows.push({
        run: run.name,
        'audit append': variant === 'with' ? 'yes' : 'no (raw baseline)',
        transitions: s.n,
        'transitions/s': fmt((s.n / r.wall) * 1000, 0),
        'p50 ms': fmt(s.p50, 2),
        'p99 ms': fmt(s.p99, 2),
        'p50 vs baseline': variant === 'with' ? change(s.p50, base.p50) : '',
        'p99 vs baseline': variant === 'with' ? change(s.p99, base.p99) : '',
        'rate vs baseline': variant === 'with' ? `${fmt(((s.n / r.wall) / (results.without.latencies.length / results.without.wall)) * 100, 0)}%` : '100%',
      });
    }
  }
  const chain = await audit.verify();
  console.log(`\naudit append on a transition: ${TRANSITIONS} transitions per variant and run, ${ROUNDS} alternating rounds, API code from api/dist, one PostgreSQL (${config.crypto.mode === 'guomi' ? 'SM3' : 'SHA-256'} chain)\n`);
  console.log(table(rows));
  console.log(`\naudit chain after the run: ${chain.ok ? `intact, ${chain.checked} records` : `BROKEN at ${chain.firstBrokenSeq}: ${chain.reason}`}`);
  if (!chain.ok) process.exitCode = 1;
} finally {
  await api?.db.destroy();
  await db.stop();
}

function change(value, baseline) {
  const pct = ((value - baseline) / baseline) * 100;
  return `${pct >= 0 ? '+' : '−'}${fmt(Math.abs(pct), 0)}%`;
}

/** `n` submitted cases of a seeded item, written straight into the table. */
async function submittedCases(databaseUrl, n) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`select item_code, current_version as version, department_code from service_items order by item_code limit 1`);
    const item = rows[0];
    await client.query(`insert into residents (id, openid) values ('res_bench_audit', 'res_bench_audit')`);
    const ids = Array.from({ length: n }, (_, i) => `app_bench_${i}`);
    await client.query(
      `insert into applications (id, application_no, query_code_hash, resident_id, submitted_by, item_code, item_version, department_code, hall_id, status, form_enc, situation, created_at, submitted_at, updated_at)
       select id, 'HZB' || lpad(ord::text, 9, '0'), repeat('0', 64), 'res_bench_audit', 'res_bench_audit', $2, $3, $4, 'HZ-DIST', 'submitted', '', '{}', now(), now(), now()
         from unnest($1::text[]) with ordinality as x(id, ord)`,
      [ids, item.item_code, item.version, item.department_code],
    );
    return ids;
  } finally {
    await client.end();
  }
}
