// Builds the workspace packages `npm start` and the browser suite need, skipping a package
// whose sources haven't changed since its last build (the fingerprint lives in .data/).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pnpmCommand } from './pnpm-command.mjs';

const PACKAGES = [
  { name: '@haizhu/shared-types', dir: 'shared-types', inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], output: 'dist/index.js' },
  { name: '@haizhu/api', dir: 'api', inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], output: 'dist/cluster.js' },
  {
    name: '@haizhu/miniapp',
    dir: 'miniapp',
    inputs: ['src', 'config', 'babel.config.js', 'tsconfig.json', 'package.json', '../shared-types/src'],
    output: 'dist/h5/index.html',
  },
];

export function buildAll(root, { log = console.log, force = false } = {}) {
  const stampsFile = join(root, '.data', 'build-stamps.json');
  const stamps = existsSync(stampsFile) ? JSON.parse(readFileSync(stampsFile, 'utf8')) : {};
  const [cmd, ...pre] = pnpmCommand();
  for (const pkg of PACKAGES) {
    const dir = join(root, pkg.dir);
    const fingerprint = fingerprintOf(dir, [...pkg.inputs, '../pnpm-lock.yaml']);
    if (!force && stamps[pkg.name] === fingerprint && existsSync(join(dir, pkg.output))) {
      log(`• ${pkg.name}：未改动，跳过构建`);
      continue;
    }
    log(`• 构建 ${pkg.name}…`);
    const started = Date.now();
    const result = spawnSync(cmd, [...pre, '--filter', pkg.name, 'run', 'build'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`building ${pkg.name} failed`);
    log(`  完成（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
    stamps[pkg.name] = fingerprint;
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(stampsFile, JSON.stringify(stamps, null, 2));
  }
}

function fingerprintOf(dir, inputs) {
  const hash = createHash('sha256');
  const visit = (path) => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
    } else {
      hash.update(`${path}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const input of inputs) visit(join(dir, input));
  return hash.digest('hex');
}
