import { Violations } from '../../../../kit/errors';
import { ProviderStatus } from '../provider/provider.entity';
import { ContractStatus } from './contract.entity';
import { effectiveEnd, inForceOn, planActivation, planRevision, planTermination, readTariffs, tariffOn } from './contract.rules';

function violationsOf(check: (v: Violations) => void): string[] {
  const v = new Violations();
  check(v);
  try {
    v.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string; rule: string }[] }).violations.map((x) => `${x.field}:${x.rule}`);
  }
}

const contract = (id: string, status: ContractStatus, validFrom: string, validTo: string, endDate: string | null, prices: Record<string, number>) => ({
  id,
  contractNumber: 'PC-2026-00001',
  revision: 1,
  status,
  validFrom,
  validTo,
  endDate,
  tariffs: Object.entries(prices).map(([serviceCode, priceMinor]) => ({ serviceCode, priceMinor })),
});

describe('tariff in force on a day', () => {
  // 2026 prices, revised from 1 July: the first revision ends on 30 June (and stays ACTIVE for its days).
  const revisions = [
    contract('r1', ContractStatus.ACTIVE, '2026-01-01', '2026-12-31', '2026-06-30', { 'CON-GP': 2000_00, 'LAB-FBC': 1000_00 }),
    contract('r2', ContractStatus.ACTIVE, '2026-07-01', '2026-12-31', null, { 'CON-GP': 2200_00, 'LAB-FBC': 1000_00 }),
  ];

  it('answers a past day with the price agreed then, and a later day with the revised price', () => {
    expect(tariffOn(revisions, 'CON-GP', '2026-06-30')?.tariff.priceMinor).toBe(2000_00);
    expect(tariffOn(revisions, 'CON-GP', '2026-07-01')?.tariff.priceMinor).toBe(2200_00);
    expect(tariffOn(revisions, 'CON-GP', '2026-07-01')?.contract.id).toBe('r2');
    expect(tariffOn(revisions, 'CON-GP', '2026-01-01')?.contract.id).toBe('r1');
  });

  it('has no price outside every contract, for a draft, or for a service the contract does not price', () => {
    expect(tariffOn(revisions, 'CON-GP', '2025-12-31')).toBeNull();
    expect(tariffOn(revisions, 'CON-GP', '2027-01-01')).toBeNull();
    expect(tariffOn(revisions, 'IMG-CT-HEAD', '2026-03-01')).toBeNull();
    expect(tariffOn([contract('d', ContractStatus.DRAFT, '2026-01-01', '2026-12-31', null, { 'CON-GP': 1 })], 'CON-GP', '2026-03-01')).toBeNull();
  });

  it('keeps a terminated contract in force through its termination date', () => {
    const terminated = contract('t', ContractStatus.TERMINATED, '2026-01-01', '2026-12-31', '2026-05-15', {});
    expect(effectiveEnd(terminated)).toBe('2026-05-15');
    expect(inForceOn(terminated, '2026-05-15')).toBe(true);
    expect(inForceOn(terminated, '2026-05-16')).toBe(false);
  });
});

describe('contract lifecycle', () => {
  const provider = { status: ProviderStatus.ACTIVE, blacklisted: false };

  it('activates a draft that overlaps no other contract in force, and names the one it overlaps', () => {
    const draft = contract('new', ContractStatus.DRAFT, '2026-07-01', '2027-06-30', null, {});
    const ended = contract('old', ContractStatus.TERMINATED, '2026-01-01', '2026-12-31', '2026-06-30', {});
    expect(() => planActivation({ contract: draft, provider, others: [ended] })).not.toThrow();
    const running = contract('run', ContractStatus.ACTIVE, '2026-01-01', '2026-12-31', null, {});
    expect(() => planActivation({ contract: draft, provider, others: [running] })).toThrow(/PC-2026-00001 revision 1 already sets the provider's prices from 2026-01-01 to 2026-12-31/);
  });

  it('refuses to activate for a blacklisted or closed provider, or twice', () => {
    const draft = contract('new', ContractStatus.DRAFT, '2026-01-01', '2026-12-31', null, {});
    expect(() => planActivation({ contract: draft, provider: { ...provider, blacklisted: true }, others: [] })).toThrow(/blacklisted/);
    expect(() => planActivation({ contract: draft, provider: { ...provider, status: ProviderStatus.CLOSED }, others: [] })).toThrow(/CLOSED/);
    expect(() => planActivation({ contract: { ...draft, status: ContractStatus.ACTIVE }, provider, others: [] })).toThrow(/only a DRAFT/);
  });

  it('terminates an active contract within its period only', () => {
    const active = contract('a', ContractStatus.ACTIVE, '2026-01-01', '2026-12-31', null, {});
    expect(violationsOf((v) => planTermination(active, '2026-12-31', v))).toEqual([]);
    expect(violationsOf((v) => planTermination(active, '2027-01-01', v))).toEqual(['terminationDate:WITHIN_CONTRACT_PERIOD']);
    expect(() => planTermination({ ...active, status: ContractStatus.DRAFT }, '2026-06-01', new Violations())).toThrow(/only an ACTIVE/);
    expect(() => planTermination({ ...active, endDate: '2026-06-30' }, '2026-06-01', new Violations())).toThrow(/already ends on 2026-06-30/);
  });

  it('revises prices from a day inside the period, keeping the prices not changed', () => {
    const active = contract('a', ContractStatus.ACTIVE, '2026-01-01', '2026-12-31', null, { 'CON-GP': 2000_00, 'LAB-FBC': 1000_00 });
    const plan = planRevision(active, '2026-07-01', [{ serviceCode: 'CON-GP', priceMinor: 2200_00 }, { serviceCode: 'LAB-MRDT', priceMinor: 500_00 }], new Violations());
    expect(plan).toEqual({
      previousEnds: '2026-06-30',
      tariffs: [
        { serviceCode: 'CON-GP', priceMinor: 2200_00 },
        { serviceCode: 'LAB-FBC', priceMinor: 1000_00 },
        { serviceCode: 'LAB-MRDT', priceMinor: 500_00 },
      ],
    });
    expect(violationsOf((v) => planRevision(active, '2026-01-01', [], v))).toEqual(['effectiveFrom:WITHIN_CONTRACT_PERIOD']);
    expect(() => planRevision({ ...active, endDate: '2026-06-30' }, '2026-05-01', [], new Violations())).toThrow(/revise the revision that replaced it/);
  });

  it('reads tariffs as minor units of the contract currency, naming each bad entry', () => {
    const v = new Violations();
    expect(readTariffs([{ serviceCode: 'con-gp', price: { amount: '2000.50', currency: 'KES' } }], 'KES', v)).toEqual([{ serviceCode: 'CON-GP', priceMinor: 200050 }]);
    expect(
      violationsOf((x) =>
        readTariffs(
          [
            { serviceCode: 'CON-GP', price: { amount: '2000', currency: 'KES' } },
            { serviceCode: 'CON-GP', price: { amount: '0', currency: 'KES' } },
            { serviceCode: 'bad code', price: { amount: '10', currency: 'USD' } },
          ],
          'KES',
          x,
        ),
      ),
    ).toEqual(['tariffs[1].serviceCode:UNIQUE_IN_CONTRACT', 'tariffs[1].price.amount:POSITIVE', 'tariffs[2].serviceCode:SERVICE_CODE', 'tariffs[2].price.currency:SAME_CURRENCY']);
    expect(violationsOf((x) => readTariffs([], 'KES', x))).toEqual(['tariffs:TARIFFS_REQUIRED']);
  });
});
