// Shared parts of the benchmarks: a throw-away embedded PostgreSQL, the API's own migrate and
// seed commands, API processes on loopback, and percentiles. Everything stays on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { firstFreePort, startEmbeddedPostgres, withDatabase } from '../lib/embedded-pg.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const API_DIST = join(ROOT, 'api', 'dist');

export async function benchDatabase() {
  const dataDir = mkdtempSync(join(tmpdir(), 'haizhu-bench-'));
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: 56432, fast: true });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('create database bench');
  await admin.end();
  const url = withDatabase(server.url, 'bench');
  return {
    url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function migrateAndSeed(databaseUrl) {
  for (const cli of ['db/migrate-cli.js', 'seed/seed-cli.js']) {
    const res = spawnSync(process.execPath, [join(API_DIST, cli)], {
      env: { ...process.env, DATABASE_URL: databaseUrl, DEV_STAFF_PASSWORD: 'bench-password' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (res.status !== 0) throw new Error(`${cli} failed (did you build? node scripts/pnpm.mjs -r run build)`);
  }
}

/** Starts one API process; resolves when /api/health answers. */
export async function startApi(databaseUrl, env = {}) {
  const port = await firstFreePort(7600 + Math.floor(Math.random() * 300));
  const child = spawn(process.execPath, [join(API_DIST, 'bootstrap.js')], {
    cwd: join(ROOT, 'api'),
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error', JOBS_ENABLED: 'false', MIGRATE_ON_BOOT: 'false', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, pid: child.pid, stop: () => stopChild(child) };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('API did not start');
}

function stopChild(child) {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarise(latenciesMs) {
  const s = [...latenciesMs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

/** Runs `work(i)` for i in [0, n) with at most `concurrency` in flight; returns wall time in ms. */
export async function pool(n, concurrency, work) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return performance.now() - started;
}

export function table(rows) {
  const keys = Object.keys(rows[0]);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(keys), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(keys.map((k) => r[k])))].join('\n');
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
