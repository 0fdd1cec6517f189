import { join } from 'node:path';
import type { Framework } from '@midwayjs/koa';
import { close, createApp, createHttpRequest } from '@midwayjs/mock';
import { workerDatabaseUrl } from '@haizhu/scripts/lib/test-db';
import { type RunningWechatSimulator, startWechatSimulator } from '@haizhu/scripts/simulators/wechat';
import { Platform } from '../../src/common/platform';
import { CalendarService } from '../../src/modules/appointment';
import type { Application } from '@midwayjs/koa';

export const TEST_APPID = 'wxtest00000000000';
export const TEST_WECHAT_SECRET = 'test-wechat-secret';

export interface TestApp {
  app: Application;
  platform: Platform;
  wechat: RunningWechatSimulator;
  http: () => ReturnType<typeof createHttpRequest>;
  close(): Promise<void>;
}

/**
 * The real API (Midway, real PostgreSQL: this worker's database) with a real WeChat simulator on
 * an ephemeral loopback port. One per test file.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const wechat = await startWechatSimulator({ appid: TEST_APPID, secret: TEST_WECHAT_SECRET, magicCodes: true, port: 0 });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: await workerDatabaseUrl(),
    DB_POOL_MAX: '5',
    PORT: '0',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_WECHAT_SECRET,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    // Every test logs residents in from 127.0.0.1; the per-IP limit has its own test.
    LOGIN_RATE_PER_MINUTE: '100000',
    STAFF_LOGIN_RATE_PER_MINUTE: '100000',
    ...env,
  });
  const app = await createApp<Framework>(join(__dirname, '..', '..'));
  const platform = await app.getApplicationContext().getAsync(Platform);
  // The official holiday notices are reference data, like the schema: every test database has them.
  await (await app.getApplicationContext().getAsync(CalendarService)).loadNotices();
  return {
    app,
    platform,
    wechat,
    http: () => createHttpRequest(app),
    async close() {
      await close(app);
      await wechat.close();
    },
  };
}
