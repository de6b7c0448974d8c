import type { EntityManager } from 'typeorm';
import type { DemoMember, DemoPlan } from '../../../demo/plan';
import { addDays } from '../../../kit/dates';
import type { SeededRandom } from '../../../kit/seeded-random';
import { MetricKind } from './metric/metric.rules';
import { earnedPeriods } from './reward/reward.rules';

/** Members of the demo world who wear a device: one active adult member in this many. */
const ONE_IN = 4;
/** Weeks of readings each wearer has, ending on the plan's day. */
const HISTORY_DAYS = 28;

/** The reward rules members see in the demo, as they read them. */
export const DEMO_REWARD_RULES = [
  { code: 'STEPS-10K-DAY', description: 'Walk 10,000 steps in a day to earn 20 points (once a day).', period: 'DAY', metric: MetricKind.STEPS, threshold: 10_000, daysRequired: 1, points: 20 },
  { code: 'ACTIVE-WEEK', description: 'Walk 8,000 steps on 5 days of a week (Monday to Sunday) to earn 100 points.', period: 'WEEK', metric: MetricKind.STEPS, threshold: 8_000, daysRequired: 5, points: 100 },
  { code: 'RESTED-WEEK', description: 'Sleep 7 hours on 4 nights of a week to earn 50 points.', period: 'WEEK', metric: MetricKind.SLEEP_MINUTES, threshold: 420, daysRequired: 4, points: 50 },
] as const;

const DEMO_COACHES = [
  { name: 'Wanjiru Kamau', speciality: 'Nutrition' },
  { name: 'Otieno Odhiambo', speciality: 'Fitness' },
  { name: 'Amina Hassan', speciality: 'Sleep and stress' },
];

const PROVIDERS = ['APPLE_HEALTH', 'FITBIT', 'GOOGLE_FIT'] as const;

/** One wearer's daily readings: steps trending with their habit, resting heart rate, sleep and a weekly weigh-in. */
function readingsFor(random: SeededRandom, asOf: string): { metric: MetricKind; day: string; value: number; unit: string }[] {
  const habit = random.int(4_000, 11_000);
  const drift = random.int(-60, 120);
  const restingHeartRate = random.int(56, 74);
  const weight = random.int(58, 96);
  const rows: { metric: MetricKind; day: string; value: number; unit: string }[] = [];
  for (let i = HISTORY_DAYS - 1; i >= 0; i -= 1) {
    const day = addDays(asOf, -i);
    const n = HISTORY_DAYS - 1 - i;
    rows.push({ metric: MetricKind.STEPS, day, value: Math.max(500, habit + drift * n + random.int(-2_500, 2_500)), unit: 'count' });
    rows.push({ metric: MetricKind.HEART_RATE, day, value: restingHeartRate + random.int(-3, 3), unit: 'bpm' });
    rows.push({ metric: MetricKind.SLEEP_MINUTES, day, value: random.int(330, 510), unit: 'min' });
    if (n % 7 === 0) rows.push({ metric: MetricKind.WEIGHT, day, value: weight + random.int(-10, 10) / 10, unit: 'kg' });
  }
  return rows;
}

/**
 * Seeds the wellness domain for the demo world: reward rules, a walking programme, three coaches
 * with a week of slots, and for one active adult member in four a device connection, four weeks
 * of readings, a steps goal, the rewards those readings earned, and some coach bookings.
 * Fitbit and Google Fit connections are seeded without tokens: with the providers configured,
 * the sync job finds them needing authorisation again, as a real lapsed link would.
 */
export async function seedWellnessDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const random = plan.random('wellness');
  const ruleIds = new Map<string, string>();
  for (const rule of DEMO_REWARD_RULES) {
    const id = random.uuid();
    ruleIds.set(rule.code, id);
    await manager.query(
      `INSERT INTO reward_rules (id, code, description, period, metric, threshold, days_required, points, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, rule.code, rule.description, rule.period, rule.metric, rule.threshold, rule.daysRequired, rule.points, `${addDays(plan.asOf, -60)}T09:00:00Z`],
    );
  }
  const programmeId = random.uuid();
  await manager.query(
    `INSERT INTO programmes (id, code, name, description, start_date, end_date, required_activities) VALUES ($1, 'WALK-30', 'Walk 30', $2, $3, $4, $5)`,
    [programmeId, '8,000 steps a day on 20 of 30 days, and 7 hours of sleep on 15 nights.', addDays(plan.asOf, -14), addDays(plan.asOf, 15), JSON.stringify([{ metric: 'STEPS', dailyTarget: 8000, days: 20 }, { metric: 'SLEEP_MINUTES', dailyTarget: 420, days: 15 }])],
  );

  const slots: { id: string; coachId: string; startsAt: string; endsAt: string }[] = [];
  for (const coach of DEMO_COACHES) {
    const coachId = random.uuid();
    await manager.query(`INSERT INTO coaches (id, name, speciality) VALUES ($1, $2, $3)`, [coachId, coach.name, coach.speciality]);
    for (let day = 1; day <= 7; day += 1) {
      for (const hour of [6, 7, 8, 9]) {
        // 09:00-12:00 in Nairobi (UTC+3), hourly.
        const date = addDays(plan.asOf, day);
        const slot = { id: random.uuid(), coachId, startsAt: `${date}T${String(hour).padStart(2, '0')}:00:00Z`, endsAt: `${date}T${String(hour).padStart(2, '0')}:45:00Z` };
        slots.push(slot);
        await manager.query(`INSERT INTO coach_slots (id, coach_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)`, [slot.id, coachId, slot.startsAt, slot.endsAt]);
      }
    }
  }

  const wearers = plan.members.filter((m: DemoMember) => m.status === 'ACTIVE' && m.relationship !== 'CHILD').filter((_, i) => i % ONE_IN === 0);
  let nextSlot = 0;
  for (const member of wearers) {
    const provider = random.pick(PROVIDERS);
    await manager.query(
      `INSERT INTO device_connections (id, member_id, provider, status, sync_cursor, last_synced_at, connected_at, created_at) VALUES ($1, $2, $3, 'CONNECTED', $4, $5, $6, $6)`,
      [random.uuid(), member.id, provider, plan.asOf, `${plan.asOf}T05:00:00Z`, `${addDays(plan.asOf, -HISTORY_DAYS)}T08:00:00Z`],
    );
    const readings = readingsFor(random, plan.asOf);
    await manager.query(
      `INSERT INTO health_metrics (member_id, metric, source, measured_at, day, value, unit)
       SELECT $1, x.metric, $2, (x.day::text || 'T00:00:00Z')::timestamptz, x.day, x.value, x.unit
       FROM unnest($3::text[], $4::date[], $5::numeric[], $6::text[]) AS x(metric, day, value, unit)`,
      [member.id, provider, readings.map((r) => r.metric), readings.map((r) => r.day), readings.map((r) => r.value), readings.map((r) => r.unit)],
    );
    if (random.chance(0.6)) {
      await manager.query(`INSERT INTO goals (id, member_id, metric, daily_target, start_date, days, created_at) VALUES ($1, $2, 'STEPS', 8000, $3, 30, $4)`, [
        random.uuid(),
        member.id,
        addDays(plan.asOf, -10),
        `${addDays(plan.asOf, -10)}T06:00:00Z`,
      ]);
    }
    if (random.chance(0.4)) await manager.query(`INSERT INTO programme_enrolments (id, programme_id, member_id, enrolled_at) VALUES ($1, $2, $3, $4)`, [random.uuid(), programmeId, member.id, `${addDays(plan.asOf, -14)}T07:00:00Z`]);
    // The rewards these readings earned, as the evaluation would have awarded them (the seed holds one source per member).
    for (const rule of DEMO_REWARD_RULES) {
      const points = readings.filter((r) => r.metric === rule.metric).map((r) => ({ day: r.day, value: r.value }));
      for (const periodStart of earnedPeriods(rule, points)) {
        await manager.query(`INSERT INTO reward_awards (id, rule_id, member_id, period_start, points, earned_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          random.uuid(),
          ruleIds.get(rule.code),
          member.id,
          periodStart,
          rule.points,
          `${addDays(periodStart, rule.period === 'DAY' ? 0 : 6)}T20:00:00Z`,
        ]);
      }
    }
    if (random.chance(0.3) && nextSlot < slots.length) {
      const slot = slots[nextSlot];
      nextSlot += 1 + random.int(0, 2);
      await manager.query(
        `INSERT INTO appointments (id, slot_id, coach_id, member_id, starts_at, ends_at, booked_by, booked_at) VALUES ($1, $2, $3, $4, $5, $6, 'system:demo-seed', $7)`,
        [random.uuid(), slot.id, slot.coachId, member.id, slot.startsAt, slot.endsAt, `${plan.asOf}T10:00:00Z`],
      );
    }
  }
}
