import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { schemesSubgraph } from '../subgraph';
import { createActiveScheme, createTestScheme, kes, setTestRating, testRatingInput } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(schemesSubgraph);
});
afterAll(() => runtime.stop());

const QUOTE = `query($input: QuotePremiumInput!) { quotePremium(input: $input) {
  schemeId schemeVersionId versionNumber pricedOn region coverLevel billingFrequency monthsPerPeriod
  baseMonthlyPremium { amount } monthlyPremium { amount } premiumPerPeriod { amount currency }
  people { index age gender lifestyle monthlyPremium { amount } premiumPerPeriod { amount }
    lines { factor value multiplierBps multiplier premiumBefore { amount } premiumAfter { amount } effect { amount } } } } }`;

describe('rating', () => {
  it('sets a draft version\'s base premium and factors, replacing the previous table', async () => {
    const scheme = await createTestScheme(runtime);
    await setTestRating(runtime, scheme.versionId);
    const replaced = await executeOk(runtime, `mutation($input: SetRatingInput!) { setRating(input: $input) {
        rating { baseMonthlyPremium { amount } factors { type value minValue maxValue multiplierBps multiplier } } } }`, {
      input: testRatingInput(scheme.versionId, {
        baseMonthlyPremium: kes('1800.00'),
        factors: [
          { type: 'AGE_BAND', minValue: 0, maxValue: 120, multiplierBps: 10000 },
          { type: 'REGION', value: 'Mombasa', multiplierBps: 10750 },
        ],
      }),
    });
    expect(replaced.setRating.rating).toEqual({
      baseMonthlyPremium: { amount: '1800.00' },
      factors: [
        { type: 'AGE_BAND', value: '0-120', minValue: 0, maxValue: 120, multiplierBps: 10000, multiplier: '1.0000' },
        { type: 'REGION', value: 'Mombasa', minValue: null, maxValue: null, multiplierBps: 10750, multiplier: '1.0750' },
      ],
    });
  });

  it('refuses a broken rating table naming the field and the rule', async () => {
    const scheme = await createTestScheme(runtime);
    const result = await execute(runtime, `mutation($input: SetRatingInput!) { setRating(input: $input) { id } }`, {
      input: testRatingInput(scheme.versionId, {
        baseMonthlyPremium: kes('0'),
        factors: [
          { type: 'AGE_BAND', minValue: 0, maxValue: 40, multiplierBps: 10000 },
          { type: 'AGE_BAND', minValue: 35, maxValue: 60, multiplierBps: 14000 },
          { type: 'REGION', value: 'Gotham', multiplierBps: 10000 },
        ],
      }),
    });
    expect(result.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'baseMonthlyPremium.amount', rule: 'POSITIVE' }),
      expect.objectContaining({ field: 'factors[2].value', rule: 'KENYAN_COUNTY' }),
      expect.objectContaining({ field: 'factors[1].minValue', rule: 'NO_OVERLAP' }),
    ]);
  });
});

describe('quotePremium', () => {
  it('prices a family factor by factor, per person and per billing period', async () => {
    const scheme = await createActiveScheme(runtime);
    const data = await executeOk(runtime, QUOTE, {
      input: {
        schemeId: scheme.id,
        on: '2026-03-01',
        people: [
          { age: 40, gender: 'FEMALE' },
          { age: 38, gender: 'MALE', lifestyle: 'SMOKER' },
          { age: 9, gender: 'MALE' },
        ],
        region: 'Nairobi',
        coverLevel: 'enhanced',
        lifestyle: 'NON_SMOKER',
        billingFrequency: 'QUARTERLY',
      },
    });
    const quote = data.quotePremium;
    expect(quote).toMatchObject({
      schemeId: scheme.id,
      schemeVersionId: scheme.versionId,
      versionNumber: 1,
      pricedOn: '2026-03-01',
      coverLevel: 'ENHANCED',
      billingFrequency: 'QUARTERLY',
      monthsPerPeriod: 3,
      baseMonthlyPremium: { amount: '2000.00' },
    });
    // 2000 × 1.5 (36-64) × 1.1 (female) × 1.2 (Nairobi) × 1.25 (enhanced) × 1.0 (non-smoker) × 0.9 (family of 3+)
    expect(quote.people[0].lines).toEqual([
      { factor: 'AGE_BAND', value: '36-64', multiplierBps: 15000, multiplier: '1.5000', premiumBefore: { amount: '2000.00' }, premiumAfter: { amount: '3000.00' }, effect: { amount: '1000.00' } },
      { factor: 'GENDER', value: 'FEMALE', multiplierBps: 11000, multiplier: '1.1000', premiumBefore: { amount: '3000.00' }, premiumAfter: { amount: '3300.00' }, effect: { amount: '300.00' } },
      { factor: 'REGION', value: 'Nairobi', multiplierBps: 12000, multiplier: '1.2000', premiumBefore: { amount: '3300.00' }, premiumAfter: { amount: '3960.00' }, effect: { amount: '660.00' } },
      { factor: 'COVER_LEVEL', value: 'ENHANCED', multiplierBps: 12500, multiplier: '1.2500', premiumBefore: { amount: '3960.00' }, premiumAfter: { amount: '4950.00' }, effect: { amount: '990.00' } },
      { factor: 'LIFESTYLE', value: 'NON_SMOKER', multiplierBps: 10000, multiplier: '1.0000', premiumBefore: { amount: '4950.00' }, premiumAfter: { amount: '4950.00' }, effect: { amount: '0.00' } },
      { factor: 'FAMILY_SIZE', value: '3+', multiplierBps: 9000, multiplier: '0.9000', premiumBefore: { amount: '4950.00' }, premiumAfter: { amount: '4455.00' }, effect: { amount: '-495.00' } },
    ]);
    // Male smoker, 38: 2000 × 1.5 × 1.0 × 1.2 × 1.25 × 1.3 × 0.9 = 5265; child, 9: 2000 × 0.6 × 1.2 × 1.25 × 0.9 = 1620.
    expect(quote.people.map((p: { lifestyle: string; monthlyPremium: { amount: string } }) => [p.lifestyle, p.monthlyPremium.amount])).toEqual([
      ['NON_SMOKER', '4455.00'],
      ['SMOKER', '5265.00'],
      ['NON_SMOKER', '1620.00'],
    ]);
    expect(quote.monthlyPremium.amount).toBe('11340.00');
    expect(quote.premiumPerPeriod).toEqual({ amount: '34020.00', currency: 'KES' });
  });

  it('previews a draft version by id', async () => {
    const scheme = await createTestScheme(runtime);
    await setTestRating(runtime, scheme.versionId, { factors: [] });
    const data = await executeOk(runtime, QUOTE, { input: { schemeVersionId: scheme.versionId, people: [{ age: 30, gender: 'MALE' }], region: 'Kisumu', billingFrequency: 'ANNUAL' } });
    expect(data.quotePremium).toMatchObject({ versionNumber: 1, monthlyPremium: { amount: '2000.00' }, premiumPerPeriod: { amount: '24000.00' } });
    expect(data.quotePremium.people[0].lines).toEqual([]);
  });

  it('refuses what it can not price, naming the field and the rule', async () => {
    const scheme = await createActiveScheme(runtime);
    const person = { age: 30, gender: 'FEMALE' };
    const cases: [Record<string, unknown>, { field: string; rule: string }][] = [
      [{ schemeId: scheme.id, schemeVersionId: scheme.versionId, people: [person], region: 'Nairobi' }, { field: 'schemeId', rule: 'ONE_OF' }],
      [{ schemeId: scheme.id, people: [person], region: 'Gotham' }, { field: 'region', rule: 'KENYAN_COUNTY' }],
      [{ schemeId: scheme.id, people: [], region: 'Nairobi' }, { field: 'people', rule: 'AT_LEAST_ONE' }],
      [{ schemeId: scheme.id, on: '2025-06-01', people: [person], region: 'Nairobi' }, { field: 'schemeId', rule: 'VERSION_IN_EFFECT' }],
      [{ schemeId: scheme.id, on: '2026-06-01', people: [{ age: 70, gender: 'MALE' }], region: 'Nairobi', coverLevel: 'STANDARD', lifestyle: 'SMOKER' }, { field: 'people[0].age', rule: 'NO_AGE_BAND' }],
      [{ schemeId: scheme.id, on: '2026-06-01', people: [person], region: 'Nairobi', coverLevel: 'GOLD', lifestyle: 'SMOKER' }, { field: 'coverLevel', rule: 'OFFERED_VALUE' }],
    ];
    for (const [input, violation] of cases) {
      const result = await execute(runtime, QUOTE, { input });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...violation });
    }
  });
});
