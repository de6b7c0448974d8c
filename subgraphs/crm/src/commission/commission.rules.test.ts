import { annualPremiumMinor, commissionMinor, conversionRateBps, malformedPolicyField, monthOf, payoutNets, selectTier, withinClawbackWindow, type TierCandidate } from './commission.rules';
import { policyChanged } from '../testing';

const SCHEME = 'scheme-a';
let n = 0;
const tier = (overrides: Partial<TierCandidate>): TierCandidate => ({
  id: `t${(n += 1)}`,
  schemeId: null,
  basis: 'POLICY_COUNT',
  bandFrom: 0,
  bandTo: null,
  rateBps: 1000,
  currency: 'KES',
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  ...overrides,
});
const sale = { schemeId: SCHEME, currency: 'KES', soldOn: '2026-03-10', policiesInPeriod: 1, premiumInPeriod: 5_400_000 };

describe('annual premium and commission', () => {
  it('annualises by billing frequency: monthly × 12, quarterly × 4, annual × 1', () => {
    expect(annualPremiumMinor(450_000, 'MONTHLY')).toBe(5_400_000);
    expect(annualPremiumMinor(1_300_000, 'QUARTERLY')).toBe(5_200_000);
    expect(annualPremiumMinor(5_000_000, 'ANNUAL')).toBe(5_000_000);
    expect(() => annualPremiumMinor(1, 'WEEKLY')).toThrow(RangeError);
  });

  it('applies the rate in basis points, rounding half-even to the minor unit', () => {
    expect(commissionMinor(5_400_000, 1000)).toBe(540_000);
    expect(commissionMinor(12_345, 1250)).toBe(1543); // 1543.125 → 1543
    expect(commissionMinor(5, 5000)).toBe(2); // 2.5 → 2 (even)
    expect(commissionMinor(7, 5000)).toBe(4); // 3.5 → 4 (even)
  });
});

describe('selectTier', () => {
  it('prefers a product-specific tier over a generic one', () => {
    const generic = tier({ rateBps: 1000 });
    const specific = tier({ schemeId: SCHEME, rateBps: 1500 });
    expect(selectTier([generic, specific], sale)).toBe(specific);
    expect(selectTier([generic, specific], { ...sale, schemeId: 'other' })).toBe(generic);
  });

  it('picks the band holding the agent’s volume in the month', () => {
    const low = tier({ bandFrom: 1, bandTo: 5, rateBps: 800 });
    const high = tier({ bandFrom: 6, bandTo: null, rateBps: 1200 });
    expect(selectTier([low, high], { ...sale, policiesInPeriod: 5 })).toBe(low);
    expect(selectTier([low, high], { ...sale, policiesInPeriod: 6 })).toBe(high);
  });

  it('measures a premium band in annualised premium', () => {
    const small = tier({ basis: 'PREMIUM', bandFrom: 0, bandTo: 9_999_999, rateBps: 700 });
    const big = tier({ basis: 'PREMIUM', bandFrom: 10_000_000, rateBps: 900 });
    expect(selectTier([small, big], { ...sale, premiumInPeriod: 9_999_999 })).toBe(small);
    expect(selectTier([small, big], { ...sale, premiumInPeriod: 10_000_000 })).toBe(big);
  });

  it('uses only tiers in force on the sale day, and answers null when none applies', () => {
    const expired = tier({ effectiveFrom: '2025-01-01', effectiveTo: '2026-03-09' });
    const future = tier({ effectiveFrom: '2026-03-11' });
    expect(selectTier([expired, future], sale)).toBeNull();
    const current = tier({ effectiveFrom: '2026-03-10', effectiveTo: '2026-03-10' });
    expect(selectTier([expired, future, current], sale)).toBe(current);
  });

  it('among equally specific tiers takes the higher band floor', () => {
    const all = tier({ bandFrom: 0 });
    const fromThree = tier({ bandFrom: 3 });
    expect(selectTier([all, fromThree], { ...sale, policiesInPeriod: 4 })).toBe(fromThree);
  });
});

describe('clawback window', () => {
  it('claws back a cancellation before start + window days, not on or after it', () => {
    expect(withinClawbackWindow('2026-01-01', '2026-06-29', 180)).toBe(true); // day 180 of cover
    expect(withinClawbackWindow('2026-01-01', '2026-06-30', 180)).toBe(false);
    expect(withinClawbackWindow('2026-01-01', null, 180)).toBe(false);
  });
});

describe('payouts and rates', () => {
  it('nets entries per currency', () => {
    expect(payoutNets([{ amountMinor: 500, currency: 'KES' }, { amountMinor: -700, currency: 'KES' }, { amountMinor: 10, currency: 'USD' }])).toEqual(
      new Map([['KES', -200], ['USD', 10]]),
    );
  });

  it('gives conversion in exact basis points, null with no leads', () => {
    expect(conversionRateBps(3, 1)).toBe(3333);
    expect(conversionRateBps(4, 1)).toBe(2500);
    expect(conversionRateBps(0, 0)).toBeNull();
  });

  it('knows the calendar month of a day', () => {
    expect(monthOf('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthOf('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});

describe('reading schemes.policy.changed', () => {
  it('names the first field it can not store, so the event is ignored instead of retried', () => {
    expect(malformedPolicyField(policyChanged())).toBeNull();
    expect(malformedPolicyField(policyChanged({ billingFrequency: 'WEEKLY' }))).toBe('billingFrequency');
    expect(malformedPolicyField(policyChanged({ premiumMinor: 1.5 }))).toBe('premiumMinor');
    expect(malformedPolicyField(policyChanged({ schemeId: 'PREMIER' }))).toBe('schemeId');
    expect(malformedPolicyField(policyChanged({ cancellationDate: '30/06/2026' }))).toBe('cancellationDate');
  });
});
