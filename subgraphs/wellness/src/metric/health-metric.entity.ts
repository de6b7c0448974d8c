import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MetricKind, MetricSource } from './metric.rules';

/** Numeric columns arrive from pg as strings. Readings are not money: two decimals as a number is exact enough. */
export const decimalColumn = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/** One reading of one metric from one source at one time (unique on those four). */
@ObjectType({ description: 'One health reading. Its value is health data: analysts see it only with a diagnoses grant.' })
@Entity('health_metrics')
export class HealthMetric {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => MetricKind)
  @Column({ type: 'text' })
  metric: MetricKind;

  @Field(() => MetricSource)
  @Column({ type: 'text' })
  source: MetricSource;

  @Field()
  @Column({ type: 'timestamptz' })
  measuredAt: Date;

  @Field({ description: 'The UTC day the reading belongs to (YYYY-MM-DD).' })
  @Column({ type: 'date' })
  day: string;

  @Field(() => Float)
  @Column({ type: 'numeric', transformer: decimalColumn })
  value: number;

  @Field({ description: 'count, bpm, min or kg.' })
  @Column({ type: 'text' })
  unit: string;
}
