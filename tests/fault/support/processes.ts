import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pids of the API worker processes serving `port`: Node cluster workers carry NODE_UNIQUE_ID
 * in their environment, the primary doesn't. Read from /proc, so another stack on this machine
 * (another port) is never touched.
 */
export function apiWorkerPids(port: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('cluster.js')) continue;
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.includes(`PORT=${port}`) && env.some((v) => v.startsWith('NODE_UNIQUE_ID='))) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
