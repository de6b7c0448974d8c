import { adjudicate } from './adjudicate';
import { claimStands, findDuplicate } from './duplicate';
import { aClaim, aHistoryClaim, anInput, kes } from './fixtures';
import { ReasonCode } from './types';

describe('duplicate (step 2)', () => {
  const claim = aClaim({ serviceDate: '2025-06-10' });

  it('finds a standing claim with the same member, provider, benefit, amount and service date', () => {
    const original = aHistoryClaim({ serviceDate: '2025-06-10', billedMinor: kes(2500) });
    expect(findDuplicate(claim, [original], 1)).toBe(original);
  });

  it('counts service dates within the window (inclusive) and not beyond it', () => {
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-09' })], 1)).not.toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-11' })], 1)).not.toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-08' })], 1)).toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-09' })], 0)).toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-03' })], 7)).not.toBeNull();
  });

  it('needs every attribute to match', () => {
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-10', billedMinor: kes(2501) })], 1)).toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-10', providerId: 'provider-2' })], 1)).toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-10', memberId: 'member-2' })], 1)).toBeNull();
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-10', benefitCategory: 'DENTAL' })], 1)).toBeNull();
  });

  it('ignores rejected, denied, cancelled and reversed claims, and the claim itself', () => {
    for (const status of ['REJECTED', 'DENIED', 'CANCELLED', 'REVERSED', 'denied']) {
      expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-10', status })], 1)).toBeNull();
    }
    expect(findDuplicate(claim, [aHistoryClaim({ serviceDate: '2025-06-10', claimId: claim.id })], 1)).toBeNull();
    expect(claimStands('PENDED')).toBe(true);
    expect(claimStands('SUBMITTED')).toBe(true);
  });

  it('points at the earliest of several matches', () => {
    const later = aHistoryClaim({ serviceDate: '2025-06-10', claimNumber: 'CLM-B' });
    const earlier = aHistoryClaim({ serviceDate: '2025-06-09', claimNumber: 'CLM-C' });
    expect(findDuplicate(claim, [later, earlier], 1)).toBe(earlier);
  });

  it('denies the whole claim, pointing at the original, and skips the later steps', () => {
    const original = aHistoryClaim({ claimId: 'original', claimNumber: 'CLM-2025-000042', serviceDate: '2025-06-10', billedMinor: kes(3700) });
    const result = adjudicate(anInput({ memberHistory: [original], lines: [{ unitPriceMinor: kes(2500) }, { serviceCode: 'LAB-FBC', unitPriceMinor: kes(1200) }] }));
    expect(result.decision).toBe('DENIED');
    expect(result.duplicateOf).toEqual({ claimId: 'original', claimNumber: 'CLM-2025-000042' });
    expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.DUPLICATE_CLAIM]);
    expect(result.reasons[0].message).toContain('CLM-2025-000042');
    expect(result.lines.every((line) => line.outcome === 'DENIED' && line.payableMinor === 0)).toBe(true);
    expect(result.utilisation).toEqual([]);
    const steps = result.steps!;
    expect(steps.find((s) => s.step === 'DUPLICATE')).toMatchObject({ outcome: 'FAILED', codes: [ReasonCode.DUPLICATE_CLAIM] });
    expect(steps.find((s) => s.step === 'PROVIDER')?.outcome).toBe('SKIPPED');
  });

  it('finds duplicates in the provider history too', () => {
    const original = aHistoryClaim({ serviceDate: '2025-06-10' });
    expect(adjudicate(anInput({ providerHistory: [original] })).decision).toBe('DENIED');
  });

  it('lets the same claim through outside the window', () => {
    const earlier = aHistoryClaim({ serviceDate: '2025-06-01' });
    const result = adjudicate(anInput({ memberHistory: [earlier] }));
    expect(result.decision).toBe('APPROVED');
    expect(result.duplicateOf).toBeNull();
  });
});
