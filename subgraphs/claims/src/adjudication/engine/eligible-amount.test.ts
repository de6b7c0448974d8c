import { adjudicate } from './adjudicate';
import { eligibleAmount } from './eligible-amount';
import { aLine, anInput, kes } from './fixtures';
import { ReasonCode } from './types';

describe('eligible amount (step 9)', () => {
  const line = aLine({ serviceCode: 'CON-SPEC', quantity: 2, unitPriceMinor: kes(4000) });

  it('is the billed amount when the provider has no tariff for the service', () => {
    expect(eligibleAmount(line, 2, {}, 'KES')).toMatchObject({ eligibleMinor: kes(8000), disallowedMinor: 0, reasons: [] });
  });

  it('is the tariff per unit when the tariff is lower; the excess is TARIFF_EXCEEDED', () => {
    const result = eligibleAmount(line, 2, { 'CON-SPEC': kes(3500) }, 'KES');
    expect(result).toMatchObject({ eligibleMinor: kes(7000), disallowedMinor: kes(1000), tariffExcessMinor: kes(1000) });
    expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.TARIFF_EXCEEDED]);
  });

  it('is the billed price when the tariff is higher or equal', () => {
    expect(eligibleAmount(line, 2, { 'CON-SPEC': kes(5000) }, 'KES').eligibleMinor).toBe(kes(8000));
    expect(eligibleAmount(line, 2, { 'CON-SPEC': kes(4000) }, 'KES').disallowedMinor).toBe(0);
  });

  it('disallows units not approved, then applies the tariff to the rest', () => {
    const result = eligibleAmount(line, 1, { 'CON-SPEC': kes(3500) }, 'KES');
    expect(result).toMatchObject({ eligibleMinor: kes(3500), unapprovedUnitsMinor: kes(4000), tariffExcessMinor: kes(500), disallowedMinor: kes(4500) });
  });

  it('keeps a tariff cut the provider\'s loss: the claim stays APPROVED', () => {
    const result = adjudicate(anInput({ provider: { tariffs: { 'CON-GP': kes(2000) } } }));
    expect(result.decision).toBe('APPROVED');
    expect(result.lines[0]).toMatchObject({ outcome: 'APPROVED', eligibleMinor: kes(2000), disallowedMinor: kes(500), payableMinor: kes(2000) });
    expect(result.totals.memberResponsibilityMinor).toBe(0);
  });
});
