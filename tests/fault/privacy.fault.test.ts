import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { idCheckDigit } from '@haizhu/shared-types';

/*
 * After the whole fault suite (the sequencer runs this file last): hundreds of residents, cases,
 * payments, parcels and messages went through two API processes, crashes, outages and forged
 * callbacks. What a stolen database dump or the log file shows must hold no 身份证号, no mobile
 * number, and none of the names and addresses the suite typed in.
 */

/** Every row of every table, as text. */
async function dumpDatabase(): Promise<string> {
  const db = new pg.Client({ connectionString: process.env.FAULT_DATABASE_URL });
  await db.connect();
  try {
    const tables = await db.query<{ schema: string; name: string }>(
      "select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const t of tables.rows) {
      const rows = await db.query<{ row: string }>(`select x::text as row from "${t.schema}"."${t.name}" x`);
      parts.push(...rows.rows.map((r) => r.row));
    }
    return parts.join('\n');
  } finally {
    await db.end();
  }
}

/** 18-character ID numbers whose GB 11643 check digit is right (random digit runs almost never are). */
function idNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9X](?![0-9A-Za-z])/g)].map((m) => m[0]).filter((id) => idCheckDigit(id.slice(0, 17)) === id[17]);
}
const mobilesIn = (text: string) => [...text.matchAll(/(?<![0-9A-Za-z+/])1[3-9][0-9]{9}(?![0-9A-Za-z+/=])/g)].map((m) => m[0]);

/** The names and street addresses the fault suite's own sources type in. */
function typedPersonalData(): string[] {
  const dir = __dirname;
  const values = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const src = readFileSync(join(dir, file), 'utf8') + readFileSync(join(dir, 'support', 'http.ts'), 'utf8');
    for (const m of src.matchAll(/(?:contactName|detail|name): '([^']*[\u4e00-\u9fff][^']*)', (?:phone|regionCode|idNumber)/g)) values.add(m[1] as string);
    for (const m of src.matchAll(/detail: '([^']+)'/g)) values.add(m[1] as string);
  }
  return [...values];
}

it('leaves no plaintext ID number, mobile number, name or address in the database or the logs', async () => {
  const dump = await dumpDatabase();
  const logs = readFileSync(process.env.FAULT_LOG_FILE as string, 'utf8');
  // The sweep looks at something real: many residents and cases, a busy log.
  expect((dump.match(/res_[0-9a-z]{26}/g) ?? []).length).toBeGreaterThan(20);
  expect(logs.split('\n').length).toBeGreaterThan(500);

  const typed = typedPersonalData();
  expect(typed).toEqual(expect.arrayContaining(['林志强']));
  for (const [where, text] of [
    ['database', dump],
    ['logs', logs],
  ] as const) {
    expect({ where, idNumbers: idNumbersIn(text) }).toEqual({ where, idNumbers: [] });
    expect({ where, mobiles: mobilesIn(text) }).toEqual({ where, mobiles: [] });
    expect({ where, typed: typed.filter((v) => text.includes(v)) }).toEqual({ where, typed: [] });
  }
});
