#!/usr/bin/env node
// Catalogue search: loads ≥ 1,000 items (the seed plus generated variants), then times many
// queries — Chinese, full pinyin, initials, synonyms, typos, nonsense — through the API.
// Prints p50/p99; the target is p99 < 20 ms on this machine.
//   node scripts/bench/catalog-search.mjs [--items 1200] [--queries 3000]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDatabase, fmt, migrateAndSeed, ROOT, startApi, summarise, table } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ITEMS = arg('items', 1200);
const QUERIES = arg('queries', 3000);
const SUFFIXES = ['（个人）', '（单位）', '（补办）', '（变更）', '（注销）', '（异地）', '（港澳台）', '（代办）', '（网上）', '（现场）'];

const db = await benchDatabase();
let api;
try {
  migrateAndSeed(db.url);
  api = await startApi(db.url, { BODY_LIMIT: '20mb' });
  const seed = JSON.parse(readFileSync(join(ROOT, 'api/src/modules/catalog/seed/catalogue.json'), 'utf8'));
  const base = seed.items;
  const items = [...base];
  for (let i = 0; items.length < ITEMS; i++) {
    const src = base[i % base.length];
    const suffix = SUFFIXES[Math.floor(i / base.length) % SUFFIXES.length];
    items.push({ ...src, itemCode: `${src.itemCode}-V${i}`, name: `${src.name}${suffix}`, popularity: Math.max(0, src.popularity - 5) });
  }
  const admin = await (await fetch(`${api.url}/api/v1/staff/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-password' }) })).json();
  const imported = await fetch(`${api.url}/api/v1/staff/catalog/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ ...seed, items }),
  });
  if (!imported.ok) throw new Error(`import failed: ${imported.status} ${await imported.text()}`);

  const kinds = {
    chinese: ['生育津贴', '养老金', '失业保险金申领', '社会保障卡', '结婚登记', '居住证', '工伤', '丧葬补助金', '参保证明', '医保'],
    pinyin: ['shengyujintie', 'yanglaojin', 'shiyebaoxian', 'jiehundengji', 'juzhuzheng', 'gongshang'],
    initials: ['syjt', 'ylj', 'sybx', 'shbzk', 'jhdj', 'jzz'],
    synonym: ['生孩子', '退休金', '社保卡丢了', '失业了', '老人去世', '医保报销'],
    typo: ['shengyijintie', 'yanglaojn', '失业保险申领', '社会保彰卡'],
    nonsense: ['qqqqzzz', '完全没有的事'],
  };
  const all = Object.entries(kinds).flatMap(([kind, qs]) => qs.map((q) => ({ kind, q })));
  // Warm the index once (the first request after an import rebuilds it).
  await fetch(`${api.url}/api/v1/items?q=warm`);
  const byKind = {};
  const latencies = [];
  for (let i = 0; i < QUERIES; i++) {
    const { kind, q } = all[i % all.length];
    const t0 = performance.now();
    const res = await fetch(`${api.url}/api/v1/items?q=${encodeURIComponent(q)}&limit=20`);
    await res.json();
    const ms = performance.now() - t0;
    latencies.push(ms);
    (byKind[kind] ??= []).push(ms);
  }
  const total = summarise(latencies);
  console.log(`\ncatalogue search: ${items.length} items, ${QUERIES} queries over HTTP (sequential)\n`);
  console.log(
    table([
      ...Object.entries(byKind).map(([kind, l]) => {
        const s = summarise(l);
        return { queries: kind, n: s.n, 'p50 ms': fmt(s.p50, 2), 'p99 ms': fmt(s.p99, 2) };
      }),
      { queries: 'all', n: total.n, 'p50 ms': fmt(total.p50, 2), 'p99 ms': fmt(total.p99, 2) },
    ]),
  );
  console.log(`\ntarget p99 < 20 ms: ${total.p99 < 20 ? 'met' : 'NOT met'}`);
} finally {
  await api?.stop();
  await db.stop();
}
