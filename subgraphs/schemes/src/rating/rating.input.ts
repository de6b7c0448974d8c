import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { MoneyInput } from '../../../../kit/money';
import { Gender } from '../gender';
import { PolicyBillingFrequency } from '../policy/policy.entity';
import { RatingFactorType } from './rating-factor.entity';

@InputType()
export class RatingFactorInput {
  @Field(() => RatingFactorType)
  type: RatingFactorType;

  @Field(() => String, {
    nullable: true,
    description: 'The value matched: FEMALE/MALE, a county, a cover level or lifestyle code. Optional label for bands.',
  })
  value?: string | null;

  @Field(() => Int, { nullable: true, description: 'Lowest age or family size of a band (AGE_BAND, FAMILY_SIZE).' })
  minValue?: number | null;

  @Field(() => Int, { nullable: true, description: 'Highest age or family size of a band; open-ended family sizes may omit it.' })
  maxValue?: number | null;

  @Field(() => Int, { description: 'Multiplier in basis points: 10000 is ×1.0.' })
  multiplierBps: number;
}

@InputType({ description: "A draft version's whole rating table: it replaces the previous one." })
export class SetRatingInput {
  @Field(() => ID)
  versionId: string;

  @Field(() => MoneyInput, { description: 'Monthly premium for one person before any factor.' })
  baseMonthlyPremium: MoneyInput;

  @Field(() => [RatingFactorInput])
  @ArrayMaxSize(200)
  factors: RatingFactorInput[];
}

@InputType()
export class QuotePersonInput {
  @Field(() => Int, { description: 'Age in whole years.' })
  age: number;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => String, { nullable: true, description: "This person's lifestyle (e.g. SMOKER), overriding the quote's." })
  @IsOptional()
  @Length(2, 30)
  lifestyle?: string | null;
}

@InputType({ description: 'Who to price cover for, where and how. Give a schemeId (the version in effect) or a schemeVersionId.' })
export class QuotePremiumInput {
  @Field(() => ID, { nullable: true })
  schemeId?: string | null;

  @Field(() => ID, { nullable: true })
  schemeVersionId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day whose version prices a schemeId quote; today by default.' })
  on?: string | null;

  @Field(() => [QuotePersonInput])
  people: QuotePersonInput[];

  @Field({ description: 'County of residence, e.g. Nairobi.' })
  region: string;

  @Field(() => String, { nullable: true, description: 'Cover level code, when the scheme offers levels (e.g. STANDARD, ENHANCED).' })
  @IsOptional()
  @Length(2, 30)
  coverLevel?: string | null;

  @Field(() => String, { nullable: true, description: 'Lifestyle code for everyone (e.g. NON_SMOKER), when the scheme rates on it.' })
  @IsOptional()
  @Length(2, 30)
  lifestyle?: string | null;

  @Field(() => PolicyBillingFrequency, { defaultValue: PolicyBillingFrequency.MONTHLY })
  billingFrequency: PolicyBillingFrequency;
}
