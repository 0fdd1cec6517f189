import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Prefixed, time-ordered ids (`res_01j…`) so logs and support tickets stay readable. */
export type IdPrefix = 'res' | 'stf' | 'ses' | 'agt' | 'req' | 'aud' | 'slt' | 'apt' | 'tkt' | 'fil' | 'app' | 'job' | 'pay' | 'rfd' | 'shp' | 'adr' | 'ctk' | 'evl' | 'rtk' | 'ntf' | 'csl';

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}

/** 48-bit millisecond time + 80 random bits, Crockford base32 (26 characters). */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[(bytes[i] as number) % 32];
  return time + rand;
}
