import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';

export enum UtilisationLimitScope {
  INDIVIDUAL = 'INDIVIDUAL',
  FAMILY = 'FAMILY',
}
registerEnumType(UtilisationLimitScope, { name: 'UtilisationLimitScope', description: 'Whether each person has the limit or the family shares one.' });

/** One benefit of a member's cover on a day: its limit, what has been used of it and what is left. */
@ObjectType({ description: 'One benefit of a member\'s cover in the benefit period containing a day: limit, used and remaining.' })
export class BenefitUtilisation {
  @Field(() => ID)
  benefitId: string;

  @Field()
  benefitCode: string;

  @Field()
  benefitName: string;

  @Field({ description: 'The benefit\'s category as the scheme names it (INPATIENT, OUTPATIENT, DENTAL...).' })
  category: string;

  @Field(() => UtilisationLimitScope)
  limitScope: UtilisationLimitScope;

  @Field(() => LocalDateResolver)
  periodStart: string;

  @Field(() => LocalDateResolver)
  periodEnd: string;

  @Field(() => Money, { description: 'The annual limit.' })
  limit: Money;

  @Field(() => Money, { description: 'Used against the limit: the member\'s own use, or the whole family\'s for a FAMILY limit.' })
  used: Money;

  @Field(() => Money, { description: 'The member\'s own use.' })
  memberUsed: Money;

  @Field(() => Money, { description: 'Limit less used, never below zero.' })
  remaining: Money;

  @Field(() => Int, { description: 'Visits (claims) the member has had paid under the benefit this period.' })
  visitsUsed: number;

  @Field(() => Int, { nullable: true })
  maxVisits: number | null;

  @Field(() => Money)
  deductible: Money;

  @Field(() => Money, { description: 'What the member has paid towards the deductible this period.' })
  deductibleMet: Money;
}
