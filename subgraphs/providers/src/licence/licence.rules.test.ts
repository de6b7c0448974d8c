import { Violations } from '../../../../kit/errors';
import { checkAccreditation, checkLicence, licensedOn, normaliseNumber } from './licence.rules';

function violationsOf(check: (v: Violations) => void): string[] {
  const v = new Violations();
  check(v);
  try {
    v.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string; rule: string }[] }).violations.map((x) => `${x.field}:${x.rule}`);
  }
}

describe('licensed on a day', () => {
  const year2026 = [{ validFrom: '2026-01-01', validTo: '2026-12-31' }];

  it('covers the first and the last day of the licence, and not the days around them', () => {
    expect(licensedOn(year2026, '2026-01-01')).toBe(true);
    expect(licensedOn(year2026, '2026-12-31')).toBe(true);
    expect(licensedOn(year2026, '2025-12-31')).toBe(false);
    expect(licensedOn(year2026, '2027-01-01')).toBe(false);
  });

  it('is licensed when any licence covers the day, and not in a gap between licences', () => {
    const licences = [
      { validFrom: '2025-01-01', validTo: '2025-06-30' },
      { validFrom: '2025-08-01', validTo: '2026-07-31' },
    ];
    expect(licensedOn(licences, '2025-06-30')).toBe(true);
    expect(licensedOn(licences, '2025-07-15')).toBe(false);
    expect(licensedOn(licences, '2025-08-01')).toBe(true);
    expect(licensedOn([], '2026-03-01')).toBe(false);
  });
});

describe('licence checks', () => {
  it('normalises numbers and refuses a period that ends before it starts', () => {
    expect(normaliseNumber(' kmpdc/fl/ 2026/0042 ')).toBe('KMPDC/FL/2026/0042');
    expect(violationsOf((v) => checkLicence({ number: 'PPB/RP/2026/1', validFrom: '2026-01-01', validTo: '2026-01-01' }, v))).toEqual([]);
    expect(violationsOf((v) => checkLicence({ number: 'X', validFrom: '2026-02-01', validTo: '2026-01-31' }, v))).toEqual([
      'number:LICENCE_NUMBER',
      'validTo:NOT_BEFORE_VALID_FROM',
    ]);
  });

  it('refuses an accreditation awarded in the future or expiring before it was awarded', () => {
    expect(violationsOf((v) => checkAccreditation({ body: 'SafeCare', awardedOn: '2026-12-01', expiresOn: '2026-11-01' }, '2026-11-02', v))).toEqual([
      'awardedOn:NOT_IN_FUTURE',
      'expiresOn:NOT_BEFORE_AWARDED_ON',
    ]);
  });
});
