/**
 * The pure rules behind the simulator: push verification (§3.5), SF times, the address → region
 * split of §3.1 and the reference §4 derivation the scripts and tests rely on.
 */
import { deriveStatus, sortRoutes } from './canonical';
import { parseSfTime, sfTime } from './format';
import { regionOf } from './orders';
import { checkPush, msgDigest, pushHeaders } from './signing';

const KEY = 'fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci';

describe('checkPush (§3.5 receiver order)', () => {
  const body = '{"Body":{"WaybillRoute":[]}}';
  const now = 1_735_783_923_000;
  const signed = pushHeaders(body, KEY, now);
  const headers = { timestamp: signed['X-Courier-Timestamp'], digest: signed['X-Courier-Digest'] };

  it('accepts a correct push within ±10 min', () => {
    expect(checkPush(body, headers, KEY, now + 10 * 60_000)).toEqual({ ok: true });
    expect(checkPush(body, headers, KEY, now - 10 * 60_000)).toEqual({ ok: true });
  });

  it('names the first failing check', () => {
    expect(checkPush(body, { timestamp: headers.timestamp }, KEY, now)).toEqual({ ok: false, reason: 'missing_headers' });
    expect(checkPush(body, { ...headers, timestamp: '17357x' }, KEY, now)).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(checkPush(body, headers, KEY, now + 10 * 60_000 + 1)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(checkPush(`${body} `, headers, KEY, now)).toEqual({ ok: false, reason: 'bad_digest' });
    expect(checkPush(body, headers, `${KEY}x`, now)).toEqual({ ok: false, reason: 'bad_digest' });
    expect(headers.digest).toBe(msgDigest(body, String(now), KEY));
  });
});

describe('SF times', () => {
  it('formats and parses Beijing time, refusing impossible dates', () => {
    expect(sfTime(Date.parse('2025-01-02T02:12:03Z'))).toBe('2025-01-02 10:12:03');
    expect(parseSfTime('2025-01-02 10:12:03')).toBe(Date.parse('2025-01-02T02:12:03Z'));
    expect(parseSfTime('2025-02-30 10:00:00')).toBeUndefined();
    expect(parseSfTime('2025-01-02T10:12:03')).toBeUndefined();
  });
});

describe('regionOf (§3.1 address carrying province / city / county)', () => {
  it.each([
    ['广东省广州市海珠区新港中路397号', { province: '广东省', city: '广州市', county: '海珠区' }],
    ['北京市朝阳区建国路1号', { province: '北京市', city: '北京市', county: '朝阳区' }],
    ['广西壮族自治区南宁市青秀区民族大道1号', { province: '广西壮族自治区', city: '南宁市', county: '青秀区' }],
    ['广州市海珠区新港中路397号', { city: '广州市', county: '海珠区' }],
    ['新港中路397号', {}],
  ])('%s', (address, region) => {
    expect(regionOf(address)).toEqual(region);
  });
});

describe('deriveStatus (reference §4 rules)', () => {
  const at = (minute: number): string => `2025-01-02 10:${String(minute).padStart(2, '0')}:00`;
  const routes = (...codes: string[]): { acceptTime: string; opCode: string }[] => codes.map((opCode, i) => ({ acceptTime: at(i), opCode }));

  it('takes the highest rank, whatever the order routes come in', () => {
    const sorted = routes('50', '30', '44', '80');
    expect(deriveStatus(sorted).status).toBe('DELIVERED');
    expect(deriveStatus([...sorted].reverse())).toEqual(deriveStatus(sorted));
    expect(sortRoutes([...sorted].reverse())).toEqual(sorted);
  });

  it('keeps terminal states, flags exceptions until a higher rank, maps sign-off while returning to RETURNED', () => {
    expect(deriveStatus(routes('50', '80', '33', '44'))).toMatchObject({ status: 'DELIVERED', exception: false });
    expect(deriveStatus(routes('50', '44', '33'))).toMatchObject({ status: 'OUT_FOR_DELIVERY', exception: true });
    expect(deriveStatus(routes('50', '44', '33', '44'))).toMatchObject({ status: 'OUT_FOR_DELIVERY', exception: true });
    expect(deriveStatus(routes('50', '44', '33', '80'))).toMatchObject({ status: 'DELIVERED', exception: false });
    expect(deriveStatus(routes('50', '648', '80')).status).toBe('RETURNED');
    expect(deriveStatus(routes('33')).status).toBe('CREATED');
  });

  it('counts unknown opCodes as IN_TRANSIT only after pickup', () => {
    expect(deriveStatus(routes('607')).status).toBe('CREATED');
    expect(deriveStatus(routes('50', '607')).status).toBe('IN_TRANSIT');
  });

  it('breaks acceptTime ties by list order', () => {
    const tie = [
      { acceptTime: at(1), opCode: '44' },
      { acceptTime: at(1), opCode: '33' },
    ];
    expect(deriveStatus(tie).timeline.map((t) => t.opCode)).toEqual(['44', '33']);
  });
});
