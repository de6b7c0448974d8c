import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Money } from '../../../../kit/money';
import { AlertStatus } from './alert-instance.entity';
import { UtilisationSubject } from './alert-rule.entity';

@ObjectType({ description: "A subject's use of one benefit's limit in one limit period." })
export class LimitUtilisation {
  @Field(() => UtilisationSubject)
  subjectType: UtilisationSubject;

  @Field(() => ID)
  subjectId: string;

  @Field(() => ID)
  benefitId: string;

  @Field()
  benefitCategory: string;

  @Field({ description: 'Its first day for a member or policy, its year for a scheme.' })
  limitPeriod: string;

  @Field(() => Money, { description: 'Paid on approved claims, net of reversals.' })
  consumed: Money;

  @Field(() => Money)
  limit: Money;

  @Field(() => Int, { nullable: true, description: 'consumed / limit in basis points, rounded down.' })
  utilisationBps: number | null;
}

@ArgsType()
export class UtilisationArgs {
  @Field(() => UtilisationSubject)
  subjectType: UtilisationSubject;

  @Field(() => ID, { nullable: true })
  subjectId?: string | null;

  @Field(() => String, { nullable: true })
  benefitCategory?: string | null;

  @Field(() => String, { nullable: true })
  limitPeriod?: string | null;
}

@InputType()
export class CreateAlertRuleInput {
  @Field()
  name: string;

  @Field(() => UtilisationSubject)
  subjectType: UtilisationSubject;

  @Field(() => String, { nullable: true, description: 'Watch one benefit category; omit for every category.' })
  benefitCategory?: string | null;

  @Field(() => [Int], { nullable: true, description: 'Percentages of the limit; default 70, 85, 95 and 100.' })
  thresholdsPct?: number[] | null;
}

@InputType()
export class UpdateAlertRuleInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => [Int], { nullable: true })
  thresholdsPct?: number[] | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@ArgsType()
export class AlertFilterArgs {
  @Field(() => AlertStatus, { nullable: true })
  status?: AlertStatus | null;

  @Field(() => UtilisationSubject, { nullable: true })
  subjectType?: UtilisationSubject | null;

  @Field(() => ID, { nullable: true })
  subjectId?: string | null;
}
