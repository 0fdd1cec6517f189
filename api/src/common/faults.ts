import { existsSync, writeFileSync } from 'node:fs';
import type { AppConfig } from './config';

/**
 * Crash injection for the fault suite: at a named point the process kills itself with SIGKILL —
 * no cleanup, no graceful anything, as a power cut would — once per point when FAULT_CRASH_ONCE_FILE names a marker path. Configured by
 * FAULT_CRASH_AT, which production refuses.
 */
export function crashPoint(config: AppConfig, name: string): void {
  if (!config.faults.crashAt.includes(name)) return;
  if (config.faults.onceFile) {
    const marker = `${config.faults.onceFile}.${name}`;
    if (existsSync(marker)) return;
    writeFileSync(marker, new Date().toISOString());
  }
  process.kill(process.pid, 'SIGKILL');
}
