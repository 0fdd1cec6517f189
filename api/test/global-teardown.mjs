import { teardownTestServer } from '@haizhu/scripts/lib/test-server.mjs';

export default async function globalTeardown() {
  await teardownTestServer();
}
