import { Field, Float, InputType, Int } from 'type-graphql';
import { MetricKind } from '../metric/metric.rules';
import { RewardPeriod } from './reward.entity';

@InputType({ description: 'A reward rule: its description is shown to members as written.' })
export class CreateRewardRuleInput {
  @Field({ description: 'Unique, 2-40 upper-case letters, digits, _ or -.' })
  code: string;

  @Field()
  description: string;

  @Field(() => RewardPeriod)
  period: RewardPeriod;

  @Field(() => MetricKind)
  metric: MetricKind;

  @Field(() => Float)
  threshold: number;

  @Field(() => Int, { nullable: true, description: 'For a WEEK rule: counting days the week needs (1 by default).' })
  daysRequired?: number | null;

  @Field(() => Int)
  points: number;
}
