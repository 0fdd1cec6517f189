import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

export type CryptoMode = 'standard' | 'guomi';

/** SHA-256, or SM3 in 国密 mode; hex. */
export function digest(mode: CryptoMode, data: string | Buffer): string {
  return createHash(mode === 'guomi' ? 'sm3' : 'sha256').update(data).digest('hex');
}

/**
 * Field encryption for personal data at rest. The envelope names its algorithm and key id, so
 * keys can rotate (new writes use the active key, old rows stay readable) and 国密 mode can be
 * switched on without rewriting history:
 *
 *   v1.<kid>.a.<iv>.<ciphertext>.<tag>   AES-256-GCM
 *   v1.<kid>.s.<iv>.<ciphertext>.<mac>   SM4-CTR, then HMAC-SM3 over iv|ciphertext|aad
 *                                        (Node's OpenSSL has no SM4-GCM)
 *
 * `aad` binds a ciphertext to its column, so a value copied into another column fails to decrypt.
 */
export class FieldCipher {
  constructor(
    private readonly keys: Map<string, Buffer>,
    private readonly activeKeyId: string,
    private readonly mode: CryptoMode,
  ) {
    if (!keys.has(activeKeyId)) throw new Error(`unknown active key id ${activeKeyId}`);
  }

  encrypt(plaintext: string, aad: string): string {
    const kid = this.activeKeyId;
    const key = this.keys.get(kid) as Buffer;
    if (this.mode === 'guomi') {
      const { encKey, macKey } = sm4Keys(key);
      const iv = randomBytes(16);
      const cipher = createCipheriv('sm4-ctr', encKey, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const mac = sm3Mac(macKey, iv, ct, aad);
      return ['v1', kid, 's', b64(iv), b64(ct), b64(mac)].join('.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', kid, 'a', b64(iv), b64(ct), b64(cipher.getAuthTag())].join('.');
  }

  decrypt(envelope: string, aad: string): string {
    const [version, kid, alg, ivB, ctB, tagB] = envelope.split('.');
    const key = kid ? this.keys.get(kid) : undefined;
    if (version !== 'v1' || !key || ivB === undefined || ctB === undefined || tagB === undefined) {
      throw new Error('unreadable field envelope');
    }
    const iv = unb64(ivB);
    const ct = unb64(ctB);
    const tag = unb64(tagB);
    if (alg === 's') {
      const { encKey, macKey } = sm4Keys(key);
      const expected = sm3Mac(macKey, iv, ct, aad);
      if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('field MAC mismatch');
      const decipher = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    }
    if (alg !== 'a') throw new Error('unknown field algorithm');
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  }

  /** The key id a stored envelope was written with (for rotation jobs). */
  static keyIdOf(envelope: string): string | undefined {
    return envelope.split('.')[1];
  }
}

/**
 * Keyed hash for equality lookups on encrypted columns (blind index). The domain keeps an ID
 * number's index from matching a phone's with the same digits.
 */
export class BlindIndex {
  constructor(
    private readonly key: Buffer,
    private readonly mode: CryptoMode,
  ) {}

  of(domain: string, value: string): string {
    return createHmac(this.mode === 'guomi' ? 'sm3' : 'sha256', this.key)
      .update(`${domain}:${value}`)
      .digest('hex');
  }
}

/** Session tokens: random, shown once, stored only as their hash. */
export function newToken(prefix: string): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };

/** scrypt password hash: `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, b64(salt), b64(hash)].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB, hashB] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB || !hashB) return false;
  const expected = unb64(hashB);
  const actual = await scrypt(password, unb64(saltB), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to compare against when the account doesn't exist, so timing doesn't reveal that. */
export const DUMMY_PASSWORD_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + Buffer.alloc(64).toString('base64url');

function sm4Keys(master: Buffer): { encKey: Buffer; macKey: Buffer } {
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'sm4-enc', 16));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'sm3-mac', 32));
  return { encKey, macKey };
}

function sm3Mac(key: Buffer, iv: Buffer, ct: Buffer, aad: string): Buffer {
  return createHmac('sm3', key).update(iv).update(ct).update(Buffer.from(aad, 'utf8')).digest();
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}

function unb64(s: string): Buffer {
  return Buffer.from(s, 'base64url');
}
