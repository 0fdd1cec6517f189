import { z } from 'zod';
import { shanghaiToday } from './datetime';
import { STORAGE_KEYS, readStorage, writeStorage } from './storage';

/*
 * The queue numbers taken on this phone today, so 我的排队号 can find them again: the API has no
 * "my tickets" list yet. Numbers are per day, so yesterday's are dropped.
 */

const stored = z.array(z.object({ id: z.string(), date: z.string() }));

function readAll(): { id: string; date: string }[] {
  const parsed = stored.safeParse(readStorage(STORAGE_KEYS.myTickets));
  return parsed.success ? parsed.data : [];
}

/** Today's ticket ids, newest first. */
export function todaysTicketIds(): string[] {
  const today = shanghaiToday();
  return readAll()
    .filter((t) => t.date === today)
    .map((t) => t.id);
}

export function rememberTicket(id: string): void {
  const today = shanghaiToday();
  const rest = readAll().filter((t) => t.date === today && t.id !== id);
  writeStorage(STORAGE_KEYS.myTickets, [{ id, date: today }, ...rest].slice(0, 10));
}
