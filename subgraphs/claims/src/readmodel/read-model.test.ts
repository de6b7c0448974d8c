import { recreateDatabase } from '../../../../kit/database';
import { handleOnce } from '../../../../kit/events/inbox';
import { createLogger } from '../../../../kit/logger';
import { createSubgraphRuntime, type AnyRuntime } from '../../../../kit/subgraph';
import { executeOk, scratchDatabaseUrl, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import {
  applyEvents,
  newId,
  seedTestFamily,
  testBenefit,
  testContractPayload,
  testEvent,
  testMemberPayload,
  testPolicyPayload,
  testProviderPayload,
  testSchemeVersionPayload,
} from '../testing';
import { READ_MODEL_EVENTS as E } from './read-model.events';
import { applyMemberChanged } from './read-model.handlers';
import { coverageFactsOf, factsArePresent, memberFactsOf, providerFactsOf } from './read-model.queries';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const manager = () => runtime.dataSource.manager;

describe('read models kept from other domains\' events', () => {
  it('upsert a member and ignore an older version arriving late', async () => {
    const v2 = testMemberPayload({ status: 'SUSPENDED', version: 2 });
    await applyEvents(runtime, [testEvent(E.MEMBER_CHANGED, v2)]);
    await applyEvents(runtime, [testEvent(E.MEMBER_CHANGED, { ...v2, status: 'ACTIVE', version: 1 })]);
    expect((await memberFactsOf(manager(), [v2.id])).get(v2.id)).toMatchObject({ status: 'SUSPENDED', familyId: v2.id, principalId: null });

    await applyEvents(runtime, [testEvent(E.MEMBER_CHANGED, { ...v2, status: 'TERMINATED', terminationDate: '2026-03-31', version: 3 })]);
    expect((await memberFactsOf(manager(), [v2.id])).get(v2.id)).toMatchObject({ status: 'TERMINATED', terminationDate: '2026-03-31' });
  });

  it('take a dependant\'s family from its principal', async () => {
    const principal = testMemberPayload();
    const child = testMemberPayload({ type: 'DEPENDANT', relationship: 'CHILD', principalId: principal.id, dateOfBirth: '2015-02-01' });
    await applyEvents(runtime, [testEvent(E.MEMBER_CHANGED, child)]);
    expect((await memberFactsOf(manager(), [child.id])).get(child.id)).toMatchObject({ familyId: principal.id, principalId: principal.id, dateOfBirth: '2015-02-01' });
  });

  it('make a repeated event harmless: the inbox skips it, and the same version again changes nothing', async () => {
    const member = testMemberPayload();
    const event = testEvent(E.MEMBER_CHANGED, member);
    const subscriptions = runtime.definition.subscriptions!;
    expect(await handleOnce(runtime.dataSource, subscriptions, runtime.services, event)).toBe(true);
    expect(await handleOnce(runtime.dataSource, subscriptions, runtime.services, event)).toBe(false);
    expect(await applyMemberChanged(manager(), { ...member, status: 'DECEASED' })).toBe(false);
    expect((await memberFactsOf(manager(), [member.id])).get(member.id)?.status).toBe('ACTIVE');
  });

  it('refuse an event without the fields they need, so the bus retries and dead-letters it', async () => {
    const { version: _version, ...unversioned } = testMemberPayload();
    await expect(applyEvents(runtime, [testEvent(E.MEMBER_CHANGED, unversioned)])).rejects.toThrow(/payload lacks version/);
  });

  it('replace a policy\'s covered members with a newer version\'s, and keep them against an older one', async () => {
    const [a, b] = [newId(), newId()];
    const policy = testPolicyPayload({ version: 2, coveredMembers: [{ memberId: a, coveredFrom: '2024-01-01', coveredTo: null }] });
    await applyEvents(runtime, [testEvent(E.POLICY_CHANGED, policy)]);
    await applyEvents(runtime, [testEvent(E.POLICY_CHANGED, { ...policy, version: 1, coveredMembers: [] })]);
    const members = async () => (await runtime.dataSource.query('SELECT member_id FROM rm_policy_members WHERE policy_id = $1 ORDER BY member_id', [policy.id])).map((r: any) => r.member_id);
    expect(await members()).toEqual([a]);
    await applyEvents(runtime, [testEvent(E.POLICY_CHANGED, { ...policy, version: 3, coveredMembers: [{ memberId: b, coveredFrom: '2025-01-01', coveredTo: null }] })]);
    expect(await members()).toEqual([b]);
  });

  it('keep the first copy of a published scheme version: published versions never change', async () => {
    const version = testSchemeVersionPayload();
    await applyEvents(runtime, [testEvent(E.SCHEME_VERSION_PUBLISHED, version), testEvent(E.SCHEME_VERSION_PUBLISHED, { ...version, schemeName: 'Renamed' })]);
    const [row] = await runtime.dataSource.query('SELECT scheme_name FROM rm_scheme_versions WHERE id = $1', [version.id]);
    expect(row.scheme_name).toBe('Afya Test Scheme');
  });

  it('upsert providers and contracts by version, with the prices in force on the day', async () => {
    const provider = testProviderPayload({ version: 5, licences: [{ number: 'L-1', validFrom: '2024-01-01', validTo: '2024-12-31' }, { number: 'L-2', validFrom: '2025-01-01', validTo: null }] });
    await applyEvents(runtime, [testEvent(E.PROVIDER_CHANGED, provider), testEvent(E.PROVIDER_CHANGED, { ...provider, blacklisted: true, version: 4 })]);
    const old = testContractPayload(provider.id, { validFrom: '2024-01-01', validTo: '2024-12-31', tariffs: [{ serviceCode: 'CON-GP', priceMinor: 200_000 }, { serviceCode: 'LAB-FBC', priceMinor: 100_000 }] });
    const current = testContractPayload(provider.id, { validFrom: '2025-01-01', tariffs: [{ serviceCode: 'CON-GP', priceMinor: 240_000 }] });
    const usd = testContractPayload(provider.id, { validFrom: '2025-01-01', currency: 'USD', tariffs: [{ serviceCode: 'CON-GP', priceMinor: 2_000 }] });
    const suspended = testContractPayload(provider.id, { validFrom: '2025-06-01', status: 'SUSPENDED', tariffs: [{ serviceCode: 'CON-GP', priceMinor: 999_999 }] });
    await applyEvents(runtime, [old, current, usd, suspended].map((c) => testEvent(E.CONTRACT_CHANGED, c)));
    // A newer version of the current contract raises the price; a stale copy of the first does not undo it.
    await applyEvents(runtime, [testEvent(E.CONTRACT_CHANGED, { ...current, version: 2, tariffs: [{ serviceCode: 'CON-GP', priceMinor: 250_000 }] })]);
    await applyEvents(runtime, [testEvent(E.CONTRACT_CHANGED, current)]);

    expect(await providerFactsOf(manager(), provider.id, '2024-06-01', 'KES')).toMatchObject({
      blacklisted: false,
      tariffs: { 'CON-GP': 200_000, 'LAB-FBC': 100_000 },
      licences: [{ validFrom: '2024-01-01', validTo: '2024-12-31' }, { validFrom: '2025-01-01', validTo: '9999-12-31' }],
    });
    expect((await providerFactsOf(manager(), provider.id, '2025-07-01', 'KES'))?.tariffs).toEqual({ 'CON-GP': 250_000 });
    expect(await providerFactsOf(manager(), newId(), '2025-07-01', 'KES')).toBeNull();
  });
});

describe('the coverage loaded for a day of service', () => {
  it('takes the calendar year as the benefit period of a CALENDAR_YEAR scheme', async () => {
    const family = await seedTestFamily(runtime, { policy: { startDate: '2024-07-15' } });
    const coverage = (await coverageFactsOf(manager(), [family.principalId], '2026-03-10')).get(family.principalId);
    expect(coverage).toMatchObject({ policyId: family.policyId, policyStatus: 'ACTIVE', coveredFrom: '2024-07-15', coveredTo: null, period: { start: '2026-01-01', end: '2026-12-31' } });
    expect(coverage?.benefits.map((b) => b.name)).toEqual(['Outpatient']);
  });

  it('takes the policy year containing the day for a POLICY_YEAR scheme', async () => {
    const family = await seedTestFamily(runtime, { scheme: { benefitPeriod: 'POLICY_YEAR' }, policy: { startDate: '2024-07-15' } });
    const on = async (day: string) => (await coverageFactsOf(manager(), [family.principalId], day)).get(family.principalId)?.period;
    expect(await on('2026-03-10')).toEqual({ start: '2025-07-15', end: '2026-07-14' });
    expect(await on('2026-07-15')).toEqual({ start: '2026-07-15', end: '2027-07-14' });
  });

  it('covers the last day of cover and, after it, still names the ended cover so the engine can say so', async () => {
    const family = await seedTestFamily(runtime, { coveredTo: '2026-02-28' });
    expect((await coverageFactsOf(manager(), [family.principalId], '2026-02-28')).get(family.principalId)).toMatchObject({ coveredTo: '2026-02-28' });
    expect((await coverageFactsOf(manager(), [family.principalId], '2026-03-01')).get(family.principalId)).toMatchObject({ coveredTo: '2026-02-28' });
  });

  it('prefers the policy covering the day over one that ended, and caps cover at the policy\'s end', async () => {
    const family = await seedTestFamily(runtime, { policy: { endDate: '2025-12-31' } });
    const renewal = testPolicyPayload({ schemeVersionId: family.schemeVersionId, startDate: '2026-01-01', coveredMembers: [{ memberId: family.principalId, coveredFrom: '2026-01-01', coveredTo: null }] });
    await applyEvents(runtime, [testEvent(E.POLICY_CHANGED, renewal)]);
    expect((await coverageFactsOf(manager(), [family.principalId], '2025-06-01')).get(family.principalId)).toMatchObject({ policyId: family.policyId, coveredTo: '2025-12-31' });
    expect((await coverageFactsOf(manager(), [family.principalId], '2026-06-01')).get(family.principalId)).toMatchObject({ policyId: renewal.id, coveredTo: null });
  });

  it('reads benefits with the publisher\'s defaults filled in', async () => {
    const { waitingPeriodDays: _w, subLimits: _s, ...sparse } = testBenefit({ category: 'DENTAL', name: 'Dental' });
    const family = await seedTestFamily(runtime, { scheme: { benefits: [sparse as never] } });
    const [benefit] = (await coverageFactsOf(manager(), [family.principalId], '2026-01-10')).get(family.principalId)!.benefits;
    expect(benefit).toMatchObject({ name: 'Dental', waitingPeriodDays: 0, subLimits: [] });
  });

  it('is complete only when the member, the provider and the member\'s scheme versions have all arrived', async () => {
    const member = testMemberPayload();
    const provider = testProviderPayload();
    const scheme = testSchemeVersionPayload();
    const policy = testPolicyPayload({ schemeVersionId: scheme.id, coveredMembers: [{ memberId: member.id, coveredFrom: '2020-01-01', coveredTo: null }] });
    await applyEvents(runtime, [testEvent(E.MEMBER_CHANGED, member), testEvent(E.PROVIDER_CHANGED, provider), testEvent(E.POLICY_CHANGED, policy)]);
    expect(await factsArePresent(manager(), member.id, provider.id)).toBe(false);
    await applyEvents(runtime, [testEvent(E.SCHEME_VERSION_PUBLISHED, scheme)]);
    expect(await factsArePresent(manager(), member.id, provider.id)).toBe(true);
  });
});

describe('rebuilding the read models', () => {
  let own: AnyRuntime;
  beforeAll(async () => {
    // Its own database: emptying the read models must not pull them from under other tests.
    const databaseUrl = scratchDatabaseUrl('claims_rebuild');
    await recreateDatabase(databaseUrl);
    own = await createSubgraphRuntime(claimsSubgraph, { databaseUrl, logger: createLogger({ service: 'claims', test: true }), poolSize: 3 });
  });
  afterAll(() => own.stop());

  it('empties them and asks the other domains for snapshots, which refill them', async () => {
    const family = await seedTestFamily(own, { dependants: 1 });
    const data = await executeOk(own, `mutation { rebuildReadModels { requestedBy requestedAt clearedTables } }`, {}, staffActor('admin-achieng'));
    expect(data.rebuildReadModels).toMatchObject({ requestedBy: 'admin-achieng', clearedTables: expect.arrayContaining(['rm_members', 'rm_policies', 'rm_providers']) });
    const [counts] = await own.dataSource.query(
      `SELECT (SELECT count(*) FROM rm_members)::int + (SELECT count(*) FROM rm_policies)::int + (SELECT count(*) FROM rm_policy_members)::int
            + (SELECT count(*) FROM rm_scheme_versions)::int + (SELECT count(*) FROM rm_providers)::int + (SELECT count(*) FROM rm_provider_contracts)::int AS rows`,
    );
    expect(counts.rows).toBe(0);
    const events = await own.dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'claims.read-models.rebuild-requested'`);
    expect(events.map((e: any) => e.payload)).toEqual([{ requestedBy: 'admin-achieng' }]);

    // The snapshot of a member arrives with the version claims had before: it applies again.
    await seedTestFamily(own, { principal: { id: family.principalId } });
    expect((await memberFactsOf(own.dataSource.manager, [family.principalId])).size).toBe(1);
  });
});
