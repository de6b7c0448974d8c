import { ValidationError } from '../../../../kit/errors';
import { PolicyBillingFrequency } from '../policy/policy.entity';
import { priceQuote, type QuoteRequest, type RatingTable } from './pricing';
import { RatingFactorType as T } from './rating-factor.entity';
import type { CleanRatingFactor } from './rating.rules';

const factor = (type: T, value: string, multiplierBps: number, minValue: number | null = null, maxValue: number | null = null): CleanRatingFactor => ({
  type,
  value,
  multiplierBps,
  minValue,
  maxValue,
});

const FULL_TABLE: RatingTable = {
  baseMonthlyPremiumMinor: 200_000, // KES 2,000.00
  factors: [
    factor(T.AGE_BAND, '0-17', 6_000, 0, 17),
    factor(T.AGE_BAND, '18-35', 10_000, 18, 35),
    factor(T.AGE_BAND, '36-64', 15_000, 36, 64),
    factor(T.GENDER, 'FEMALE', 11_000),
    factor(T.REGION, 'Nairobi', 12_000),
    factor(T.COVER_LEVEL, 'STANDARD', 10_000),
    factor(T.COVER_LEVEL, 'ENHANCED', 12_500),
    factor(T.LIFESTYLE, 'NON_SMOKER', 10_000),
    factor(T.LIFESTYLE, 'SMOKER', 13_000),
    factor(T.FAMILY_SIZE, '3+', 9_000, 3, null),
  ],
};

const request = (overrides: Partial<QuoteRequest> = {}): QuoteRequest => ({
  people: [{ age: 40, gender: 'FEMALE' }],
  region: 'Nairobi',
  coverLevel: 'ENHANCED',
  lifestyle: 'SMOKER',
  billingFrequency: PolicyBillingFrequency.MONTHLY,
  ...overrides,
});

function violationsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map(({ field, rule }) => ({ field, rule }));
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('priceQuote', () => {
  it('applies each factor in order and shows its effect in money', () => {
    const quote = priceQuote(FULL_TABLE, request());
    const [person] = quote.people;
    expect(person.lines.map((l) => [l.factor, l.value, l.multiplierBps, l.beforeMinor, l.afterMinor])).toEqual([
      [T.AGE_BAND, '36-64', 15_000, 200_000, 300_000],
      [T.GENDER, 'FEMALE', 11_000, 300_000, 330_000],
      [T.REGION, 'Nairobi', 12_000, 330_000, 396_000],
      [T.COVER_LEVEL, 'ENHANCED', 12_500, 396_000, 495_000],
      [T.LIFESTYLE, 'SMOKER', 13_000, 495_000, 643_500],
      [T.FAMILY_SIZE, '1', 10_000, 643_500, 643_500],
    ]);
    expect(person.monthlyMinor).toBe(643_500);
    expect(quote.monthlyMinor).toBe(643_500);
  });

  it('rates a gender or region the table does not list at ×1.0, and says so', () => {
    const quote = priceQuote(FULL_TABLE, request({ people: [{ age: 30, gender: 'MALE' }], region: 'Turkana', coverLevel: 'STANDARD', lifestyle: 'NON_SMOKER' }));
    const lines = quote.people[0].lines;
    expect(lines.find((l) => l.factor === T.GENDER)).toMatchObject({ value: 'MALE', multiplierBps: 10_000, beforeMinor: 200_000, afterMinor: 200_000 });
    expect(lines.find((l) => l.factor === T.REGION)).toMatchObject({ value: 'Turkana', multiplierBps: 10_000 });
    expect(quote.monthlyMinor).toBe(200_000);
  });

  it('skips factor types the table does not rate on', () => {
    const quote = priceQuote({ baseMonthlyPremiumMinor: 150_000, factors: [factor(T.REGION, 'Mombasa', 11_000)] }, request({ region: 'Mombasa', coverLevel: null, lifestyle: null }));
    expect(quote.people[0].lines.map((l) => l.factor)).toEqual([T.REGION]);
    expect(quote.monthlyMinor).toBe(165_000);
  });

  it('rounds every step half to even, to the minor unit', () => {
    const halve = { baseMonthlyPremiumMinor: 0, factors: [factor(T.GENDER, 'MALE', 5_000)] };
    const monthly = (base: number) =>
      priceQuote({ ...halve, baseMonthlyPremiumMinor: base }, request({ people: [{ age: 30, gender: 'MALE' }] })).monthlyMinor;
    expect(monthly(100_005)).toBe(50_002); // 50002.5 → 50002 (even)
    expect(monthly(100_015)).toBe(50_008); // 50007.5 → 50008 (even)
    expect(monthly(100_007)).toBe(50_004); // 50003.5 → 50004 (even)
    expect(monthly(100_009)).toBe(50_004); // 50004.5 → 50004 (even)
    expect(monthly(100_011)).toBe(50_006); // 50005.5 → 50006 (even)
  });

  it('applies the family-size band to everyone once the family is large enough', () => {
    const couple = priceQuote(FULL_TABLE, request({ people: [{ age: 30, gender: 'MALE' }, { age: 30, gender: 'MALE' }], region: 'Turkana', coverLevel: 'STANDARD', lifestyle: 'NON_SMOKER' }));
    expect(couple.people.map((p) => p.monthlyMinor)).toEqual([200_000, 200_000]);
    expect(couple.people[0].lines.at(-1)).toMatchObject({ factor: T.FAMILY_SIZE, value: '2', multiplierBps: 10_000 });

    const family = priceQuote(
      FULL_TABLE,
      request({ people: [{ age: 30, gender: 'MALE' }, { age: 30, gender: 'MALE' }, { age: 10, gender: 'MALE' }], region: 'Turkana', coverLevel: 'STANDARD', lifestyle: 'NON_SMOKER' }),
    );
    expect(family.people.map((p) => p.lines.at(-1))).toEqual([
      { factor: T.FAMILY_SIZE, value: '3+', multiplierBps: 9_000, beforeMinor: 200_000, afterMinor: 180_000 },
      { factor: T.FAMILY_SIZE, value: '3+', multiplierBps: 9_000, beforeMinor: 200_000, afterMinor: 180_000 },
      { factor: T.FAMILY_SIZE, value: '3+', multiplierBps: 9_000, beforeMinor: 120_000, afterMinor: 108_000 },
    ]);
    expect(family.monthlyMinor).toBe(180_000 + 180_000 + 108_000);
  });

  it('lets one person\'s lifestyle override the quote\'s', () => {
    const quote = priceQuote(FULL_TABLE, request({ people: [{ age: 30, gender: 'MALE' }, { age: 30, gender: 'MALE', lifestyle: 'SMOKER' }], lifestyle: 'NON_SMOKER' }));
    expect(quote.people.map((p) => p.lifestyle)).toEqual(['NON_SMOKER', 'SMOKER']);
    expect(quote.people[1].monthlyMinor / quote.people[0].monthlyMinor).toBeCloseTo(1.3, 10);
  });

  it('totals per billing period exactly', () => {
    const quarterly = priceQuote(FULL_TABLE, request({ billingFrequency: PolicyBillingFrequency.QUARTERLY }));
    expect(quarterly.monthsPerPeriod).toBe(3);
    expect(quarterly.perPeriodMinor).toBe(643_500 * 3);
    const annual = priceQuote(FULL_TABLE, request({ billingFrequency: PolicyBillingFrequency.ANNUAL, people: [{ age: 40, gender: 'FEMALE' }, { age: 12, gender: 'MALE' }] }));
    expect(annual.perPeriodMinor).toBe(annual.people.reduce((sum, p) => sum + p.monthlyMinor * 12, 0));
  });

  it('has lines that add up: the effects take the base premium to the person\'s premium', () => {
    const quote = priceQuote(FULL_TABLE, request({ people: [{ age: 17, gender: 'FEMALE' }, { age: 64, gender: 'MALE' }, { age: 35, gender: 'FEMALE' }] }));
    for (const person of quote.people) {
      const effects = person.lines.reduce((sum, l) => sum + (l.afterMinor - l.beforeMinor), 0);
      expect(FULL_TABLE.baseMonthlyPremiumMinor + effects).toBe(person.monthlyMinor);
    }
  });

  it('refuses what it cannot price, naming the field and the rule', () => {
    expect(violationsOf(() => priceQuote(FULL_TABLE, request({ people: [{ age: 30, gender: 'MALE' }, { age: 70, gender: 'MALE' }] })))).toEqual([
      { field: 'people[1].age', rule: 'NO_AGE_BAND' },
    ]);
    expect(violationsOf(() => priceQuote(FULL_TABLE, request({ coverLevel: 'PLATINUM' })))).toEqual([{ field: 'coverLevel', rule: 'OFFERED_VALUE' }]);
    expect(violationsOf(() => priceQuote(FULL_TABLE, request({ lifestyle: null })))).toEqual([{ field: 'lifestyle', rule: 'REQUIRED' }]);
  });
});
