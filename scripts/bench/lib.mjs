// Shared parts of the benchmarks: a throw-away embedded PostgreSQL, the API's own migrate and
// seed commands, API processes and simulators on loopback, baseline servers, and percentiles.
// Everything stays on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
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

/**
 * Starts one of the simulators of external systems (scripts/simulators/<name>/main.ts) the way
 * scripts/lib/stack.mjs does, on a free loopback port; resolves when it says it is listening.
 */
export async function startSimulator(name, portEnv, env = {}) {
  const port = await firstFreePort(7700 + Math.floor(Math.random() * 200));
  const child = spawn(process.execPath, ['--import', 'tsx', `simulators/${name}/main.ts`], {
    cwd: join(ROOT, 'scripts'),
    env: { ...process.env, [portEnv]: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolveReady, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} simulator did not start within 30 s: ${out}`));
    }, 30_000);
    const onData = (chunk) => {
      out += chunk;
      if (!/listening on/.test(out)) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume(); // its log lines are not needed, only drained
      resolveReady();
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} simulator exited (${code}) before it was ready: ${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
}

/** A node:http server on a free loopback port for a baseline; `handler(req, res)`. */
export function serve(handler) {
  return new Promise((resolveServer) => {
    const server = createServer(handler).listen(0, '127.0.0.1', () => {
      resolveServer({ url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** The load average, for the record: the benches share the machine with whatever else runs. */
export function machineNote() {
  const [one, five] = loadavg();
  return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${cpus().length} cores`;
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
  const widths = keys.map((k) => Math.max(width(k), ...rows.map((r) => width(r[k]))));
  const line = (cells) => `| ${cells.map((c, i) => String(c) + ' '.repeat(widths[i] - width(c))).join(' | ')} |`;
  return [line(keys), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(keys.map((k) => r[k])))].join('\n');
}

/** Columns as a terminal shows them: CJK and full-width forms take two. */
function width(value) {
  let w = 0;
  for (const ch of String(value)) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
