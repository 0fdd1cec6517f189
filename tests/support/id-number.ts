import { idCheckDigit } from '@haizhu/shared-types';

/** A valid 18-digit ID number (GB 11643 check digit) with a random birth date and sequence, so runs don't collide. */
export function idNumber(): string {
  const born = new Date(Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 50 * 365) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `440105${born}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}
