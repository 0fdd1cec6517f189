import { sql } from 'kysely';
import { AuditService } from '.';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenResident, givenStaff } from '../../../test/support/scenario';

let t: TestApp;
let audit: AuditService;
beforeAll(async () => {
  t = await createTestApp();
  audit = await t.app.getApplicationContext().getAsync(AuditService);
});
afterAll(async () => {
  await t.close();
});

/** Edits a record behind the API's back, as an intruder with database access would. */
async function tamper(seq: number, patch: string): Promise<void> {
  await t.platform.db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    await sql.raw(`update audit_records set ${patch} where seq = ${seq}`).execute(conn);
    await sql`set session_replication_role = origin`.execute(conn);
  });
}

describe('audit trail', () => {
  it('records state changes in one chain that verifies', async () => {
    const r = await givenResident(t, { verified: true });
    const trail = await audit.trailOf('resident', r.id);
    expect(trail.map((x) => x.action)).toEqual(['resident.created', 'resident.real_name_verified']);
    expect(JSON.stringify(trail)).not.toContain(r.idNumber);
    expect(trail[1]?.prev_hash).not.toBe(trail[1]?.hash);
    const result = await audit.verify();
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(2);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    await givenResident(t);
    await expect(sql`update audit_records set action = 'x'`.execute(t.platform.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_records`.execute(t.platform.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_records`.execute(t.platform.db)).rejects.toThrow(/append-only/);
  });

  it('detects a record edited behind the API and names it, through the staff endpoint', async () => {
    const r = await givenResident(t, { verified: true });
    const [, verified] = await audit.trailOf('resident', r.id);
    const auditor = await givenStaff(t, ['auditor']);

    const before = await t.http().get('/api/v1/staff/audit/verify').set(auditor.auth);
    expect(before.body).toMatchObject({ ok: true });

    const seq = verified?.seq as number;
    await tamper(seq, `data = '{"idNumber":"forged"}'::jsonb`);
    try {
      const after = await t.http().get('/api/v1/staff/audit/verify').set(auditor.auth);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ ok: false, firstBrokenSeq: seq });
    } finally {
      // Later tests in this worker share the chain: put the row back as it was.
      await tamper(seq, `data = '${JSON.stringify(verified?.data)}'::jsonb`);
    }
    expect((await audit.verify()).ok).toBe(true);
  });

  it('lets only auditors and district admins run the check', async () => {
    const window = await givenStaff(t, ['hall_window']);
    expect((await t.http().get('/api/v1/staff/audit/verify').set(window.auth)).status).toBe(403);
    const resident = await givenResident(t);
    expect((await t.http().get('/api/v1/staff/audit/verify').set(resident.auth)).status).toBe(403);
    expect((await t.http().get('/api/v1/staff/audit/verify')).status).toBe(401);
  });

  it('keeps the chain whole under concurrent appends from many transactions', async () => {
    await Promise.all(Array.from({ length: 20 }, () => givenResident(t)));
    const result = await audit.verify();
    expect(result.ok).toBe(true);
  });
});
