/**
 * `node dist/cluster.js`: runs API_WORKERS API processes (default 1) sharing one port through
 * Node's cluster module. Every process is stateless: sessions, rate limits, idempotency and jobs
 * live in PostgreSQL, so any of them can answer any request. A worker that dies is replaced —
 * also when there is only one, so a crash costs seconds, not the service.
 */
import cluster from 'node:cluster';
import { join } from 'node:path';

const workers = Math.max(1, Number(process.env.API_WORKERS ?? '1') || 1);

if (!cluster.isPrimary) {
  require(join(__dirname, 'bootstrap'));
} else {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`api worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 5000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
