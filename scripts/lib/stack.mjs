// Brings the whole system up on loopback: PostgreSQL (embedded unless DATABASE_URL is given),
// migrations and seed, the simulators of external systems, and the API (serving the H5 build).
// Used by `npm start` and by the browser suite, so both run the same thing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { firstFreePort, startEmbeddedPostgres, withDatabase } from './embedded-pg.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const API_DIST = join(ROOT, 'api', 'dist');

/** The simulators `npm start` runs, each its own HTTP server on loopback. */
const SIMULATORS = [
  { name: 'wechat', entry: 'simulators/wechat/main.ts', portEnv: 'WECHAT_SIM_PORT', basePort: 7101, baseUrlEnv: 'WECHAT_API_BASE' },
  { name: 'dept', entry: 'simulators/dept/main.ts', portEnv: 'DEPT_SIM_PORT', basePort: 7201, baseUrlEnv: 'EXCHANGE_BASE' },
];

/**
 * @param {{ dataDir: string, port?: number, apiWorkers?: number, databaseUrl?: string,
 *           staffPassword?: string, quiet?: boolean, log?: (line: string) => void,
 *           env?: Record<string, string> }} options
 */
export async function startStack(options) {
  const log = options.log ?? ((line) => console.log(line));
  const children = [];
  let pgServer = null;
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    if (pgServer) await pgServer.stop();
  };
  try {
    mkdirSync(options.dataDir, { recursive: true });
    const secrets = loadDevSecrets(options.dataDir);
    const staffPassword = options.staffPassword ?? process.env.DEV_STAFF_PASSWORD ?? secrets.staffPassword;

    let databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
    if (!databaseUrl) {
      log('• 启动内置 PostgreSQL（数据目录 .data/pg）…');
      pgServer = await startEmbeddedPostgres({ dataDir: join(options.dataDir, 'pg'), port: 54329 });
      databaseUrl = await ensureDatabase(pgServer.url, 'haizhu');
    }

    const baseEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', DATABASE_URL: databaseUrl, ...options.env };
    log('• 数据库迁移与种子数据…');
    await run(process.execPath, [join(API_DIST, 'db', 'migrate-cli.js')], baseEnv);
    await run(process.execPath, [join(API_DIST, 'seed', 'seed-cli.js')], { ...baseEnv, DEV_STAFF_PASSWORD: staffPassword });

    const simEnv = {};
    for (const sim of SIMULATORS) {
      const port = await firstFreePort(sim.basePort);
      const child = spawnChild(`${sim.name}-sim`, process.execPath, ['--import', 'tsx', sim.entry], {
        cwd: join(ROOT, 'scripts'),
        // Development conveniences: WeChat login without WeChat; departments that decide by themselves.
        env: { ...baseEnv, [sim.portEnv]: String(port), SIM_MAGIC_CODES: '1', DEPT_SIM_AUTO: process.env.DEPT_SIM_AUTO ?? 'approve', DEPT_SIM_AUTO_STEP_MS: process.env.DEPT_SIM_AUTO_STEP_MS ?? '2000' },
        ready: /listening on/,
        log,
        quiet: options.quiet,
      });
      children.push(child);
      await child.ready;
      simEnv[sim.baseUrlEnv] = `http://127.0.0.1:${port}`;
    }

    const port = options.port ?? Number(process.env.PORT ?? 7001);
    const logFile = join(options.dataDir, 'logs', 'api.log');
    const api = spawnChild('api', process.execPath, [join(API_DIST, 'cluster.js')], {
      cwd: join(ROOT, 'api'),
      env: {
        ...baseEnv,
        ...simEnv,
        PORT: String(port),
        HOST: process.env.HOST ?? '127.0.0.1',
        PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`,
        API_WORKERS: String(options.apiWorkers ?? process.env.API_WORKERS ?? 1),
        LOG_FILE: process.env.LOG_FILE ?? logFile,
        FILE_STORAGE_DIR: process.env.FILE_STORAGE_DIR ?? join(options.dataDir, 'files'),
        H5_DIST: process.env.H5_DIST ?? join(ROOT, 'miniapp', 'dist', 'h5'),
      },
      log,
      quiet: options.quiet,
    });
    children.push(api);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, api);
    return { url, databaseUrl, staffPassword, simulators: simEnv, logFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Development secrets kept in .data so a second start keeps the same staff password. */
function loadDevSecrets(dataDir) {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = { staffPassword: `hz-${randomBytes(6).toString('base64url')}` };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function ensureDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

function run(cmd, args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

function spawnChild(name, cmd, args, { cwd, env, ready, log, quiet }) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const readyPromise = new Promise((resolvePromise, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      if (!quiet) for (const line of text.split('\n').filter(Boolean)) if (!line.startsWith('{')) log(`  [${name}] ${line}`);
      if (ready && ready.test(output)) resolvePromise();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      child.exited = true;
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output}`));
    });
    if (!ready) resolvePromise();
  });
  readyPromise.catch(() => undefined);
  return Object.assign(child, { ready: readyPromise, label: name, recentOutput: () => output });
}

function stopChild(child) {
  return new Promise((resolvePromise) => {
    if (child.exited || child.exitCode !== null) return resolvePromise();
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

async function waitForHealth(url, api, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exited) throw new Error(`the API exited during start:\n${api.recentOutput()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become healthy within ${timeoutMs / 1000}s:\n${api.recentOutput()}`);
}
