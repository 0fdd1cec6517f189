import { idNumber } from '../../support/id-number';

/** Talking to the fault suite's running stack over real HTTP. */

export const BASE = process.env.FAULT_BASE_URL as string;
export const STAFF_PASSWORD = process.env.FAULT_STAFF_PASSWORD as string;
export const DEPT_SIM = process.env.FAULT_DEPT_SIM as string;
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

/** A resident logged in through the WeChat simulator and verified. */
export async function verifiedResident(tag: string): Promise<string> {
  const login = await api<{ token: string }>('POST', '/api/v1/auth/wechat-login', undefined, { code: `sim:${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const verified = await api('POST', '/api/v1/me/real-name', login.body.token, { name: '林志强', idNumber: idNumber() });
  if (verified.status !== 200) throw new Error(`real-name failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  return login.body.token;
}
