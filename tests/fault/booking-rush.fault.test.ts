import pg from 'pg';
import { api, verifiedResident, whenUp } from './support/http';
import { apiWorkerPids } from './support/processes';

/*
 * Booking rushes across the two API processes of one database, with one process killed (SIGKILL)
 * in the middle of each rush: whatever the dead process was doing, no slot ever holds more
 * bookings than its capacity, and the counter the slot keeps agrees with the bookings themselves.
 */

const HALL = 'HZ-DIST';
const ROUNDS = 3;

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.FAULT_DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}

type Slot = { id: string; capacity: number; remaining: number; bookable: boolean };

/** The first bookable dates' slots in a category, fullest capacity first used up by earlier rounds. */
async function openSlots(category: string): Promise<Slot[]> {
  const dates = await api<{ items: { date: string; bookable: boolean }[] }>('GET', `/api/v1/halls/${HALL}/dates?category=${category}`);
  const slots: Slot[] = [];
  for (const d of dates.body.items.filter((x) => x.bookable)) {
    const day = await api<Slot[]>('GET', `/api/v1/halls/${HALL}/slots?date=${d.date}&category=${category}`);
    slots.push(...day.body.filter((s) => s.bookable && s.remaining === s.capacity));
    if (slots.length >= 3 * ROUNDS) break;
  }
  return slots;
}

it('never overbooks a slot when a process dies mid-rush', async () => {
  const hall = await api<{ categories: { code: string }[] }>('GET', `/api/v1/halls/${HALL}`);
  const category = hall.body.categories[0]?.code as string;
  const slots = await openSlots(category);
  expect(slots.length).toBeGreaterThanOrEqual(3 * ROUNDS);
  const port = process.env.FAULT_API_PORT as string;

  const report: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const target = slots.slice(round * 3, round * 3 + 3);
    // More residents than places, so every slot is contested to the last place.
    const places = target.reduce((n, s) => n + s.capacity, 0);
    const residents = await inBatches(places + 8, 6, () => verifiedResident(`rush${round}`));
    const workers = await whenUp(async () => {
      const pids = apiWorkerPids(port);
      if (pids.length < 2) throw new Error(`waiting for two workers, have ${pids.length}`);
      return pids;
    });
    const outcomes: string[] = [];
    const rush = residents.map(async (token, i) => {
      const slot = target[i % target.length] as Slot;
      // Every resident keeps trying until they get an answer, as the app does on a network error.
      const res = await whenUp(() => api<{ code?: string }>('POST', '/api/v1/appointments', token, { slotId: slot.id }));
      outcomes.push(res.status === 201 ? '201' : `${res.status} ${res.body.code}`);
    });
    await new Promise((r) => setTimeout(r, 15 + round * 20));
    process.kill(workers[round % workers.length] as number, 'SIGKILL');
    await Promise.all(rush);

    const { rows } = await db.query<{ id: string; capacity: number; booked: number; appointments: number }>(
      `select s.id, s.capacity, s.booked,
              (select count(*)::int from appointments a where a.slot_id = s.id and a.status = 'booked') as appointments
         from slots s where s.id = any($1)`,
      [target.map((s) => s.id)],
    );
    const counts = outcomes.reduce<Record<string, number>>((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
    report.push(`round ${round + 1}: capacity ${rows.reduce((n, r) => n + r.capacity, 0)}, ${JSON.stringify(counts)}`);
    for (const row of rows) {
      expect(row.appointments).toBeLessThanOrEqual(row.capacity);
      expect(row.booked).toBe(row.appointments);
    }
    // The rush really filled the slots (more residents than places), and nobody got a 5xx.
    expect(rows.every((r) => r.appointments === r.capacity)).toBe(true);
    expect(outcomes.filter((o) => o.startsWith('5'))).toEqual([]);
  }
  console.log(`booking rush with a killed process:\n  ${report.join('\n  ')}`);
});
