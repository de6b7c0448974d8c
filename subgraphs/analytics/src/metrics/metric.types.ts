import { Field, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';
import { MetricDimension, MetricUnit } from './metric.definitions';

@ObjectType({ description: 'A metric analytics keeps as a daily series.' })
export class MetricDefinition {
  @Field({ description: 'Stable code, e.g. "claims.by-status".' })
  code: string;

  @Field()
  name: string;

  @Field(() => MetricUnit)
  unit: MetricUnit;

  @Field(() => MetricDimension)
  dimension: MetricDimension;

  @Field()
  description: string;
}

@ObjectType({ description: 'One value of a metric on one business day.' })
export class DataPoint {
  @Field(() => LocalDateResolver)
  day: string;

  @Field({ description: 'The dimension value (a status, benefit category or provider id); empty when the metric has none.' })
  dimension: string;

  @Field({ description: 'ISO 4217 currency of a money metric; empty otherwise.' })
  currency: string;

  @Field({ description: "The exact integer value in the metric's unit (a string: money can exceed 32 bits)." })
  value: string;
}

@ObjectType({ description: "A metric's points between two days, oldest first." })
export class TimeSeries {
  @Field(() => MetricDefinition)
  metric: MetricDefinition;

  @Field(() => LocalDateResolver)
  from: string;

  @Field(() => LocalDateResolver)
  to: string;

  @Field(() => [DataPoint])
  points: DataPoint[];
}

@ObjectType({ description: 'Claims and premium figures over a span of days, in one currency.' })
export class AnalyticsSummary {
  @Field(() => LocalDateResolver)
  from: string;

  @Field(() => LocalDateResolver)
  to: string;

  @Field(() => Int, { description: 'Claims decided (not pended) in the span.' })
  claimsDecided: number;

  @Field(() => Int, { description: 'Of those, decided by the engine without review.' })
  claimsDecidedAutomatically: number;

  @Field(() => Int, { nullable: true, description: 'Decided automatically / decided, in basis points; null when none were decided.' })
  autoAdjudicationRateBps: number | null;

  @Field(() => Int, { nullable: true, description: 'Average submission-to-decision time in seconds; null when none is known.' })
  averageTurnaroundSeconds: number | null;

  @Field(() => Money, { description: 'Claims payable, net of reversals, by decision day.' })
  claimsPayable: Money;

  @Field(() => Money, { description: "Premiums paid, by payment day (each paid invoice at its policy's premium for one period)." })
  premiumsPaid: Money;

  @Field(() => Int, { nullable: true, description: 'Claims payable / premiums paid in basis points; null without premiums.' })
  lossRatioBps: number | null;

  @Field({ description: 'How the loss ratio is computed.' })
  lossRatioBasis: string;
}
