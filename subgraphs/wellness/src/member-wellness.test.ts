import { addDays } from '../../../kit/dates';
import { currentScope, runInRequestScope } from '../../../kit/request-context';
import type { Actor } from '../../../kit/auth/identity';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { execute, executeOk, memberActor, staffActor, startTestSubgraph } from '../../../kit/testing';
import type { WellnessLoaders } from './loaders';
import type { WellnessServices } from './services';
import { MetricKind } from './metric/metric.rules';
import { wellnessSubgraph } from './subgraph';
import { appleStepsPayload, createTestCoach, newMemberId } from './testing';

let wellness: SubgraphRuntime<WellnessServices, WellnessLoaders>;
const PROGRAMME = `STRIDE-${Date.now().toString(36)}`.toUpperCase();
beforeAll(async () => {
  wellness = await startTestSubgraph(wellnessSubgraph);
  const start = new Date().toISOString().slice(0, 10);
  await wellness.services.goals.createProgramme({ code: PROGRAMME, name: 'Stride', description: 'Steps and sleep', startDate: addDays(start, -20), endDate: addDays(start, 20), requiredActivities: [{ metric: MetricKind.STEPS, dailyTarget: 6000, days: 10 }, { metric: MetricKind.SLEEP_MINUTES, dailyTarget: 420, days: 10 }] });
});
afterAll(() => wellness.stop());

const today = () => new Date().toISOString().slice(0, 10);
const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Member', id }));
const MEMBER_WELLNESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id wellness {
  memberId points
  connections { provider status }
  latestMetrics { metric value day }
  trends(metrics: [STEPS]) { metric direction daily { day value } weekly { weekStart total } movingAverage7 { day value } movingAverage30 { day value } }
  goals { metric dailyTarget days progress { daysMet daysElapsed achieved } }
  programmes { programme { code } progress { daysMet } }
  upcomingAppointments { startsAt coach { name } }
} } } }`;

/** A member with two weeks of Apple Health steps (5,000 a day, then 8,000), a goal and a booking. */
async function activeMember(): Promise<string> {
  const memberId = newMemberId();
  const member = memberActor(memberId);
  const { connectDevice } = await executeOk(wellness, `mutation($m: ID!) { connectDevice(memberId: $m, provider: APPLE_HEALTH) { connection { id } } }`, { m: memberId }, member);
  const days = Array.from({ length: 14 }, (_, i) => ({ day: addDays(today(), i - 13), steps: i < 7 ? 5000 : 8000 }));
  await executeOk(wellness, `mutation($id: ID!, $p: JSONObject!) { uploadAppleHealthData(connectionId: $id, payload: $p) { inserted } }`, { id: connectDevice.connection.id, p: appleStepsPayload(days) }, member);
  await executeOk(wellness, `mutation($i: SetWellnessGoalInput!) { setWellnessGoal(input: $i) { id } }`, { i: { memberId, metric: 'STEPS', dailyTarget: 8000, startDate: addDays(today(), -1), days: 30 } }, staffActor('officer', 'ENROLMENT_OFFICER'));
  await executeOk(wellness, `mutation($m: ID!, $c: String!) { enrolInWellnessProgramme(memberId: $m, programmeCode: $c) { id } }`, { m: memberId, c: PROGRAMME }, member);
  const coach = await createTestCoach(wellness, 1, 2);
  await executeOk(wellness, `mutation($s: ID!, $m: ID!) { bookCoachSlot(slotId: $s, memberId: $m) { id } }`, { s: coach.slots[0].id, m: memberId }, member);
  return memberId;
}

async function countStatements(query: string, variables: Record<string, unknown>, actor?: Actor): Promise<number> {
  return runInRequestScope(undefined, async () => {
    const result = await execute(wellness, query, variables, actor);
    expect(result.errors).toBeUndefined();
    return currentScope()!.sqlStatements;
  });
}

describe('Member.wellness', () => {
  it('adds connections, latest readings, trends, goal progress, points and upcoming appointments to a Member', async () => {
    const memberId = await activeMember();
    const { _entities } = await executeOk(wellness, MEMBER_WELLNESS, { r: reps([memberId]) }, memberActor(memberId));
    const { wellness: mine } = _entities[0];
    expect(mine.connections).toEqual([{ provider: 'APPLE_HEALTH', status: 'CONNECTED' }]);
    expect(mine.latestMetrics).toEqual([{ metric: 'STEPS', value: 8000, day: today() }]);
    const [steps] = mine.trends;
    expect(steps.direction).toBe('UP');
    expect(steps.daily).toHaveLength(14);
    expect(steps.movingAverage7[steps.movingAverage7.length - 1]).toEqual({ day: today(), value: 8000 });
    expect(steps.movingAverage30[steps.movingAverage30.length - 1]).toEqual({ day: today(), value: 6500 });
    expect(steps.weekly.reduce((sum: number, w: { total: number }) => sum + w.total, 0)).toBe(7 * 5000 + 7 * 8000);
    expect(mine.goals).toEqual([{ metric: 'STEPS', dailyTarget: 8000, days: 30, progress: { daysMet: 2, daysElapsed: 2, achieved: false } }]);
    expect(mine.upcomingAppointments).toHaveLength(1);
    expect(mine.programmes).toEqual([{ programme: { code: PROGRAMME }, progress: [{ daysMet: 7 }, { daysMet: 0 }] }]);
  });

  it('costs the same number of SQL statements for 6 members as for 2', async () => {
    const ids = [];
    for (let i = 0; i < 6; i += 1) ids.push(await activeMember());
    const staff = staffActor('officer', 'ENROLMENT_OFFICER');
    const few = await countStatements(MEMBER_WELLNESS, { r: reps(ids.slice(0, 2)) }, staff);
    const many = await countStatements(MEMBER_WELLNESS, { r: reps(ids) }, staff);
    expect(many).toBe(few);
  });

  it("shows a member their family's wellness and nobody else's", async () => {
    const memberId = await activeMember();
    const dependant = newMemberId();
    const parent = memberActor(dependant, [dependant, memberId]);
    const family = await executeOk(wellness, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { wellness { points latestMetrics { value } } } } }`, { r: reps([memberId]) }, parent);
    expect(family._entities[0].wellness.latestMetrics).toEqual([{ value: 8000 }]);
    const stranger = await execute(wellness, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { wellness { points } } } }`, { r: reps([memberId]) }, memberActor(newMemberId()));
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const readings = await execute(wellness, `query($m: ID!) { healthMetrics(memberId: $m) { value } }`, { m: memberId }, memberActor(newMemberId()));
    expect(readings.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('treats readings as health data: an analyst sees them only with a diagnoses grant, and writes nothing', async () => {
    const memberId = await activeMember();
    const analyst: Actor = staffActor('analyst', 'ANALYST');
    const Q = `query($m: ID!) { healthMetrics(memberId: $m, metric: STEPS, first: 1) { metric day value } }`;
    const refused = await execute(wellness, Q, { m: memberId }, analyst);
    expect(refused.errors?.[0].message).toMatch(/health data needs a grant/);
    const plain = await executeOk(wellness, `query($m: ID!) { healthMetrics(memberId: $m, metric: STEPS, first: 1) { metric day } }`, { m: memberId }, analyst);
    expect(plain.healthMetrics).toEqual([{ metric: 'STEPS', day: today() }]);
    const granted = await executeOk(wellness, Q, { m: memberId }, { ...analyst, grants: ['DIAGNOSES'] });
    expect(granted.healthMetrics).toEqual([{ metric: 'STEPS', day: today(), value: 8000 }]);
    const trend = await execute(wellness, `query($m: ID!) { healthMetricTrend(memberId: $m, metric: STEPS) { metric direction } }`, { m: memberId }, analyst);
    expect(trend.errors?.[0].message).toMatch(/health data needs a grant/);
    const write = await execute(wellness, `mutation($m: ID!) { enrolInWellnessProgramme(memberId: $m, programmeCode: "ANY") { id } }`, { m: memberId }, analyst);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses anonymous callers', async () => {
    const result = await execute(wellness, `{ coaches { id } }`, {}, { id: 'anonymous', roles: [] });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('goals and programmes', () => {
  it('refuses a goal on a metric where more is not better, naming the field', async () => {
    const memberId = newMemberId();
    const result = await execute(wellness, `mutation($i: SetWellnessGoalInput!) { setWellnessGoal(input: $i) { id } }`, { i: { memberId, metric: 'WEIGHT', dailyTarget: 70, days: 30 } }, memberActor(memberId));
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'metric', rule: 'GOAL_METRIC' });
    const other = await execute(wellness, `mutation($i: SetWellnessGoalInput!) { setWellnessGoal(input: $i) { id } }`, { i: { memberId: newMemberId(), metric: 'STEPS', dailyTarget: 8000, days: 30 } }, memberActor(memberId));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('enrols a member in a programme once and shows progress on its required activities', async () => {
    const memberId = await activeMember();
    const code = `WALK-${memberId.slice(0, 8)}`.toUpperCase();
    await executeOk(
      wellness,
      `mutation($i: CreateWellnessProgrammeInput!) { createWellnessProgramme(input: $i) { id } }`,
      { i: { code, name: 'Walk more', description: 'Eight thousand steps a day', startDate: addDays(today(), -13), endDate: addDays(today(), 30), requiredActivities: [{ metric: 'STEPS', dailyTarget: 8000, days: 20 }] } },
      staffActor('officer', 'ENROLMENT_OFFICER'),
    );
    const ENROL = `mutation($m: ID!, $c: String!) { enrolInWellnessProgramme(memberId: $m, programmeCode: $c) { programme { code } progress { metric daysMet daysRequired complete } } }`;
    const { enrolInWellnessProgramme } = await executeOk(wellness, ENROL, { m: memberId, c: code }, memberActor(memberId));
    expect(enrolInWellnessProgramme).toEqual({ programme: { code }, progress: [{ metric: 'STEPS', daysMet: 7, daysRequired: 20, complete: false }] });
    const again = await execute(wellness, ENROL, { m: memberId, c: code }, memberActor(memberId));
    expect(again.errors?.[0].extensions?.rule).toBe('ENROLLED_ONCE');
  });
});
