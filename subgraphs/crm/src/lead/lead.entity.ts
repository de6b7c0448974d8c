import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Money, minorUnitsColumn } from '../../../../kit/money';

export enum LeadStatus {
  NEW = 'NEW',
  CONTACTED = 'CONTACTED',
  QUALIFIED = 'QUALIFIED',
  CONVERTED = 'CONVERTED',
  DISQUALIFIED = 'DISQUALIFIED',
}
registerEnumType(LeadStatus, { name: 'LeadStatus', description: 'NEW → CONTACTED → QUALIFIED → CONVERTED; DISQUALIFIED (with a reason) from any open status.' });

export enum LeadSource {
  REFERRAL = 'REFERRAL',
  WEBSITE = 'WEBSITE',
  EVENT = 'EVENT',
  COLD_CALL = 'COLD_CALL',
  PARTNER = 'PARTNER',
}
registerEnumType(LeadSource, { name: 'LeadSource' });

export enum ProductInterest {
  ESSENTIAL = 'ESSENTIAL',
  COMPREHENSIVE = 'COMPREHENSIVE',
  PREMIER = 'PREMIER',
  UNDECIDED = 'UNDECIDED',
}
registerEnumType(ProductInterest, { name: 'ProductInterest', description: 'The product tier a lead asked about.' });

/** A prospective customer: a company (or family) a sales agent works towards a policy. */
@ObjectType({ description: 'A prospective customer a sales agent works towards a policy.' })
@Entity('leads')
export class Lead {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  contactName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  companyName: string | null;

  @Field(() => Int, { description: 'People to cover (1 for an individual).' })
  @Column({ type: 'int' })
  employeeCount: number;

  @Field({ description: 'The Kenyan county the lead is in.' })
  @Column()
  region: string;

  @Field(() => LeadSource)
  @Column({ type: 'text' })
  source: LeadSource;

  @Field(() => ProductInterest)
  @Column({ type: 'text' })
  productInterest: ProductInterest;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  budgetMinor: number | null;

  @Column()
  currency: string;

  @Field(() => LeadStatus)
  @Column({ type: 'text' })
  status: LeadStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  disqualificationReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The agent working the lead; null when no territory covers its region.' })
  @Column({ type: 'uuid', nullable: true })
  agentId: string | null;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  receivedOn: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  convertedOn: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastContactedAt: Date | null;

  @Field({ description: 'Whether the lead agreed to direct marketing (Data Protection Act): nurture campaigns reach only those who did.' })
  @Column({ default: false })
  marketingConsent: boolean;

  @Field(() => Date, { nullable: true, description: 'When the consent (or its withdrawal) was last recorded.' })
  @Column({ type: 'timestamptz', nullable: true })
  marketingConsentAt: Date | null;

  /** Goes up by one each time consent is recorded, so consumers keep the newest. */
  @Column({ type: 'int', default: 0 })
  consentVersion: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @Field(() => Money, { nullable: true, description: 'What the customer said they can spend on premiums a year.' })
  get budget(): Money | null {
    return this.budgetMinor === null ? null : Money.of(this.budgetMinor, this.currency);
  }
}
