import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalColumn } from '../metric/health-metric.entity';
import { MetricKind } from '../metric/metric.rules';

export enum RewardPeriod {
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(RewardPeriod, { name: 'RewardPeriod', description: 'How often a rule can be earned: once a day, or once a week (Monday to Sunday).' });

/** A reward rule as data: the member reads its description; the condition is evaluated from metrics. */
@ObjectType({ description: 'A rule members earn points by; its description is what the member reads.' })
@Entity('reward_rules')
export class RewardRule {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field()
  @Column({ type: 'text' })
  code: string;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => RewardPeriod)
  @Column({ type: 'text' })
  period: RewardPeriod;

  @Field(() => MetricKind)
  @Column({ type: 'text' })
  metric: MetricKind;

  @Field(() => Float, { description: 'A day counts when the metric’s daily value reaches this.' })
  @Column({ type: 'numeric', transformer: decimalColumn })
  threshold: number;

  @Field(() => Int, { description: 'Counting days a WEEK rule needs (1 for a DAY rule).' })
  @Column({ type: 'int' })
  daysRequired: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  points: number;

  @Field()
  @Column({ type: 'boolean' })
  active: boolean;
}

/** Points a member earned by a rule in one period (once per rule and period). */
@ObjectType({ description: 'Points earned by a rule in one period.' })
@Entity('reward_awards')
export class RewardAward {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  ruleId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field({ description: 'The first day of the period the reward was earned for.' })
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  points: number;

  @Field()
  @Column({ type: 'timestamptz' })
  earnedAt: Date;
}
