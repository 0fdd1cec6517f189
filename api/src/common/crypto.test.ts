import { randomBytes } from 'node:crypto';
import { BlindIndex, digest, FieldCipher, hashPassword, verifyPassword } from './crypto';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('FieldCipher', () => {
  it.each(['standard', 'guomi'] as const)('round-trips a value in %s mode without the plaintext in the envelope', (mode) => {
    const cipher = new FieldCipher(new Map([['k1', k1]]), 'k1', mode);
    const envelope = cipher.encrypt('440105198503129910', 'residents.id_number');
    expect(envelope).not.toContain('440105198503129910');
    expect(envelope.split('.')[2]).toBe(mode === 'guomi' ? 's' : 'a');
    expect(cipher.decrypt(envelope, 'residents.id_number')).toBe('440105198503129910');
  });

  it.each(['standard', 'guomi'] as const)('rejects a tampered ciphertext in %s mode', (mode) => {
    const cipher = new FieldCipher(new Map([['k1', k1]]), 'k1', mode);
    const parts = cipher.encrypt('13800138000', 'residents.phone').split('.');
    const ct = Buffer.from(parts[4] as string, 'base64url');
    ct[0] = (ct[0] as number) ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'residents.phone')).toThrow();
  });

  it('refuses a ciphertext moved into another column', () => {
    const cipher = new FieldCipher(new Map([['k1', k1]]), 'k1', 'standard');
    const envelope = cipher.encrypt('张三', 'residents.name');
    expect(() => cipher.decrypt(envelope, 'residents.address')).toThrow();
  });

  it('keeps old values readable after the active key rotates', () => {
    const before = new FieldCipher(new Map([['k1', k1]]), 'k1', 'standard');
    const old = before.encrypt('张三', 'residents.name');
    const after = new FieldCipher(new Map([['k1', k1], ['k2', k2]]), 'k2', 'guomi');
    const fresh = after.encrypt('李四', 'residents.name');
    expect(FieldCipher.keyIdOf(fresh)).toBe('k2');
    expect(after.decrypt(old, 'residents.name')).toBe('张三');
    expect(after.decrypt(fresh, 'residents.name')).toBe('李四');
  });
});

describe('BlindIndex', () => {
  it('is stable for a value and differs by domain and key', () => {
    const index = new BlindIndex(k1, 'standard');
    expect(index.of('id_number', 'x')).toBe(index.of('id_number', 'x'));
    expect(index.of('id_number', 'x')).not.toBe(index.of('phone', 'x'));
    expect(new BlindIndex(k2, 'standard').of('id_number', 'x')).not.toBe(index.of('id_number', 'x'));
  });
});

describe('digest', () => {
  it('uses SM3 in guomi mode (known test vector for "abc")', () => {
    expect(digest('guomi', 'abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(digest('standard', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('passwords', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored.startsWith('scrypt$')).toBe(true);
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('wrong', stored)).resolves.toBe(false);
  });
});
