import { DISTRICT_OFFICES, BIRTH_HOSPITAL } from './catalog';
import { idCheckDigit, isValidCreditCode, isValidResidentId, maskId, redactIds } from './ids';
import { SEED_PEOPLE } from './seed';

describe('GB 11643 ID numbers', () => {
  it('computes the MOD 11-2 check character, including X', () => {
    expect(idCheckDigit('44010519900101123')).toBe('9');
    expect(idCheckDigit('44010519851130028')).toBe('X');
    expect(isValidResidentId('440105198503129910')).toBe(true);
  });

  it('refuses a wrong check digit, an impossible birth date and a lowercase x', () => {
    expect(isValidResidentId('440105199001011230')).toBe(false);
    expect(isValidResidentId('440105198502301234')).toBe(false);
    expect(isValidResidentId('44010519851130028x')).toBe(false);
    expect(isValidResidentId('4401051990010112')).toBe(false);
  });

  it('every seeded resident, spouse, parent and household member has a valid ID number', () => {
    const numbers = SEED_PEOPLE.flatMap((p) => [
      p.idNumber,
      p.marriage?.spouseIdNumber,
      p.birth?.motherIdNumber,
      p.birth?.fatherIdNumber,
      ...(p.household?.members ?? []).map((m) => m.idNumber),
    ]).filter((n): n is string => typeof n === 'string');
    expect(numbers.length).toBeGreaterThan(10);
    for (const number of numbers) expect([number, isValidResidentId(number)]).toEqual([number, true]);
  });

  it('masks ID numbers for logs, keeping the first 3 and last 4 characters', () => {
    expect(maskId('110105199001011234')).toBe('110***********1234');
    expect(redactIds({ applicant: { idNumber: '440105199001011239', name: '张三' }, list: [{ spouseIdNumber: '440105199205202467' }] })).toEqual({
      applicant: { idNumber: '440***********1239', name: '张三' },
      list: [{ spouseIdNumber: '440***********2467' }],
    });
  });
});

describe('GB 32100 统一社会信用代码', () => {
  it('accepts the synthetic organisation codes the simulator uses and the reference example', () => {
    for (const org of [...Object.values(DISTRICT_OFFICES), BIRTH_HOSPITAL]) expect([org.orgCode, isValidCreditCode(org.orgCode)]).toEqual([org.orgCode, true]);
    expect(isValidCreditCode('91440105MA5A0B1CXK')).toBe(true);
  });

  it('refuses a wrong check character and letters outside the character set', () => {
    expect(isValidCreditCode('91440105MA5A0B1CX0')).toBe(false);
    expect(isValidCreditCode('92440105MI5B2C3D5U')).toBe(false);
  });
});
