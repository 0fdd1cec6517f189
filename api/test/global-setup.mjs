import { setupTestServer } from '@haizhu/scripts/lib/test-server.mjs';

export default async function globalSetup() {
  process.env.TZ ??= 'Asia/Shanghai';
  await setupTestServer();
}
