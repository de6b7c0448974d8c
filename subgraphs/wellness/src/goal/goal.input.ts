import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { MetricKind } from '../metric/metric.rules';

@InputType({ description: 'A daily target for a number of days, e.g. 8000 STEPS for 30 days.' })
export class SetWellnessGoalInput {
  @Field(() => ID)
  memberId: string;

  @Field(() => MetricKind, { description: 'STEPS or SLEEP_MINUTES.' })
  metric: MetricKind;

  @Field(() => Float)
  dailyTarget: number;

  @Field(() => String, { nullable: true, description: 'Today when not given.' })
  startDate?: string | null;

  @Field(() => Int)
  days: number;
}

@InputType()
export class RequiredActivityInput {
  @Field(() => MetricKind)
  metric: MetricKind;

  @Field(() => Float)
  dailyTarget: number;

  @Field(() => Int)
  days: number;
}

@InputType()
export class CreateWellnessProgrammeInput {
  @Field({ description: 'Unique, 2-40 upper-case letters, digits, _ or -.' })
  code: string;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field()
  startDate: string;

  @Field()
  endDate: string;

  @Field(() => [RequiredActivityInput])
  requiredActivities: RequiredActivityInput[];
}
