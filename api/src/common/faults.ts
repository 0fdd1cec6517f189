import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config';

/**
 * Crash injection for the fault suite. A test arms a point by creating `arm.<name>` in
 * FAULT_CRASH_DIR; the first process to reach the point claims the file (a rename is atomic, so of
 * two processes exactly one wins) and kills itself with SIGKILL — no cleanup, no graceful anything,
 * as a power cut would. The claimed file is left as `crashed.<name>` for the test to find.
 * Production refuses FAULT_CRASH_DIR.
 */
export function crashPoint(config: AppConfig, name: string): void {
  const dir = config.faults.crashDir;
  if (!dir) return;
  try {
    renameSync(join(dir, `arm.${name}`), join(dir, `crashed.${name}`));
  } catch {
    return;
  }
  process.kill(process.pid, 'SIGKILL');
}
