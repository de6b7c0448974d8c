import { Field, ID, InputType, Int } from 'type-graphql';
import { IsEmail, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MoneyInput } from '../../../../kit/money';
import { LeadActivityType } from './lead-activity.entity';
import { LeadSource, LeadStatus, ProductInterest } from './lead.entity';

@InputType()
export class CreateLeadInput {
  @Field()
  @Length(2, 200)
  contactName: string;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +254712345678.' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{7,14}$/)
  contactPhone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  contactEmail?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 200)
  companyName?: string | null;

  @Field(() => Int, { description: 'People to cover (1 for an individual).' })
  @Min(1)
  @Max(1_000_000)
  employeeCount: number;

  @Field({ description: 'The Kenyan county the lead is in; routes the lead to that territory.' })
  region: string;

  @Field(() => LeadSource)
  source: LeadSource;

  @Field(() => ProductInterest, { defaultValue: ProductInterest.UNDECIDED })
  productInterest: ProductInterest;

  @Field(() => MoneyInput, { nullable: true, description: 'Annual premium budget.' })
  budget?: MoneyInput | null;

  @Field({ defaultValue: false, description: 'Whether the lead agreed to direct marketing when taken in.' })
  marketingConsent: boolean;
}

@InputType()
export class RecordLeadMarketingConsentInput {
  @Field(() => ID)
  leadId: string;

  @Field({ description: 'true: agreed to direct marketing; false: withdrew (ends their nurture campaigns).' })
  consent: boolean;

  @Field({ description: 'Where the lead said so, e.g. "Phone call", "Web form", "Unsubscribe link".' })
  @Length(2, 200)
  source: string;
}

@InputType()
export class LogLeadActivityInput {
  @Field(() => ID)
  leadId: string;

  @Field(() => LeadActivityType, { description: 'CALL, EMAIL, MEETING or NOTE.' })
  type: LeadActivityType;

  @Field()
  @Length(2, 2000)
  note: string;
}

@InputType()
export class ChangeLeadStatusInput {
  @Field(() => ID)
  leadId: string;

  @Field(() => LeadStatus, { description: 'CONTACTED, QUALIFIED or DISQUALIFIED (conversion is its own mutation).' })
  status: LeadStatus;

  @Field(() => String, { nullable: true, description: 'Required to disqualify.' })
  @IsOptional()
  @Length(3, 500)
  reason?: string | null;
}

@InputType()
export class ConvertLeadInput {
  @Field(() => ID)
  leadId: string;

  @Field(() => String, { nullable: true, description: "The opportunity's name; the company (or contact) name by default." })
  @IsOptional()
  @Length(2, 200)
  name?: string | null;

  @Field(() => ID, { nullable: true, description: 'The scheme (product) offered.' })
  schemeId?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: "Expected annual premium; the lead's budget by default." })
  expectedAnnualPremium?: MoneyInput | null;
}

@InputType()
export class LeadFilter {
  @Field(() => LeadStatus, { nullable: true })
  status?: LeadStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agentId?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;
}
