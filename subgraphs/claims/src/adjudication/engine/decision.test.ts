import { decide, denyLine, lineOutcome, totalsOf, utilisationDeltas } from './decision';
import { aBenefit, aCoverage, aLine, aMember, kes } from './fixtures';
import type { LineResult, RiskAssessment } from './types';
import { ReasonCode } from './types';
import { reason } from './wording';

const aResult = (overrides: Partial<LineResult> = {}): LineResult => ({
  lineNumber: 1,
  outcome: 'APPROVED',
  reasons: [],
  benefitId: 'ben-outpatient',
  approvedQuantity: 1,
  submittedMinor: kes(2500),
  eligibleMinor: kes(2500),
  disallowedMinor: 0,
  deductibleMinor: 0,
  copayMinor: 0,
  coinsuranceMinor: 0,
  payableMinor: kes(2500),
  exceededMinor: 0,
  ...overrides,
});
const risk = (level: RiskAssessment['level'], score = 0): RiskAssessment => ({ score, level, signals: [] });
const facts = (overrides: Partial<Parameters<typeof decide>[0]> = {}) => ({
  claimDenial: null,
  lines: [aResult()],
  authorisationPending: null,
  risk: risk('LOW'),
  autoDenyCriticalRisk: false,
  ...overrides,
});

describe('decision (step 13)', () => {
  it('gives each line its outcome: cost share and tariff cuts stay APPROVED', () => {
    expect(lineOutcome(aResult({ deductibleMinor: kes(500), payableMinor: kes(2000) }), 1, false)).toBe('APPROVED');
    expect(lineOutcome(aResult({ disallowedMinor: kes(500), submittedMinor: kes(3000) }), 1, false)).toBe('APPROVED');
    expect(lineOutcome(aResult({ deductibleMinor: kes(2500), payableMinor: 0 }), 1, false)).toBe('APPROVED');
    expect(lineOutcome(aResult({ approvedQuantity: 1 }), 2, false)).toBe('PARTIALLY_APPROVED');
    expect(lineOutcome(aResult({ payableMinor: kes(1000), exceededMinor: kes(1500) }), 1, false)).toBe('PARTIALLY_APPROVED');
    expect(lineOutcome(aResult({ payableMinor: 0, exceededMinor: kes(2500) }), 1, false)).toBe('DENIED');
    expect(lineOutcome(aResult(), 1, true)).toBe('DENIED');
  });

  it('denies a line by zeroing what it pays and disallowing what it billed', () => {
    const line = aResult({ deductibleMinor: kes(100), payableMinor: kes(2400) });
    denyLine(line, reason('BENEFIT', ReasonCode.EXCLUDED, 'Excluded.'));
    expect(line).toMatchObject({ outcome: 'DENIED', approvedQuantity: 0, eligibleMinor: 0, disallowedMinor: kes(2500), deductibleMinor: 0, payableMinor: 0 });
  });

  it('decides in order: claim denial, all lines denied, critical auto-deny, authorisation, review, partial, approved', () => {
    const denial = reason('PROVIDER', ReasonCode.PROVIDER_BLACKLISTED, 'Blacklisted.');
    const auth = reason('PREAUTHORIZATION', ReasonCode.PENDING_AUTHORIZATION, 'Waiting.');
    expect(decide(facts({ claimDenial: denial, risk: risk('CRITICAL', 90) }))).toEqual({ decision: 'DENIED', pendReason: null, reasons: [denial] });
    expect(decide(facts({ lines: [aResult({ outcome: 'DENIED' })], authorisationPending: auth })).decision).toBe('DENIED');
    expect(decide(facts({ authorisationPending: auth, risk: risk('CRITICAL', 90), autoDenyCriticalRisk: true })).decision).toBe('DENIED');
    const both = decide(facts({ authorisationPending: auth, risk: risk('HIGH', 65) }));
    expect(both.pendReason).toBe('AUTHORIZATION');
    expect(both.reasons.map((r) => r.code)).toEqual([ReasonCode.PENDING_AUTHORIZATION, ReasonCode.FRAUD_REVIEW]);
    expect(decide(facts({ risk: risk('HIGH', 65) })).pendReason).toBe('REVIEW');
    expect(decide(facts({ risk: risk('CRITICAL', 90) })).pendReason).toBe('REVIEW');
    expect(decide(facts({ risk: risk('MEDIUM', 45) })).decision).toBe('APPROVED');
    expect(decide(facts({ lines: [aResult(), aResult({ lineNumber: 2, outcome: 'DENIED' })] })).decision).toBe('PARTIALLY_APPROVED');
    expect(decide(facts({ lines: [aResult({ outcome: 'PARTIALLY_APPROVED' })] })).decision).toBe('PARTIALLY_APPROVED');
  });

  it('marks the open lines of a pended claim PENDED and leaves denied ones denied', () => {
    const lines = [aResult(), aResult({ lineNumber: 2, outcome: 'DENIED' })];
    decide(facts({ lines, risk: risk('HIGH', 70) }));
    expect(lines.map((line) => line.outcome)).toEqual(['PENDED', 'DENIED']);
  });

  it('adds up the totals; the member owes cost share and what limits cut', () => {
    const totals = totalsOf([
      aResult({ deductibleMinor: 100, copayMinor: 200, coinsuranceMinor: 300, payableMinor: 1900, exceededMinor: 0 }),
      aResult({ submittedMinor: 5000, eligibleMinor: 4000, disallowedMinor: 1000, payableMinor: 3000, exceededMinor: 1000 }),
    ]);
    expect(totals).toEqual({
      submittedMinor: kes(2500) + 5000,
      eligibleMinor: kes(2500) + 4000,
      disallowedMinor: 1000,
      deductibleMinor: 100,
      copayMinor: 200,
      coinsuranceMinor: 300,
      payableMinor: 4900,
      exceededMinor: 1000,
      memberResponsibilityMinor: 1600,
    });
  });

  it('moves the ledger by the amount paid, sub-limits, units of lines not denied, one visit and the deductible', () => {
    const benefit = aBenefit({
      subLimits: [{ name: 'Lab', serviceCategory: 'LABORATORY', limitMinor: kes(5000) }],
      quantityLimits: [{ serviceCode: 'LAB-FBC', maxQuantity: 5 }],
    });
    const lines = [aLine(), aLine({ lineNumber: 2, serviceCode: 'LAB-FBC', serviceCategory: 'LABORATORY', quantity: 2 }), aLine({ lineNumber: 3, serviceCode: 'LAB-FBC', serviceCategory: 'LABORATORY' })];
    const results = [
      aResult({ deductibleMinor: kes(500), payableMinor: kes(2000) }),
      aResult({ lineNumber: 2, approvedQuantity: 2, payableMinor: kes(1600) }),
      aResult({ lineNumber: 3, outcome: 'DENIED', approvedQuantity: 1, payableMinor: 0, exceededMinor: kes(800) }),
    ];
    const [delta] = utilisationDeltas(benefit, aMember({ id: 'dependant-1', familyId: 'principal-1' }), aCoverage(), lines, results);
    expect(delta).toEqual({
      benefitId: 'ben-outpatient',
      memberId: 'dependant-1',
      familyId: 'principal-1',
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      amountMinor: kes(3600),
      subLimits: { 'ben-outpatient:Lab': kes(1600) },
      quantities: { 'ben-outpatient:code:LAB-FBC': 2 },
      visits: 1,
      deductibleMinor: kes(500),
    });
  });
});
