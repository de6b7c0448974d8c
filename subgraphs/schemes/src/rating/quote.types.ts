import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';
import { Gender } from '../gender';
import { PolicyBillingFrequency } from '../policy/policy.entity';
import { RatingFactorType } from './rating-factor.entity';

@ObjectType({ description: "A version's rating table: the base monthly premium and the factors applied to it." })
export class SchemeRating {
  @Field(() => ID)
  versionId: string;

  @Field(() => Money, { nullable: true, description: 'Monthly premium for one person before any factor; null until set.' })
  baseMonthlyPremium: Money | null;
}

@ObjectType({ description: "One factor's step in a quote: the premium before and after its multiplier." })
export class PremiumQuoteLine {
  @Field(() => RatingFactorType)
  factor: RatingFactorType;

  @Field({ description: 'The value that matched, e.g. 36-50, FEMALE, Nairobi.' })
  value: string;

  @Field(() => Int, { description: 'Multiplier in basis points (10000 = ×1.0; a value the table does not list rates at 10000).' })
  multiplierBps: number;

  @Field({ description: 'The multiplier as an exact decimal, e.g. "1.3000".' })
  multiplier: string;

  @Field(() => Money)
  premiumBefore: Money;

  @Field(() => Money)
  premiumAfter: Money;

  @Field(() => Money, { description: 'premiumAfter minus premiumBefore; negative for a discount.' })
  effect: Money;
}

@ObjectType({ description: "One person's premium, factor by factor." })
export class PremiumQuotePerson {
  @Field(() => Int, { description: 'Position of the person in the request, from 0.' })
  index: number;

  @Field(() => Int)
  age: number;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => String, { nullable: true })
  lifestyle: string | null;

  @Field(() => [PremiumQuoteLine])
  lines: PremiumQuoteLine[];

  @Field(() => Money)
  monthlyPremium: Money;

  @Field(() => Money)
  premiumPerPeriod: Money;
}

@ObjectType({ description: 'A priced quote: each person\'s premium with every factor\'s effect, and the total per billing period.' })
export class PremiumQuote {
  @Field(() => ID)
  schemeId: string;

  @Field(() => ID)
  schemeVersionId: string;

  @Field(() => Int)
  versionNumber: number;

  @Field(() => LocalDateResolver, { description: 'The day whose terms priced the quote.' })
  pricedOn: string;

  @Field()
  region: string;

  @Field(() => String, { nullable: true })
  coverLevel: string | null;

  @Field(() => PolicyBillingFrequency)
  billingFrequency: PolicyBillingFrequency;

  @Field(() => Int)
  monthsPerPeriod: number;

  @Field(() => Money)
  baseMonthlyPremium: Money;

  @Field(() => [PremiumQuotePerson])
  people: PremiumQuotePerson[];

  @Field(() => Money, { description: 'Everyone together, per month.' })
  monthlyPremium: Money;

  @Field(() => Money, { description: 'Everyone together, per billing period.' })
  premiumPerPeriod: Money;
}
