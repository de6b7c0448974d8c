import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Appointment } from './coaching/coaching.entity';
import type { WellnessContext } from './context';
import { DeviceConnection } from './connection/device-connection.entity';
import { Goal } from './goal/goal.entity';
import { ProgrammeEnrolment } from './goal/programme.entity';
import { MemberReference } from './member.reference';
import { HealthMetric } from './metric/health-metric.entity';
import { MetricTrend } from './metric/metric-trend.types';
import { MetricKind } from './metric/metric.rules';
import { RewardAward } from './reward/reward.entity';

/** Everything wellness knows about one member, in one place for the member app's wellness screen. */
@ObjectType({ description: "A member's wellness: device connections, latest readings, trends, goals, points and upcoming coach appointments." })
export class MemberWellness {
  @Field(() => ID)
  memberId: string;
}

/** `Member.wellness`: what wellness adds to the members subgraph's `Member`. */
@Resolver(() => MemberReference)
export class MemberWellnessResolver {
  @FieldResolver(() => MemberWellness, { nullable: true, description: "The member's wellness (null only while this service is unavailable)." })
  wellness(@Root() member: MemberReference): MemberWellness {
    return Object.assign(new MemberWellness(), { memberId: member.id });
  }
}

@Resolver(() => MemberWellness)
export class MemberWellnessFieldsResolver {
  @FieldResolver(() => [DeviceConnection])
  connections(@Root() wellness: MemberWellness, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.connectionsByMember.load(wellness.memberId);
  }

  @FieldResolver(() => [HealthMetric], { description: 'The latest reading of each metric.' })
  latestMetrics(@Root() wellness: MemberWellness, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.latestMetricsByMember.load(wellness.memberId);
  }

  @FieldResolver(() => [MetricTrend], { description: 'Trends over the last 30 days, of the metrics asked (all by default).' })
  async trends(
    @Root() wellness: MemberWellness,
    @Arg('metrics', () => [MetricKind], { nullable: true }) metrics: MetricKind[] | undefined,
    @Ctx() ctx: WellnessContext,
  ) {
    const wanted = metrics?.length ? metrics : Object.values(MetricKind);
    const trends = await Promise.all(wanted.map((metric) => ctx.loaders.trendByMember.load({ memberId: wellness.memberId, metric })));
    return trends.filter((t) => t !== null);
  }

  @FieldResolver(() => [Goal])
  goals(@Root() wellness: MemberWellness, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.goalsByMember.load(wellness.memberId);
  }

  @FieldResolver(() => [ProgrammeEnrolment])
  programmes(@Root() wellness: MemberWellness, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.enrolmentsByMember.load(wellness.memberId);
  }

  @FieldResolver(() => Int, { description: 'Reward points earned.' })
  points(@Root() wellness: MemberWellness, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.pointsByMember.load(wellness.memberId);
  }

  @FieldResolver(() => [RewardAward], { description: 'Rewards earned, latest first.' })
  rewardHistory(@Root() wellness: MemberWellness, @Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.rewardHistory.load(`${wellness.memberId}|${Math.min(Math.max(first, 1), 100)}`);
  }

  @FieldResolver(() => [Appointment], { description: 'Booked coach appointments that have not yet ended, soonest first.' })
  upcomingAppointments(@Root() wellness: MemberWellness, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.upcomingByMember.load(wellness.memberId);
  }
}
