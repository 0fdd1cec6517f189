import { dataTypeOfKey, isValidDataValue, type DataType } from './rules';

const CASES: ReadonlyArray<[DataType, string[], string[]]> = [
  // type, accepted, refused
  ['thing', ['户籍证明办理', 'Case #12 受理', '一二三四五六七八九十一二三四五六七八九十'], ['一二三四五六七八九十一二三四五六七八九十一', '']],
  ['number', ['12', '12.5', '1'.repeat(32)], ['12a', '-1', '1'.repeat(33), '1.2.3']],
  ['letter', ['abc', 'A'.repeat(32)], ['ab1', 'a b', 'A'.repeat(33)]],
  ['symbol', ['!', '-+*/%'], ['-+*/%=', 'a', '1']],
  ['character_string', ['AB-123_x', 'x'.repeat(32)], ['中文', 'a b', 'x'.repeat(33)]],
  ['time', ['15:01', '2019年10月1日 15:01', '2025-01-02 09:30', '15:01~16:30', '2019年10月1日 15:01 ~ 2019年10月1日 17:00'], ['25:00', '2019年10月1日', '3pm', '15:01~16:00~17:00']],
  ['date', ['2019年10月1日', '2019年10月1日 15:01', '2025-01-02', '2025/1/2~2025/1/5'], ['15:01', '2019年13月1日', 'tomorrow']],
  ['amount', ['¥100', '￥100.50', '100元', '$9.99'], ['¥12345678901', '100 元', 'abc', '¥1.234']],
  ['phone_number', ['13800138000', '+86-20-12345678'], ['1'.repeat(18), '138 0013', 'tel138']],
  ['car_number', ['粤A12345', '粤A1234学', 'A12345'], ['粤A12中45', '粤A1234567', '粤-12345']],
  ['name', ['张三', 'John Smith', '欧阳John', 'A'.repeat(20)], ['张'.repeat(11), 'A'.repeat(21), 'Agent 007']],
  ['phrase', ['已受理', '待补正材料'], ['已受理1', '待补正材料了', 'ok']],
];

describe('subscribe-message value rules (spec §5)', () => {
  it.each(CASES)('%s accepts valid values and refuses invalid ones', (type, accepted, refused) => {
    for (const value of accepted) expect([type, value, isValidDataValue(type, value)]).toEqual([type, value, true]);
    for (const value of refused) expect([type, value, isValidDataValue(type, value)]).toEqual([type, value, false]);
  });

  it('refuses control characters for every type, including unknown key prefixes', () => {
    expect(isValidDataValue('thing', '第一行\n第二行')).toBe(false);
    expect(isValidDataValue(undefined, 'tab\there')).toBe(false);
    expect(isValidDataValue(undefined, 'anything else')).toBe(true);
  });

  it('derives the type from the key name without its field index', () => {
    expect(dataTypeOfKey('thing1')).toBe('thing');
    expect(dataTypeOfKey('character_string12')).toBe('character_string');
    expect(dataTypeOfKey('phone_number3')).toBe('phone_number');
    expect(dataTypeOfKey('colour1')).toBeUndefined();
    expect(dataTypeOfKey('thing')).toBeUndefined();
  });
});
