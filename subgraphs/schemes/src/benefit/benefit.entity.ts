import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Money, minorUnitsColumn } from '../../../../kit/money';
import { Gender } from '../gender';

export enum BenefitCategory {
  INPATIENT = 'INPATIENT',
  OUTPATIENT = 'OUTPATIENT',
  MATERNITY = 'MATERNITY',
  DENTAL = 'DENTAL',
  OPTICAL = 'OPTICAL',
  CHRONIC = 'CHRONIC',
  MENTAL_HEALTH = 'MENTAL_HEALTH',
  EMERGENCY = 'EMERGENCY',
  EVACUATION = 'EVACUATION',
  WELLNESS = 'WELLNESS',
  LAST_EXPENSE = 'LAST_EXPENSE',
}
registerEnumType(BenefitCategory, { name: 'BenefitCategory', description: 'The kind of care a benefit pays for.' });

export enum BenefitLimitBasis {
  PER_PERSON = 'PER_PERSON',
  PER_FAMILY = 'PER_FAMILY',
}
registerEnumType(BenefitLimitBasis, {
  name: 'BenefitLimitBasis',
  description: 'Whether the annual limit is for each covered person or shared by the family on the policy.',
});

export enum BenefitQuantityUnit {
  VISIT = 'VISIT',
  ITEM = 'ITEM',
  DAY = 'DAY',
  SESSION = 'SESSION',
}
registerEnumType(BenefitQuantityUnit, { name: 'BenefitQuantityUnit', description: 'What a quantity limit counts.' });

/** What a scheme version pays for one kind of care, and on which terms. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'What a scheme version pays for one kind of care, with its limits, cost sharing and restrictions.' })
@Entity('benefits')
export class Benefit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The scheme version these terms belong to.' })
  @Column({ type: 'uuid' })
  versionId: string;

  @Field({ description: 'Unique within the version, e.g. INPATIENT.' })
  @Column()
  code: string;

  @Field()
  @Column()
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => BenefitCategory)
  @Column({ type: 'text' })
  category: BenefitCategory;

  @Field(() => BenefitLimitBasis)
  @Column({ type: 'text' })
  limitBasis: BenefitLimitBasis;

  @Column()
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  annualLimitMinor: number;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  perVisitLimitMinor: number | null;

  @Field(() => Int, { description: "Days from the member's cover start before this benefit can be used." })
  @Column({ type: 'int' })
  waitingPeriodDays: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  deductibleMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  copayMinor: number;

  @Field(() => Int, { description: 'Share of the eligible amount the member pays, in basis points (2000 = 20%).' })
  @Column({ type: 'int' })
  coinsuranceBps: number;

  @Field()
  @Column()
  requiresPreauthorisation: boolean;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  preauthorisationThresholdMinor: number | null;

  @Field(() => Int, { nullable: true, description: 'Youngest age covered, in whole years.' })
  @Column({ type: 'int', nullable: true })
  minAge: number | null;

  @Field(() => Int, { nullable: true, description: 'Oldest age covered, in whole years.' })
  @Column({ type: 'int', nullable: true })
  maxAge: number | null;

  @Field(() => Gender, { nullable: true, description: 'Covered only for this gender; null for everyone.' })
  @Column({ type: 'text', nullable: true })
  gender: Gender | null;

  @Field(() => [String], { description: 'Provider networks where the benefit can be used; empty for any provider.' })
  @Column({ type: 'text', array: true })
  networkCodes: string[];

  @Field(() => [String], { description: 'What the benefit does not pay for.' })
  @Column({ type: 'text', array: true })
  exclusions: string[];

  /** Display order within the version. */
  @Column({ type: 'int' })
  position: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Money, { description: 'Most paid under this benefit in a benefit period (per person or per family, see limitBasis).' })
  get annualLimit(): Money {
    return Money.of(this.annualLimitMinor, this.currency);
  }

  @Field(() => Money, { nullable: true, description: 'Most paid for one visit; null when only the annual limit applies.' })
  get perVisitLimit(): Money | null {
    return this.perVisitLimitMinor === null ? null : Money.of(this.perVisitLimitMinor, this.currency);
  }

  @Field(() => Money, { description: 'What the member pays first in each benefit period before the scheme pays.' })
  get deductible(): Money {
    return Money.of(this.deductibleMinor, this.currency);
  }

  @Field(() => Money, { description: 'Fixed amount the member pays per visit.' })
  get copay(): Money {
    return Money.of(this.copayMinor, this.currency);
  }

  @Field(() => Money, {
    nullable: true,
    description: 'Claims at or above this amount need pre-authorisation; null with requiresPreauthorisation means every claim does.',
  })
  get preauthorisationThreshold(): Money | null {
    return this.preauthorisationThresholdMinor === null ? null : Money.of(this.preauthorisationThresholdMinor, this.currency);
  }
}

/** A narrower cap inside a benefit, for one service category or code (e.g. room and board). */
@ObjectType({ description: 'A narrower cap inside a benefit, for one service category or service code.' })
@Entity('benefit_sub_limits')
export class BenefitSubLimit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  benefitId: string;

  @Field()
  @Column()
  name: string;

  @Field(() => String, { nullable: true, description: 'Service category the cap applies to, e.g. PHARMACY.' })
  @Column({ type: 'text', nullable: true })
  serviceCategory: string | null;

  @Field(() => String, { nullable: true, description: 'Service or procedure code the cap applies to.' })
  @Column({ type: 'text', nullable: true })
  serviceCode: string | null;

  @Column()
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  limitMinor: number;

  @Column({ type: 'int' })
  position: number;

  @Field(() => Money)
  get limit(): Money {
    return Money.of(this.limitMinor, this.currency);
  }
}

/** How many units (visits, items, days, sessions) a benefit covers in a window. */
@ObjectType({ description: 'How many visits, items, days or sessions a benefit covers in a window.' })
@Entity('benefit_quantity_limits')
export class BenefitQuantityLimit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  benefitId: string;

  @Field(() => BenefitQuantityUnit)
  @Column({ type: 'text' })
  unit: BenefitQuantityUnit;

  @Field(() => Int)
  @Column({ type: 'int' })
  maxQuantity: number;

  @Field(() => Int, { nullable: true, description: 'Length of the rolling window in days; null for once per benefit period.' })
  @Column({ type: 'int', nullable: true })
  perDays: number | null;

  @Field(() => String, { nullable: true, description: 'Only services of this category count, e.g. CONSULTATION; null with no serviceCode for every service of the benefit.' })
  @Column({ type: 'text', nullable: true })
  serviceCategory: string | null;

  @Field(() => String, { nullable: true, description: 'Only this service or procedure code counts.' })
  @Column({ type: 'text', nullable: true })
  serviceCode: string | null;

  @Column({ type: 'int' })
  position: number;
}
