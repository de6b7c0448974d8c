import { ValidationError, Violations } from '../../../../kit/errors';
import { Gender } from '../gender';
import { BenefitCategory, BenefitLimitBasis, BenefitQuantityUnit } from './benefit.entity';
import { checkBenefitTerms, type BenefitTerms } from './benefit.rules';

const OVERALL = { overallAnnualLimitPerPersonMinor: 100_000_000, overallAnnualLimitPerFamilyMinor: 300_000_000 };

const terms = (overrides: Partial<BenefitTerms> = {}): BenefitTerms => ({
  code: 'MATERNITY',
  name: 'Maternity',
  description: null,
  category: BenefitCategory.MATERNITY,
  limitBasis: BenefitLimitBasis.PER_FAMILY,
  annualLimitMinor: 15_000_000,
  perVisitLimitMinor: null,
  subLimits: [{ name: 'Caesarean section', serviceCategory: 'CAESAREAN_SECTION', serviceCode: null, limitMinor: 12_000_000 }],
  quantityLimits: [{ unit: BenefitQuantityUnit.VISIT, maxQuantity: 8, perDays: null }],
  waitingPeriodDays: 300,
  deductibleMinor: 0,
  copayMinor: 0,
  coinsuranceBps: 0,
  requiresPreauthorisation: true,
  preauthorisationThresholdMinor: 5_000_000,
  minAge: 16,
  maxAge: 55,
  gender: Gender.FEMALE,
  networkCodes: ['AFYA-PLUS'],
  exclusions: ['Infertility treatment'],
  ...overrides,
});

function broken(t: BenefitTerms) {
  const violations = new Violations();
  checkBenefitTerms(t, OVERALL, violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map(({ field, rule }) => ({ field, rule }));
  }
}

describe('benefit terms', () => {
  it('accepts sound terms', () => {
    expect(broken(terms())).toEqual([]);
  });

  it('keeps sub-limits and the per-visit limit within the annual limit', () => {
    expect(
      broken(
        terms({
          perVisitLimitMinor: 15_000_001,
          subLimits: [
            { name: 'Caesarean section', serviceCategory: 'CAESAREAN_SECTION', serviceCode: null, limitMinor: 15_000_001 },
            { name: 'Normal delivery', serviceCategory: null, serviceCode: null, limitMinor: 1_000 },
          ],
        }),
      ),
    ).toEqual([
      { field: 'perVisitLimit', rule: 'NOT_ABOVE_ANNUAL_LIMIT' },
      { field: 'subLimits[0].limit', rule: 'NOT_ABOVE_ANNUAL_LIMIT' },
      { field: 'subLimits[1].serviceCategory', rule: 'SERVICE_REQUIRED' },
    ]);
  });

  it('keeps coinsurance between 0 and 10000 basis points', () => {
    expect(broken(terms({ coinsuranceBps: 10_000 }))).toEqual([]);
    expect(broken(terms({ coinsuranceBps: 10_001 }))).toEqual([{ field: 'coinsuranceBps', rule: 'BASIS_POINTS_RANGE' }]);
    expect(broken(terms({ coinsuranceBps: -1 }))).toEqual([{ field: 'coinsuranceBps', rule: 'BASIS_POINTS_RANGE' }]);
  });

  it('needs the minimum age not above the maximum', () => {
    expect(broken(terms({ minAge: 56, maxAge: 55 }))).toEqual([{ field: 'minAge', rule: 'MIN_NOT_ABOVE_MAX' }]);
    expect(broken(terms({ minAge: null, maxAge: 121 }))).toEqual([{ field: 'maxAge', rule: 'AGE_RANGE' }]);
  });

  it('only takes a pre-authorisation threshold when pre-authorisation applies', () => {
    expect(broken(terms({ requiresPreauthorisation: false }))).toEqual([{ field: 'preauthorisationThreshold', rule: 'NEEDS_PREAUTHORISATION' }]);
  });

  it('keeps the annual limit within the overall limit of its basis', () => {
    expect(broken(terms({ limitBasis: BenefitLimitBasis.PER_PERSON, annualLimitMinor: 150_000_000, subLimits: [] }))).toEqual([
      { field: 'annualLimit', rule: 'NOT_ABOVE_OVERALL_LIMIT' },
    ]);
    expect(broken(terms({ annualLimitMinor: 150_000_000, subLimits: [] }))).toEqual([]);
  });

  it('keeps cost sharing within the limits', () => {
    expect(broken(terms({ perVisitLimitMinor: 500_000, copayMinor: 600_000, deductibleMinor: 15_000_001 }))).toEqual([
      { field: 'deductible', rule: 'NOT_ABOVE_ANNUAL_LIMIT' },
      { field: 'copay', rule: 'NOT_ABOVE_PER_VISIT_LIMIT' },
    ]);
  });

  it('checks codes, waiting periods and quantity limits', () => {
    expect(
      broken(
        terms({
          code: 'maternity care',
          waitingPeriodDays: 731,
          quantityLimits: [
            { unit: BenefitQuantityUnit.VISIT, maxQuantity: 0, perDays: null },
            { unit: BenefitQuantityUnit.ITEM, maxQuantity: 1, perDays: 0 },
          ],
          networkCodes: ['not a code'],
        }),
      ),
    ).toEqual([
      { field: 'code', rule: 'CODE_FORMAT' },
      { field: 'quantityLimits[0].maxQuantity', rule: 'POSITIVE' },
      { field: 'quantityLimits[1].perDays', rule: 'RANGE' },
      { field: 'waitingPeriodDays', rule: 'RANGE' },
      { field: 'networkCodes[0]', rule: 'CODE_FORMAT' },
    ]);
  });
});
