import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idNumber } from '../../support/id-number';

/** Talking to the fault suite's running stack over real HTTP. */

export const BASE = process.env.FAULT_BASE_URL as string;
export const STAFF_PASSWORD = process.env.FAULT_STAFF_PASSWORD as string;
export const DEPT_SIM = process.env.FAULT_DEPT_SIM as string;
export const WECHAT_SIM = process.env.FAULT_WECHAT_SIM as string;
export const WXPAY_SIM = process.env.FAULT_WXPAY_SIM as string;
export const COURIER_SIM = process.env.FAULT_COURIER_SIM as string;
export const DATA_DIR = process.env.FAULT_DATA_DIR as string;

export async function api<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A request must not wait forever on a process that died with it.
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Retries while the API process is being replaced (connection refused or reset). */
export async function whenUp<T>(call: () => Promise<T>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await whenUp(read);
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`not reached within ${ms} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A verified resident's token (see `resident`). */
export async function verifiedResident(tag: string): Promise<string> {
  return (await resident(tag, { verified: true })).token;
}

const CRASH_DIR = process.env.FAULT_CRASH_DIR as string;

/** Arms crash points: the next API process to reach each one kills itself there (once). */
export function armCrash(...points: string[]): void {
  for (const p of points) writeFileSync(join(CRASH_DIR, `arm.${p}`), '');
}

/** Whether an armed point has fired. */
export function crashed(point: string): boolean {
  return existsSync(join(CRASH_DIR, `crashed.${point}`));
}

/** Disarms what was armed and forgets what fired, so the next test starts clean. */
export function clearCrashes(): void {
  for (const f of readdirSync(CRASH_DIR)) rmSync(join(CRASH_DIR, f));
}

// ---- Simulator controls and records (the *-sim fault files) ----

/** One call to a simulator (a `/__sim/*` control, or its own API): status and parsed body. */
export async function simCall<T = Record<string, unknown>>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    // an HTML page or plain text stays as it is
  }
  return { status: res.status, body: parsed as T };
}

/** A simulator control that must succeed: its body, or an error naming what it answered. */
export async function sim<T = Record<string, unknown>>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await simCall<T>(base, method, path, body);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A staff account's session token (dev accounts: admin, reception, window1, reviewer-rs, auditor). */
export async function staffToken(username: string): Promise<string> {
  const res = await api<{ token: string }>('POST', '/api/v1/staff/auth/login', undefined, { username, password: STAFF_PASSWORD });
  if (res.status !== 200) throw new Error(`staff login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

export interface Resident {
  token: string;
  id: string;
  /** what WeChat knows them by: the simulator's messages and journal are keyed by it */
  openid: string;
  idNumber?: string;
}

/** A resident logged in through the WeChat simulator's `sim:<openid>` code; verified (林志强, a fresh ID number) when asked. */
export async function resident(tag: string, opts: { verified?: boolean } = {}): Promise<Resident> {
  const openid = `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const login = await api<{ token: string; resident: { id: string } }>('POST', '/api/v1/auth/wechat-login', undefined, { code: `sim:${openid}` });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const me: Resident = { token: login.body.token, id: login.body.resident.id, openid };
  if (!opts.verified) return me;
  me.idNumber = idNumber();
  const verified = await api('POST', '/api/v1/me/real-name', me.token, { name: '林志强', idNumber: me.idNumber });
  if (verified.status !== 200) throw new Error(`real-name failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  return me;
}

/** Upserts departments and items into the catalogue (as district admin). */
export async function importCatalogue(departments: { code: string; name: string }[], items: Record<string, unknown>[]): Promise<void> {
  const res = await api('POST', '/api/v1/staff/catalog/import', await staffToken('admin'), { format: 'haizhu-catalogue/v1', departments, items, bundles: [] });
  if (res.status !== 200) throw new Error(`catalogue import: ${res.status} ${JSON.stringify(res.body)}`);
}

/** One query on the stack's database, for what the API does not show (attempt counts, delivery logs). */
export async function dbRows<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.FAULT_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
