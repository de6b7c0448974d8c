import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MetricKind } from '../metric/metric.rules';

/** One activity a programme requires: reach `dailyTarget` of a metric on `days` days of the programme. */
@ObjectType({ description: 'An activity a programme requires: reach the daily target on a number of its days.' })
export class RequiredActivity {
  @Field(() => MetricKind)
  metric: MetricKind;

  @Field(() => Float)
  dailyTarget: number;

  @Field(() => Int)
  days: number;
}

@ObjectType('WellnessProgramme', { description: 'A wellness programme members enrol in, running from its start to its end date.' })
@Entity('programmes')
export class Programme {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field()
  @Column({ type: 'text' })
  code: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field()
  @Column({ type: 'date' })
  startDate: string;

  @Field()
  @Column({ type: 'date' })
  endDate: string;

  @Field(() => [RequiredActivity])
  @Column({ type: 'jsonb' })
  requiredActivities: RequiredActivity[];
}

@ObjectType('ProgrammeEnrolment', { description: "A member's place in a programme." })
@Entity('programme_enrolments')
export class ProgrammeEnrolment {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  programmeId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field()
  @Column({ type: 'timestamptz' })
  enrolledAt: Date;
}

@ObjectType({ description: 'Progress on one required activity of a programme.' })
export class ActivityProgress {
  @Field(() => MetricKind)
  metric: MetricKind;

  @Field(() => Int)
  daysMet: number;

  @Field(() => Int)
  daysRequired: number;

  @Field()
  complete: boolean;
}
