import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { MoneyInput } from '../../../../kit/money';
import { Gender } from '../gender';
import { BenefitCategory, BenefitLimitBasis, BenefitQuantityUnit } from './benefit.entity';

@InputType()
export class BenefitSubLimitInput {
  @Field()
  @Length(2, 100)
  name: string;

  @Field(() => String, { nullable: true, description: 'Service category the cap applies to, e.g. PHARMACY.' })
  @IsOptional()
  @Length(2, 50)
  serviceCategory?: string | null;

  @Field(() => String, { nullable: true, description: 'Service or procedure code the cap applies to.' })
  @IsOptional()
  @Length(1, 50)
  serviceCode?: string | null;

  @Field(() => MoneyInput)
  limit: MoneyInput;
}

@InputType()
export class BenefitQuantityLimitInput {
  @Field(() => BenefitQuantityUnit)
  unit: BenefitQuantityUnit;

  @Field(() => Int)
  maxQuantity: number;

  @Field(() => Int, { nullable: true, description: 'Rolling window in days; omit for once per benefit period.' })
  perDays?: number | null;

  @Field(() => String, { nullable: true, description: 'Count only services of this category (e.g. CONSULTATION); omit to count every service of the benefit.' })
  @IsOptional()
  @Length(2, 50)
  serviceCategory?: string | null;

  @Field(() => String, { nullable: true, description: 'Count only this service or procedure code.' })
  @IsOptional()
  @Length(1, 50)
  serviceCode?: string | null;
}

@InputType({ description: 'The full terms of one benefit. updateBenefit replaces every term with these.' })
export class BenefitInput {
  @Field({ description: 'Unique within the version: capitals, digits, "-" or "_" (e.g. INPATIENT).' })
  code: string;

  @Field()
  @Length(2, 120)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => BenefitCategory)
  category: BenefitCategory;

  @Field(() => BenefitLimitBasis, { defaultValue: BenefitLimitBasis.PER_PERSON })
  limitBasis: BenefitLimitBasis;

  @Field(() => MoneyInput)
  annualLimit: MoneyInput;

  @Field(() => MoneyInput, { nullable: true })
  perVisitLimit?: MoneyInput | null;

  @Field(() => [BenefitSubLimitInput], { defaultValue: [] })
  subLimits: BenefitSubLimitInput[];

  @Field(() => [BenefitQuantityLimitInput], { defaultValue: [] })
  quantityLimits: BenefitQuantityLimitInput[];

  @Field(() => Int, { defaultValue: 0 })
  waitingPeriodDays: number;

  @Field(() => MoneyInput, { nullable: true, description: 'Omit for no deductible.' })
  deductible?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Fixed amount per visit; omit for none.' })
  copay?: MoneyInput | null;

  @Field(() => Int, { defaultValue: 0, description: 'Member share in basis points, 0 to 10000.' })
  coinsuranceBps: number;

  @Field({ defaultValue: false })
  requiresPreauthorisation: boolean;

  @Field(() => MoneyInput, { nullable: true, description: 'Only claims at or above this need pre-authorisation.' })
  preauthorisationThreshold?: MoneyInput | null;

  @Field(() => Int, { nullable: true })
  minAge?: number | null;

  @Field(() => Int, { nullable: true })
  maxAge?: number | null;

  @Field(() => Gender, { nullable: true })
  gender?: Gender | null;

  @Field(() => [String], { defaultValue: [], description: 'Provider network codes; empty for any provider.' })
  networkCodes: string[];

  @Field(() => [String], { defaultValue: [] })
  exclusions: string[];
}

@InputType()
export class AddBenefitInput {
  @Field(() => ID, { description: 'A DRAFT scheme version.' })
  versionId: string;

  @Field(() => BenefitInput)
  benefit: BenefitInput;
}

@InputType()
export class UpdateBenefitInput {
  @Field(() => ID, { description: 'A benefit of a DRAFT scheme version.' })
  benefitId: string;

  @Field(() => BenefitInput)
  benefit: BenefitInput;
}
