import fc from 'fast-check';
import { isValidDataValue } from '@haizhu/scripts/simulators/wechat/rules';
import { amount, characterString, formatData, formatValue, number, phrase, thing, time } from './notification.format';
import { TEMPLATE_DEFS } from './notification.templates';

const at = new Date('2026-11-23T01:05:00Z'); // 09:05 in Beijing

describe('subscribe-message values (spec §5 value rules)', () => {
  it('cuts a thing to 20 characters, marks the cut, and keeps no control characters', () => {
    expect(thing('居民身份证（首次申领）')).toBe('居民身份证（首次申领）');
    const long = '广州市海珠区政务服务中心一楼综合受理窗口（东区）';
    expect([...thing(long)]).toHaveLength(20);
    expect(thing(long).endsWith('…')).toBe(true);
    expect(thing('第一行\n第二行\t')).toBe('第一行 第二行');
    expect(thing(' \n ')).toBe('详见小程序');
  });

  it('keeps a phrase to at most 5 CJK characters and nothing else', () => {
    expect(phrase('已受理')).toBe('已受理');
    expect(phrase('审批通过了吗？是的')).toBe('审批通过了');
    expect(phrase('A1 已签收!')).toBe('已签收');
    expect(phrase('123')).toBe('有更新');
  });

  it('writes times and ranges in Beijing time, amounts from fen, numbers never negative', () => {
    expect(time(at)).toBe('2026年11月23日 09:05');
    expect(time({ start: at, end: new Date('2026-11-23T01:35:00Z') })).toBe('2026年11月23日 09:05~09:35');
    expect(time({ start: at, end: new Date('2026-11-24T01:35:00Z') })).toBe('2026年11月23日 09:05~2026年11月24日 09:35');
    expect(amount(1800)).toBe('¥18.00');
    expect(amount(5)).toBe('¥0.05');
    expect(number(3)).toBe('3');
    expect(number(-2)).toBe('0');
    expect(number(2.5)).toBe('2.5');
    expect(characterString('HZ20261122000001')).toBe('HZ20261122000001');
    expect(characterString('运单 SF1234567890')).toBe('SF1234567890');
    expect(characterString('待分配')).toBe('-');
  });

  it('refuses to guess: a time needs an instant, an amount needs fen, every field needs a value', () => {
    expect(() => formatValue('time', '明天')).toThrow(TypeError);
    expect(() => formatValue('amount', '18元')).toThrow(TypeError);
    expect(() => formatData(TEMPLATE_DEFS.payment.fields, { thing1: '证照工本费', amount2: 1800, phrase3: '支付成功' })).toThrow(/time4/);
  });

  it('whatever the text, every value it produces passes the simulator’s value rules', () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('政', '务', '。', '…', '\n', '\u0007', '😀', 'Ａ', '-', ' '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 });
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(anyText, fc.double({ min: -1e6, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 99_999_999 }), instant, (text, n, fen, d) => {
        for (const type of ['thing', 'phrase', 'character_string', 'name'] as const) expect(isValidDataValue(type, formatValue(type, text))).toBe(true);
        expect(isValidDataValue('number', formatValue('number', n))).toBe(true);
        expect(isValidDataValue('amount', formatValue('amount', fen))).toBe(true);
        expect(isValidDataValue('time', formatValue('time', d))).toBe(true);
        expect(isValidDataValue('time', formatValue('time', { start: d, end: new Date(d.getTime() + 30 * 60_000) }))).toBe(true);
        expect(isValidDataValue('date', formatValue('date', d))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
