import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { MoneyInput } from '../../../../kit/money';
import { PolicyBillingFrequency, PolicyStatus } from './policy.entity';

@InputType()
export class IssuePolicyInput {
  @Field(() => ID)
  schemeId: string;

  @Field(() => ID, { nullable: true, description: 'The published version to sell; by default the one in effect on startDate.' })
  schemeVersionId?: string | null;

  @Field(() => ID, { description: 'The principal (a member id from the members subgraph).' })
  holderMemberId: string;

  @Field(() => [ID], { defaultValue: [], description: 'Dependants covered with the holder (the holder is always covered).' })
  coveredMemberIds: string[];

  @Field(() => ID, { nullable: true, description: "The holder's employer; required for a group scheme." })
  companyId?: string | null;

  @Field(() => LocalDateResolver)
  startDate: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day of the period; by default one benefit period from startDate.' })
  endDate?: string | null;

  @Field(() => PolicyBillingFrequency, { defaultValue: PolicyBillingFrequency.MONTHLY })
  billingFrequency: PolicyBillingFrequency;

  @Field(() => MoneyInput, { description: 'Premium per billing period, as quoted.' })
  premium: MoneyInput;

  @Field(() => ID, { nullable: true, description: 'The sales agent (a crm agent id) who sold the policy; commission accrues to them.' })
  salesAgentId?: string | null;
}

@InputType()
export class AddCoveredMemberInput {
  @Field(() => ID)
  policyId: string;

  @Field(() => ID)
  memberId: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'First covered day; today (or the policy start, if later) by default.' })
  coveredFrom?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'The new premium per billing period, when the change re-prices the policy.' })
  premium?: MoneyInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 500)
  reason?: string | null;
}

@InputType()
export class RemoveCoveredMemberInput {
  @Field(() => ID)
  policyId: string;

  @Field(() => ID)
  memberId: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last covered day; today by default.' })
  lastDayOfCover?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'The new premium per billing period, when the change re-prices the policy.' })
  premium?: MoneyInput | null;

  @Field()
  @Length(3, 500)
  reason: string;
}

@InputType()
export class PolicyLifecycleInput {
  @Field(() => ID)
  policyId: string;

  @Field({ description: 'Why the change is made; kept on the policy event.' })
  @Length(3, 500)
  reason: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day the change takes effect; today by default.' })
  effectiveDate?: string | null;
}

@InputType()
export class CancelPolicyInput {
  @Field(() => ID)
  policyId: string;

  @Field()
  @Length(3, 500)
  reason: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Last day of cover (today by default); the day before the start cancels the policy from inception.',
  })
  lastDayOfCover?: string | null;
}

@InputType()
export class PolicyFilter {
  @Field(() => ID, { nullable: true })
  schemeId?: string | null;

  @Field(() => ID, { nullable: true })
  schemeVersionId?: string | null;

  @Field(() => PolicyStatus, { nullable: true })
  status?: PolicyStatus | null;

  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => ID, { nullable: true })
  holderMemberId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Policies that cover (or covered) this member.' })
  memberId?: string | null;

  @Field(() => String, { nullable: true, description: 'Matches the policy number.' })
  @IsOptional()
  @Length(2, 40)
  search?: string | null;
}
