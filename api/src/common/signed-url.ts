import { createHmac, timingSafeEqual } from 'node:crypto';

/** Time-limited links: `subject` and `expires` (ms) signed with a server key. */
export function signLink(key: string, subject: string, expires: number): string {
  return createHmac('sha256', key).update(`${subject}:${expires}`).digest('base64url');
}

export function linkIsValid(key: string, subject: string, expires: number, sig: string, now: number): boolean {
  const expected = Buffer.from(signLink(key, subject, expires));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) && expires >= now;
}
