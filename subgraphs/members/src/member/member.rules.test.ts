import { Violations } from '../../../../kit/errors';
import { Gender, MemberStatus, MemberType, Relationship } from './member.entity';
import { cascadesTo, checkDependant, checkPerson, checkPrincipal, planTransition } from './member.rules';

const person = (overrides: Partial<Parameters<typeof checkPerson>[0]> = {}) => ({
  firstName: 'Achieng',
  lastName: 'Odhiambo',
  dateOfBirth: '1990-05-05',
  gender: Gender.FEMALE,
  phone: '0712345678',
  enrolmentDate: '2026-01-01',
  ...overrides,
});

function violationsOf(check: (v: Violations) => void) {
  const v = new Violations();
  check(v);
  try {
    v.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string; rule: string }[] }).violations.map((x) => `${x.field}:${x.rule}`);
  }
}

describe('enrolment rules', () => {
  it('normalises Kenyan phones and refuses malformed contacts', () => {
    const v = new Violations();
    expect(checkPerson(person({ email: 'A@Example.CO.KE' }), '2026-01-01', v)).toEqual({ email: 'a@example.co.ke', phone: '+254712345678' });
    expect(violationsOf((x) => checkPerson(person({ phone: '12345', email: 'nope' }), '2026-01-01', x))).toEqual([
      'email:VALID_EMAIL',
      'phone:VALID_KENYAN_PHONE',
    ]);
  });

  it('refuses a birth date in the future', () => {
    expect(violationsOf((x) => checkPerson(person({ dateOfBirth: '2026-01-02' }), '2026-01-01', x))).toContain('dateOfBirth:NOT_IN_FUTURE');
  });

  it('accepts a principal on their 18th birthday and refuses the day before', () => {
    expect(violationsOf((x) => checkPrincipal(person({ dateOfBirth: '2008-01-01' }), x))).toEqual([]);
    expect(violationsOf((x) => checkPrincipal(person({ dateOfBirth: '2008-01-02' }), x))).toEqual(['dateOfBirth:PRINCIPAL_ADULT']);
  });

  const principal = { id: 'p', type: MemberType.PRINCIPAL, status: MemberStatus.ACTIVE, companyId: 'c1', dateOfBirth: '1985-01-01' };
  const policy = { childMaxAge: 24, parentMaxAge: 85, maxSpouses: 1 };
  const dependant = (relationship: Relationship, dateOfBirth: string, extra = {}) => ({ ...person({ dateOfBirth }), relationship, ...extra });

  it('accepts a child aged exactly the limit (24) and refuses one who turned 25', () => {
    expect(violationsOf((x) => checkDependant(dependant(Relationship.CHILD, '2001-01-02'), principal, policy, 0, x))).toEqual([]);
    expect(violationsOf((x) => checkDependant(dependant(Relationship.CHILD, '2001-01-01'), principal, policy, 0, x))).toEqual([
      'dateOfBirth:CHILD_AGE_LIMIT',
    ]);
  });

  it('refuses dependants of a dependant, of another company, or beyond the spouse limit', () => {
    expect(
      violationsOf((x) => checkDependant(dependant(Relationship.CHILD, '2015-01-01'), { ...principal, type: MemberType.DEPENDANT }, policy, 0, x)),
    ).toEqual(['principalId:PRINCIPAL_REQUIRED']);
    expect(
      violationsOf((x) => checkDependant(dependant(Relationship.CHILD, '2015-01-01', { companyId: 'c2' }), principal, policy, 0, x)),
    ).toEqual(['companyId:SAME_COMPANY_AS_PRINCIPAL']);
    expect(violationsOf((x) => checkDependant(dependant(Relationship.SPOUSE, '1987-01-01'), principal, policy, 1, x))).toEqual([
      'relationship:SPOUSE_LIMIT',
    ]);
    expect(violationsOf((x) => checkDependant(dependant(Relationship.PARENT, '1990-01-01'), principal, policy, 0, x))).toEqual([
      'dateOfBirth:PARENT_OLDER_THAN_PRINCIPAL',
    ]);
  });

  it('refuses dependants for a terminated principal', () => {
    expect(
      violationsOf((x) => checkDependant(dependant(Relationship.CHILD, '2015-01-01'), { ...principal, status: MemberStatus.TERMINATED }, policy, 0, x)),
    ).toEqual(['principalId:PRINCIPAL_IN_FORCE']);
  });
});

describe('lifecycle rules', () => {
  const member = (status: MemberStatus, extra = {}) => ({
    status,
    type: MemberType.PRINCIPAL,
    enrolmentDate: '2026-01-01',
    terminationDate: null as string | null,
    ...extra,
  });

  it('allows only the transitions of the lifecycle', () => {
    expect(planTransition('activate', { member: member(MemberStatus.PENDING), effectiveDate: '2026-01-01' }).to).toBe(MemberStatus.ACTIVE);
    expect(planTransition('suspend', { member: member(MemberStatus.ACTIVE), effectiveDate: '2026-02-01' }).to).toBe(MemberStatus.SUSPENDED);
    expect(() => planTransition('suspend', { member: member(MemberStatus.SUSPENDED), effectiveDate: '2026-02-01' })).toThrow(
      'Cannot suspend member: the member is SUSPENDED; only a member who is ACTIVE can be suspended',
    );
    expect(() => planTransition('activate', { member: member(MemberStatus.DECEASED), effectiveDate: '2026-02-01' })).toThrow(/DECEASED/);
  });

  it('refuses a change dated before enrolment', () => {
    expect(() => planTransition('terminate', { member: member(MemberStatus.ACTIVE), effectiveDate: '2025-12-31' })).toThrow(
      /before the enrolment date/,
    );
  });

  it('reinstates within the window without approval, and needs one a day later', () => {
    const terminated = member(MemberStatus.TERMINATED, { terminationDate: '2026-03-01' });
    expect(planTransition('reinstate', { member: terminated, effectiveDate: '2026-05-30', reinstatementWindowDays: 90 }).to).toBe(MemberStatus.ACTIVE);
    expect(() => planTransition('reinstate', { member: terminated, effectiveDate: '2026-05-31', reinstatementWindowDays: 90 })).toThrow(
      /needs a special approval/,
    );
    expect(
      planTransition('reinstate', { member: terminated, effectiveDate: '2026-05-31', reinstatementWindowDays: 90, approvalReference: 'EXCO-7' }).to,
    ).toBe(MemberStatus.ACTIVE);
  });

  it('activates a dependant only while the principal is active', () => {
    const dependant = member(MemberStatus.PENDING, { type: MemberType.DEPENDANT });
    expect(() => planTransition('activate', { member: dependant, principalStatus: MemberStatus.SUSPENDED, effectiveDate: '2026-01-01' })).toThrow(
      /principal is SUSPENDED/,
    );
  });

  it('cascades suspension to active dependants and termination to every dependant still in force', () => {
    expect(cascadesTo('suspend', MemberStatus.ACTIVE)).toBe(true);
    expect(cascadesTo('suspend', MemberStatus.PENDING)).toBe(false);
    expect(cascadesTo('terminate', MemberStatus.SUSPENDED)).toBe(true);
    expect(cascadesTo('terminate', MemberStatus.DECEASED)).toBe(false);
    expect(cascadesTo('activate', MemberStatus.PENDING)).toBe(false);
  });
});
