import { Violations } from '../../../../kit/errors';
import { ProviderEventType as E } from './provider-event.entity';
import { ProviderStatus } from './provider.entity';
import { blacklistedOn, checkNewProvider, planBlacklistChange, planStatusChange } from './provider.rules';

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

describe('registration', () => {
  it('normalises contacts and names each broken rule', () => {
    const v = new Violations();
    expect(checkNewProvider({ name: 'Nyali Medical Clinic', registrationNumber: 'KMHFL-12345', county: 'Mombasa', email: 'INFO@Nyali.co.ke', phone: '041 2220000' }, v)).toEqual({
      email: 'info@nyali.co.ke',
      phone: '+254412220000',
    });
    expect(violationsOf((x) => checkNewProvider({ name: 'X', registrationNumber: '#1', county: 'Atlantis', email: 'nope', phone: '123' }, x))).toEqual([
      'name:REQUIRED',
      'registrationNumber:REGISTRATION_NUMBER',
      'county:KENYAN_COUNTY',
      'email:VALID_EMAIL',
      'phone:VALID_KENYAN_PHONE',
    ]);
  });
});

describe('status changes', () => {
  it('allows ACTIVE ⇄ SUSPENDED and either to CLOSED, and nothing out of CLOSED', () => {
    expect(() => planStatusChange(ProviderStatus.ACTIVE, ProviderStatus.SUSPENDED)).not.toThrow();
    expect(() => planStatusChange(ProviderStatus.SUSPENDED, ProviderStatus.ACTIVE)).not.toThrow();
    expect(() => planStatusChange(ProviderStatus.SUSPENDED, ProviderStatus.CLOSED)).not.toThrow();
    expect(() => planStatusChange(ProviderStatus.CLOSED, ProviderStatus.ACTIVE)).toThrow(/CLOSED, which is final/);
    expect(() => planStatusChange(ProviderStatus.ACTIVE, ProviderStatus.ACTIVE)).toThrow(/already ACTIVE/);
  });
});

describe('blacklist history', () => {
  const history = [
    { type: E.REGISTERED, effectiveDate: '2024-01-01' },
    { type: E.BLACKLISTED, effectiveDate: '2026-03-10' },
    { type: E.BLACKLIST_LIFTED, effectiveDate: '2026-06-01' },
    { type: E.BLACKLISTED, effectiveDate: '2026-09-15' },
  ];

  it('answers for any day from the blacklistings and liftings in effect by then', () => {
    expect(blacklistedOn(history, '2026-03-09')).toBe(false);
    expect(blacklistedOn(history, '2026-03-10')).toBe(true);
    expect(blacklistedOn(history, '2026-05-31')).toBe(true);
    expect(blacklistedOn(history, '2026-06-01')).toBe(false);
    expect(blacklistedOn(history, '2026-09-15')).toBe(true);
    expect(blacklistedOn([], '2026-09-15')).toBe(false);
  });

  it('lets the later record decide when two take effect the same day', () => {
    expect(blacklistedOn([{ type: E.BLACKLISTED, effectiveDate: '2026-04-01' }, { type: E.BLACKLIST_LIFTED, effectiveDate: '2026-04-01' }], '2026-04-01')).toBe(false);
  });

  const facts = (blacklisted: boolean, effectiveDate: string) => ({ blacklisted, status: ProviderStatus.ACTIVE, history, effectiveDate, today: '2026-11-02' });

  it('refuses to blacklist twice or to lift what is not there', () => {
    expect(() => planBlacklistChange('blacklist', facts(true, '2026-10-01'), new Violations())).toThrow(/already blacklisted/);
    expect(() => planBlacklistChange('lift', facts(false, '2026-10-01'), new Violations())).toThrow(/not blacklisted/);
  });

  it('refuses a day in the future or before the last blacklisting change', () => {
    expect(violationsOf((v) => planBlacklistChange('lift', facts(true, '2026-11-03'), v))).toEqual(['effectiveDate:NOT_IN_FUTURE']);
    expect(violationsOf((v) => planBlacklistChange('lift', facts(true, '2026-09-14'), v))).toEqual(['effectiveDate:NOT_BEFORE_LAST_CHANGE']);
    expect(violationsOf((v) => planBlacklistChange('lift', facts(true, '2026-09-15'), v))).toEqual([]);
  });
});
