/**
 * `node dist/seed/seed-cli.js`: the idempotent development seed — the catalogue from
 * `modules/catalog/seed/catalogue.json` (facts from ../shared/data, demonstration values marked)
 * and the development staff accounts. Refuses production, where staff accounts come from
 * administration, not from a well-known password.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Platform } from '../common/platform';
import { AppointmentService, CalendarService } from '../modules/appointment';
import { shanghaiDate } from '../common/clock';
import { addDays } from '../common/working-days';
import { knownStaffRoles } from '@haizhu/shared-types';
import { AuditService } from '../modules/audit';
import { CatalogService } from '../modules/catalog';
import { seedDevStaff } from '../modules/identity/identity.seed';

/** The seed catalogue, read from the source tree (the same path from src/ and dist/). */
export const SEED_CATALOGUE = join(__dirname, '..', '..', 'src', 'modules', 'catalog', 'seed', 'catalogue.json');

async function main(): Promise<void> {
  const password = process.env.DEV_STAFF_PASSWORD;
  if (process.env.NODE_ENV === 'production') throw new Error('the development seed never runs in production');
  if (!password || password.length < 8) throw new Error('DEV_STAFF_PASSWORD (8+ characters) is required');

  // The services, wired by hand: this runs once, without the HTTP application around it.
  const platform = new Platform();
  platform.init();
  const audit = Object.assign(new AuditService(), { platform });
  const catalog = Object.assign(new CatalogService(), { platform, audit });
  try {
    const result = await catalog.importCatalogue(JSON.parse(readFileSync(SEED_CATALOGUE, 'utf8')), { type: 'system', id: 'seed' });
    console.log(`seed: catalogue ${result.items} items (${result.newVersions} new versions), ${result.halls} halls, ${result.bundles} bundles`);
    const calendar = Object.assign(new CalendarService(), { platform, audit });
    console.log(`seed: holiday calendar, ${await calendar.loadNotices()} days from the official notices`);
    await seedDevStaff(platform.db, password);
    console.log('seed: development staff accounts ready');

    // Bookable slots at the district hall for the next weeks, so a fresh start can book at once.
    const appointments = Object.assign(new AppointmentService(), { platform, audit, catalog, calendar });
    const admin = await platform.db.selectFrom('staff_accounts').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    const actor = {
      type: 'staff' as const,
      staffId: admin.id,
      username: admin.username,
      sessionId: 'seed',
      roles: knownStaffRoles(admin.roles),
      hallId: null,
      departmentCode: null,
      displayName: admin.display_name,
    };
    const today = shanghaiDate(platform.clock.now());
    let created = 0;
    for (const category of ['social_security', 'general']) {
      const result = await appointments.openSchedule(actor, 'HZ-DIST', {
        from: addDays(today, 1),
        to: addDays(today, 21),
        category,
        slotMinutes: 30,
        capacity: 4,
        includeDelayed: true,
        includeWeekend: true,
      });
      created += result.created;
    }
    console.log(`seed: ${created} new appointment slots at HZ-DIST`);
  } finally {
    await platform.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
