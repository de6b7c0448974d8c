import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { AnalyticsContext } from '../context';
import { AnalyticsSummary, MetricDefinition, TimeSeries } from './metric.types';

@ObjectType({ description: 'What a rebuild from the event log did.' })
export class AnalyticsRebuild {
  @Field(() => Int)
  eventsReplayed: number;

  @Field(() => Int)
  daysRecomputed: number;
}

@Resolver()
export class MetricResolver {
  @Query(() => [MetricDefinition], { description: 'Every metric analytics keeps as a daily series.' })
  metricDefinitions(@Ctx() ctx: AnalyticsContext): MetricDefinition[] {
    return ctx.services.metrics.definitions();
  }

  @Query(() => TimeSeries, { description: "A metric's daily points from one day to another (inclusive)." })
  timeSeries(
    @Arg('metric') metric: string,
    @Arg('from', () => LocalDateResolver) from: string,
    @Arg('to', () => LocalDateResolver) to: string,
    @Arg('dimension', () => String, { nullable: true }) dimension: string | null,
    @Arg('currency', () => String, { nullable: true }) currency: string | null,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<TimeSeries> {
    return ctx.services.metrics.series(metric, from, to, { dimension, currency });
  }

  @Query(() => AnalyticsSummary, { description: 'Auto-adjudication rate, turnaround and loss ratio (paid basis) over a span, in one currency.' })
  analyticsSummary(
    @Arg('from', () => LocalDateResolver) from: string,
    @Arg('to', () => LocalDateResolver) to: string,
    @Arg('currency', { defaultValue: 'KES' }) currency: string,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<AnalyticsSummary> {
    return ctx.services.metrics.summary(from, to, currency);
  }

  @Mutation(() => AnalyticsRebuild, { description: "Recomputes every number from analytics' log of the events it consumed, in one transaction." })
  rebuildAnalytics(@Ctx() ctx: AnalyticsContext): Promise<AnalyticsRebuild> {
    return ctx.services.ingest.rebuild();
  }
}
