import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { DEFAULT_CURRENCY, MoneyInput } from '../../../../kit/money';
import { ClaimBenefitCategory } from '../service-catalogue/benefit-category';
import { ClaimStatus } from './claim.entity';
import { IdempotencyArgs } from '../../../../kit/idempotency';

@InputType({ description: 'One billed service.' })
export class ClaimLineInput {
  @Field({ description: 'Code from the medical service catalogue (`medicalServices`).' })
  serviceCode: string;

  @Field(() => String, { nullable: true, description: 'Free text; the catalogue name when omitted.' })
  description?: string | null;

  @Field(() => Int, { defaultValue: 1 })
  quantity: number;

  @Field(() => MoneyInput, { description: 'Price of one unit; more than zero.' })
  unitPrice: MoneyInput;

  @Field(() => MoneyInput, { nullable: true, description: 'The provider\'s line total; checked against quantity × unit price when given.' })
  billedAmount?: MoneyInput | null;

  @Field(() => [String], { defaultValue: [], description: 'ICD-10 codes this line treats; each must also be on the claim.' })
  diagnosisCodes: string[];
}

@InputType({ description: 'A claim as a provider submits it.' })
export class SubmitClaimInput {
  @Field(() => ID)
  memberId: string;

  @Field(() => ID)
  providerId: string;

  @Field({ description: 'The provider\'s own invoice or claim number; a provider cannot submit the same one twice.' })
  providerReference: string;

  @Field(() => ClaimBenefitCategory)
  benefitCategory: ClaimBenefitCategory;

  @Field(() => LocalDateResolver, { description: 'Day of the visit, or of admission for a stay.' })
  serviceDate: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Required for INPATIENT claims.' })
  admissionDate?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Required for INPATIENT claims.' })
  dischargeDate?: string | null;

  @Field(() => [String], { description: 'ICD-10 codes, principal diagnosis first.' })
  diagnosisCodes: string[];

  @Field({ defaultValue: DEFAULT_CURRENCY, description: 'ISO 4217 currency of every amount on the claim.' })
  currency: string;

  @Field(() => MoneyInput, { nullable: true, description: 'The provider\'s claim total; checked against the lines when given.' })
  totalBilled?: MoneyInput | null;

  @Field(() => [ClaimLineInput])
  lines: ClaimLineInput[];

  @Field(() => ID, { nullable: true, description: 'The member\'s pre-authorisation for this care, when the provider has one.' })
  preauthorisationId?: string | null;
}

@ArgsType()
export class SubmitClaimArgs extends IdempotencyArgs {
  @Field(() => SubmitClaimInput)
  input: SubmitClaimInput;
}

@InputType({ description: 'Narrows a list of claims; every given condition must hold.' })
export class ClaimFilter {
  @Field(() => ID, { nullable: true })
  memberId?: string | null;

  @Field(() => ID, { nullable: true })
  providerId?: string | null;

  @Field(() => ClaimStatus, { nullable: true })
  status?: ClaimStatus | null;

  @Field(() => ClaimBenefitCategory, { nullable: true })
  benefitCategory?: ClaimBenefitCategory | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Service on or after this day.' })
  serviceDateFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Service on or before this day.' })
  serviceDateTo?: string | null;
}
