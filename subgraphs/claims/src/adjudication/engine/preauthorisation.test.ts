import { adjudicate } from './adjudicate';
import { aBenefit, aClaim, anInput, aPreauthorisation, kes } from './fixtures';
import { authorisationRequirement, checkAuthorisation } from './preauthorisation';
import type { PreauthorisationFacts } from './types';
import { ReasonCode } from './types';

describe('pre-authorisation (step 7)', () => {
  const claim = aClaim({ serviceDate: '2025-06-10' });
  const always = aBenefit({ requiresPreauthorisation: true });
  const check = (pa: Partial<PreauthorisationFacts> | null, benefit = always, billed = kes(2500)) =>
    checkAuthorisation(claim, benefit, pa === null ? null : aPreauthorisation(pa), billed);

  it('is needed when the benefit always needs it, or when the claim reaches the threshold', () => {
    expect(authorisationRequirement(aBenefit(), kes(1_000_000), 'KES')).toBeNull();
    expect(authorisationRequirement(always, kes(1), 'KES')).not.toBeNull();
    const threshold = aBenefit({ preauthorisationThresholdMinor: kes(20_000) });
    expect(authorisationRequirement(threshold, kes(20_000) - 1, 'KES')).toBeNull();
    expect(authorisationRequirement(threshold, kes(20_000), 'KES')).toContain('KES 20,000.00 or more');
  });

  it('is not looked for when not needed, even if one is attached', () => {
    expect(check({}, aBenefit())).toEqual({ status: 'NOT_REQUIRED' });
  });

  it('accepts an approved one valid on the service date, both ends inclusive, with what is left of it', () => {
    expect(check({ validFrom: '2025-06-10', validTo: '2025-06-10', approvedMinor: kes(50_000), usedMinor: kes(12_000) })).toMatchObject({
      status: 'APPROVED',
      remainingMinor: kes(38_000),
    });
  });

  it('pends when it is missing, denied, still requested, expired, not yet valid or for another benefit', () => {
    const missing = (pa: Partial<PreauthorisationFacts> | null) => {
      const result = check(pa);
      return result.status === 'MISSING' ? result.reason.code : result.status;
    };
    expect(missing(null)).toBe(ReasonCode.PENDING_AUTHORIZATION);
    expect(missing({ status: 'DENIED' })).toBe(ReasonCode.PENDING_AUTHORIZATION);
    expect(missing({ status: 'REQUESTED' })).toBe(ReasonCode.PENDING_AUTHORIZATION);
    expect(missing({ status: 'EXPIRED' })).toBe(ReasonCode.PENDING_AUTHORIZATION);
    expect(missing({ validFrom: '2025-05-01', validTo: '2025-06-09' })).toBe(ReasonCode.PENDING_AUTHORIZATION);
    expect(missing({ validFrom: '2025-06-11', validTo: '2025-07-09' })).toBe(ReasonCode.PENDING_AUTHORIZATION);
    expect(missing({ benefitCategory: 'INPATIENT' })).toBe(ReasonCode.PENDING_AUTHORIZATION);
    const other = checkAuthorisation(aClaim({ preauthorisationId: 'pa-9' }), always, aPreauthorisation({ id: 'pa-1' }), kes(2500));
    expect(other.status).toBe('MISSING');
  });

  it('pends the claim for AUTHORIZATION with provisional amounts and no utilisation', () => {
    const result = adjudicate(anInput({ benefit: { requiresPreauthorisation: true, coinsuranceBps: 1000 } }));
    expect(result.decision).toBe('PENDED');
    expect(result.pendReason).toBe('AUTHORIZATION');
    expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.PENDING_AUTHORIZATION]);
    expect(result.lines[0].outcome).toBe('PENDED');
    expect(result.lines[0].payableMinor).toBe(kes(2250));
    expect(result.utilisation).toEqual([]);
    expect(result.steps?.find((s) => s.step === 'PREAUTHORIZATION')?.outcome).toBe('PENDED');
  });

  it('pends a claim above the threshold without one, and approves it with one', () => {
    const big = { lines: [{ serviceCode: 'IMG-MRI-LSPINE', unitPriceMinor: kes(30_000) }], benefit: { preauthorisationThresholdMinor: kes(25_000) } };
    expect(adjudicate(anInput(big)).pendReason).toBe('AUTHORIZATION');
    expect(adjudicate(anInput({ ...big, preauthorisation: {} })).decision).toBe('APPROVED');
  });

  it('pays at most what is left of the authorisation; the excess is AUTHORIZATION_EXCEEDED', () => {
    const result = adjudicate(
      anInput({
        benefit: { requiresPreauthorisation: true },
        preauthorisation: { approvedMinor: kes(50_000), usedMinor: kes(45_000) },
        lines: [{ unitPriceMinor: kes(3000) }, { serviceCode: 'LAB-FBC', unitPriceMinor: kes(5000) }],
      }),
    );
    expect(result.decision).toBe('PARTIALLY_APPROVED');
    expect(result.lines.map((line) => [line.payableMinor, line.exceededMinor])).toEqual([
      [kes(3000), 0],
      [kes(2000), kes(3000)],
    ]);
    expect(result.lines[1].reasons[0]).toMatchObject({ step: 'PREAUTHORIZATION', code: ReasonCode.AUTHORIZATION_EXCEEDED });
  });

  it('pays in full a claim that exactly uses up the authorisation', () => {
    const result = adjudicate(anInput({ benefit: { requiresPreauthorisation: true }, preauthorisation: { approvedMinor: kes(2500) } }));
    expect(result.decision).toBe('APPROVED');
    expect(result.totals.payableMinor).toBe(kes(2500));
  });
});
