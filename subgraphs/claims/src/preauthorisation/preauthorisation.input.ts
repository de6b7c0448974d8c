import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { MaxLength, MinLength } from 'class-validator';
import { MoneyInput } from '../../../../kit/money';
import { ClaimBenefitCategory } from '../service-catalogue/benefit-category';
import { PreauthEscalationTier, PreauthStatus } from './preauthorisation.entity';

@InputType({ description: 'A provider asks, before planned care, whether it will be paid.' })
export class RequestPreauthorisationInput {
  @Field(() => ID)
  memberId: string;

  @Field(() => ID)
  providerId: string;

  @Field(() => ClaimBenefitCategory)
  benefitCategory: ClaimBenefitCategory;

  @Field(() => MoneyInput, { description: 'What the care is expected to cost.' })
  estimatedAmount: MoneyInput;

  @Field(() => [String], { description: 'ICD-10 codes of the condition, principal first.' })
  diagnosisCodes: string[];

  @Field(() => LocalDateResolver)
  plannedDate: string;

  @Field(() => String, { nullable: true })
  @MaxLength(2000)
  notes?: string | null;
}

@InputType()
export class ApprovePreauthorisationInput {
  @Field(() => MoneyInput, { description: 'The most claims under this approval may be paid, in all.' })
  approvedAmount: MoneyInput;

  @Field(() => LocalDateResolver)
  validFrom: string;

  @Field(() => LocalDateResolver)
  validTo: string;

  @Field(() => String, { nullable: true })
  @MaxLength(2000)
  note?: string | null;
}

@ArgsType()
export class DenyPreauthorisationArgs {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Why, in words the provider and member can read.' })
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

@InputType({ description: 'Narrows a list of pre-authorisations; every given condition must hold.' })
export class PreauthorisationFilter {
  @Field(() => ID, { nullable: true })
  memberId?: string | null;

  @Field(() => ID, { nullable: true })
  providerId?: string | null;

  @Field(() => PreauthStatus, { nullable: true })
  status?: PreauthStatus | null;

  @Field(() => PreauthEscalationTier, { nullable: true })
  escalationTier?: PreauthEscalationTier | null;
}
