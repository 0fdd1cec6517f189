#!/usr/bin/env node
// `npm start`: from a fresh clone with only Node 20+, install, build, and bring everything up.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './lib/pnpm-command.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`需要 Node.js 20 或更高版本（当前 ${process.version}）`);
  process.exit(1);
}

console.log('海珠政务：正在准备…');
const [cmd, ...pre] = pnpmCommand();
console.log(`• 安装依赖（${[cmd, ...pre].join(' ')} install）…`);
const install = spawnSync(cmd, [...pre, 'install', '--frozen-lockfile', '--reporter=append-only'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (install.status !== 0) {
  console.error('依赖安装失败，请查看上面的错误信息。');
  process.exit(1);
}

// Only now are the workspace's own dependencies there to import.
const { buildAll } = await import('./lib/build.mjs');
const { startStack } = await import('./lib/stack.mjs');
try {
  buildAll(ROOT);
} catch (err) {
  console.error(`构建失败：${err.message}`);
  process.exit(1);
}

let stack;
try {
  stack = await startStack({ dataDir: join(ROOT, '.data') });
} catch (err) {
  console.error(`启动失败：${err.message}`);
  process.exit(1);
}

const usingEnvPassword = !!process.env.DEV_STAFF_PASSWORD;
console.log(`
海珠政务已启动

  打开：       ${stack.url}
  工作人员：   ${stack.url}/staff/login/index
  接口文档：   ${stack.url}/api/docs
  数据库：     ${process.env.DATABASE_URL ? 'DATABASE_URL' : '内置 PostgreSQL（.data/pg）'}
  日志：       ${stack.logFile}

开发环境登录
  居民：在首页点“微信一键登录”（开发环境由微信模拟器提供登录）
  工作人员（密码${usingEnvPassword ? '来自 DEV_STAFF_PASSWORD' : '已生成并保存在 .data/dev-secrets.json'}：${stack.staffPassword}）
    admin        区级管理员
    reception    区中心导办
    window1      区中心综合受理窗口
    reviewer-rs  区人社局审核员
    auditor      审计员

按 Ctrl-C 停止。
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n正在停止…');
  await stack.stop();
  console.log('已停止，数据保留在 .data/。');
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
