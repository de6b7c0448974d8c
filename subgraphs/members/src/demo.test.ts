import { buildDemoPlan } from '../../../demo/plan';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../kit/subgraph';
import { seedMembersDemo } from './demo';
import { MEMBER_CHANGED } from './member/member.events';
import { membersSubgraph } from './subgraph';

/** The demo seeds fixed ids, numbers and phones, so it gets a database of its own rather than the shared test database. */
const plan = buildDemoPlan();
let runtime: SubgraphRuntime;
beforeAll(async () => {
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_members_demo');
  await recreateDatabase(url);
  runtime = await createSubgraphRuntime<unknown, unknown>(membersSubgraph, { databaseUrl: url, logger: createLogger({ service: 'members', test: true }), poolSize: 3 });
  await seedOnce(runtime.dataSource, 'members-demo', (manager) => seedMembersDemo(manager, plan));
});
afterAll(() => runtime.stop());

describe('members demo seed', () => {
  it('records a members.member.changed for each seeded member, principals before their dependants', async () => {
    const events: { aggregate_id: string; payload: any }[] = await runtime.dataSource.query(
      `SELECT aggregate_id, payload FROM outbox_events WHERE type = $1 ORDER BY position`,
      [MEMBER_CHANGED],
    );
    expect(events).toHaveLength(plan.members.length);
    const position = new Map(events.map((e, i) => [e.aggregate_id, i]));
    for (const member of plan.members) {
      const event = events[position.get(member.id)!];
      expect(event.payload).toEqual({
        id: member.id,
        memberNumber: member.memberNumber,
        type: member.principalId ? 'DEPENDANT' : 'PRINCIPAL',
        relationship: member.relationship,
        principalId: member.principalId,
        companyId: member.companyId,
        dateOfBirth: member.dateOfBirth,
        gender: member.gender,
        status: member.status,
        enrolmentDate: member.enrolmentDate,
        terminationDate: member.terminationDate,
        email: member.email,
        phone: member.phone,
        version: 1,
      });
      if (member.principalId) expect(position.get(member.principalId)!).toBeLessThan(position.get(member.id)!);
    }
  });
});
