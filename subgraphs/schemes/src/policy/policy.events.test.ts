import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../kit/events/event';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { SchemesLoaders } from '../loaders';
import { SCHEME_VERSION_PUBLISHED } from '../scheme/scheme-version.events';
import type { SchemesServices } from '../services';
import { schemesSubgraph } from '../subgraph';
import { READ_MODELS_REBUILD_REQUESTED } from '../subscriptions';
import { activateTestPolicy, createActiveScheme, issueTestPolicy, kes, newMemberId, outboxEventsOf } from '../testing';
import { POLICY_CHANGED, type PolicyChangedPayload } from './policy.events';

let runtime: SubgraphRuntime<SchemesServices, SchemesLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(schemesSubgraph);
});
afterAll(() => runtime.stop());

const changesOf = (policyId: string) => outboxEventsOf<PolicyChangedPayload>(runtime, policyId, POLICY_CHANGED);
const MUTATE = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { id status } }`;

async function versionOf(policyId: string): Promise<number> {
  const [row] = await runtime.dataSource.query('SELECT version FROM policies WHERE id = $1', [policyId]);
  return row.version;
}

describe('schemes.policy.changed', () => {
  it('is recorded on issue with the policy as issued', async () => {
    const scheme = await createActiveScheme(runtime);
    const child = newMemberId();
    const policy = await issueTestPolicy(runtime, scheme.id, { coveredMemberIds: [child], startDate: '2026-02-01', premium: kes('5200.00') });

    const events = await changesOf(policy.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      id: policy.id,
      policyNumber: policy.policyNumber,
      schemeId: scheme.id,
      schemeVersionId: scheme.versionId,
      holderMemberId: policy.holderMemberId,
      companyId: null,
      startDate: '2026-02-01',
      endDate: '2026-12-31',
      status: 'PENDING',
      premiumInArrears: false,
      coveredMembers: expect.arrayContaining([
        { memberId: policy.holderMemberId, coveredFrom: '2026-02-01', coveredTo: '2026-12-31' },
        { memberId: child, coveredFrom: '2026-02-01', coveredTo: '2026-12-31' },
      ]),
      billingFrequency: 'MONTHLY',
      premiumMinor: 520_000,
      currency: 'KES',
      version: 1,
      salesAgentId: null,
      cancellationDate: null,
    });
    expect(events[0].payload.coveredMembers).toHaveLength(2);
  });

  it('is recorded on every lifecycle and covered-member change, with a growing version', async () => {
    // 1. Issue, activate, add and remove a member (without re-pricing), suspend, reactivate and cancel.
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id);
    const baby = newMemberId();
    await activateTestPolicy(runtime, policy.id);
    await executeOk(runtime, MUTATE('addCoveredMember', 'AddCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: baby, coveredFrom: '2026-03-01', reason: 'Newborn added' },
    });
    await executeOk(runtime, MUTATE('removeCoveredMember', 'RemoveCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: baby, lastDayOfCover: '2026-06-30', reason: 'Moved to own policy' },
    });
    await executeOk(runtime, MUTATE('suspendPolicy', 'PolicyLifecycleInput'), { input: { policyId: policy.id, reason: 'Audit hold', effectiveDate: '2026-07-01' } });
    await executeOk(runtime, MUTATE('activatePolicy', 'PolicyLifecycleInput'), { input: { policyId: policy.id, reason: 'Audit done', effectiveDate: '2026-07-05' } });
    await executeOk(runtime, MUTATE('cancelPolicy', 'CancelPolicyInput'), { input: { policyId: policy.id, reason: 'Left employer', lastDayOfCover: '2026-09-30' } });

    // 2. One event per change, each with the state after it and a larger version than the one before.
    const events = await changesOf(policy.id);
    expect(events.map((e) => e.payload.status)).toEqual(['PENDING', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'ACTIVE', 'CANCELLED']);
    const versions = events.map((e) => e.payload.version);
    versions.slice(1).forEach((version, i) => expect(version).toBeGreaterThan(versions[i]));
    expect(versions.at(-1)).toBe(await versionOf(policy.id));
    expect(events[2].payload.coveredMembers).toContainEqual({ memberId: baby, coveredFrom: '2026-03-01', coveredTo: '2026-12-31' });
    expect(events[3].payload.coveredMembers).toContainEqual({ memberId: baby, coveredFrom: '2026-03-01', coveredTo: '2026-06-30' });
    // A suspension by an officer is not for arrears.
    expect(events[4].payload.premiumInArrears).toBe(false);
    expect(events.at(-1)!.payload.coveredMembers).toContainEqual({ memberId: policy.holderMemberId, coveredFrom: '2026-01-01', coveredTo: '2026-09-30' });
  });

  it('is not recorded when the change is refused', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id);
    const refused = await execute(runtime, MUTATE('suspendPolicy', 'PolicyLifecycleInput'), { input: { policyId: policy.id, reason: 'Not yet active' } });
    expect(refused.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    const outside = await execute(runtime, MUTATE('addCoveredMember', 'AddCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: newMemberId(), coveredFrom: '2027-03-01', reason: 'Outside the period' },
    });
    expect(outside.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await changesOf(policy.id)).map((e) => e.payload.status)).toEqual(['PENDING']);
  });
});

describe('claims.read-models.rebuild-requested', () => {
  it('publishes every policy, and every published version but no draft, once each', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id);
    const draft = await executeOk(runtime, `mutation($id: ID!) { createSchemeVersion(schemeId: $id) { id } }`, { id: scheme.id });

    const event: DomainEvent = {
      id: randomUUID(),
      type: READ_MODELS_REBUILD_REQUESTED,
      source: 'claims',
      aggregateId: 'claims-read-models',
      occurredAt: new Date().toISOString(),
      payload: { requestedBy: 'test-officer' },
    };
    const [subscription] = schemesSubgraph.subscriptions!.filter((s) => s.types.includes(READ_MODELS_REBUILD_REQUESTED));
    // One snapshot for what is counted and what is written, whatever other tests do meanwhile.
    const result = await runtime.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ last }] = await manager.query('SELECT coalesce(max(position), 0)::text AS last FROM outbox_events');
      await subscription.handle(event, manager, runtime.services);
      const written: { type: string; aggregate_id: string; payload: any }[] = await manager.query(
        'SELECT type, aggregate_id, payload FROM outbox_events WHERE position > $1 ORDER BY position',
        [last],
      );
      const policies: { id: string }[] = await manager.query('SELECT id FROM policies');
      const published: { id: string }[] = await manager.query(`SELECT id FROM scheme_versions WHERE status = 'PUBLISHED'`);
      return { written, policies, published };
    });

    const ids = (type: string) => result.written.filter((e) => e.type === type).map((e) => e.aggregate_id);
    expect(ids(POLICY_CHANGED)).toHaveLength(result.policies.length);
    expect(new Set(ids(POLICY_CHANGED))).toEqual(new Set(result.policies.map((p) => p.id)));
    expect(ids(SCHEME_VERSION_PUBLISHED)).toHaveLength(result.published.length);
    expect(new Set(ids(SCHEME_VERSION_PUBLISHED))).toEqual(new Set(result.published.map((v) => v.id)));
    expect(ids(SCHEME_VERSION_PUBLISHED)).toContain(scheme.versionId);
    expect(ids(SCHEME_VERSION_PUBLISHED)).not.toContain(draft.createSchemeVersion.id);
    // Terms before the policies sold on them.
    expect(result.written.findIndex((e) => e.type === POLICY_CHANGED)).toBeGreaterThan(result.written.findLastIndex((e) => e.type === SCHEME_VERSION_PUBLISHED));
    expect(result.written.find((e) => e.aggregate_id === policy.id)!.payload).toMatchObject({ id: policy.id, status: 'PENDING', version: await versionOf(policy.id) });
  });
});
