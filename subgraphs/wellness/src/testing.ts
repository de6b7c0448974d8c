import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../kit/clock';
import { addDays } from '../../../kit/dates';
import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, staffActor, uniqueSuffix } from '../../../kit/testing';
import type { FakeDeviceApis } from './fakes/device-apis.fake';

/** Fixture factories for the wellness domain: each call makes fresh, unique data. */

/** A member id of a member the test invents (wellness keeps no copy of members). */
export function newMemberId(): string {
  return randomUUID();
}

/** A clock pinned to an instant (its day is the instant's UTC day). */
export function clockAt(instant: Date): Clock {
  return { now: () => instant, today: () => instant.toISOString().slice(0, 10) };
}

/** The environment that points the wellness subgraph at the fake Fitbit and Google servers. */
export function fakeSourceEnv(fake: FakeDeviceApis): Record<string, string> {
  return {
    WELLNESS_FITBIT_CLIENT_ID: fake.fitbit.clientId,
    WELLNESS_FITBIT_CLIENT_SECRET: fake.fitbit.clientSecret,
    WELLNESS_FITBIT_AUTHORIZE_URL: fake.fitbit.authorizeUrl,
    WELLNESS_FITBIT_TOKEN_URL: fake.fitbit.tokenBaseUrl,
    WELLNESS_FITBIT_API_URL: fake.fitbit.apiBaseUrl,
    WELLNESS_GOOGLE_FIT_CLIENT_ID: fake.googleFit.clientId,
    WELLNESS_GOOGLE_FIT_CLIENT_SECRET: fake.googleFit.clientSecret,
    WELLNESS_GOOGLE_FIT_AUTHORIZE_URL: fake.googleFit.authorizeUrl,
    WELLNESS_GOOGLE_FIT_TOKEN_URL: fake.googleFit.tokenBaseUrl,
    WELLNESS_GOOGLE_FIT_API_URL: fake.googleFit.apiBaseUrl,
  };
}

export interface TestCoach {
  id: string;
  slots: { id: string; startsAt: string; endsAt: string }[];
}

/**
 * A coach with `count` back-to-back 30-minute slots on a day `daysAhead` days from today (UTC),
 * starting at 08:00.
 */
export async function createTestCoach(runtime: AnyRuntime, count = 3, daysAhead = 3): Promise<TestCoach & { day: string }> {
  const { createCoach } = await executeOk<{ createCoach: { id: string } }>(runtime, `mutation($n: String!) { createCoach(name: $n, speciality: "Nutrition") { id } }`, { n: `Coach ${uniqueSuffix()}` });
  const day = addDays(new Date().toISOString().slice(0, 10), daysAhead);
  const slots = Array.from({ length: count }, (_, i) => {
    const start = new Date(Date.parse(`${day}T08:00:00Z`) + i * 30 * 60_000);
    return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString() };
  });
  const { addCoachSlots } = await executeOk<{ addCoachSlots: TestCoach['slots'] }>(
    runtime,
    `mutation($c: ID!, $s: [CoachSlotInput!]!) { addCoachSlots(coachId: $c, slots: $s) { id startsAt endsAt } }`,
    { c: createCoach.id, s: slots },
    staffActor('wellness-officer', 'ENROLMENT_OFFICER'),
  );
  return { id: createCoach.id, slots: addCoachSlots, day };
}

/** A reward rule with a unique code (inactive rules are left to the test). */
export async function createTestRewardRule(
  runtime: AnyRuntime,
  rule: { period: 'DAY' | 'WEEK'; metric: string; threshold: number; daysRequired?: number; points: number },
): Promise<{ id: string; code: string }> {
  const code = `RULE-${uniqueSuffix()}`.toUpperCase();
  const { createRewardRule } = await executeOk<{ createRewardRule: { id: string; code: string } }>(
    runtime,
    `mutation($i: CreateRewardRuleInput!) { createRewardRule(input: $i) { id code } }`,
    { i: { code, description: `Test rule: ${rule.metric} at least ${rule.threshold}`, ...rule } },
  );
  return createRewardRule;
}

/** Apple Health step samples as the member app sends them: one per day, at midnight UTC. */
export function appleStepsPayload(days: { day: string; steps: number }[]): { samples: Record<string, unknown>[] } {
  return { samples: days.map(({ day, steps }) => ({ type: 'HKQuantityTypeIdentifierStepCount', value: steps, unit: 'count', startDate: `${day}T00:00:00Z` })) };
}
