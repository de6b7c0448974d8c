import { randomUUID } from 'node:crypto';
import { allow } from 'graphql-shield';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { AuditRecordPayload } from '../../../../kit/auth/audit';
import { databaseUrlOn } from '../../../../kit/config';
import { recreateDatabase } from '../../../../kit/database';
import type { DomainEvent } from '../../../../kit/events/event';
import { handleOnce } from '../../../../kit/events/inbox';
import { createLogger } from '../../../../kit/logger';
import { createSubgraphRuntime, defineSubgraph, type SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, outboxEventsOf, staffActor } from '../../../../kit/testing';
import { auditModule } from './audit.module';
import type { AuditServices } from './audit.service';
import { AUDIT_EVENT_TYPES, auditRecordsSubscription } from './audit.subscription';

/** Any entity will do: a federation subgraph without one has no `_entities` to guard. */
@Directive('@key(fields: "id")')
@ObjectType('AuditTestEntity')
class AuditTestEntity {
  @Field(() => ID)
  id: string;
}

/**
 * The audit module in a subgraph of its own (named `identity`, as it will run), on a database of
 * its own: the tests do not depend on the rest of the identity subgraph.
 */
const auditOnly = defineSubgraph<AuditServices, Record<string, never>>({
  name: 'identity',
  defaultPort: 4006,
  entities: auditModule.entities,
  migrations: auditModule.migrations,
  resolvers: [auditModule.resolvers[0], ...auditModule.resolvers.slice(1)],
  orphanedTypes: [AuditTestEntity],
  referenceResolvers: { AuditTestEntity: { __resolveReference: (ref) => ref } },
  permissions: { ...auditModule.permissions, AuditTestEntity: allow },
  createServices: (dataSource) => auditModule.createServices(dataSource),
  createLoaders: () => ({}),
  // The subscription is driven by hand below (`deliver`), so the test needs no bus.
});

let runtime: SubgraphRuntime<AuditServices, Record<string, never>>;
beforeAll(async () => {
  const databaseUrl = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_identity_audit');
  await recreateDatabase(databaseUrl);
  runtime = await createSubgraphRuntime(auditOnly, {
    databaseUrl,
    logger: createLogger({ service: 'identity', test: true }),
    poolSize: 5,
  });
});
afterAll(() => runtime.stop());

const RECORDS = `query($memberId: ID, $actorId: ID, $allowed: Boolean, $from: DateTimeISO, $to: DateTimeISO, $first: Int, $after: String) {
  auditRecords(memberId: $memberId, actorId: $actorId, allowed: $allowed, from: $from, to: $to, first: $first, after: $after) {
    edges { node { id subgraph actorId actorRoles ip memberId operationType operation fields allowed correlationId at recordedAt } }
    pageInfo { hasNextPage endCursor }
  } }`;

function payload(overrides: Partial<AuditRecordPayload> = {}): AuditRecordPayload {
  return {
    subgraph: 'claims',
    actorId: `officer-${randomUUID()}`,
    actorRoles: ['CLAIMS_OFFICER'],
    ip: '10.0.0.7',
    memberId: randomUUID(),
    operationType: 'query',
    operation: 'MemberClaims',
    fields: ['Claim.diagnosisCodes', 'Claim.status'],
    allowed: true,
    correlationId: randomUUID(),
    at: '2026-03-01T08:00:00.000Z',
    ...overrides,
  };
}

function auditEvent(p: AuditRecordPayload): DomainEvent<AuditRecordPayload> {
  return { id: randomUUID(), type: `${p.subgraph}.audit.recorded`, source: p.subgraph, aggregateId: p.memberId ?? p.actorId, occurredAt: p.at, payload: p };
}

const deliver = (event: DomainEvent) => handleOnce(runtime.dataSource, auditModule.subscriptions, runtime.services, event);

async function rowsWithId(id: string) {
  return runtime.dataSource.query(`SELECT id, actor_id, allowed, fields FROM audit_records WHERE id = $1`, [id]);
}

describe('the audit store', () => {
  it('subscribes to the audit events of every subgraph', () => {
    expect(AUDIT_EVENT_TYPES).toEqual([
      'members.audit.recorded',
      'schemes.audit.recorded',
      'claims.audit.recorded',
      'finance.audit.recorded',
      'providers.audit.recorded',
      'identity.audit.recorded',
      'crm.audit.recorded',
      'tokens.audit.recorded',
      'wellness.audit.recorded',
      'analytics.audit.recorded',
      'engagement.audit.recorded',
    ]);
  });

  it('keeps an event delivered twice as one row, through the inbox and without it', async () => {
    const event = auditEvent(payload());
    expect(await deliver(event)).toBe(true);
    expect(await deliver(event)).toBe(false);
    // The row's own key holds even when the handler runs again outside the inbox (a replay).
    await runtime.dataSource.transaction((manager) => auditRecordsSubscription.handle(event, manager, runtime.services));
    expect(await rowsWithId(event.id)).toEqual([{ id: event.id, actor_id: event.payload.actorId, allowed: true, fields: ['Claim.diagnosisCodes', 'Claim.status'] }]);
  });

  it('refuses a payload that is not an audit record', async () => {
    const event = { ...auditEvent(payload()), payload: { actorId: 'x' } } as DomainEvent;
    await expect(deliver(event)).rejects.toThrow('not an audit record payload');
    expect(await rowsWithId(event.id)).toEqual([]);
  });

  it('filters by member, actor, outcome and time, newest first, a page at a time', async () => {
    const memberId = randomUUID();
    const actorId = `officer-${randomUUID()}`;
    const events = [
      auditEvent(payload({ memberId, actorId, at: '2026-03-01T08:00:00.000Z' })),
      auditEvent(payload({ memberId, actorId, at: '2026-03-02T08:00:00.000Z', allowed: false })),
      auditEvent(payload({ memberId, at: '2026-03-03T08:00:00.000Z', subgraph: 'finance' })),
      auditEvent(payload({ actorId, at: '2026-03-04T08:00:00.000Z', operationType: 'mutation', memberId: null })),
    ];
    for (const event of events) await deliver(event);
    const ids = (data: any) => data.auditRecords.edges.map((e: any) => e.node.id);

    const byMember = await executeOk(runtime, RECORDS, { memberId }, staffActor('admin'));
    expect(ids(byMember)).toEqual([events[2].id, events[1].id, events[0].id]);
    expect(byMember.auditRecords.edges[0].node).toMatchObject({ subgraph: 'finance', memberId, at: '2026-03-03T08:00:00.000Z', ip: '10.0.0.7' });

    const byActor = await executeOk(runtime, RECORDS, { actorId }, staffActor('admin'));
    expect(ids(byActor)).toEqual([events[3].id, events[1].id, events[0].id]);
    const refused = await executeOk(runtime, RECORDS, { memberId, allowed: false }, staffActor('admin'));
    expect(ids(refused)).toEqual([events[1].id]);
    const window = await executeOk(runtime, RECORDS, { actorId, from: '2026-03-01T12:00:00.000Z', to: '2026-03-04T08:00:00.000Z' }, staffActor('admin'));
    expect(ids(window)).toEqual([events[1].id]);

    const first = await executeOk(runtime, RECORDS, { memberId, first: 2 }, staffActor('admin'));
    expect(ids(first)).toEqual([events[2].id, events[1].id]);
    expect(first.auditRecords.pageInfo.hasNextPage).toBe(true);
    const second = await executeOk(runtime, RECORDS, { memberId, first: 2, after: first.auditRecords.pageInfo.endCursor }, staffActor('admin'));
    expect(ids(second)).toEqual([events[0].id]);
    expect(second.auditRecords.pageInfo.hasNextPage).toBe(false);
  });

  it('answers administrators only, and the refusal is itself audited', async () => {
    const officer = staffActor(`officer-${randomUUID()}`, 'CLAIMS_OFFICER');
    const asOfficer = await execute(runtime, RECORDS, {}, officer);
    expect(asOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(asOfficer.data).toBeNull();
    const asMember = await execute(runtime, RECORDS, { memberId: randomUUID() }, memberActor(randomUUID()));
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await execute(runtime, RECORDS, {}, { id: 'anonymous', roles: [] });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // The refusal went to identity's own outbox as identity.audit.recorded; delivered, it is in the log.
    const [written] = await outboxEventsOf<AuditRecordPayload>(runtime, officer.id, 'identity.audit.recorded');
    await deliver({ id: written.id, type: written.type, source: 'identity', aggregateId: written.aggregate_id, occurredAt: written.payload.at, payload: written.payload });
    const data = await executeOk(runtime, RECORDS, { actorId: officer.id }, staffActor('admin'));
    expect(data.auditRecords.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ id: written.id, subgraph: 'identity', allowed: false, actorRoles: ['CLAIMS_OFFICER'], fields: ['Query.auditRecords'] }),
    ]);
  });

  it('is append-only: its own connection can not update, delete or truncate a record', async () => {
    const event = auditEvent(payload());
    await deliver(event);
    const before = await rowsWithId(event.id);
    await expect(runtime.dataSource.query(`UPDATE audit_records SET allowed = NOT allowed WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(runtime.dataSource.query(`DELETE FROM audit_records WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(runtime.dataSource.query(`TRUNCATE audit_records`)).rejects.toThrow(/append-only/);
    expect(await rowsWithId(event.id)).toEqual(before);
    const [{ privileges }] = await runtime.dataSource.query(
      `SELECT count(*)::int AS privileges FROM information_schema.role_table_grants
       WHERE table_name = 'audit_records' AND grantee = 'PUBLIC' AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')`,
    );
    expect(privileges).toBe(0);
  });
});
