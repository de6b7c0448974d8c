import { adjudicate } from './adjudicate';
import { aBenefit, aClaim, aCoverage, anInput, aProvider } from './fixtures';
import { benefitNetworkReason, providerReason } from './provider';
import { ReasonCode } from './types';

describe('provider (step 3)', () => {
  const claim = aClaim({ serviceDate: '2025-06-10' });
  const code = (provider = aProvider(), coverage = aCoverage()) => providerReason(claim, provider, coverage)?.code ?? null;

  it('accepts an active, licensed, in-network provider', () => {
    expect(code()).toBeNull();
  });

  it('denies an unknown provider', () => {
    expect(providerReason(claim, null, aCoverage())?.code).toBe(ReasonCode.PROVIDER_UNKNOWN);
  });

  it('denies a provider that is not active', () => {
    expect(code(aProvider({ status: 'SUSPENDED' }))).toBe(ReasonCode.PROVIDER_NOT_AUTHORIZED);
    expect(code(aProvider({ status: 'CLOSED' }))).toBe(ReasonCode.PROVIDER_NOT_AUTHORIZED);
  });

  it('denies a blacklisted provider', () => {
    expect(code(aProvider({ blacklisted: true }))).toBe(ReasonCode.PROVIDER_BLACKLISTED);
  });

  it('needs a licence covering the service date, both ends inclusive', () => {
    expect(code(aProvider({ licences: [{ validFrom: '2025-01-01', validTo: '2025-06-10' }] }))).toBeNull();
    expect(code(aProvider({ licences: [{ validFrom: '2025-06-10', validTo: '2025-12-31' }] }))).toBeNull();
    expect(code(aProvider({ licences: [{ validFrom: '2025-01-01', validTo: '2025-06-09' }] }))).toBe(ReasonCode.PROVIDER_UNLICENSED);
    expect(code(aProvider({ licences: [{ validFrom: '2025-06-11', validTo: '2025-12-31' }] }))).toBe(ReasonCode.PROVIDER_UNLICENSED);
    expect(code(aProvider({ licences: [] }))).toBe(ReasonCode.PROVIDER_UNLICENSED);
  });

  it('needs membership of an allowed network on the service date when the scheme names networks', () => {
    const scheme = aCoverage({ allowedNetworkCodes: ['NET-A'] });
    expect(code(aProvider({ networks: [{ code: 'NET-A', joinedOn: '2025-06-10', leftOn: null }] }), scheme)).toBeNull();
    expect(code(aProvider({ networks: [{ code: 'NET-A', joinedOn: '2020-01-01', leftOn: '2025-06-10' }] }), scheme)).toBeNull();
    expect(code(aProvider({ networks: [{ code: 'NET-A', joinedOn: '2025-06-11', leftOn: null }] }), scheme)).toBe(ReasonCode.PROVIDER_OUT_OF_NETWORK);
    expect(code(aProvider({ networks: [{ code: 'NET-A', joinedOn: '2020-01-01', leftOn: '2025-06-09' }] }), scheme)).toBe(ReasonCode.PROVIDER_OUT_OF_NETWORK);
    expect(code(aProvider({ networks: [{ code: 'NET-B', joinedOn: '2020-01-01', leftOn: null }] }), scheme)).toBe(ReasonCode.PROVIDER_OUT_OF_NETWORK);
    expect(code(aProvider({ networks: [] }), aCoverage({ allowedNetworkCodes: [] }))).toBeNull();
  });

  it("checks a benefit's own network restriction", () => {
    const provider = aProvider({ networks: [{ code: 'NET-A', joinedOn: '2020-01-01', leftOn: null }] });
    expect(benefitNetworkReason(provider, aBenefit({ networkCodes: ['NET-A', 'NET-B'] }), '2025-06-10')).toBeNull();
    expect(benefitNetworkReason(provider, aBenefit({ networkCodes: ['NET-DENTAL'] }), '2025-06-10')?.code).toBe(ReasonCode.PROVIDER_OUT_OF_NETWORK);
    expect(benefitNetworkReason(provider, aBenefit({ networkCodes: [] }), '2025-06-10')).toBeNull();
  });

  it('denies the whole claim for a provider problem', () => {
    const result = adjudicate(anInput({ provider: { blacklisted: true } }));
    expect(result.decision).toBe('DENIED');
    expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.PROVIDER_BLACKLISTED]);
    expect(result.lines[0].reasons.map((r) => r.code)).toEqual([ReasonCode.PROVIDER_BLACKLISTED]);
    expect(adjudicate(anInput({ provider: null })).reasons[0].code).toBe(ReasonCode.PROVIDER_UNKNOWN);
  });

  it("denies each line, not the claim, for a benefit's network restriction", () => {
    const result = adjudicate(anInput({ benefit: { networkCodes: ['NET-GOLD'] }, lines: [{}, { serviceCode: 'LAB-FBC' }] }));
    expect(result.decision).toBe('DENIED');
    expect(result.reasons).toEqual([]);
    expect(result.lines.map((line) => [line.outcome, line.reasons[0].code])).toEqual([
      ['DENIED', ReasonCode.PROVIDER_OUT_OF_NETWORK],
      ['DENIED', ReasonCode.PROVIDER_OUT_OF_NETWORK],
    ]);
  });
});
