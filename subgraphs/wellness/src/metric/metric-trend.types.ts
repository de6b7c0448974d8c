import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MetricKind } from './metric.rules';

export enum TrendDirectionKind {
  UP = 'UP',
  DOWN = 'DOWN',
  FLAT = 'FLAT',
}
registerEnumType(TrendDirectionKind, { name: 'TrendDirection', description: 'The latest 7-day average against the 7 days before it (within 5% is FLAT).' });

@ObjectType({ description: "A metric's value on one day (steps and sleep summed, heart rate averaged, weight the day's last)." })
export class DailyMetricValue {
  @Field()
  day: string;

  @Field(() => Float)
  value: number;
}

@ObjectType({ description: 'A metric over one ISO week (Monday to Sunday).' })
export class WeeklyMetricValue {
  @Field()
  weekStart: string;

  @Field(() => Float)
  total: number;

  @Field(() => Float, { description: 'Average of the days with data.' })
  average: number;

  @Field(() => Int)
  days: number;
}

@ObjectType({ description: 'A moving average ending on a day; null when no day in its window has data.' })
export class MovingAverageValue {
  @Field()
  day: string;

  @Field(() => Float, { nullable: true })
  value: number | null;
}

@ObjectType({ description: "A member's trend in one metric over the last 30 days." })
export class MetricTrend {
  @Field(() => ID)
  memberId: string;

  @Field(() => MetricKind)
  metric: MetricKind;

  @Field()
  asOf: string;

  @Field(() => TrendDirectionKind)
  direction: TrendDirectionKind;

  @Field(() => [DailyMetricValue])
  daily: DailyMetricValue[];

  @Field(() => [WeeklyMetricValue])
  weekly: WeeklyMetricValue[];

  @Field(() => [MovingAverageValue])
  movingAverage7: MovingAverageValue[];

  @Field(() => [MovingAverageValue])
  movingAverage30: MovingAverageValue[];
}
