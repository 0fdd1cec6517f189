/*
 * Masking for a screen staff may turn towards others: the page that loaded the contact in full is
 * audited either way, this only guards what is shown until the clerk asks.
 */

/** 李四 → 李*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** 13800138000 → 138****8000. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
