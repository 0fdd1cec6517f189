import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app';
import { givenResident, givenStaff, wechatSim } from './support/scenario';

const logFile = join(mkdtempSync(join(tmpdir(), 'haizhu-logs-')), 'api.log');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOG_FILE: logFile, LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await t.close();
});

/** Every row of every table in the schema, as text: what a stolen dump would show. */
async function dumpDatabase(): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.platform.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(t.platform.db);
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('personal data at rest and in logs', () => {
  it('leaves no plaintext ID number, phone or name in a database dump or the logs', async () => {
    const phone = '13712345678';
    const r = await givenResident(t, { verified: true, name: '欧阳明月' });
    await wechatSim(t, 'users', [{ openid: r.openid, phone: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86' } }]);
    const { code } = await wechatSim(t, 'phone-codes', { openid: r.openid });
    expect((await t.http().post('/api/v1/me/phone').set(r.auth).send({ code })).status).toBe(200);

    // Staff see the full values (entitled, audited) and bad input echoes them back in errors.
    const staff = await givenStaff(t, ['hall_window'], { hallId: 'HZ-DIST' });
    const view = await t.http().post('/api/v1/staff/residents/lookup').set(staff.auth).send({ idNumber: r.idNumber, purpose: '核验身份' });
    expect(view.body.phone).toBe(phone);
    const bad = `${(r.idNumber as string).slice(0, 17)}${r.idNumber?.endsWith('1') ? '2' : '1'}`;
    await t.http().post('/api/v1/me/real-name').set(r.auth).send({ name: '欧阳明月', idNumber: bad });

    const dump = await dumpDatabase();
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain(r.id);
    for (const secret of [r.idNumber as string, phone, '欧阳明月', bad]) expect(dump).not.toContain(secret);

    const logs = readFileSync(logFile, 'utf8');
    expect(logs).toContain('/api/v1/me/phone');
    for (const secret of [r.idNumber as string, phone, bad, r.token]) expect(logs).not.toContain(secret);
  });
});
