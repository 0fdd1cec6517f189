import { spawnSync } from 'node:child_process';

/** The argv prefix that runs pnpm 10 here: `pnpm` itself when on PATH, else `npx -y pnpm@10`. */
export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.startsWith('10.')) return ['pnpm'];
  return ['npx', '-y', 'pnpm@10'];
}
