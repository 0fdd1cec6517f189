/** The content types we accept, recognised by their first bytes — never by the file's name. */
export type AllowedMime = 'image/jpeg' | 'image/png' | 'application/pdf';

const SIGNATURES: { mime: AllowedMime; bytes: number[] }[] = [
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** Bytes needed to decide. */
export const SNIFF_BYTES = 8;

export function sniff(head: Buffer): AllowedMime | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.mime ?? null;
}
