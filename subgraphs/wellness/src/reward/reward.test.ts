import { addDays } from '../../../../kit/dates';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, outboxEventsOf, startTestSubgraph } from '../../../../kit/testing';
import type { WellnessLoaders } from '../loaders';
import { weekStart } from '../metric/trend.rules';
import type { WellnessServices } from '../services';
import { wellnessSubgraph } from '../subgraph';
import { appleStepsPayload, createTestRewardRule, newMemberId } from '../testing';
import { REWARD_EARNED } from './reward.service';

let wellness: SubgraphRuntime<WellnessServices, WellnessLoaders>;
beforeAll(async () => {
  wellness = await startTestSubgraph(wellnessSubgraph);
});
afterAll(() => wellness.stop());

const today = () => new Date().toISOString().slice(0, 10);
const UPLOAD = `mutation($id: ID!, $p: JSONObject!) { uploadAppleHealthData(connectionId: $id, payload: $p) { inserted } }`;
const WELLNESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id wellness { points rewardHistory { points periodStart rule { code description } } } } } }`;

/** A member with Apple Health connected, ready to upload. */
async function appleMember(): Promise<{ memberId: string; connectionId: string }> {
  const memberId = newMemberId();
  const { connectDevice } = await executeOk(wellness, `mutation($m: ID!) { connectDevice(memberId: $m, provider: APPLE_HEALTH) { connection { id } } }`, { m: memberId }, memberActor(memberId));
  return { memberId, connectionId: connectDevice.connection.id };
}

async function awardsOf(memberId: string, ruleId: string): Promise<{ period_start: string; points: number }[]> {
  return wellness.dataSource.query(`SELECT period_start::text, points FROM reward_awards WHERE member_id = $1 AND rule_id = $2 ORDER BY period_start`, [memberId, ruleId]);
}

describe('rewards', () => {
  it('earns a rule once per period, however often the readings arrive, and shows the balance and history', async () => {
    const rule = await createTestRewardRule(wellness, { period: 'DAY', metric: 'STEPS', threshold: 10_000, points: 50 });
    const { memberId, connectionId } = await appleMember();
    const member = memberActor(memberId);
    const yesterday = addDays(today(), -1);
    const payload = appleStepsPayload([{ day: yesterday, steps: 12_000 }, { day: today(), steps: 9_000 }]);
    await executeOk(wellness, UPLOAD, { id: connectionId, p: payload }, member);
    expect(await awardsOf(memberId, rule.id)).toEqual([{ period_start: yesterday, points: 50 }]);

    // The same upload again, twice at once, and the periodic job: nothing more.
    await Promise.all([executeOk(wellness, UPLOAD, { id: connectionId, p: payload }, member), executeOk(wellness, UPLOAD, { id: connectionId, p: payload }, member)]);
    await wellness.services.rewards.evaluateRecent(today(), 8);
    expect(await awardsOf(memberId, rule.id)).toHaveLength(1);

    // Today's steps grow past the threshold: today earns too.
    await executeOk(wellness, UPLOAD, { id: connectionId, p: appleStepsPayload([{ day: today(), steps: 10_500 }]) }, member);
    expect(await awardsOf(memberId, rule.id)).toEqual([{ period_start: yesterday, points: 50 }, { period_start: today(), points: 50 }]);
    expect(await outboxEventsOf(wellness, memberId, REWARD_EARNED)).toHaveLength(2);

    const { _entities } = await executeOk(wellness, WELLNESS, { r: [{ __typename: 'Member', id: memberId }] }, member);
    const mine = _entities[0].wellness;
    expect(mine.rewardHistory.filter((a: { rule: { code: string } }) => a.rule.code === rule.code)).toHaveLength(2);
    expect(mine.points).toBe(mine.rewardHistory.reduce((sum: number, a: { points: number }) => sum + a.points, 0));
    expect(mine.points).toBeGreaterThanOrEqual(100);
  });

  it('earns a weekly rule by the Monday of the week with enough counting days', async () => {
    const rule = await createTestRewardRule(wellness, { period: 'WEEK', metric: 'STEPS', threshold: 123_456, daysRequired: 2, points: 200 });
    const { memberId, connectionId } = await appleMember();
    const monday = addDays(weekStart(today()), -7);
    await executeOk(wellness, UPLOAD, { id: connectionId, p: appleStepsPayload([{ day: monday, steps: 130_000 }]) }, memberActor(memberId));
    expect(await awardsOf(memberId, rule.id)).toEqual([]);
    await executeOk(wellness, UPLOAD, { id: connectionId, p: appleStepsPayload([{ day: addDays(monday, 3), steps: 140_000 }]) }, memberActor(memberId));
    expect(await awardsOf(memberId, rule.id)).toEqual([{ period_start: monday, points: 200 }]);
  });

  it('a rule added later pays for readings already there when the job runs, and a stopped rule pays nothing', async () => {
    const { memberId, connectionId } = await appleMember();
    await executeOk(wellness, UPLOAD, { id: connectionId, p: appleStepsPayload([{ day: today(), steps: 100_001 }]) }, memberActor(memberId));
    const rule = await createTestRewardRule(wellness, { period: 'DAY', metric: 'STEPS', threshold: 100_000, points: 5 });
    await executeOk(wellness, `mutation($c: String!) { setRewardRuleActive(code: $c, active: false) { active } }`, { c: rule.code });
    await wellness.services.rewards.evaluateRecent(today(), 8);
    expect(await awardsOf(memberId, rule.id)).toEqual([]);
    await executeOk(wellness, `mutation($c: String!) { setRewardRuleActive(code: $c, active: true) { active } }`, { c: rule.code });
    await wellness.services.rewards.evaluateRecent(today(), 8);
    expect(await awardsOf(memberId, rule.id)).toEqual([{ period_start: today(), points: 5 }]);
  });

  it('lets members read the rules but only staff write them, with input errors naming the field', async () => {
    const memberId = newMemberId();
    const { rewardRules } = await executeOk(wellness, `{ rewardRules { code description points } }`, {}, memberActor(memberId));
    expect(Array.isArray(rewardRules)).toBe(true);
    const input = { code: 'MEMBER-RULE', description: 'Walk a lot to earn points', period: 'DAY', metric: 'STEPS', threshold: 1, points: 1 };
    const byMember = await execute(wellness, `mutation($i: CreateRewardRuleInput!) { createRewardRule(input: $i) { id } }`, { i: input }, memberActor(memberId));
    expect(byMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await execute(wellness, `mutation($i: CreateRewardRuleInput!) { createRewardRule(input: $i) { id } }`, { i: { ...input, points: 0 } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'points', rule: 'POSITIVE_INTEGER' });
  });
});
