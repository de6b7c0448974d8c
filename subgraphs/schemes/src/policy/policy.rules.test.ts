import { InvalidTransitionError, ValidationError, Violations } from '../../../../kit/errors';
import { BenefitPeriod, SchemeStatus } from '../scheme/scheme.entity';
import { SchemeVersionStatus } from '../scheme/scheme-version.entity';
import { PolicyEventType } from './policy-event.entity';
import { PolicyStatus } from './policy.entity';
import {
  actionOnPremiumPaid,
  checkIssue,
  checkMemberRemoval,
  defaultEndDate,
  planPolicyTransition,
  type IssueFacts,
  type PolicyFacts,
} from './policy.rules';

const HOLDER = '11111111-1111-4111-8111-111111111111';
const CHILD = '22222222-2222-4222-8222-222222222222';

const policy = (status: PolicyStatus): PolicyFacts => ({
  status,
  policyNumber: 'POL-2026-00007',
  holderMemberId: HOLDER,
  startDate: '2026-01-01',
  endDate: '2026-12-31',
});

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidTransitionError) return error.message;
    throw error;
  }
  throw new Error('expected INVALID_TRANSITION');
}

function broken(run: (violations: Violations) => void) {
  const violations = new Violations();
  run(violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map(({ field, rule }) => ({ field, rule }));
  }
}

describe('policy lifecycle', () => {
  it('moves through the allowed transitions with the matching event', () => {
    expect(planPolicyTransition('activate', policy(PolicyStatus.PENDING), '2026-01-01')).toEqual({ to: PolicyStatus.ACTIVE, event: PolicyEventType.ACTIVATED });
    expect(planPolicyTransition('suspend', policy(PolicyStatus.ACTIVE), '2026-03-01')).toEqual({ to: PolicyStatus.SUSPENDED, event: PolicyEventType.SUSPENDED });
    expect(planPolicyTransition('activate', policy(PolicyStatus.SUSPENDED), '2026-03-10').to).toBe(PolicyStatus.ACTIVE);
    expect(planPolicyTransition('cancel', policy(PolicyStatus.SUSPENDED), '2026-04-30').to).toBe(PolicyStatus.CANCELLED);
    expect(planPolicyTransition('cancel', policy(PolicyStatus.PENDING), '2025-12-31').to).toBe(PolicyStatus.CANCELLED);
    expect(planPolicyTransition('expire', policy(PolicyStatus.ACTIVE), '2027-01-01').to).toBe(PolicyStatus.EXPIRED);
  });

  it('refuses the rest and says why', () => {
    expect(refusal(() => planPolicyTransition('suspend', policy(PolicyStatus.PENDING), '2026-02-01'))).toBe(
      'Cannot suspend policy: policy POL-2026-00007 is PENDING; only a policy that is ACTIVE can be suspended',
    );
    expect(refusal(() => planPolicyTransition('activate', policy(PolicyStatus.CANCELLED), '2026-02-01'))).toMatch(/is CANCELLED; only a policy that is PENDING or SUSPENDED/);
    expect(refusal(() => planPolicyTransition('cancel', policy(PolicyStatus.EXPIRED), '2026-02-01'))).toMatch(/is EXPIRED/);
    expect(refusal(() => planPolicyTransition('activate', policy(PolicyStatus.PENDING), '2027-01-01'))).toMatch(/period ended on 2026-12-31/);
    expect(refusal(() => planPolicyTransition('expire', policy(PolicyStatus.ACTIVE), '2026-12-31'))).toMatch(/expires only after its end date/);
    expect(refusal(() => planPolicyTransition('cancel', policy(PolicyStatus.ACTIVE), '2025-12-30'))).toMatch(/must fall between/);
  });

  it('keeps the holder on the policy until it is cancelled', () => {
    const window = { coveredFrom: '2026-01-01', coveredTo: '2026-12-31' };
    expect(refusal(() => broken((v) => checkMemberRemoval(policy(PolicyStatus.ACTIVE), { memberId: HOLDER, lastDayOfCover: '2026-05-31', window }, v)))).toMatch(
      /the holder cannot be removed; cancel the policy instead/,
    );
    expect(broken((v) => checkMemberRemoval(policy(PolicyStatus.ACTIVE), { memberId: CHILD, lastDayOfCover: '2026-05-31', window }, v))).toEqual([]);
    expect(broken((v) => checkMemberRemoval(policy(PolicyStatus.ACTIVE), { memberId: CHILD, lastDayOfCover: '2027-01-31', window }, v))).toEqual([
      { field: 'lastDayOfCover', rule: 'WITHIN_COVER' },
    ]);
  });
});

describe('premium events', () => {
  it('starts a PENDING policy and reinstates one suspended for arrears when a premium invoice is paid, and leaves the rest', () => {
    expect(actionOnPremiumPaid({ status: PolicyStatus.PENDING, premiumInArrears: false })).toBe('activate');
    expect(actionOnPremiumPaid({ status: PolicyStatus.SUSPENDED, premiumInArrears: true })).toBe('reinstate');
    expect(actionOnPremiumPaid({ status: PolicyStatus.SUSPENDED, premiumInArrears: false })).toBeNull();
    expect(actionOnPremiumPaid({ status: PolicyStatus.ACTIVE, premiumInArrears: false })).toBeNull();
    expect(actionOnPremiumPaid({ status: PolicyStatus.CANCELLED, premiumInArrears: false })).toBeNull();
  });

  it('reinstates only a suspended policy, within its period', () => {
    expect(planPolicyTransition('reinstate', policy(PolicyStatus.SUSPENDED), '2026-05-02')).toEqual({ to: PolicyStatus.ACTIVE, event: PolicyEventType.REINSTATED });
    expect(refusal(() => planPolicyTransition('reinstate', policy(PolicyStatus.ACTIVE), '2026-05-02'))).toMatch(/only a policy that is SUSPENDED can be reinstated/);
    expect(refusal(() => planPolicyTransition('reinstate', policy(PolicyStatus.SUSPENDED), '2027-01-02'))).toMatch(/period ended on 2026-12-31/);
  });
});

describe('issuing', () => {
  const facts = (overrides: Partial<IssueFacts> = {}): IssueFacts => ({
    scheme: { id: 's', code: 'ESSENTIAL', status: SchemeStatus.ACTIVE, companyId: null },
    version: { id: 'v', schemeId: 's', status: SchemeVersionStatus.PUBLISHED, versionNumber: 1, effectiveFrom: '2026-01-01', effectiveTo: null },
    companyId: null,
    startDate: '2026-02-01',
    endDate: '2027-01-31',
    memberIds: [HOLDER, CHILD],
    ...overrides,
  });

  it('accepts a policy on a published version in effect', () => {
    expect(broken((v) => checkIssue(facts(), v))).toEqual([]);
  });

  it('sells only on an active scheme, a published version of it in effect, to the group\'s company, for at most a year', () => {
    expect(
      broken((v) =>
        checkIssue(
          facts({
            scheme: { id: 's', code: 'ESSENTIAL', status: SchemeStatus.SUSPENDED, companyId: '33333333-3333-4333-8333-333333333333' },
            version: { id: 'v', schemeId: 's', status: SchemeVersionStatus.DRAFT, versionNumber: 2, effectiveFrom: null, effectiveTo: null },
            endDate: '2027-02-01',
            memberIds: [HOLDER, 'not-an-id'],
          }),
          v,
        ),
      ),
    ).toEqual([
      { field: 'schemeId', rule: 'SCHEME_ACTIVE' },
      { field: 'schemeVersionId', rule: 'VERSION_PUBLISHED' },
      { field: 'companyId', rule: 'GROUP_SCHEME_COMPANY' },
      { field: 'endDate', rule: 'PERIOD_AT_MOST_ONE_YEAR' },
      { field: 'coveredMemberIds[1]', rule: 'VALID_ID' },
    ]);
    expect(broken((v) => checkIssue(facts({ startDate: '2025-12-01', endDate: '2025-12-31' }), v))).toEqual([
      { field: 'schemeVersionId', rule: 'VERSION_IN_EFFECT' },
    ]);
    expect(broken((v) => checkIssue(facts({ version: { ...facts().version!, schemeId: 'other' } }), v))).toEqual([
      { field: 'schemeVersionId', rule: 'VERSION_OF_SCHEME' },
    ]);
  });

  it('defaults the period to the benefit period', () => {
    expect(defaultEndDate('2026-03-15', BenefitPeriod.CALENDAR_YEAR)).toBe('2026-12-31');
    expect(defaultEndDate('2026-03-15', BenefitPeriod.POLICY_YEAR)).toBe('2027-03-14');
    expect(defaultEndDate('2028-02-29', BenefitPeriod.POLICY_YEAR)).toBe('2029-02-27');
  });
});
