import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalColumn } from '../metric/health-metric.entity';
import { MetricKind } from '../metric/metric.rules';
import { goalEndDate } from './goal.rules';

export enum GoalStatus {
  ACTIVE = 'ACTIVE',
  ABANDONED = 'ABANDONED',
}
registerEnumType(GoalStatus, { name: 'WellnessGoalStatus' });

/** A daily target for a number of days, e.g. 8,000 steps a day for 30 days. */
@ObjectType('WellnessGoal', { description: 'A daily target for a number of days, e.g. 8,000 steps a day for 30 days.' })
@Entity('goals')
export class Goal {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => MetricKind)
  @Column({ type: 'text' })
  metric: MetricKind;

  @Field(() => Float)
  @Column({ type: 'numeric', transformer: decimalColumn })
  dailyTarget: number;

  @Field()
  @Column({ type: 'date' })
  startDate: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  days: number;

  @Field(() => GoalStatus)
  @Column({ type: 'text' })
  status: GoalStatus;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  get endDate(): string {
    return goalEndDate(this);
  }
}

@ObjectType({ description: 'How far a goal has come, from the member’s daily values.' })
export class GoalProgress {
  @Field(() => Int)
  daysMet: number;

  @Field(() => Int)
  daysElapsed: number;

  @Field(() => Int)
  daysTotal: number;

  @Field(() => Int, { description: 'Days met out of the goal’s days, 0-100.' })
  percent: number;

  @Field()
  achieved: boolean;

  @Field({ description: 'Whether the goal can still be achieved (no ended day missed).' })
  stillAchievable: boolean;
}
