#!/usr/bin/env node
// Builds the mini-program: `node scripts/build.mjs <h5|weapp>`.
// Taro prints `配置有误` for a bad config and still exits 0, so the log is watched as well as the
// exit code. For weapp the main package must stay under WeChat's 2 MB limit.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
const TARGETS = new Set(['h5', 'weapp']);
// Developer-tool settings, not uploaded as package content.
const NOT_PACKAGE_CONTENT = new Set(['project.config.json', 'project.private.config.json']);

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2];
if (!TARGETS.has(target)) {
  console.error('usage: node scripts/build.mjs <h5|weapp>');
  process.exit(2);
}

const require = createRequire(path.join(appRoot, 'package.json'));
const taroBin = path.join(path.dirname(require.resolve('@tarojs/cli/package.json')), 'bin', 'taro');

function runTaro() {
  return new Promise((resolve) => {
    const started = Date.now();
    let configError = false;
    let tail = '';
    const child = spawn(process.execPath, [taroBin, 'build', '--type', target], {
      cwd: appRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const watch = (stream, out) =>
      stream.on('data', (chunk) => {
        out.write(chunk);
        // Keep a little of the previous chunk so a marker split across chunks is still seen.
        const text = tail + chunk.toString('utf8');
        if (text.includes('配置有误')) configError = true;
        tail = text.slice(-16);
      });
    watch(child.stdout, process.stdout);
    watch(child.stderr, process.stderr);
    child.on('close', (code, signal) => resolve({ code, signal, configError, seconds: (Date.now() - started) / 1000 }));
  });
}

function subpackageRoots(distDir) {
  const app = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8'));
  const subs = [...(app.subPackages ?? []), ...(app.subpackages ?? [])];
  return subs.map((s) => String(s.root).replace(/^\/+|\/+$/g, ''));
}

function listFiles(dir, rel = '') {
  const out = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    const st = statSync(path.join(dir, r));
    if (st.isDirectory()) out.push(...listFiles(dir, r));
    else out.push({ path: r, size: st.size });
  }
  return out;
}

function weappSizes() {
  const distDir = path.join(appRoot, 'dist', 'weapp');
  const roots = subpackageRoots(distDir);
  const inRoot = (p, root) => p === root || p.startsWith(`${root}/`);
  let main = 0;
  const subs = Object.fromEntries(roots.map((r) => [r, 0]));
  for (const f of listFiles(distDir)) {
    if (NOT_PACKAGE_CONTENT.has(f.path)) continue;
    const root = roots.find((r) => inRoot(f.path, r));
    if (root) subs[root] += f.size;
    else main += f.size;
  }
  return { main, subs };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const result = await runTaro();
console.log(`\n[build] taro build --type ${target}: ${result.seconds.toFixed(1)} s`);
if (result.code !== 0 || result.signal) {
  console.error(`[build] taro exited with ${result.signal ?? `code ${result.code}`}`);
  process.exit(1);
}
if (result.configError) {
  console.error('[build] Taro reported 配置有误 (a configuration error) — see the log above');
  process.exit(1);
}

if (target === 'weapp') {
  const { main, subs } = weappSizes();
  console.log(`[build] weapp main package: ${kb(main)} (limit ${kb(MAIN_PACKAGE_LIMIT)})`);
  for (const [root, size] of Object.entries(subs)) console.log(`[build] weapp subpackage ${root}/: ${kb(size)}`);
  if (main > MAIN_PACKAGE_LIMIT) {
    console.error('[build] the main package is over WeChat\'s 2 MB limit');
    process.exit(1);
  }
} else if (!existsSync(path.join(appRoot, 'dist', 'h5', 'index.html'))) {
  console.error('[build] dist/h5/index.html is missing');
  process.exit(1);
} else {
  precompressH5();
}

/**
 * Brotli and gzip copies of the H5's text files beside them: the API's static files (koa-send)
 * serve them to browsers that accept them — a third of the bytes on a resident's mobile connection.
 */
function precompressH5() {
  const distDir = path.join(appRoot, 'dist', 'h5');
  let raw = 0;
  let br = 0;
  for (const f of listFiles(distDir)) {
    if (!/\.(js|css|html|svg|json)$/.test(f.path) || f.size < 1024) continue;
    const file = path.join(distDir, f.path);
    const content = readFileSync(file);
    const brotli = brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } });
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
    raw += content.length;
    br += brotli.length;
  }
  console.log(`[build] h5 text files precompressed: ${kb(raw)} → ${kb(br)} (brotli)`);
}
