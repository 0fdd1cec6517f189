// Brings the whole system up on loopback: PostgreSQL (embedded unless DATABASE_URL is given),
// migrations and seed, the simulators of external systems, and the API (serving the H5 build).
// Used by `npm start` and by the browser suite, so both run the same thing.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { firstFreePort, startEmbeddedPostgres, withDatabase } from './embedded-pg.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const API_DIST = join(ROOT, 'api', 'dist');

/**
 * The simulators `npm start` runs, each its own HTTP server on loopback, with the development
 * conveniences each needs: WeChat login without WeChat, departments and couriers that move cases
 * and parcels along by themselves.
 */
function simulators(publicBaseUrl) {
  const env = (name, fallback) => process.env[name] ?? fallback;
  return [
    { name: 'wechat', entry: 'simulators/wechat/main.ts', portEnv: 'WECHAT_SIM_PORT', basePort: 7101, baseUrlEnv: 'WECHAT_API_BASE', env: { SIM_MAGIC_CODES: '1' } },
    { name: 'dept', entry: 'simulators/dept/main.ts', portEnv: 'DEPT_SIM_PORT', basePort: 7201, baseUrlEnv: 'EXCHANGE_BASE', env: { DEPT_SIM_AUTO: env('DEPT_SIM_AUTO', 'approve'), DEPT_SIM_AUTO_STEP_MS: env('DEPT_SIM_AUTO_STEP_MS', '2000') } },
    { name: 'wechatpay', entry: 'simulators/wechatpay/main.ts', portEnv: 'WXPAY_SIM_PORT', basePort: 7301, baseUrlEnv: 'WXPAY_API_BASE', env: {} },
    {
      name: 'courier',
      entry: 'simulators/courier/main.ts',
      portEnv: 'COURIER_SIM_PORT',
      basePort: 7351,
      baseUrlEnv: 'COURIER_BASE',
      env: { COURIER_PUSH_URL: `${publicBaseUrl}/api/v1/callbacks/courier`, COURIER_SIM_AUTO: env('COURIER_SIM_AUTO', 'happy'), COURIER_SIM_AUTO_STEP_MS: env('COURIER_SIM_AUTO_STEP_MS', '5000') },
    },
  ];
}

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

    const baseEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', DATABASE_URL: databaseUrl, ...paymentKeyEnv(options.dataDir), ...options.env };
    log('• 数据库迁移与种子数据…');
    await run(process.execPath, [join(API_DIST, 'db', 'migrate-cli.js')], baseEnv);
    await run(process.execPath, [join(API_DIST, 'seed', 'seed-cli.js')], { ...baseEnv, DEV_STAFF_PASSWORD: staffPassword });

    const port = options.port ?? Number(process.env.PORT ?? 7001);
    const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
    const simEnv = {};
    for (const sim of simulators(publicBaseUrl)) {
      const simPort = await firstFreePort(sim.basePort);
      const child = spawnChild(`${sim.name}-sim`, process.execPath, ['--import', 'tsx', sim.entry], {
        cwd: join(ROOT, 'scripts'),
        env: { ...baseEnv, [sim.portEnv]: String(simPort), ...sim.env },
        ready: /listening on/,
        log,
        quiet: options.quiet,
      });
      children.push(child);
      await child.ready;
      simEnv[sim.baseUrlEnv] = `http://127.0.0.1:${simPort}`;
    }

    const logFile = join(options.dataDir, 'logs', 'api.log');
    const api = spawnChild('api', process.execPath, [join(API_DIST, 'cluster.js')], {
      cwd: join(ROOT, 'api'),
      env: {
        ...baseEnv,
        ...simEnv,
        PORT: String(port),
        HOST: process.env.HOST ?? '127.0.0.1',
        PUBLIC_BASE_URL: publicBaseUrl,
        // Postage is charged in development so the WeChat Pay path can be tried (COURIER_POSTAGE_FEN=0: free).
        COURIER_POSTAGE_FEN: process.env.COURIER_POSTAGE_FEN ?? '1800',
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
    await registerWithWechatSimulator(url, simEnv.WECHAT_API_BASE, log);
    return { url, databaseUrl, staffPassword, simulators: simEnv, logFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * What the real platform knows from the 公众平台 settings and the released version, the WeChat
 * simulator is told here: our subscribe-message templates (from the API's public catalogue, so data
 * keys are type-checked: 47003) and the mini-program's pages (so a message opening a page that does
 * not exist is refused: 41030). Without it messages would still go, unchecked; so a failure warns.
 */
async function registerWithWechatSimulator(apiUrl, wechatBase, log) {
  try {
    const res = await fetch(`${apiUrl}/api/v1/notifications/templates`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`template catalogue: HTTP ${res.status}`);
    const catalogue = await res.json();
    const templates = catalogue.templates.map((t) => ({ templateId: t.templateId, kind: t.kind, keys: Object.fromEntries(t.fields.map((f) => [f.key, f.type])) }));
    for (const [path, body] of [['templates', templates], ['pages', miniappPages()]]) {
      const sim = await fetch(`${wechatBase}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      if (!sim.ok) throw new Error(`/__sim/${path}: HTTP ${sim.status}`);
    }
  } catch (err) {
    log(`  ! 未能向微信模拟器登记订阅消息模板和小程序页面：${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Every page of the mini-program (main package and subpackages), read from its app.config.ts. */
export function miniappPages() {
  // Comments go first: their apostrophes ("item's") would pair with the quotes of page paths.
  const src = readFileSync(join(ROOT, 'miniapp', 'src', 'app.config.ts'), 'utf8').replace(/\/\/.*$/gm, '');
  const quoted = (text) => [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const main = quoted(/pages:\s*\[([^\]]*)\]/.exec(src)?.[1] ?? '');
  const sub = [...src.matchAll(/root:\s*'([^']+)'[^}]*?pages:\s*\[([^\]]*)\]/gs)].flatMap((m) => quoted(m[2]).map((p) => `${m[1]}/${p}`));
  return [...main, ...sub];
}

/**
 * WeChat Pay keys for development, made on first start and kept in .data/keys: our merchant key
 * (the API signs with it, the simulator verifies) and the simulator's platform key (it signs,
 * the API verifies with the public half), plus the APIv3 key both use for AES-GCM.
 */
function paymentKeyEnv(dataDir) {
  const dir = join(dataDir, 'keys');
  const meta = join(dir, 'wxpay.json');
  if (!existsSync(meta)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const merchant = pair();
    const platform = pair();
    writeFileSync(join(dir, 'wxpay-merchant.pem'), merchant.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'wxpay-merchant.pub.pem'), merchant.publicKey);
    writeFileSync(join(dir, 'wxpay-platform.pem'), platform.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'wxpay-platform.pub.pem'), platform.publicKey);
    const info = { serialNo: randomBytes(20).toString('hex').toUpperCase(), apiV3Key: randomBytes(16).toString('hex'), publicKeyId: `PUB_KEY_ID_0114${String(randomBytes(8).readBigUInt64BE()).padStart(20, '0').slice(0, 20)}` };
    writeFileSync(meta, JSON.stringify(info, null, 2), { mode: 0o600 });
  }
  const info = JSON.parse(readFileSync(meta, 'utf8'));
  return {
    WXPAY_MERCHANT_SERIAL: info.serialNo,
    WXPAY_API_V3_KEY: info.apiV3Key,
    WXPAY_PUBLIC_KEY_ID: info.publicKeyId,
    WXPAY_MERCHANT_PRIVATE_KEY_FILE: join(dir, 'wxpay-merchant.pem'),
    WXPAY_MERCHANT_PUBLIC_KEY_FILE: join(dir, 'wxpay-merchant.pub.pem'),
    WXPAY_SIM_PLATFORM_PRIVATE_KEY_FILE: join(dir, 'wxpay-platform.pem'),
    WXPAY_PLATFORM_PUBLIC_KEY_FILE: join(dir, 'wxpay-platform.pub.pem'),
  };
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
