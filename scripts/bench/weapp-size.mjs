#!/usr/bin/env node
// weapp package sizes: the main package and each subpackage of miniapp/dist/weapp, counted the
// way miniapp/scripts/build.mjs counts them (every file but the developer-tool settings), against
// WeChat's 2 MB limit per package (the baseline of the ratio), with the largest files of the main
// package. Builds the weapp (`node scripts/build.mjs weapp` in miniapp/) only when dist/weapp is
// missing; --build forces it.
//   node scripts/bench/weapp-size.mjs [--build] [--top 8]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, ROOT, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TOP = arg('top', 8);
const LIMIT = 2 * 1024 * 1024; // WeChat: main package ≤ 2 MB, each subpackage ≤ 2 MB
const TOTAL_LIMIT = 20 * 1024 * 1024; // WeChat: all packages together ≤ 20 MB
// Developer-tool settings, not uploaded as package content (as in miniapp/scripts/build.mjs).
const NOT_PACKAGE_CONTENT = new Set(['project.config.json', 'project.private.config.json']);
const MINIAPP = join(ROOT, 'miniapp');
const DIST = join(MINIAPP, 'dist', 'weapp');

let built = 'existing build';
if (process.argv.includes('--build') || !existsSync(join(DIST, 'app.json'))) {
  console.log('building the weapp (node scripts/build.mjs weapp) …');
  const started = performance.now();
  const res = spawnSync(process.execPath, ['scripts/build.mjs', 'weapp'], { cwd: MINIAPP, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error('the weapp build failed: run `cd miniapp && node scripts/build.mjs weapp` to see why');
  built = `built now in ${fmt((performance.now() - started) / 1000, 0)} s`;
}

const app = JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8'));
const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => String(s.root).replace(/^\/+|\/+$/g, ''));
const packages = new Map([['(main)', []], ...roots.map((r) => [r, []])]);
for (const file of listFiles(DIST)) {
  if (NOT_PACKAGE_CONTENT.has(file.path)) continue;
  const root = roots.find((r) => file.path === r || file.path.startsWith(`${r}/`));
  packages.get(root ?? '(main)').push(file);
}

const kb = (bytes) => fmt(bytes / 1024, 1);
const rows = [...packages].map(([name, files]) => {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  const gzip = files.reduce((s, f) => s + gzipSync(readFileSync(join(DIST, f.path))).length, 0);
  const js = files.filter((f) => f.path.endsWith('.js')).reduce((s, f) => s + f.size, 0);
  return { package: name === '(main)' ? 'main package' : `${name}/`, files: files.length, KB: kb(bytes), 'JS KB': kb(js), 'gzip KB': kb(gzip), '% of 2 MB': fmt((bytes / LIMIT) * 100, 1), bytes };
});
const total = rows.reduce((s, r) => s + r.bytes, 0);
const modified = statSync(join(DIST, 'app.json')).mtime.toISOString().replace('T', ' ').slice(0, 16);

console.log(`\nweapp package sizes: miniapp/dist/weapp (${built}, app.json of ${modified} UTC), limit 2 MB per package, 20 MB in all\n`);
console.log(table(rows.map(({ bytes: _b, ...r }) => r)));
console.log(`\nall packages: ${kb(total)} KB, ${fmt((total / TOTAL_LIMIT) * 100, 1)}% of 20 MB; main package ${fmt((rows[0].bytes / LIMIT) * 100, 1)}% of its 2 MB`);
console.log(`\nlargest files of the main package:\n`);
console.log(
  table(
    packages
      .get('(main)')
      .sort((a, b) => b.size - a.size)
      .slice(0, TOP)
      .map((f) => ({ file: f.path, KB: kb(f.size), '% of main': fmt((f.size / rows[0].bytes) * 100, 1) })),
  ),
);
if (rows.some((r) => r.bytes > LIMIT)) {
  console.error('\na package is over WeChat\'s 2 MB limit');
  process.exitCode = 1;
}

function listFiles(dir, rel = '') {
  const out = [];
  for (const name of readdirSync(join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    const st = statSync(join(dir, r));
    if (st.isDirectory()) out.push(...listFiles(dir, r));
    else out.push({ path: r, size: st.size });
  }
  return out;
}
