import DataLoader from 'dataloader';
import { loaderById, loaderFromMap, loaderGroupedBy } from '../../../kit/loaders';
import type { Goal } from './goal/goal.entity';
import type { GoalProgressFacts } from './goal/goal.rules';
import type { ActivityProgress, ProgrammeEnrolment } from './goal/programme.entity';
import type { MetricKind } from './metric/metric.rules';
import type { MetricTrendFacts } from './metric/metric.service';
import type { RewardAward } from './reward/reward.entity';
import type { WellnessServices } from './services';

/** Per-request DataLoaders of the wellness subgraph. */
export function createWellnessLoaders(services: WellnessServices) {
  return {
    coachById: loaderById((ids) => services.coaching.coachesByIds(ids)),
    slotById: loaderById((ids) => services.coaching.slotsByIds(ids)),
    appointmentById: loaderById((ids) => services.coaching.appointmentsByIds(ids)),
    programmeById: loaderById((ids) => services.goals.programmesByIds(ids)),
    ruleById: loaderById((ids) => services.rewards.rulesByIds(ids)),
    connectionsByMember: loaderGroupedBy((ids) => services.connections.ofMembers(ids), (c) => c.memberId),
    latestMetricsByMember: loaderGroupedBy((ids) => services.metrics.latestOf(ids), (m) => m.memberId),
    goalsByMember: loaderGroupedBy((ids) => services.goals.ofMembers(ids), (g) => g.memberId),
    enrolmentsByMember: loaderGroupedBy((ids) => services.goals.enrolmentsOf(ids), (e) => e.memberId),
    upcomingByMember: loaderGroupedBy((ids) => services.coaching.upcomingOf(ids), (a) => a.memberId),
    /** Keys are `<memberId>|<limit>`: members asked with the same limit share one query. */
    rewardHistory: new DataLoader<string, RewardAward[]>(async (keys) => {
      const byLimit = new Map<number, string[]>();
      for (const key of keys) {
        const [memberId, limit] = key.split('|');
        byLimit.set(Number(limit), [...(byLimit.get(Number(limit)) ?? []), memberId]);
      }
      const found = new Map<string, RewardAward[]>();
      for (const [limit, memberIds] of byLimit) {
        const awards = await services.rewards.historyOf(memberIds, limit);
        for (const memberId of memberIds) found.set(`${memberId}|${limit}`, awards.filter((a) => a.memberId === memberId));
      }
      return keys.map((key) => found.get(key) ?? []);
    }),
    pointsByMember: loaderFromMap<string, number>((ids) => services.rewards.balances(ids), 0),
    activityProgress: loaderFromMap<ProgrammeEnrolment, ActivityProgress[]>(
      async (enrolments) => {
        const found = await services.goals.activityProgressOf(enrolments);
        return new Map(enrolments.map((e) => [e, found.get(e.id) ?? []]));
      },
      [],
      (enrolment) => enrolment.id,
    ),
    goalProgress: loaderFromMap<Goal, GoalProgressFacts | null>(
      async (goals) => new Map([...(await services.goals.progressOf(goals)).entries()].map(([id, facts]) => [goals.find((g) => g.id === id)!, facts])),
      null,
      (goal) => goal.id,
    ),
    trendByMember: loaderFromMap<{ memberId: string; metric: MetricKind }, MetricTrendFacts | null>(
      async (keys) => {
        const found = new Map<{ memberId: string; metric: MetricKind }, MetricTrendFacts | null>();
        for (const metric of new Set(keys.map((k) => k.metric))) {
          const ofMetric = keys.filter((k) => k.metric === metric);
          const trends = await services.metrics.trends([...new Set(ofMetric.map((k) => k.memberId))], metric);
          for (const key of ofMetric) found.set(key, trends.get(key.memberId) ?? null);
        }
        return found;
      },
      null,
      (key) => `${key.memberId}|${key.metric}`,
    ),
  };
}

export type WellnessLoaders = ReturnType<typeof createWellnessLoaders>;
