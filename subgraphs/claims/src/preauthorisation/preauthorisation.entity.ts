import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn } from '../../../../kit/money';
import { ClaimBenefitCategory } from '../service-catalogue/benefit-category';

export enum PreauthStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
  EXPIRED = 'EXPIRED',
  ESCALATED = 'ESCALATED',
}
registerEnumType(PreauthStatus, {
  name: 'PreauthStatus',
  description: 'REQUESTED until answered; ESCALATED when left unanswered too long; APPROVED ones EXPIRE after their validity.',
});

/** Who must answer an escalated request, by the estimated amount. */
export enum PreauthEscalationTier {
  TIER_1 = 'TIER_1',
  TIER_2 = 'TIER_2',
  TIER_3 = 'TIER_3',
}
registerEnumType(PreauthEscalationTier, { name: 'PreauthEscalationTier', description: 'TIER_1 claims officer, TIER_2 senior claims officer, TIER_3 medical director.' });

export enum PreauthReviewerRole {
  CLAIMS_OFFICER = 'CLAIMS_OFFICER',
  SENIOR_CLAIMS_OFFICER = 'SENIOR_CLAIMS_OFFICER',
  MEDICAL_DIRECTOR = 'MEDICAL_DIRECTOR',
}
registerEnumType(PreauthReviewerRole, { name: 'PreauthReviewerRole', description: 'The role an escalated pre-authorisation is assigned to.' });

/**
 * A provider's request to be paid for planned care before giving it, and the insurer's answer.
 * A claim may name an approved one; the claims it pays use up its approved amount.
 */
@ObjectType({ description: 'A provider\'s request, before planned care, to have it paid; and the insurer\'s answer.' })
@Entity('preauthorisations')
export class Preauthorisation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. PA-2026-000042.' })
  @Column({ type: 'text' })
  preauthNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  providerId: string;

  @Field(() => ClaimBenefitCategory)
  @Column({ type: 'text' })
  benefitCategory: ClaimBenefitCategory;

  @Field()
  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Exposed as `estimatedAmount`. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  estimatedMinor: number;

  @Field(() => [String], { description: 'ICD-10 codes of the condition, principal first.' })
  @Column({ type: 'text', array: true })
  diagnosisCodes: string[];

  @Field(() => LocalDateResolver, { description: 'When the care is planned.' })
  @Column({ type: 'date' })
  plannedDate: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => PreauthStatus)
  @Column({ type: 'text' })
  status: PreauthStatus;

  @Field()
  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Field()
  @Column({ type: 'text' })
  requestedBy: string;

  @Field(() => PreauthEscalationTier, { nullable: true })
  @Column({ type: 'text', nullable: true })
  escalationTier: PreauthEscalationTier | null;

  @Field(() => PreauthReviewerRole, { nullable: true, description: 'Who must answer it once escalated.' })
  @Column({ type: 'text', nullable: true })
  escalatedTo: PreauthReviewerRole | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  decidedBy: string | null;

  /** Exposed as `approvedAmount`. */
  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  approvedMinor: number | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'First day an approval can be used.' })
  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day an approval can be used.' })
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  denialReason: string | null;

  /** What claims paid against it have used of the approved amount; exposed as `usedAmount`. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  usedMinor: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
