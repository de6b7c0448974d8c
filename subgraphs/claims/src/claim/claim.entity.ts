import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn } from '../../../../kit/money';
import { ClaimBenefitCategory } from '../service-catalogue/benefit-category';

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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
