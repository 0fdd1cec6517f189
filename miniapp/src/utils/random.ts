/**
 * Random hex for idempotency keys and the simulated openid. Not a secret, so Math.random is an
 * acceptable fallback where the mini-program runtime has no synchronous crypto.
 */
export function randomHex(bytes: number): string {
  const out = new Uint8Array(bytes);
  const cryptoApi = typeof globalThis !== 'undefined' ? (globalThis as { crypto?: Crypto }).crypto : undefined;
  if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') {
    cryptoApi.getRandomValues(out);
  } else {
    for (let i = 0; i < bytes; i++) out[i] = Math.floor(Math.random() * 256);
  }
  let hex = '';
  out.forEach((b) => {
    hex += b.toString(16).padStart(2, '0');
  });
  return hex;
}

export function newIdempotencyKey(): string {
  return `idem-${Date.now().toString(36)}-${randomHex(12)}`;
}
