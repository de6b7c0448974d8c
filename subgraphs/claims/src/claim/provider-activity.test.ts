import { addDays, today } from '../../../../kit/dates';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { startTestSubgraph } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import { readDecision, seedTestFamily, submitFamilyClaim } from '../testing';
import { providerActivityOf } from './provider-activity';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const consultation = (amount: string) => ({ serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount }, diagnosisCodes: ['B50.9'] });

describe("a provider's running totals", () => {
  it('count each submitted claim per service date, and lines and unit prices per code', async () => {
    const family = await seedTestFamily(runtime);
    const day = addDays(today(), -3);
    await submitFamilyClaim(runtime, family, { serviceDate: day });
    await submitFamilyClaim(runtime, family, { serviceDate: day, lines: [consultation('1500.00')] });
    await submitFamilyClaim(runtime, family, { serviceDate: addDays(day, -1), lines: [consultation('2000.00')] });

    const days = await runtime.dataSource.query(
      'SELECT service_date::text AS day, claims FROM provider_claim_days WHERE provider_id = $1 ORDER BY service_date',
      [family.providerId],
    );
    expect(days).toEqual([{ day: addDays(day, -1), claims: 1 }, { day, claims: 2 }]);
    const prices = await runtime.dataSource.query(
      `SELECT service_code, sum(lines)::int AS lines, sum(unit_price_total_minor)::int AS total
       FROM provider_service_prices WHERE provider_id = $1 GROUP BY service_code ORDER BY service_code`,
      [family.providerId],
    );
    expect(prices).toEqual([
      { service_code: 'CON-GP', lines: 3, total: 250_000 + 150_000 + 200_000 },
      { service_code: 'LAB-BS-MPS', lines: 1, total: 50_000 },
      { service_code: 'PHA-AL', lines: 1, total: 85_000 },
    ]);
  });

  it("feed the provider price outlier rule: a consultation over three times the provider's average is flagged", async () => {
    const family = await seedTestFamily(runtime);
    await submitFamilyClaim(runtime, family, { lines: [consultation('2000.00')] });
    await submitFamilyClaim(runtime, family, { lines: [consultation('2000.00')] });
    const usual = await submitFamilyClaim(runtime, family, { lines: [consultation('5900.00')] });
    const outlier = await submitFamilyClaim(runtime, family, { lines: [consultation('10000.00')] });

    const signals = async (id: string) => (await readDecision(runtime, id)).risk.signals.map((s: { rule: string }) => s.rule);
    // 5,900 is under 3 × 2,000; 10,000 is over 3 × the average of 2,000, 2,000 and 5,900 (3 × 3,300 = 9,900).
    expect(await signals(usual.id)).not.toContain('PROVIDER_PRICE_OUTLIER');
    expect(await signals(outlier.id)).toContain('PROVIDER_PRICE_OUTLIER');
  });

  it('leave a claim out of its own figures when they already count it', () => {
    const own = { providerId: 'p', serviceDate: '2026-11-01', lines: [{ serviceCode: 'CON-GP', unitPriceMinor: 900_000 }] };
    const rows = { provider_claims_by_day: { '2026-11-01': 3, '2026-10-31': 1 }, provider_prices: { 'CON-GP': [3, 1_300_000] as [number, number] } };
    expect(providerActivityOf(rows, null)).toEqual({ claimsByDay: { '2026-11-01': 3, '2026-10-31': 1 }, averages: { 'CON-GP': 433_333 } });
    expect(providerActivityOf(rows, own)).toEqual({ claimsByDay: { '2026-11-01': 2, '2026-10-31': 1 }, averages: { 'CON-GP': 200_000 } });
    // A claim alone on its day and code leaves nothing behind.
    expect(providerActivityOf({ provider_claims_by_day: { '2026-11-01': 1 }, provider_prices: { 'CON-GP': [1, 900_000] } }, own)).toEqual({
      claimsByDay: {},
      averages: {},
    });
  });
});
