import { adjudicate } from './adjudicate';
import { memberPolicyReason } from './eligibility';
import { aClaim, aCoverage, aMember, anInput } from './fixtures';
import type { CoverageFacts, MemberFacts } from './types';
import { ReasonCode } from './types';

describe('member and policy (step 4)', () => {
  const on = (date: string, member: Partial<MemberFacts> | null = {}, coverage: Partial<CoverageFacts> | null = {}) =>
    memberPolicyReason(aClaim({ serviceDate: date }), member === null ? null : aMember(member), coverage === null ? null : aCoverage(coverage))?.code ?? null;

  it('covers an active member on an active, paid-up policy', () => {
    expect(on('2025-06-10')).toBeNull();
  });

  it('denies an unknown member', () => {
    expect(on('2025-06-10', null)).toBe(ReasonCode.MEMBER_UNKNOWN);
  });

  it('covers from the enrolment date, not the day before', () => {
    expect(on('2025-03-01', { enrolmentDate: '2025-03-01' })).toBeNull();
    expect(on('2025-02-28', { enrolmentDate: '2025-03-01' })).toBe(ReasonCode.MEMBER_NOT_ACTIVE);
  });

  it('covers a since-terminated member up to and including the termination date', () => {
    expect(on('2025-06-10', { status: 'TERMINATED', terminationDate: '2025-06-10' })).toBeNull();
    expect(on('2025-06-11', { status: 'TERMINATED', terminationDate: '2025-06-10' })).toBe(ReasonCode.COVERAGE_TERMINATED);
    expect(on('2025-06-10', { status: 'DECEASED', terminationDate: '2025-07-01' })).toBeNull();
  });

  it('denies a member who is not active and has no end date that explains it', () => {
    expect(on('2025-06-10', { status: 'SUSPENDED' })).toBe(ReasonCode.MEMBER_NOT_ACTIVE);
    expect(on('2025-06-10', { status: 'PENDING' })).toBe(ReasonCode.MEMBER_NOT_ACTIVE);
    expect(on('2025-06-10', { status: 'TERMINATED' })).toBe(ReasonCode.MEMBER_NOT_ACTIVE);
    expect(on('2025-06-10', { status: 'SUSPENDED', terminationDate: '2025-09-30' })).toBeNull();
  });

  it('denies a member with no policy', () => {
    expect(on('2025-06-10', {}, null)).toBe(ReasonCode.NO_COVERAGE);
  });

  it('covers the last day of cover and not the day after; nor the day before cover starts', () => {
    expect(on('2025-12-31', {}, { coveredTo: '2025-12-31' })).toBeNull();
    expect(on('2026-01-01', {}, { coveredTo: '2025-12-31' })).toBe(ReasonCode.COVERAGE_TERMINATED);
    expect(on('2025-01-01', {}, { coveredFrom: '2025-01-01' })).toBeNull();
    expect(on('2024-12-31', {}, { coveredFrom: '2025-01-01' })).toBe(ReasonCode.COVERAGE_TERMINATED);
    expect(on('2030-01-01', {}, { coveredTo: null })).toBeNull();
  });

  it('needs an active policy, but pays services inside the window of one that has since ended', () => {
    expect(on('2025-06-10', {}, { policyStatus: 'SUSPENDED' })).toBe(ReasonCode.POLICY_NOT_ACTIVE);
    expect(on('2025-06-10', {}, { policyStatus: 'PENDING' })).toBe(ReasonCode.POLICY_NOT_ACTIVE);
    expect(on('2025-06-10', {}, { policyStatus: 'EXPIRED', coveredTo: '2025-12-31' })).toBeNull();
    expect(on('2025-06-10', {}, { policyStatus: 'CANCELLED', coveredTo: '2025-06-30' })).toBeNull();
    expect(on('2025-06-10', {}, { policyStatus: 'CANCELLED', coveredTo: null })).toBe(ReasonCode.POLICY_NOT_ACTIVE);
  });

  it('denies when premiums are in arrears past grace', () => {
    expect(on('2025-06-10', {}, { premiumInArrears: true })).toBe(ReasonCode.PREMIUM_ARREARS);
  });

  it('denies the whole claim', () => {
    const result = adjudicate(anInput({ coverage: { premiumInArrears: true } }));
    expect(result.decision).toBe('DENIED');
    expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.PREMIUM_ARREARS]);
    expect(result.steps?.find((s) => s.step === 'BENEFIT')?.outcome).toBe('SKIPPED');
    expect(adjudicate(anInput({ member: null })).reasons[0].code).toBe(ReasonCode.MEMBER_UNKNOWN);
    expect(adjudicate(anInput({ coverage: null })).reasons[0].code).toBe(ReasonCode.NO_COVERAGE);
  });
});
