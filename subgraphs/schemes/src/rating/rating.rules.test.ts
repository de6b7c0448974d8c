import { Violations } from '../../../../kit/errors';
import { RatingFactorType as T } from './rating-factor.entity';
import { checkRatingFactors, type RatingFactorFacts } from './rating.rules';

function check(factors: RatingFactorFacts[]) {
  const violations = new Violations();
  const clean = checkRatingFactors(factors, violations);
  let found: { field: string; rule: string }[] = [];
  try {
    violations.throwIfAny();
  } catch (error) {
    found = (error as { violations: { field: string; rule: string }[] }).violations.map(({ field, rule }) => ({ field, rule }));
  }
  return { clean, violations: found };
}

describe('checkRatingFactors', () => {
  it('labels bands and normalises codes', () => {
    const { clean, violations } = check([
      { type: T.AGE_BAND, minValue: 18, maxValue: 35, multiplierBps: 10_000 },
      { type: T.FAMILY_SIZE, minValue: 5, multiplierBps: 9_000 },
      { type: T.LIFESTYLE, value: 'smoker', multiplierBps: 12_000 },
    ]);
    expect(violations).toEqual([]);
    expect(clean.map((f) => f.value)).toEqual(['18-35', '5+', 'SMOKER']);
  });

  it('refuses overlapping age bands and family sizes', () => {
    const { violations } = check([
      { type: T.AGE_BAND, minValue: 0, maxValue: 20, multiplierBps: 6_000 },
      { type: T.AGE_BAND, minValue: 18, maxValue: 35, multiplierBps: 10_000 },
      { type: T.FAMILY_SIZE, minValue: 3, multiplierBps: 9_500 },
      { type: T.FAMILY_SIZE, minValue: 5, maxValue: 8, multiplierBps: 9_000 },
    ]);
    expect(violations).toEqual([
      { field: 'factors[1].minValue', rule: 'NO_OVERLAP' },
      { field: 'factors[3].minValue', rule: 'NO_OVERLAP' },
    ]);
  });

  it('names each broken rule', () => {
    const { violations } = check([
      { type: T.AGE_BAND, minValue: 40, maxValue: 30, multiplierBps: 10_000 },
      { type: T.AGE_BAND, minValue: 0, multiplierBps: 10_000 },
      { type: T.GENDER, value: 'OTHER', multiplierBps: 10_000 },
      { type: T.REGION, value: 'Atlantis', multiplierBps: 10_000 },
      { type: T.REGION, value: 'Nairobi', multiplierBps: 0 },
      { type: T.COVER_LEVEL, multiplierBps: 10_000 },
      { type: T.COVER_LEVEL, value: 'GOLD', multiplierBps: 10_000 },
      { type: T.COVER_LEVEL, value: 'gold', multiplierBps: 12_000 },
    ]);
    expect(violations).toEqual([
      { field: 'factors[0].minValue', rule: 'MIN_NOT_ABOVE_MAX' },
      { field: 'factors[1].maxValue', rule: 'REQUIRED' },
      { field: 'factors[2].value', rule: 'KNOWN_GENDER' },
      { field: 'factors[3].value', rule: 'KENYAN_COUNTY' },
      { field: 'factors[4].multiplierBps', rule: 'MULTIPLIER_RANGE' },
      { field: 'factors[5].value', rule: 'REQUIRED' },
      { field: 'factors[7].value', rule: 'UNIQUE' },
    ]);
  });
});
