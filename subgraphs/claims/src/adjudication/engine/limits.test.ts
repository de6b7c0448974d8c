import { adjudicate } from './adjudicate';
import { aBenefit, aLine, BENEFIT_ID, anInput, noUtilisation } from './fixtures';
import { quantityLimitKey } from './keys';
import { allowQuantities, visitLimitReason } from './limits';
import { ReasonCode } from './types';

describe('frequency and quantity limits (step 8)', () => {
  const tests = aBenefit({ quantityLimits: [{ serviceCode: 'LAB-FBC', maxQuantity: 4 }] });
  const fbc = (quantity: number, lineNumber = 1) => aLine({ lineNumber, serviceCode: 'LAB-FBC', quantity });
  const used = (units: number) => noUtilisation({ quantityUsed: { [quantityLimitKey(BENEFIT_ID, { serviceCode: 'LAB-FBC' })]: units } });

  it('keys quantity limits by what they count', () => {
    expect(quantityLimitKey('b1', { serviceCode: 'LAB-FBC' })).toBe('b1:code:LAB-FBC');
    expect(quantityLimitKey('b1', { serviceCategory: 'PHARMACY' })).toBe('b1:category:PHARMACY');
    expect(quantityLimitKey('b1', {})).toBe('b1:all');
  });

  it('allows the quantity when enough is left, exactly using up the limit', () => {
    expect(allowQuantities([fbc(3)], tests, used(1))).toEqual([{ lineNumber: 1, approvedQuantity: 3, reason: null }]);
  });

  it('cuts the quantity to what remains', () => {
    const [decision] = allowQuantities([fbc(3)], tests, used(2));
    expect(decision.approvedQuantity).toBe(2);
    expect(decision.reason?.code).toBe(ReasonCode.QUANTITY_LIMIT);
  });

  it('leaves nothing when the limit is used up', () => {
    expect(allowQuantities([fbc(1)], tests, used(4))[0].approvedQuantity).toBe(0);
  });

  it("counts the claim's earlier lines, in line-number order", () => {
    const decisions = allowQuantities([fbc(2, 2), fbc(3, 1)], tests, used(0));
    expect(decisions.map((d) => [d.lineNumber, d.approvedQuantity])).toEqual([
      [1, 3],
      [2, 1],
    ]);
  });

  it('matches limits by category, or every service when the limit names none', () => {
    const byCategory = aBenefit({ quantityLimits: [{ serviceCategory: 'PHARMACY', maxQuantity: 2 }] });
    expect(allowQuantities([aLine({ serviceCategory: 'PHARMACY', quantity: 5 })], byCategory, noUtilisation())[0].approvedQuantity).toBe(2);
    expect(allowQuantities([aLine({ serviceCategory: 'OUTPATIENT', quantity: 5 })], byCategory, noUtilisation())[0].approvedQuantity).toBe(5);
    const all = aBenefit({ quantityLimits: [{ maxQuantity: 3 }] });
    expect(allowQuantities([aLine({ quantity: 2 }), aLine({ lineNumber: 2, serviceCode: 'LAB-FBC', quantity: 2 })], all, noUtilisation()).map((d) => d.approvedQuantity)).toEqual([2, 1]);
  });

  it('applies the tightest of several limits', () => {
    const both = aBenefit({ quantityLimits: [{ maxQuantity: 10 }, { serviceCode: 'LAB-FBC', maxQuantity: 1 }] });
    expect(allowQuantities([fbc(3)], both, noUtilisation())[0].approvedQuantity).toBe(1);
  });

  it('stops a visit when the visits of the period are used up, not before', () => {
    const visits = aBenefit({ maxVisitsPerPeriod: 12 });
    expect(visitLimitReason(visits, noUtilisation({ visitsUsed: { [BENEFIT_ID]: 11 } }))).toBeNull();
    expect(visitLimitReason(visits, noUtilisation({ visitsUsed: { [BENEFIT_ID]: 12 } }))?.code).toBe(ReasonCode.FREQUENCY_LIMIT);
    expect(visitLimitReason(aBenefit(), noUtilisation({ visitsUsed: { [BENEFIT_ID]: 99 } }))).toBeNull();
  });

  it('partially approves a claim whose quantity was cut, disallowing the units cut', () => {
    const result = adjudicate(
      anInput({
        benefit: { quantityLimits: [{ serviceCode: 'LAB-FBC', maxQuantity: 4 }] },
        lines: [{ serviceCode: 'LAB-FBC', quantity: 3, unitPriceMinor: 80000 }],
        utilisation: { quantityUsed: { [`${BENEFIT_ID}:code:LAB-FBC`]: 2 } },
      }),
    );
    expect(result.decision).toBe('PARTIALLY_APPROVED');
    expect(result.lines[0]).toMatchObject({ approvedQuantity: 2, eligibleMinor: 160000, disallowedMinor: 80000, payableMinor: 160000, outcome: 'PARTIALLY_APPROVED' });
    expect(result.utilisation[0].quantities).toEqual({ [`${BENEFIT_ID}:code:LAB-FBC`]: 2 });
  });

  it('denies a line with nothing left and a claim over its visits', () => {
    const none = adjudicate(
      anInput({
        benefit: { quantityLimits: [{ serviceCode: 'LAB-FBC', maxQuantity: 4 }] },
        lines: [{}, { serviceCode: 'LAB-FBC', quantity: 1 }],
        utilisation: { quantityUsed: { [`${BENEFIT_ID}:code:LAB-FBC`]: 4 } },
      }),
    );
    expect(none.lines.map((line) => line.outcome)).toEqual(['APPROVED', 'DENIED']);
    expect(none.lines[1].reasons[0].code).toBe(ReasonCode.QUANTITY_LIMIT);
    expect(none.decision).toBe('PARTIALLY_APPROVED');

    const visits = adjudicate(anInput({ benefit: { maxVisitsPerPeriod: 2 }, utilisation: { visitsUsed: { [BENEFIT_ID]: 2 } } }));
    expect(visits.decision).toBe('DENIED');
    expect(visits.lines[0].reasons[0].code).toBe(ReasonCode.FREQUENCY_LIMIT);
  });
});
