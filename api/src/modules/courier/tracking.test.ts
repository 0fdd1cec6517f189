import { deriveStatus, type RouteEvent } from './tracking';
import { javaUrlEncode, msgDigest, verifyPush } from './sf.signing';

const t = (h: number) => new Date(Date.UTC(2025, 0, 2, h));
const ev = (opCode: string, hour: number, order = 0): RouteEvent => ({ opCode, acceptTime: t(hour), order });

describe('SF digests (courier.md §2, §3.5)', () => {
  it('reproduce the official request vector and our push vector', () => {
    expect(msgDigest('{"language":"zh-CN","orderId":"QIAO-20200618-004"}', '12312334453453', 'fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci')).toBe('IIKJtuLVzoFTu4kHI8M8vA==');
    const body = '{"Body":{"WaybillRoute":[{"id":"1","mailno":"SF1234567890123","orderid":"SHP1","acceptTime":"2025-01-02 10:12:03","remark":"顺丰速运 已收取快件","opCode":"50"}]}}';
    expect(msgDigest(body, '1735783923000', 'fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci')).toBe('ISy8/Sf53k5YbmsJdOjh1g==');
  });

  it('encode like Java URLEncoder where it differs from encodeURIComponent', () => {
    expect(javaUrlEncode("a b~'()!*")).toBe('a+b%7E%27%28%29%21*');
    expect(javaUrlEncode('海')).toBe('%E6%B5%B7');
  });

  it('verify a push by digest and a ten-minute window', () => {
    const now = 1_735_783_923_000;
    const digest = msgDigest('{}', String(now), 'cw');
    expect(verifyPush('{}', String(now), digest, 'cw', now + 599_000)).toEqual({ ok: true });
    expect(verifyPush('{ }', String(now), digest, 'cw', now)).toEqual({ ok: false, problem: 'bad_digest' });
    expect(verifyPush('{}', String(now), digest, 'cw', now + 601_000)).toEqual({ ok: false, problem: 'stale_timestamp' });
    expect(verifyPush('{}', undefined, digest, 'cw', now)).toEqual({ ok: false, problem: 'missing_headers' });
  });
});

describe('status from tracking events (courier.md §4)', () => {
  it('follows the happy path and is the same whatever order the events arrive in', () => {
    const happy = [ev('50', 1), ev('30', 2), ev('31', 3), ev('44', 4), ev('80', 5)];
    expect(deriveStatus(happy, 'created')).toEqual({ status: 'signed', exception: false });
    expect(deriveStatus([...happy].reverse(), 'created')).toEqual({ status: 'signed', exception: false });
    expect(deriveStatus(happy.slice(0, 4), 'created').status).toBe('delivering');
  });

  it('never moves back for a late low-rank event; terminal states stick', () => {
    expect(deriveStatus([ev('80', 5), ev('44', 6)], 'created').status).toBe('signed');
    expect(deriveStatus([ev('50', 1), ev('44', 3), ev('30', 4)], 'created').status).toBe('delivering');
  });

  it('flags an exception and clears it on later progress', () => {
    expect(deriveStatus([ev('50', 1), ev('44', 2), ev('33', 3)], 'created')).toEqual({ status: 'delivering', exception: true });
    expect(deriveStatus([ev('50', 1), ev('44', 2), ev('33', 3), ev('80', 4)], 'created')).toEqual({ status: 'signed', exception: false });
  });

  it('turns a sign-off after 退回 into 已退回, and ignores unknown codes before pickup', () => {
    expect(deriveStatus([ev('50', 1), ev('648', 2), ev('80', 3)], 'created').status).toBe('returned');
    expect(deriveStatus([ev('50', 1), ev('648', 2), ev('631', 3)], 'created').status).toBe('returned');
    expect(deriveStatus([ev('999', 1)], 'created').status).toBe('created');
    expect(deriveStatus([ev('50', 1), ev('999', 2)], 'created').status).toBe('in_transit');
  });

  it('keeps cancelled and requested orders as they are', () => {
    expect(deriveStatus([ev('50', 1)], 'cancelled').status).toBe('cancelled');
  });
});
