#!/usr/bin/env node
// `npm test`: every suite, as on a new machine. Unit and integration suites (real PostgreSQL:
// embedded, or DATABASE_URL), HTTP tests of the API, simulator conformance, then the browser
// suite against the H5 build. `--db-only` runs just the database suites (CI runs them again
// against the machine's PostgreSQL server).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './lib/pnpm-command.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dbOnly = process.argv.includes('--db-only');
const [cmd, ...pre] = pnpmCommand();

const install = spawnSync(cmd, [...pre, 'install', '--frozen-lockfile', '--reporter=append-only'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (install.status !== 0) {
  console.error('pnpm install failed');
  process.exit(1);
}

const suites = dbOnly
  ? [{ name: 'api (database suites)', pkg: '@haizhu/api', args: [] }]
  : [
      { name: 'shared-types', pkg: '@haizhu/shared-types', args: [] },
      { name: 'simulators', pkg: '@haizhu/scripts', args: [] },
      { name: 'api', pkg: '@haizhu/api', args: [] },
      { name: 'fault (crashes on the real stack)', pkg: '@haizhu/tests', args: ['--config', 'jest.fault.config.js', '--runInBand'], build: true },
      { name: 'browser (H5 in chromium)', pkg: '@haizhu/tests', args: ['--config', 'jest.e2e.config.js', '--runInBand'], build: true },
    ];

const resultsDir = mkdtempSync(join(tmpdir(), 'haizhu-jest-'));
const totals = { passed: 0, failed: 0 };
let failedSuites = [];
for (const [i, suite] of suites.entries()) {
  if (suite.build) {
    const { buildAll } = await import('./lib/build.mjs');
    buildAll(ROOT);
  }
  console.log(`\n━━ ${suite.name} ━━`);
  const out = join(resultsDir, `${i}.json`);
  const res = spawnSync(cmd, [...pre, '--filter', suite.pkg, 'exec', 'jest', '--ci', '--json', `--outputFile=${out}`, ...suite.args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
  });
  const report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null;
  if (report) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  }
  if (res.status !== 0 || !report || report.numTotalTests === 0) {
    failedSuites.push(suite.name);
    if (!report || report.numFailedTests === 0) totals.failed += 1; // the suite itself failed to run
  }
}

console.log('');
if (failedSuites.length) console.log(`failed suites: ${failedSuites.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedSuites.length ? 1 : 0);
