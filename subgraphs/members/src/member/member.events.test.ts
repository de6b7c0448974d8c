import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../kit/events/event';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { MembersLoaders } from '../loaders';
import type { MembersServices } from '../services';
import { membersSubgraph } from '../subgraph';
import { activate, createTestCompany, createTestDependant, createTestPrincipal, outboxEventsOf, uniquePhone } from '../testing';
import { MEMBER_CHANGED, READ_MODELS_REBUILD_REQUESTED, recordMembersChanged, type MemberChangedPayload } from './member.events';

let runtime: SubgraphRuntime<MembersServices, MembersLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(membersSubgraph);
});
afterAll(() => runtime.stop());

const LIFECYCLE = (name: string) => `mutation($input: LifecycleChangeInput!) { ${name}(input: $input) { id status } }`;

const changesOf = (memberId: string) => outboxEventsOf<MemberChangedPayload>(runtime, memberId, MEMBER_CHANGED);

async function versionOf(memberId: string): Promise<number> {
  const [row] = await runtime.dataSource.query('SELECT version FROM members WHERE id = $1', [memberId]);
  return row.version;
}

describe('members.member.changed', () => {
  it('is recorded on enrolment with the member as enrolled', async () => {
    const company = await createTestCompany(runtime);
    const phone = uniquePhone();
    const email = `reach.${randomUUID().slice(0, 8)}@example.co.ke`;
    // Entered as a local number: other domains get it in E.164.
    const principal = await createTestPrincipal(runtime, company.id, { dateOfBirth: '1985-07-09', gender: 'FEMALE', email, phone: `0${phone.slice(4)}` });

    const events = await changesOf(principal.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      id: principal.id,
      memberNumber: principal.memberNumber,
      type: 'PRINCIPAL',
      relationship: 'SELF',
      principalId: null,
      companyId: company.id,
      dateOfBirth: '1985-07-09',
      gender: 'FEMALE',
      status: 'PENDING',
      enrolmentDate: '2026-01-01',
      terminationDate: null,
      email,
      phone,
      version: await versionOf(principal.id),
    });

    const child = await createTestDependant(runtime, principal.id);
    const [childEvent] = await changesOf(child.id);
    expect(childEvent.payload).toMatchObject({ id: child.id, type: 'DEPENDANT', relationship: 'CHILD', principalId: principal.id, status: 'PENDING' });
  });

  it('is recorded for every lifecycle change with a growing version, and for each dependant the change cascades to', async () => {
    // 1. A family of a principal, a spouse and a child, all activated.
    const company = await createTestCompany(runtime);
    const principal = await createTestPrincipal(runtime, company.id);
    const child = await createTestDependant(runtime, principal.id);
    const spouse = await createTestDependant(runtime, principal.id, { relationship: 'SPOUSE', firstName: 'Otieno', dateOfBirth: '1986-02-02' });
    for (const member of [principal, child, spouse]) await activate(runtime, member.id);

    // 2. Terminating the principal terminates the dependants too.
    await executeOk(runtime, LIFECYCLE('terminateMember'), { input: { memberId: principal.id, reason: 'Left employer', effectiveDate: '2026-04-30' } });

    // 3. Each of the three has its own history of events, ending in TERMINATED with its current version.
    for (const member of [principal, child, spouse]) {
      const events = await changesOf(member.id);
      expect(events.map((e) => e.payload.status)).toEqual(['PENDING', 'ACTIVE', 'TERMINATED']);
      const versions = events.map((e) => e.payload.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
      expect(events.at(-1)!.payload).toMatchObject({ id: member.id, terminationDate: '2026-04-30', version: await versionOf(member.id) });
    }
  });

  it('is not recorded when the change is refused', async () => {
    const company = await createTestCompany(runtime);
    const pending = await createTestPrincipal(runtime, company.id);
    const refused = await execute(runtime, LIFECYCLE('suspendMember'), { input: { memberId: pending.id, reason: 'Not yet active' } });
    expect(refused.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect((await changesOf(pending.id)).map((e) => e.payload.status)).toEqual(['PENDING']);
  });

  it('commits and rolls back with the change it describes', async () => {
    const company = await createTestCompany(runtime);
    const principal = await createTestPrincipal(runtime, company.id);
    await runtime.dataSource
      .transaction(async (manager) => {
        await recordMembersChanged(manager, [principal.id]);
        expect(await manager.query('SELECT 1 FROM outbox_events WHERE aggregate_id = $1', [principal.id])).toHaveLength(2);
        throw new Error('the change failed after its event was written');
      })
      .catch(() => undefined);
    expect(await changesOf(principal.id)).toHaveLength(1);
  });
});

describe('claims.read-models.rebuild-requested', () => {
  it('publishes the current state of every member, once each', async () => {
    const company = await createTestCompany(runtime);
    const principal = await createTestPrincipal(runtime, company.id);
    await activate(runtime, principal.id);

    const event: DomainEvent = {
      id: randomUUID(),
      type: READ_MODELS_REBUILD_REQUESTED,
      source: 'claims',
      aggregateId: 'claims-read-models',
      occurredAt: new Date().toISOString(),
      payload: { requestedBy: 'test-officer' },
    };
    const [subscription] = membersSubgraph.subscriptions!.filter((s) => s.types.includes(READ_MODELS_REBUILD_REQUESTED));
    // One snapshot for the members counted and the events written, whatever other tests do meanwhile.
    const { published, members } = await runtime.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ last }] = await manager.query('SELECT coalesce(max(position), 0)::text AS last FROM outbox_events');
      await subscription.handle(event, manager, runtime.services);
      const rows: { aggregate_id: string; payload: MemberChangedPayload }[] = await manager.query(
        'SELECT aggregate_id, payload FROM outbox_events WHERE position > $1 AND type = $2',
        [last, MEMBER_CHANGED],
      );
      const all: { id: string; version: number; status: string }[] = await manager.query('SELECT id, version, status FROM members');
      return { published: rows, members: all };
    });

    expect(published).toHaveLength(members.length);
    expect(new Set(published.map((p) => p.aggregate_id))).toEqual(new Set(members.map((m) => m.id)));
    const mine = published.find((p) => p.aggregate_id === principal.id)!;
    expect(mine.payload).toMatchObject({ id: principal.id, status: 'ACTIVE', version: await versionOf(principal.id) });
  });
});
