import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { WellnessContext } from '../context';
import { HealthMetric } from './health-metric.entity';
import { MetricTrend } from './metric-trend.types';
import { MetricKind } from './metric.rules';

@Resolver(() => HealthMetric)
export class MetricResolver {
  @Query(() => [HealthMetric], { description: "A member's readings, newest first, optionally of one metric and between two days." })
  healthMetrics(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('metric', () => MetricKind, { nullable: true }) metric: MetricKind | undefined,
    @Arg('from', () => String, { nullable: true }) from: string | undefined,
    @Arg('to', () => String, { nullable: true }) to: string | undefined,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Ctx() ctx: WellnessContext,
  ) {
    return ctx.services.metrics.list(memberId, metric ?? null, from ?? null, to ?? null, Math.min(Math.max(first, 1), 500));
  }

  @Query(() => MetricTrend, { nullable: true, description: "A member's trend in one metric over the last 30 days." })
  healthMetricTrend(@Arg('memberId', () => ID) memberId: string, @Arg('metric', () => MetricKind) metric: MetricKind, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.trendByMember.load({ memberId, metric });
  }
}
