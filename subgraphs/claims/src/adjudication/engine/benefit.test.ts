import { adjudicate } from './adjudicate';
import { findBenefit, lineApplicabilityReason, matchingExclusion } from './benefit';
import { aBenefit, aClaim, aCoverage, aLine, aMember, anInput } from './fixtures';
import { serviceFitsBenefit } from './service-categories';
import type { BenefitTerms, ClaimLineInput, MemberFacts } from './types';
import { ReasonCode } from './types';

describe('benefit applicability (step 5)', () => {
  const check = (benefit: Partial<BenefitTerms>, line: Partial<ClaimLineInput> = {}, member: Partial<MemberFacts> = {}, diagnoses = ['J06.9']) =>
    lineApplicabilityReason(aLine(line), aClaim({ serviceDate: '2025-06-10', diagnosisCodes: diagnoses }), aBenefit(benefit), aMember(member))?.code ?? null;

  it('finds the benefit of the claim category', () => {
    const dental = aBenefit({ id: 'ben-dental', category: 'DENTAL' });
    expect(findBenefit(aCoverage({ benefits: [aBenefit(), dental] }), 'DENTAL')).toBe(dental);
    expect(findBenefit(aCoverage({ benefits: [aBenefit()] }), 'OPTICAL')).toBeNull();
  });

  it('applies to a line no restriction touches', () => {
    expect(check({})).toBeNull();
  });

  it('excludes by exact service code', () => {
    expect(check({ exclusions: ['CON-GP'] })).toBe(ReasonCode.EXCLUDED);
    expect(check({ exclusions: ['CON-GP-REV'] })).toBeNull();
  });

  it("excludes by ICD-10 prefix, on the line's diagnoses or else the claim's", () => {
    expect(matchingExclusion(aLine({ diagnosisCodes: ['E66.0'] }), [], ['E66'])).toBe('E66');
    expect(matchingExclusion(aLine({ diagnosisCodes: [] }), ['E66.09'], ['E66.0'])).toBe('E66.0');
    expect(matchingExclusion(aLine({ diagnosisCodes: ['J06.9'] }), ['E66.0'], ['E66'])).toBeNull();
    expect(matchingExclusion(aLine({ diagnosisCodes: ['E65'] }), [], ['E66'])).toBeNull();
    expect(check({ exclusions: ['J06'] })).toBe(ReasonCode.EXCLUDED);
  });

  it('restricts by age on the service date, both bounds inclusive', () => {
    // Born 2007-06-10: 18 on the service date 2025-06-10; born 2007-06-11: still 17.
    expect(check({ minAge: 18 }, {}, { dateOfBirth: '2007-06-10' })).toBeNull();
    expect(check({ minAge: 18 }, {}, { dateOfBirth: '2007-06-11' })).toBe(ReasonCode.AGE_RESTRICTION);
    // maxAge 17: covered through the day before the 18th birthday.
    expect(check({ maxAge: 17 }, {}, { dateOfBirth: '2007-06-11' })).toBeNull();
    expect(check({ maxAge: 17 }, {}, { dateOfBirth: '2007-06-10' })).toBe(ReasonCode.AGE_RESTRICTION);
  });

  it('restricts by gender', () => {
    expect(check({ gender: 'FEMALE' }, {}, { gender: 'FEMALE' })).toBeNull();
    expect(check({ gender: 'FEMALE' }, {}, { gender: 'MALE' })).toBe(ReasonCode.GENDER_RESTRICTION);
  });

  it('limits a benefit to services of its kind', () => {
    const optical = { category: 'OPTICAL' as const, name: 'Optical' };
    expect(check(optical, { serviceCode: 'DEN-EXTRACTION', serviceCategory: 'DENTAL' })).toBe(ReasonCode.CATEGORY_LIMITATION);
    expect(check(optical, { serviceCode: 'OPT-FRAMES', serviceCategory: 'OPTICAL' })).toBeNull();
    expect(check(optical, { serviceCode: 'OPT-FRAMES', serviceCategory: 'FRAMES' })).toBeNull();
    expect(check({ category: 'OUTPATIENT' }, { serviceCode: 'MAT-ANC', serviceCategory: 'MATERNITY' })).toBe(ReasonCode.CATEGORY_LIMITATION);
    expect(check({ category: 'OUTPATIENT' }, { serviceCode: 'IP-BED-GENERAL', serviceCategory: 'INPATIENT' })).toBe(ReasonCode.CATEGORY_LIMITATION);
  });

  it('lets general services (tests, medicines, consultations) ride on any benefit, and accepts categories it does not know', () => {
    expect(serviceFitsBenefit('OUTPATIENT', 'DENTAL')).toBe(true);
    expect(serviceFitsBenefit('PHARMACY', 'INPATIENT')).toBe(true);
    expect(serviceFitsBenefit('INPATIENT', 'MATERNITY')).toBe(true);
    expect(serviceFitsBenefit('DENTAL', 'OUTPATIENT')).toBe(false);
    expect(serviceFitsBenefit('SOMETHING_NEW', 'OPTICAL')).toBe(true);
  });

  it('denies only the lines it applies to, and NOT_COVERED every line when the scheme has no such benefit', () => {
    const result = adjudicate(anInput({ benefit: { exclusions: ['LAB-PSA'] }, lines: [{}, { serviceCode: 'LAB-PSA', unitPriceMinor: 150000 }] }));
    expect(result.decision).toBe('PARTIALLY_APPROVED');
    expect(result.lines.map((line) => line.outcome)).toEqual(['APPROVED', 'DENIED']);
    expect(result.lines[1].reasons[0]).toMatchObject({ step: 'BENEFIT', code: ReasonCode.EXCLUDED });

    const uncovered = adjudicate(anInput({ claim: { benefitCategory: 'OPTICAL' } }));
    expect(uncovered.decision).toBe('DENIED');
    expect(uncovered.lines[0].reasons[0].code).toBe(ReasonCode.NOT_COVERED);
    expect(uncovered.lines[0].benefitId).toBeNull();
  });
});
