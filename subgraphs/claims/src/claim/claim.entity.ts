import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn } from '../../../../kit/money';
import { ClaimBenefitCategory } from '../service-catalogue/benefit-category';
import { ClaimDecision, ClaimPendReason } from '../adjudication/adjudication.types';

/** Where a claim is. Intake only creates SUBMITTED claims; adjudication moves them on. */
export enum ClaimStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  PARTIALLY_APPROVED = 'PARTIALLY_APPROVED',
  DENIED = 'DENIED',
  PENDED = 'PENDED',
  REVERSED = 'REVERSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ClaimStatus, { name: 'ClaimStatus', description: 'Where a claim is between submission and settlement.' });

export const CLAIM_STATUSES = Object.values(ClaimStatus);

/**
 * A provider's bill for services given to one member on one occasion (a visit, or an admission
 * from admission to discharge). Its lines carry what was billed; adjudication records its own
 * outcome per line elsewhere, so the submitted facts are never overwritten.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A provider\'s bill for services given to one member on one occasion.' })
@Entity('claims')
export class Claim {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. CLM-2026-000123.' })
  @Column({ type: 'text' })
  claimNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => ID, { description: 'The provider that billed (owned by the providers subgraph).' })
  @Column({ type: 'uuid' })
  providerId: string;

  @Field({ description: 'The provider\'s own invoice or claim number: unique per provider.' })
  @Column({ type: 'text' })
  providerReference: string;

  @Field(() => ClaimBenefitCategory)
  @Column({ type: 'text' })
  benefitCategory: ClaimBenefitCategory;

  @Field(() => LocalDateResolver, { description: 'The day of the visit, or the admission day of an inpatient stay.' })
  @Column({ type: 'date' })
  serviceDate: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  admissionDate: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  dischargeDate: string | null;

  @Field(() => [String], { description: 'ICD-10 codes of the claim, principal diagnosis first.' })
  @Column({ type: 'text', array: true })
  diagnosisCodes: string[];

  @Field(() => ClaimStatus)
  @Column({ type: 'text' })
  status: ClaimStatus;

  @Field({ description: 'ISO 4217 currency of every amount on the claim.' })
  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Sum of the lines' billed amounts, in minor units; exposed as `totalBilled`. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  totalBilledMinor: number;

  @Field()
  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Field({ description: 'Who submitted the claim.' })
  @Column({ type: 'text' })
  submittedBy: string;

  @Field(() => ID, { nullable: true, description: 'The pre-authorisation the provider named for this care.' })
  @Column({ type: 'uuid', nullable: true })
  preauthorisationId: string | null;

  /** The decision that stands (the engine's or a review's); see `claim_adjudications`. */
  @Column({ type: 'uuid', nullable: true })
  adjudicationId: string | null;

  @Field(() => ClaimDecision, { nullable: true, description: 'Null until adjudicated.' })
  @Column({ type: 'text', nullable: true })
  decision: ClaimDecision | null;

  @Field(() => ClaimPendReason, { nullable: true, description: 'Why a PENDED claim waits.' })
  @Column({ type: 'text', nullable: true })
  pendReason: ClaimPendReason | null;

  @Field(() => String, { nullable: true, description: 'More about the pend, e.g. why finance refused the settlement.' })
  @Column({ type: 'text', nullable: true })
  pendDetail: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  adjudicatedAt: Date | null;

  /** Exposed as `payable`. */
  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  payableMinor: number | null;

  /** Exposed as `memberResponsibility`. */
  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  memberResponsibilityMinor: number | null;

  @Field(() => String, { nullable: true, description: 'Finance\'s settlement that paid the provider.' })
  @Column({ type: 'text', nullable: true })
  settlementId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reversedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reversedBy: string | null;

  @Column({ type: 'text', nullable: true })
  reversalReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
