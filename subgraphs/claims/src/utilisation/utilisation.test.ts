import { addDays, today } from '../../../../kit/dates';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { startTestSubgraph } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import { readDecision, seedTestFamily, submitFamilyClaim, testBenefit } from '../testing';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

/** KES 10,000 shared by the family: about half of what the claims below bill. */
const FAMILY_LIMIT_MINOR = 1_000_000;

describe('the utilisation ledger under concurrent claims', () => {
  it('never lets twenty simultaneous claims of one family together pass a shared limit, and equals the sum of the decisions', async () => {
    // 1. A principal and three dependants sharing a KES 10,000 outpatient limit.
    const family = await seedTestFamily(runtime, {
      dependants: 3,
      scheme: { benefits: [testBenefit({ name: 'Family outpatient', limitScope: 'FAMILY', annualLimitMinor: FAMILY_LIMIT_MINOR })] },
      tariffs: [{ serviceCode: 'CON-GP', priceMinor: 500_000 }],
    });

    // 2. Twenty consultations at once, five per person three days apart, each of a different
    //    amount (KES 1,000 to 1,019): KES 20,190 billed against the KES 10,000 limit.
    const submissions = Array.from({ length: 20 }, (_, i) =>
      submitFamilyClaim(runtime, family, {
        memberId: family.memberIds[i % 4],
        serviceDate: addDays(today(), -2 - 3 * Math.floor(i / 4)),
        lines: [{ serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: `${1000 + i}.00` }, diagnosisCodes: ['B50.9'] }],
      }),
    );
    const claims = await Promise.all(submissions);

    // 3. Every claim was decided, and together they pay exactly the limit, never more.
    const decisions = await Promise.all(claims.map((c) => readDecision(runtime, c.id)));
    expect(new Set(decisions.map((d) => d.status))).toEqual(new Set(['APPROVED', 'PARTIALLY_APPROVED', 'DENIED']));
    const payable = decisions.reduce((sum, d) => sum + Number(d.payable.minorUnits), 0);
    expect(payable).toBeLessThanOrEqual(FAMILY_LIMIT_MINOR);
    expect(payable).toBe(FAMILY_LIMIT_MINOR);
    const cut = decisions.filter((d) => d.lines[0].adjudication.reasons.some((r: { code: string }) => r.code === 'BENEFIT_LIMIT_EXCEEDED'));
    expect(cut.length).toBeGreaterThan(0);

    // 4. The ledger holds what the decisions paid: per benefit, in the family total and in its journal.
    const [ledger] = await runtime.dataSource.query(
      `SELECT (SELECT sum(amount_minor)::int FROM benefit_utilisation WHERE family_id = $1) AS benefit,
              (SELECT amount_minor::int FROM utilisation_totals WHERE scope = 'FAMILY' AND owner_id = $1) AS family,
              (SELECT sum(amount_minor)::int FROM utilisation_totals WHERE scope = 'MEMBER' AND owner_id = ANY($2::uuid[])) AS members,
              (SELECT sum(direction * amount_minor)::int FROM utilisation_movements WHERE family_id = $1) AS journal,
              (SELECT sum(visits)::int FROM benefit_utilisation WHERE family_id = $1) AS visits`,
      [family.principalId, family.memberIds],
    );
    expect(ledger).toEqual({ benefit: payable, family: payable, members: payable, journal: payable, visits: decisions.filter((d) => d.status !== 'DENIED').length });
  });

  it('lets two families use their own limits at the same time', async () => {
    const family = () => seedTestFamily(runtime, { scheme: { benefits: [testBenefit({ limitScope: 'FAMILY', annualLimitMinor: 300_000 })] } });
    const [a, b] = await Promise.all([family(), family()]);
    const claims = await Promise.all([submitFamilyClaim(runtime, a), submitFamilyClaim(runtime, b)]);
    const decided = await Promise.all(claims.map((c) => readDecision(runtime, c.id)));
    // Each family pays its own KES 3,000, unaffected by the other.
    expect(decided.map((d) => d.payable.minorUnits)).toEqual(['300000', '300000']);
  });
});
