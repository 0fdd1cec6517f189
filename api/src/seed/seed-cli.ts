/**
 * `node dist/seed/seed-cli.js`: idempotent development seed. Refuses production, where staff
 * accounts come from administration, not from a well-known password.
 */
import { createDb } from '../db/database';
import { seedDevStaff } from '../modules/identity/identity.seed';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const password = process.env.DEV_STAFF_PASSWORD;
  if (!url) throw new Error('DATABASE_URL is required');
  if (process.env.NODE_ENV === 'production') throw new Error('the development seed never runs in production');
  if (!password || password.length < 8) throw new Error('DEV_STAFF_PASSWORD (8+ characters) is required');
  const { db } = createDb(url, 2);
  try {
    await seedDevStaff(db, password);
    console.log('seed: development staff accounts ready');
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
