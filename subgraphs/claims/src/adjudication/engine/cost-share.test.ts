import { adjudicate } from './adjudicate';
import { applyCostShare } from './cost-share';
import { BENEFIT_ID, anInput, kes } from './fixtures';
import { ReasonCode } from './types';

describe('cost share (step 10)', () => {
  const share = (eligibles: number[], terms: { deductibleMinor?: number; copayMinor?: number; coinsuranceBps?: number }, met = 0) =>
    applyCostShare(
      eligibles.map((eligibleMinor, index) => ({ lineNumber: index + 1, eligibleMinor })),
      { deductibleMinor: 0, copayMinor: 0, coinsuranceBps: 0, ...terms },
      met,
      'KES',
    );

  it('takes what is left of the deductible when it is partly met', () => {
    const [line] = share([kes(5000)], { deductibleMinor: kes(3000) }, kes(2000));
    expect(line).toMatchObject({ deductibleMinor: kes(1000), remainingMinor: kes(4000) });
    expect(line.reasons[0].code).toBe(ReasonCode.DEDUCTIBLE_APPLIED);
    expect(share([kes(5000)], { deductibleMinor: kes(3000) }, kes(3000))[0].deductibleMinor).toBe(0);
    expect(share([kes(5000)], { deductibleMinor: kes(3000) }, kes(9000))[0].deductibleMinor).toBe(0);
  });

  it('spreads the deductible over lines in order', () => {
    expect(share([kes(1000), kes(5000)], { deductibleMinor: kes(3000) }).map((l) => l.deductibleMinor)).toEqual([kes(1000), kes(2000)]);
  });

  it('takes the copay once per claim, spilling to the next line when the first is smaller', () => {
    expect(share([kes(5000), kes(5000)], { copayMinor: kes(500) }).map((l) => l.copayMinor)).toEqual([kes(500), 0]);
    expect(share([kes(300), kes(5000)], { copayMinor: kes(500) }).map((l) => l.copayMinor)).toEqual([kes(300), kes(200)]);
  });

  it('applies deductible, then copay, then coinsurance on what remains', () => {
    const [line] = share([kes(10_000)], { deductibleMinor: kes(2000), copayMinor: kes(1000), coinsuranceBps: 2000 });
    expect(line).toMatchObject({ deductibleMinor: kes(2000), copayMinor: kes(1000), coinsuranceMinor: kes(1400), remainingMinor: kes(5600) });
    expect(line.reasons.map((r) => r.code)).toEqual([ReasonCode.DEDUCTIBLE_APPLIED, ReasonCode.COPAY_APPLIED, ReasonCode.COINSURANCE_APPLIED]);
  });

  it('rounds coinsurance half to even, in minor units', () => {
    // 10% of 1005 cents = 100.5 → 100 (even); of 1015 = 101.5 → 102; of 1016 = 101.6 → 102.
    expect(share([1005], { coinsuranceBps: 1000 })[0].coinsuranceMinor).toBe(100);
    expect(share([1015], { coinsuranceBps: 1000 })[0].coinsuranceMinor).toBe(102);
    expect(share([1016], { coinsuranceBps: 1000 })[0].coinsuranceMinor).toBe(102);
    expect(share([1014], { coinsuranceBps: 1000 })[0].coinsuranceMinor).toBe(101);
  });

  it('leaves the line alone when there is no cost share, and takes it all when cost share is larger', () => {
    expect(share([kes(2500)], {})[0]).toMatchObject({ deductibleMinor: 0, copayMinor: 0, coinsuranceMinor: 0, remainingMinor: kes(2500), reasons: [] });
    expect(share([kes(800)], { deductibleMinor: kes(1000) })[0].remainingMinor).toBe(0);
  });

  it('never makes a claim partial: a claim eaten by its deductible is APPROVED with nothing to pay', () => {
    const result = adjudicate(anInput({ benefit: { deductibleMinor: kes(5000) }, utilisation: { deductibleMetMinor: { [BENEFIT_ID]: kes(1000) } } }));
    expect(result.decision).toBe('APPROVED');
    expect(result.totals).toMatchObject({ deductibleMinor: kes(2500), payableMinor: 0, memberResponsibilityMinor: kes(2500) });
    expect(result.utilisation[0].deductibleMinor).toBe(kes(2500));
  });
});
