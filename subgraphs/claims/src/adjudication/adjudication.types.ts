import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';
import { ReasonCode } from './engine/types';
import type { ClaimLineAdjudication } from './adjudication.entity';

/** The GraphQL face of adjudication results: decisions, reasons, risk, amounts and the EOB. */

export enum ClaimDecision {
  APPROVED = 'APPROVED',
  PARTIALLY_APPROVED = 'PARTIALLY_APPROVED',
  DENIED = 'DENIED',
  PENDED = 'PENDED',
}
registerEnumType(ClaimDecision, { name: 'ClaimDecision', description: 'What adjudication decided for a claim.' });

export enum ClaimLineOutcome {
  APPROVED = 'APPROVED',
  PARTIALLY_APPROVED = 'PARTIALLY_APPROVED',
  DENIED = 'DENIED',
  PENDED = 'PENDED',
}
registerEnumType(ClaimLineOutcome, { name: 'ClaimLineOutcome', description: 'What adjudication decided for one line.' });

export enum ClaimPendReason {
  REVIEW = 'REVIEW',
  AUTHORIZATION = 'AUTHORIZATION',
  SETTLEMENT_REJECTED = 'SETTLEMENT_REJECTED',
}
registerEnumType(ClaimPendReason, {
  name: 'ClaimPendReason',
  description: 'REVIEW: risk needs an officer; AUTHORIZATION: waits for a pre-authorisation; SETTLEMENT_REJECTED: finance refused to pay the approved claim.',
});

export enum ClaimAdjudicationStep {
  INTAKE = 'INTAKE',
  DUPLICATE = 'DUPLICATE',
  PROVIDER = 'PROVIDER',
  MEMBER_POLICY = 'MEMBER_POLICY',
  BENEFIT = 'BENEFIT',
  WAITING_PERIOD = 'WAITING_PERIOD',
  PREAUTHORIZATION = 'PREAUTHORIZATION',
  FREQUENCY_QUANTITY = 'FREQUENCY_QUANTITY',
  ELIGIBLE_AMOUNT = 'ELIGIBLE_AMOUNT',
  COST_SHARE = 'COST_SHARE',
  CAPS = 'CAPS',
  RISK = 'RISK',
  DECISION = 'DECISION',
}
registerEnumType(ClaimAdjudicationStep, { name: 'ClaimAdjudicationStep', description: 'The adjudication steps, in the order they run.' });

/** Reason codes beyond the engine's: what people and finance did to a decision. */
export enum ManualReasonCode {
  MANUAL_APPROVAL = 'MANUAL_APPROVAL',
  MANUAL_ADJUSTMENT = 'MANUAL_ADJUSTMENT',
  MANUAL_DENIAL = 'MANUAL_DENIAL',
  SETTLEMENT_REJECTED = 'SETTLEMENT_REJECTED',
}

/** Every reason code a claim can carry: the engine's and the manual ones. */
export const ClaimReasonCode = { ...ReasonCode, ...ManualReasonCode };
registerEnumType(ClaimReasonCode, { name: 'ClaimReasonCode', description: 'Why a claim or a line came out as it did.' });

export enum ClaimRiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(ClaimRiskLevel, { name: 'ClaimRiskLevel' });

export enum ClaimStepOutcome {
  PASSED = 'PASSED',
  ADJUSTED = 'ADJUSTED',
  FAILED = 'FAILED',
  PENDED = 'PENDED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(ClaimStepOutcome, { name: 'ClaimStepOutcome', description: 'What one adjudication step concluded.' });

export enum ClaimReviewAction {
  APPROVE = 'APPROVE',
  ADJUST = 'ADJUST',
  DENY = 'DENY',
}
registerEnumType(ClaimReviewAction, {
  name: 'ClaimReviewAction',
  description: 'APPROVE pays what the engine computes without the pend; ADJUST pays the officer\'s lower amounts; DENY pays nothing.',
});

@ObjectType({ description: 'Why a claim or a line came out as it did: the step, the code and a sentence.' })
export class ClaimAdjudicationReason {
  @Field(() => ClaimAdjudicationStep)
  step: string;

  @Field(() => ClaimReasonCode)
  code: string;

  @Field()
  message: string;
}

@ObjectType({ description: 'One risk rule that fired, with its weight: the explanation of the score.' })
export class ClaimRiskSignal {
  @Field()
  rule: string;

  @Field(() => Int)
  weight: number;

  @Field()
  detail: string;
}

@ObjectType({ description: 'The claim\'s fraud and medical-necessity score (0-100) and the rules behind it.' })
export class ClaimRisk {
  @Field(() => Int)
  score: number;

  @Field(() => ClaimRiskLevel)
  level: string;

  @Field(() => [ClaimRiskSignal])
  signals: ClaimRiskSignal[];
}

@ObjectType({ description: 'What one adjudication step concluded, with the codes it raised.' })
export class ClaimAdjudicationStepRecord {
  @Field(() => ClaimAdjudicationStep)
  step: string;

  @Field(() => ClaimStepOutcome)
  outcome: string;

  @Field(() => [ClaimReasonCode])
  codes: string[];

  @Field()
  message: string;
}

@ObjectType({ description: 'A decision\'s amounts, each the sum over the lines.' })
export class ClaimAdjudicationAmounts {
  @Field(() => Money)
  submitted: Money;

  @Field(() => Money, { description: 'The lower of billed and tariff, for the approved quantities.' })
  eligible: Money;

  @Field(() => Money, { description: 'Billed above the tariff or for units not approved: the provider\'s loss.' })
  disallowed: Money;

  @Field(() => Money)
  deductible: Money;

  @Field(() => Money)
  copay: Money;

  @Field(() => Money)
  coinsurance: Money;

  @Field(() => Money, { description: 'What the scheme pays.' })
  payable: Money;

  @Field(() => Money, { description: 'Cut by a limit: the member\'s to pay.' })
  exceeded: Money;

  @Field(() => Money, { description: 'Cost share plus what limits cut.' })
  memberResponsibility: Money;
}

@ObjectType({ description: 'What adjudication decided for one claim line.' })
export class ClaimLineAdjudicationResult {
  @Field(() => ClaimLineOutcome)
  outcome: string;

  @Field(() => [ClaimAdjudicationReason])
  reasons: ClaimAdjudicationReason[];

  @Field(() => ID, { nullable: true, description: 'The scheme benefit that pays the line.' })
  benefitId: string | null;

  @Field(() => Int)
  approvedQuantity: number;

  @Field(() => Money)
  submitted: Money;

  @Field(() => Money)
  eligible: Money;

  @Field(() => Money)
  disallowed: Money;

  @Field(() => Money)
  deductible: Money;

  @Field(() => Money)
  copay: Money;

  @Field(() => Money)
  coinsurance: Money;

  @Field(() => Money)
  payable: Money;

  @Field(() => Money)
  exceeded: Money;

  static of(line: ClaimLineAdjudication, currency: string): ClaimLineAdjudicationResult {
    const money = (minor: number) => Money.of(minor, currency);
    return Object.assign(new ClaimLineAdjudicationResult(), {
      outcome: line.outcome,
      reasons: line.reasons,
      benefitId: line.benefitId,
      approvedQuantity: line.approvedQuantity,
      submitted: money(line.submittedMinor),
      eligible: money(line.eligibleMinor),
      disallowed: money(line.disallowedMinor),
      deductible: money(line.deductibleMinor),
      copay: money(line.copayMinor),
      coinsurance: money(line.coinsuranceMinor),
      payable: money(line.payableMinor),
      exceeded: money(line.exceededMinor),
    });
  }
}

@ObjectType({ description: 'An officer\'s review of a pended claim.' })
export class ClaimReview {
  @Field(() => ClaimReviewAction)
  action: string;

  @Field()
  reason: string;

  @Field()
  reviewedBy: string;

  @Field()
  reviewedAt: Date;
}

@ObjectType({ description: 'The reversal of an approved claim: its utilisation was given back.' })
export class ClaimReversal {
  @Field()
  reversedAt: Date;

  @Field()
  reversedBy: string;

  @Field()
  reason: string;
}

@ObjectType({ description: 'One line of an explanation of benefits, in words a member reads.' })
export class ClaimEobLine {
  @Field(() => Int)
  lineNumber: number;

  @Field()
  serviceCode: string;

  @Field({ description: 'The service\'s name.' })
  service: string;

  @Field(() => Int)
  quantity: number;

  @Field(() => Int)
  approvedQuantity: number;

  @Field(() => ClaimLineOutcome)
  outcome: string;

  @Field(() => Money)
  billed: Money;

  @Field(() => Money)
  schemePays: Money;

  @Field(() => Money, { description: 'Deductible, copay, coinsurance and what limits cut.' })
  youPay: Money;

  @Field(() => Money, { description: 'Disallowed: not the member\'s to pay unless not covered.' })
  notPaid: Money;

  @Field(() => [String])
  explanation: string[];
}

@ObjectType()
export class ClaimEobTotals {
  @Field(() => Money)
  billed: Money;

  @Field(() => Money)
  schemePays: Money;

  @Field(() => Money)
  youPay: Money;

  @Field(() => Money)
  notPaid: Money;
}

@ObjectType({ description: 'An explanation of benefits: what was decided and why, per line, in sentences.' })
export class ClaimExplanationOfBenefits {
  @Field()
  claimNumber: string;

  @Field(() => LocalDateResolver)
  serviceDate: string;

  @Field({ description: 'The member, by member number.' })
  member: string;

  @Field({ description: 'The provider, by name.' })
  provider: string;

  @Field({ description: 'The benefit that pays the claim.' })
  benefit: string;

  @Field(() => ClaimDecision)
  decision: string;

  @Field({ description: 'One sentence: what was decided and what the scheme pays.' })
  headline: string;

  @Field(() => [ClaimEobLine])
  lines: ClaimEobLine[];

  @Field(() => ClaimEobTotals)
  totals: ClaimEobTotals;

  @Field(() => [String], { description: 'Claim-level sentences: why it was denied, is waiting or was reversed.' })
  notes: string[];
}
