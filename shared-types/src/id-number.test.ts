import { checkIdNumber, idCheckDigit } from './id-number';

describe('checkIdNumber', () => {
  it('accepts the synthetic examples of the data file and reports birth date and sex', () => {
    const result = checkIdNumber('440105198503129910');
    expect(result).toEqual({ ok: true, normalized: '440105198503129910', kind: 'citizen', birthDate: '1985-03-12', sex: 'male' });
    expect(checkIdNumber('830000197004059920')).toMatchObject({ ok: true, kind: 'hk_mo_tw_permit', sex: 'female' });
    expect(checkIdNumber('944840198001159916')).toMatchObject({ ok: true, kind: 'foreign_permanent' });
  });

  it('upper-cases a trailing x before checking', () => {
    const body = '11010119900307123';
    const check = idCheckDigit(body);
    const input = body + check.toLowerCase();
    expect(checkIdNumber(input)).toMatchObject({ ok: true, normalized: body + check });
  });

  it('rejects a wrong check digit with a message about the last digit', () => {
    const result = checkIdNumber('440105198503129911');
    expect(result).toEqual({ ok: false, reason: 'check_digit', message: expect.stringContaining('校验码') });
  });

  it('rejects dates that do not exist or lie in the future', () => {
    const feb30 = '44010519850230123';
    expect(checkIdNumber(feb30 + idCheckDigit(feb30))).toMatchObject({ ok: false, reason: 'birth_date' });
    const future = '44010520300101123';
    expect(checkIdNumber(future + idCheckDigit(future), '2026-11-22')).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('rejects unknown province codes and malformed permits', () => {
    const body = '99010519850312991';
    expect(checkIdNumber(body + idCheckDigit(body))).toMatchObject({ ok: false, reason: 'region' });
    const permit = '81010519880808991';
    expect(checkIdNumber(permit + idCheckDigit(permit))).toMatchObject({ ok: false, reason: 'region' });
  });

  it('tells the old 15-digit number apart from a typo', () => {
    expect(checkIdNumber('440105850312991')).toMatchObject({ ok: false, reason: 'old_15_digit' });
    expect(checkIdNumber('44010519850312991')).toMatchObject({ ok: false, reason: 'format' });
    expect(checkIdNumber('  ')).toMatchObject({ ok: false, reason: 'empty' });
  });
});
