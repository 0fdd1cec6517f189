import { maskIdNumber, maskName, maskPhone, maskText, redact } from './mask';

describe('masking', () => {
  it('masks as API.md shows', () => {
    expect(maskIdNumber('440105198503121234')).toBe('440105********1234');
    expect(maskPhone('13856785678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('finds ID numbers and phones in free text', () => {
    expect(maskText('id 440105198503129910, tel 13800138000')).toBe('id 440105********9910, tel 138****8000');
  });

  it('removes secrets and masks personal fields in log payloads', () => {
    const out = redact({ password: 'x', nested: { session_key: 'k', idNumber: '440105198503129910', name: '张三' }, note: '13800138000' });
    expect(out).toEqual({ password: '[redacted]', nested: { session_key: '[redacted]', idNumber: '440105********9910', name: '张*' }, note: '138****8000' });
  });
});
