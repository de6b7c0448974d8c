import { buildDemoPlan } from '../../../demo/plan';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk, memberActor, staffActor } from '../../../kit/testing';
import { DEMO_TEMPLATES, seedEngagementDemo } from './demo';
import type { EngagementLoaders } from './loaders';
import { TEMPLATE_VARIABLES, type NotificationEvent } from './notification/notification.types';
import { placeholdersOf } from './notification/notification.rules';
import type { EngagementServices } from './services';
import { createEngagementSubgraph } from './subgraph';
import { testEngagementConfig } from './testing';

const plan = buildDemoPlan();
let runtime: SubgraphRuntime<EngagementServices, EngagementLoaders>;
beforeAll(async () => {
  // The demo seeds fixed ids, so it gets a database of its own rather than the shared test database.
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_engagement_demo');
  await recreateDatabase(url);
  runtime = await createSubgraphRuntime(createEngagementSubgraph({ config: testEngagementConfig() }), { databaseUrl: url, logger: createLogger({ service: 'engagement', test: true }), poolSize: 3 });
  await seedOnce(runtime.dataSource, 'engagement-demo', (manager) => seedEngagementDemo(manager, plan));
});
afterAll(() => runtime.stop());

describe('engagement demo seed', () => {
  it('has a template for every event on every channel, using only the event\'s variables', async () => {
    const { notificationTemplates } = await executeOk(runtime, `query { notificationTemplates { event channel } }`, {}, staffActor('admin'));
    expect(notificationTemplates).toHaveLength(6 * 3);
    for (const [event, channels] of Object.entries(DEMO_TEMPLATES)) {
      for (const template of Object.values(channels)) {
        const unknown = placeholdersOf(`${template.subject} ${template.body}`).filter((v) => !TEMPLATE_VARIABLES[event as NotificationEvent].includes(v));
        expect(unknown).toEqual([]);
      }
    }
  });

  it('has tickets with conversations, internal notes hidden from the member', async () => {
    const { supportTickets } = await executeOk(runtime, `query { supportTickets(first: 100) { id memberId status comments { internal } } }`, {}, staffActor('officer', 'ENROLMENT_OFFICER'));
    expect(supportTickets.length).toBeGreaterThanOrEqual(4);
    expect(new Set(supportTickets.map((t: { status: string }) => t.status)).size).toBeGreaterThanOrEqual(4);
    const withNote = supportTickets.find((t: { comments: { internal: boolean }[] }) => t.comments.some((c) => c.internal));
    const asMember = await executeOk(runtime, `query($id: ID!) { supportTicket(id: $id) { comments { internal } } }`, { id: withNote.id }, memberActor(withNote.memberId));
    expect(asMember.supportTicket.comments.every((c: { internal: boolean }) => !c.internal)).toBe(true);
  });

  it("seeds only once per database, with every demo member's contact", async () => {
    expect(await seedOnce(runtime.dataSource, 'engagement-demo', (manager) => seedEngagementDemo(manager, plan))).toBe(false);
    const [{ n }] = await runtime.dataSource.query(`SELECT count(*)::int AS n FROM member_contacts`);
    expect(n).toBe(plan.members.length);
  });
});
