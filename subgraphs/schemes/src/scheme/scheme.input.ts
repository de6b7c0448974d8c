import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { DEFAULT_CURRENCY, MoneyInput } from '../../../../kit/money';
import { BenefitPeriod, SchemeStatus } from './scheme.entity';

@InputType()
export class CreateSchemeInput {
  @Field({ description: 'Unique product code: capitals, digits, "-" or "_" (e.g. ESSENTIAL).' })
  code: string;

  @Field()
  @Length(2, 120)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Makes it a group scheme for this employer; omit for a scheme open to all.' })
  companyId?: string | null;

  @Field({ defaultValue: DEFAULT_CURRENCY })
  currency: string;

  @Field(() => BenefitPeriod, { defaultValue: BenefitPeriod.CALENDAR_YEAR })
  benefitPeriod: BenefitPeriod;

  @Field(() => MoneyInput, { description: 'Overall annual limit per person for the first version.' })
  overallAnnualLimitPerPerson: MoneyInput;

  @Field(() => MoneyInput, { nullable: true, description: 'Overall annual limit per family; omit when only the per-person limit applies.' })
  overallAnnualLimitPerFamily?: MoneyInput | null;
}

@InputType({ description: "Changes a draft version's overall terms." })
export class UpdateSchemeVersionInput {
  @Field(() => ID)
  versionId: string;

  @Field(() => MoneyInput)
  overallAnnualLimitPerPerson: MoneyInput;

  @Field(() => MoneyInput, { nullable: true })
  overallAnnualLimitPerFamily?: MoneyInput | null;

  @Field(() => [String], { nullable: true, description: 'Networks whose providers the scheme pays; [] for any provider; omit to keep the current list.' })
  @IsOptional()
  @ArrayMaxSize(50)
  allowedNetworkCodes?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Deny claims of critical fraud risk automatically instead of pending them; omit to keep the current setting.' })
  autoDenyCriticalRisk?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  changeSummary?: string | null;
}

@InputType()
export class PublishSchemeVersionInput {
  @Field(() => ID)
  versionId: string;

  @Field(() => LocalDateResolver, { description: 'First day the terms apply; after the previous published version\'s.' })
  effectiveFrom: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day the terms apply; omit for open-ended.' })
  effectiveTo?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  changeSummary?: string | null;
}

@InputType()
export class SchemeFilter {
  @Field(() => SchemeStatus, { nullable: true })
  status?: SchemeStatus | null;

  @Field(() => ID, { nullable: true, description: 'Group schemes of this employer.' })
  companyId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only schemes open to all; false: only group schemes.' })
  openToAll?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Matches code or name.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;
}
