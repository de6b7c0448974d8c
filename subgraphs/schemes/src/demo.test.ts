import { buildDemoPlan } from '../../../demo/plan';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk } from '../../../kit/testing';
import { seedSchemesDemo } from './demo';
import { schemesSubgraph } from './subgraph';

/** The demo seeds fixed ids and numbers, so it gets databases of its own rather than the shared test database. */
async function freshRuntime(name: string): Promise<SubgraphRuntime> {
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, `mcs_test_schemes_${name}`);
  await recreateDatabase(url);
  return createSubgraphRuntime<unknown, unknown>(schemesSubgraph, { databaseUrl: url, logger: createLogger({ service: 'schemes', test: true }), poolSize: 3 });
}

const plan = buildDemoPlan();
let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await freshRuntime('demo');
  await seedOnce(runtime.dataSource, 'schemes-demo', (manager) => seedSchemesDemo(manager, plan));
});
afterAll(() => runtime.stop());

describe('demo seed', () => {
  it('publishes each scheme of the plan with benefits that scale with the tier', async () => {
    const data = await executeOk(
      runtime,
      `{ schemes(filter: { status: ACTIVE }) { edges { node { id code name currentVersion(on: "2026-06-01") { id status versionNumber
          benefits { code annualLimit { amount } waitingPeriodDays subLimits { name } }
          rating { baseMonthlyPremium { minorUnits } factors { type } } } } } } }`,
    );
    const schemes = data.schemes.edges.map((e: { node: unknown }) => e.node);
    expect(schemes.map((s: { code: string }) => s.code)).toEqual(['COMPREHENSIVE', 'ESSENTIAL', 'PREMIER']);
    for (const scheme of schemes) {
      const planned = plan.schemes.find((s) => s.code === scheme.code)!;
      expect(scheme).toMatchObject({ id: planned.id, name: planned.name, currentVersion: { id: planned.versionId, status: 'PUBLISHED', versionNumber: 1 } });
      expect(scheme.currentVersion.rating.baseMonthlyPremium.minorUnits).toBe(String(planned.baseMonthlyPremiumMinor));
      expect(scheme.currentVersion.benefits.map((b: { code: string }) => b.code)).toEqual(['INPATIENT', 'OUTPATIENT', 'MATERNITY', 'DENTAL', 'OPTICAL']);
      expect(scheme.currentVersion.benefits.every((b: { subLimits: unknown[] }) => b.subLimits.length > 0)).toBe(true);
      expect(scheme.currentVersion.benefits.find((b: { code: string }) => b.code === 'MATERNITY').waitingPeriodDays).toBe(300);
      expect(new Set(scheme.currentVersion.rating.factors.map((f: { type: string }) => f.type)).size).toBe(6);
    }
    const inpatient = (code: string) => schemes.find((s: { code: string }) => s.code === code).currentVersion.benefits[0].annualLimit.amount;
    expect([inpatient('ESSENTIAL'), inpatient('COMPREHENSIVE'), inpatient('PREMIER')]).toEqual(['500000.00', '2000000.00', '5000000.00']);
  });

  it('records the plan\'s policies with their members, status and premium, and covers their members', async () => {
    const count = await runtime.dataSource.query(`SELECT status, count(*)::int AS n FROM policies GROUP BY status ORDER BY status`);
    const expected = new Map<string, number>();
    for (const p of plan.policies) expected.set(p.status, (expected.get(p.status) ?? 0) + 1);
    expect(count).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => ({ status, n })));

    const active = plan.policies.find((p) => p.status === 'ACTIVE' && p.coveredMemberIds.length > 1)!;
    const data = await executeOk(
      runtime,
      `query($reps: [_Any!]!, $n: String!) {
         policyByNumber(policyNumber: $n) { id status premium { minorUnits } coveredMembers { memberId } holder { id } }
         _entities(representations: $reps) { ... on Member { coverage(on: "2026-11-02") { status policy { id } scheme { id } } } } }`,
      { n: active.policyNumber, reps: active.coveredMemberIds.map((id) => ({ __typename: 'Member', id })) },
    );
    expect(data.policyByNumber).toEqual({
      id: active.id,
      status: 'ACTIVE',
      premium: { minorUnits: String(active.monthlyPremiumMinor) },
      coveredMembers: expect.arrayContaining(active.coveredMemberIds.map((memberId) => ({ memberId }))),
      holder: { id: active.holderMemberId },
    });
    expect(data._entities).toEqual(active.coveredMemberIds.map(() => ({ coverage: { status: 'ACTIVE', policy: { id: active.id }, scheme: { id: active.schemeId } } })));

    // A cancelled policy covers through the holder's termination date.
    const cancelled = plan.policies.filter((p) => p.status === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThan(0);
    const rows = await runtime.dataSource.query(`SELECT id, cancellation_date::text AS date FROM policies WHERE id = ANY($1) ORDER BY id`, [cancelled.map((p) => p.id)]);
    const termination = new Map(plan.members.map((m) => [m.id, m.terminationDate]));
    expect(rows).toEqual(
      cancelled.map((p) => ({ id: p.id, date: termination.get(p.holderMemberId) })).sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('records the events other domains\' read models fill in from: each published version and each policy, once', async () => {
    const events: { type: string; aggregate_id: string; payload: any }[] = await runtime.dataSource.query(
      `SELECT type, aggregate_id, payload FROM outbox_events WHERE aggregate_id = ANY($1) ORDER BY position`,
      [[...plan.schemes.map((s) => s.versionId), ...plan.policies.map((p) => p.id)]],
    );
    const published = events.filter((e) => e.type === 'schemes.scheme-version.published');
    expect(published.map((e) => e.aggregate_id).sort()).toEqual(plan.schemes.map((s) => s.versionId).sort());
    const essential = published.find((e) => e.payload.schemeCode === 'ESSENTIAL')!.payload;
    expect(essential).toMatchObject({ versionNumber: 1, currency: 'KES', benefitPeriod: 'CALENDAR_YEAR', allowedNetworkCodes: ['AFYA-BASIC'], autoDenyCriticalRisk: true });
    expect(essential.benefits.map((b: { code: string }) => b.code)).toEqual(['INPATIENT', 'OUTPATIENT', 'MATERNITY', 'DENTAL', 'OPTICAL']);
    expect(essential.benefits.find((b: { code: string }) => b.code === 'MATERNITY')).toMatchObject({ limitScope: 'FAMILY', gender: 'FEMALE', waitingPeriodDays: 300 });
    expect(essential.benefits.find((b: { code: string }) => b.code === 'OUTPATIENT')).toMatchObject({ limitScope: 'INDIVIDUAL', maxVisitsPerPeriod: 12, quantityLimits: [] });

    const policies = events.filter((e) => e.type === 'schemes.policy.changed');
    expect(policies.map((e) => e.aggregate_id).sort()).toEqual(plan.policies.map((p) => p.id).sort());
    for (const planned of plan.policies) {
      const { payload } = policies.find((e) => e.aggregate_id === planned.id)!;
      expect(payload).toMatchObject({ status: planned.status, premiumInArrears: planned.status === 'SUSPENDED', schemeVersionId: planned.schemeVersionId, version: 1 });
      expect(payload.coveredMembers.map((c: { memberId: string }) => c.memberId).sort()).toEqual([...planned.coveredMemberIds].sort());
    }
  });

  it('runs once, and new policy numbers continue after the seeded ones', async () => {
    expect(await seedOnce(runtime.dataSource, 'schemes-demo', (manager) => seedSchemesDemo(manager, plan))).toBe(false);
    const essential = plan.schemes.find((s) => s.code === 'ESSENTIAL')!;
    const issued = await executeOk(
      runtime,
      `mutation($input: IssuePolicyInput!) { issuePolicy(input: $input) { policyNumber } }`,
      { input: { schemeId: essential.id, holderMemberId: '5b1e8a52-1111-4c4c-8d8d-000000000001', startDate: '2026-11-01', premium: { amount: '1800.00' } } },
    );
    expect(issued.issuePolicy.policyNumber).toBe(`POL-2026-${String(plan.policies.length + 1).padStart(5, '0')}`);
  });

  it('is deterministic: another database seeded from the same plan holds the same rows', async () => {
    const other = await freshRuntime('demo_again');
    try {
      await seedOnce(other.dataSource, 'schemes-demo', (manager) => seedSchemesDemo(manager, buildDemoPlan()));
      // Only what the seed wrote: the first database also holds the policy issued above.
      const snapshot = (r: SubgraphRuntime) =>
        r.dataSource.query(
          `SELECT id::text, benefit_id::text AS owner, limit_minor::text AS value FROM benefit_sub_limits
           UNION ALL SELECT id::text, version_id::text, multiplier_bps::text FROM rating_factors
           UNION ALL SELECT id::text, policy_id::text, type FROM policy_events WHERE policy_id = ANY($1)
           UNION ALL SELECT id::text, policy_id::text, covered_to::text FROM policy_members WHERE policy_id = ANY($1) ORDER BY 1`,
          [plan.policies.map((p) => p.id)],
        );
      const first = await snapshot(runtime);
      expect(first.length).toBeGreaterThan(plan.policies.length * 2);
      expect(await snapshot(other)).toEqual(first);
      const seededEvents = (r: SubgraphRuntime) =>
        r.dataSource.query(`SELECT type, aggregate_id, payload FROM outbox_events WHERE aggregate_id = ANY($1) ORDER BY position`, [
          [...plan.schemes.map((s) => s.versionId), ...plan.policies.map((p) => p.id)],
        ]);
      expect(await seededEvents(other)).toEqual(await seededEvents(runtime));
    } finally {
      await other.stop();
    }
  });
});
