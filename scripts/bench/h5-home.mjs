#!/usr/bin/env node
/* global document */
// H5 home (首页) first paint and JS bytes: the API serves the built H5 (miniapp/dist/h5, never
// rebuilt here) and Debian's Chromium loads `/` through playwright-core, each run in a fresh
// browser context (cold cache, no storage) on a phone-sized viewport. Per run: first-paint and
// first-contentful-paint (paint timing), DOMContentLoaded and load (navigation timing), when the
// home page is rendered ([data-testid=page-index] in the DOM), and the JS the page loaded by then and
// until the network is idle (resource timing: transferred and decoded bytes). The same under
// 长辈模式 (the stored preference set before the app starts). Baseline in the same run: a bare
// static HTML page with the home page's own text, no JS, from node:http. Variants alternate run by
// run so background load falls on all of them alike.
//   node scripts/bench/h5-home.mjs [--runs 10]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchDatabase, fmt, machineNote, migrateAndSeed, percentile, ROOT, serve, startApi, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 10);
const H5_DIST = join(ROOT, 'miniapp', 'dist', 'h5');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The browser suite's Chromium flags (tests/e2e/support/browser.ts).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// playwright-core is the browser suite's devDependency; the same copy, not a second one.
const { chromium } = createRequire(join(ROOT, 'tests', 'package.json'))('playwright-core');

if (!existsSync(join(H5_DIST, 'index.html'))) {
  console.error('miniapp/dist/h5 is missing: build it first (cd miniapp && node scripts/build.mjs h5)');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (sudo apt-get install -y chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

console.log(`h5 home bench starting: ${machineNote()}`);
const db = await benchDatabase();
let api;
let bare;
let browser;
try {
  migrateAndSeed(db.url);
  api = await startApi(db.url, { H5_DIST });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });

  // The bare page carries the text the home page shows, so it paints as much text.
  const first = await load(`${api.url}/`, { app: true });
  const text = first.text;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>海珠政务</title></head><body>${text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `<p>${l.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</p>`)
    .join('')}</body></html>`;
  bare = await serve((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(html);
  });

  const variants = [
    { name: 'H5 home `/`', url: `${api.url}/`, app: true },
    { name: 'H5 home `/`, 长辈模式', url: `${api.url}/`, app: true, elder: true },
    { name: 'bare static HTML, same text (node:http)', url: `${bare.url}/`, app: false },
  ];
  const results = new Map(variants.map((v) => [v.name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const v of variants) results.get(v.name).push(await load(v.url, v));
  }

  const p50 = (runs, key) => percentile(runs.map((r) => r[key]).sort((a, b) => a - b), 50);
  const max = (runs, key) => Math.max(...runs.map((r) => r[key]));
  const bareFcp = p50(results.get(variants[2].name), 'fcp');
  const rows = variants.map((v) => {
    const runs = results.get(v.name);
    return {
      page: v.name,
      runs: runs.length,
      'FP ms': fmt(p50(runs, 'fp'), 0),
      'FCP ms': fmt(p50(runs, 'fcp'), 0),
      'FCP max': fmt(max(runs, 'fcp'), 0),
      'DCL ms': fmt(p50(runs, 'dcl'), 0),
      'load ms': fmt(p50(runs, 'load'), 0),
      'home in DOM ms': v.app ? fmt(p50(runs, 'drawn'), 0) : '',
      'JS files': p50(runs, 'jsFiles'),
      'JS KB sent': fmt(p50(runs, 'jsTransfer') / 1024, 1),
      'JS KB decoded': fmt(p50(runs, 'jsDecoded') / 1024, 1),
      'FCP vs bare': `${fmt(p50(runs, 'fcp') / bareFcp, 1)}×`,
    };
  });
  const elderOk = results.get(variants[1].name).every((r) => r.elder === 'true') && results.get(variants[0].name).every((r) => r.elder === 'false');
  const scripts = first.scripts;
  const gzip = scripts.reduce((s, path) => s + gzipSync(readFileSync(join(H5_DIST, path))).length, 0);
  const built = statSync(join(H5_DIST, 'index.html')).mtime.toISOString().replace('T', ' ').slice(0, 16);

  console.log(`\nH5 home: ${RUNS} cold loads each (fresh browser context), Chromium ${browser.version()} headless, 390×844 @2x, the API serving miniapp/dist/h5 (built ${built} UTC), loopback, no throttling; p50 unless marked\n`);
  console.log(table(rows));
  console.log(`\nFP/FCP: paint timing; DCL/load: navigation timing; home in DOM: [data-testid=page-index] rendered; all from navigation start`);
  console.log(`bare page: the ${text.replace(/\s/g, '').length} characters of text the home page showed in the first load, in <p> elements`);
  const largest = scripts
    .map((path) => ({ path, size: statSync(join(H5_DIST, path)).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((f) => `${f.path.replace(/^\/js\//, '')} ${fmt(f.size / 1024, 1)} KB`);
  const sent = rows[0]['JS KB sent'];
  const decoded = rows[0]['JS KB decoded'];
  const how = Number(sent) < Number(decoded) * 0.9 ? `sent precompressed (${sent} KB of ${decoded} KB)` : 'sent uncompressed';
  console.log(`JS: script resources loaded by the time the network is idle after the home is drawn (${scripts.length} files; largest ${largest.join(', ')}); ${how} — gzip alone would make them ${fmt(gzip / 1024, 1)} KB`);
  console.log(`长辈模式 ${elderOk ? 'on in every 长辈模式 run and off in the others (data-elder of the page)' : 'NOT as intended in some runs'}`);
  console.log(`finished: ${machineNote()}`);
  if (!elderOk) process.exitCode = 1;
} finally {
  await browser?.close();
  await bare?.stop();
  await api?.stop();
  await db.stop();
}

/** One cold load: a new context (empty cache and storage), the page, its timings and JS bytes. */
async function load(url, { app, elder = false }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    // Taro's H5 storage keeps {"data": value} under the key (utils/storage.ts: hz.elderMode).
    if (elder) await context.addInitScript(() => localStorage.setItem('hz.elderMode', JSON.stringify({ data: true })));
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    let drawn = null;
    let elderAttr = null;
    if (app) {
      drawn = await (
        await page.waitForFunction(() => (document.querySelector('[data-testid="page-index"]') ? performance.now() : null), null, { polling: 'raf', timeout: 30_000 })
      ).jsonValue();
      elderAttr = await page.locator('[data-testid="page-index"]').first().getAttribute('data-elder');
    }
    await page.waitForLoadState('networkidle');
    const m = await page.evaluate(() => {
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
      const nav = performance.getEntriesByType('navigation')[0];
      const js = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || /\.js(\?|$)/.test(e.name));
      return {
        fp: paint['first-paint'],
        fcp: paint['first-contentful-paint'],
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        jsFiles: js.length,
        jsTransfer: js.reduce((s, e) => s + e.transferSize, 0),
        jsDecoded: js.reduce((s, e) => s + e.decodedBodySize, 0),
        scripts: js.map((e) => new URL(e.name).pathname),
        text: document.body.innerText,
      };
    });
    return { ...m, drawn, elder: elderAttr };
  } finally {
    await context.close();
  }
}
