import { adjudicate } from './adjudicate';
import { applyCaps } from './caps';
import type { CapContext, CapInput } from './caps';
import { aBenefit, aCoverage, BENEFIT_ID, anInput, kes, noUtilisation } from './fixtures';
import { subLimitKey } from './keys';
import type { BenefitTerms, UtilisationFacts } from './types';
import { ReasonCode } from './types';

describe('caps (step 11)', () => {
  const line = (payableMinor: number, lineNumber = 1, serviceCategory = 'OUTPATIENT', serviceCode = 'CON-GP'): CapInput => ({ lineNumber, serviceCode, serviceCategory, payableMinor });
  const context = (benefit: Partial<BenefitTerms> = {}, utilisation: Partial<UtilisationFacts> = {}, overall: Partial<CapContext['coverage']> = {}): CapContext => ({
    benefit: aBenefit(benefit),
    coverage: { ...aCoverage(), ...overall },
    utilisation: noUtilisation(utilisation),
    authorisationRemainingMinor: null,
    currency: 'KES',
  });
  const codes = (reasons: { code: ReasonCode }[]) => reasons.map((r) => r.code);

  it('pays everything under every limit', () => {
    expect(applyCaps([line(kes(2500))], context())).toEqual([{ lineNumber: 1, payableMinor: kes(2500), exceededMinor: 0, reasons: [] }]);
  });

  it('pays in full a claim that exactly exhausts the benefit limit, and exceeds by the next unit', () => {
    const used = { benefitMemberMinor: { [BENEFIT_ID]: kes(100_000) - kes(2500) } };
    expect(applyCaps([line(kes(2500))], context({}, used))[0]).toEqual({ lineNumber: 1, payableMinor: kes(2500), exceededMinor: 0, reasons: [] });
    const [over] = applyCaps([line(kes(2500) + 1)], context({}, used));
    expect(over).toMatchObject({ payableMinor: kes(2500), exceededMinor: 1 });
    expect(codes(over.reasons)).toEqual([ReasonCode.BENEFIT_LIMIT_EXCEEDED]);
  });

  it('caps each visit by the per-visit limit across the lines', () => {
    const result = applyCaps([line(kes(3000)), line(kes(3000), 2)], context({ perVisitLimitMinor: kes(5000) }));
    expect(result.map((r) => [r.payableMinor, r.exceededMinor])).toEqual([
      [kes(3000), 0],
      [kes(2000), kes(1000)],
    ]);
    expect(codes(result[1].reasons)).toEqual([ReasonCode.PER_VISIT_LIMIT]);
  });

  it('caps the lines a sub-limit counts (by category or code), against the member\'s earlier use', () => {
    const benefit = { subLimits: [{ name: 'Prescribed medicines', serviceCategory: 'PHARMACY', limitMinor: kes(10_000) }] };
    const used = { subLimitMemberMinor: { [subLimitKey(BENEFIT_ID, 'Prescribed medicines')]: kes(9000) } };
    const result = applyCaps([line(kes(2500)), line(kes(1500), 2, 'PHARMACY', 'PHA-AL')], context(benefit, used));
    expect(result.map((r) => r.payableMinor)).toEqual([kes(2500), kes(1000)]);
    expect(codes(result[1].reasons)).toEqual([ReasonCode.SUB_LIMIT_EXCEEDED]);
    const byCode = { subLimits: [{ name: 'MRI', serviceCode: 'IMG-MRI-LSPINE', limitMinor: kes(15_000) }] };
    expect(applyCaps([line(kes(20_000), 1, 'OUTPATIENT', 'IMG-MRI-LSPINE')], context(byCode))[0].exceededMinor).toBe(kes(5000));
  });

  it('counts a FAMILY limit against the family\'s use and an INDIVIDUAL one against the member\'s', () => {
    const used = { benefitMemberMinor: { [BENEFIT_ID]: kes(10_000) }, benefitFamilyMinor: { [BENEFIT_ID]: kes(99_000) } };
    expect(applyCaps([line(kes(2500))], context({ limitScope: 'INDIVIDUAL' }, used))[0].payableMinor).toBe(kes(2500));
    const [family] = applyCaps([line(kes(2500))], context({ limitScope: 'FAMILY' }, used));
    expect(family).toMatchObject({ payableMinor: kes(1000), exceededMinor: kes(1500) });
    expect(family.reasons[0].message).toContain('shared by the family');
  });

  it('caps by the overall limit per person, then per family', () => {
    const person = applyCaps([line(kes(2500))], context({}, { overallMemberMinor: kes(999_000) }))[0];
    expect(person).toMatchObject({ payableMinor: kes(1000), exceededMinor: kes(1500) });
    expect(codes(person.reasons)).toEqual([ReasonCode.OVERALL_LIMIT_EXCEEDED]);
    const family = applyCaps([line(kes(2500))], context({}, { overallFamilyMinor: kes(1_999_500) }, { overallAnnualLimitPerFamilyMinor: kes(2_000_000) }))[0];
    expect(family).toMatchObject({ payableMinor: kes(500), exceededMinor: kes(2000) });
    expect(codes(family.reasons)).toEqual([ReasonCode.FAMILY_LIMIT_EXCEEDED]);
  });

  it('applies the narrowest limit first, each cut recorded by the limit that made it', () => {
    const result = applyCaps(
      [line(kes(8000))],
      context({ perVisitLimitMinor: kes(6000) }, { benefitMemberMinor: { [BENEFIT_ID]: kes(96_000) } }),
    )[0];
    expect(result).toMatchObject({ payableMinor: kes(4000), exceededMinor: kes(4000) });
    expect(codes(result.reasons)).toEqual([ReasonCode.PER_VISIT_LIMIT, ReasonCode.BENEFIT_LIMIT_EXCEEDED]);
  });

  it("counts each line's payable against the limits of the lines after it", () => {
    const result = applyCaps([line(kes(3000), 2), line(kes(3000), 1)], context({}, { benefitMemberMinor: { [BENEFIT_ID]: kes(95_000) } }));
    expect(result.map((r) => [r.lineNumber, r.payableMinor, r.exceededMinor])).toEqual([
      [1, kes(3000), 0],
      [2, kes(2000), kes(1000)],
    ]);
  });

  it('treats a limit already overrun as nothing left', () => {
    expect(applyCaps([line(kes(100))], context({}, { benefitMemberMinor: { [BENEFIT_ID]: kes(120_000) } }))[0]).toMatchObject({ payableMinor: 0, exceededMinor: kes(100) });
  });

  it('partially approves a claim cut by a limit; the overflow is the member\'s', () => {
    const result = adjudicate(anInput({ utilisation: { benefitMemberMinor: { [BENEFIT_ID]: kes(99_000) } } }));
    expect(result.decision).toBe('PARTIALLY_APPROVED');
    expect(result.totals).toMatchObject({ payableMinor: kes(1000), exceededMinor: kes(1500), memberResponsibilityMinor: kes(1500) });
    expect(result.utilisation[0].amountMinor).toBe(kes(1000));
  });

  it('denies a line the limits leave nothing of, and the claim when that was all of it', () => {
    const exhausted = { benefitMemberMinor: { [BENEFIT_ID]: kes(100_000) } };
    const result = adjudicate(anInput({ utilisation: exhausted }));
    expect(result.decision).toBe('DENIED');
    expect(result.lines[0]).toMatchObject({ outcome: 'DENIED', eligibleMinor: kes(2500), exceededMinor: kes(2500), payableMinor: 0 });
    expect(result.utilisation).toEqual([]);
  });

  it('records sub-limit use in the utilisation delta', () => {
    const result = adjudicate(
      anInput({
        benefit: { subLimits: [{ name: 'Prescribed medicines', serviceCategory: 'PHARMACY', limitMinor: kes(10_000) }] },
        lines: [{}, { serviceCode: 'PHA-AL', serviceCategory: 'PHARMACY', unitPriceMinor: kes(600), quantity: 2 }],
      }),
    );
    expect(result.utilisation[0].subLimits).toEqual({ [subLimitKey(BENEFIT_ID, 'Prescribed medicines')]: kes(1200) });
  });
});
