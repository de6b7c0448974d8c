import { buildDemoPlan } from '../../../demo/plan';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk, memberActor } from '../../../kit/testing';
import { seedWellnessDemo } from './demo';
import type { WellnessLoaders } from './loaders';
import type { WellnessServices } from './services';
import { wellnessSubgraph } from './subgraph';

const plan = buildDemoPlan();
let runtime: SubgraphRuntime<WellnessServices, WellnessLoaders>;
beforeAll(async () => {
  // The demo seeds fixed ids, so it gets a database of its own rather than the shared test database.
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_wellness_demo');
  await recreateDatabase(url);
  runtime = await createSubgraphRuntime(wellnessSubgraph, { databaseUrl: url, logger: createLogger({ service: 'wellness', test: true }), poolSize: 3 });
  await seedOnce(runtime.dataSource, 'wellness-demo', (manager) => seedWellnessDemo(manager, plan));
});
afterAll(() => runtime.stop());

describe('wellness demo seed', () => {
  it('gives a subset of members connections, four weeks of readings, and the points those earned', async () => {
    const [{ wearers, readings }] = await runtime.dataSource.query(`SELECT count(DISTINCT member_id)::int AS wearers, count(*)::int AS readings FROM health_metrics`);
    expect(wearers).toBeGreaterThan(3);
    expect(readings).toBeGreaterThan(wearers * 28 * 3);
    const [wearer] = await runtime.dataSource.query(`SELECT member_id FROM reward_awards GROUP BY member_id ORDER BY sum(points) DESC LIMIT 1`);
    const { _entities } = await executeOk(
      runtime,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { wellness { points connections { status } goals { id } rewardHistory(first: 100) { points } } } } }`,
      { r: [{ __typename: 'Member', id: wearer.member_id }] },
      memberActor(wearer.member_id),
    );
    const { wellness } = _entities[0];
    expect(wellness.connections).toEqual([{ status: 'CONNECTED' }]);
    expect(wellness.points).toBeGreaterThan(0);
    expect(wellness.points).toBe(wellness.rewardHistory.reduce((s: number, a: { points: number }) => s + a.points, 0));
  });

  it('awards exactly what re-evaluating the readings would', async () => {
    const before = await runtime.dataSource.query(`SELECT count(*)::int AS n FROM reward_awards`);
    await runtime.services.rewards.evaluateRecent(plan.asOf, 28);
    expect(await runtime.dataSource.query(`SELECT count(*)::int AS n FROM reward_awards`)).toEqual(before);
  });

  it('has coaches with slots, some booked, none twice', async () => {
    const [{ coaches, slots, booked }] = await runtime.dataSource.query(
      `SELECT (SELECT count(*)::int FROM coaches) AS coaches, (SELECT count(*)::int FROM coach_slots) AS slots, (SELECT count(*)::int FROM appointments WHERE status = 'BOOKED') AS booked`,
    );
    expect(coaches).toBe(3);
    expect(slots).toBe(84);
    expect(booked).toBeGreaterThan(0);
  });
});
