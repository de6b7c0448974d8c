import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { Money, minorUnitsColumn } from '../../../../kit/money';

export enum PolicyStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(PolicyStatus, {
  name: 'PolicyStatus',
  description: 'PENDING until activated; SUSPENDED cover pays no claims; CANCELLED and EXPIRED are final.',
});

export enum PolicyBillingFrequency {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  ANNUAL = 'ANNUAL',
}
registerEnumType(PolicyBillingFrequency, { name: 'PolicyBillingFrequency', description: 'How often the premium is billed.' });

/** Months in one billing period. */
export const MONTHS_PER_PERIOD: Record<PolicyBillingFrequency, number> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  ANNUAL: 12,
};

/** Who is covered by which scheme version, for which period, at which premium. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'Who is covered by which scheme version, for which period, at which premium.' })
@Entity('policies')
export class Policy {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. POL-2026-00042.' })
  @Column()
  policyNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  schemeId: string;

  @Field(() => ID, { description: 'The published version the policy was sold on; its terms apply for the whole period.' })
  @Column({ type: 'uuid' })
  schemeVersionId: string;

  @Field(() => ID, { description: 'The principal who holds the policy.' })
  @Column({ type: 'uuid' })
  holderMemberId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  startDate: string;

  @Field(() => LocalDateResolver, { description: 'Last day of the contracted period.' })
  @Column({ type: 'date' })
  endDate: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'For a cancelled policy, the last day of cover.' })
  @Column({ type: 'date', nullable: true })
  cancellationDate: string | null;

  @Field(() => PolicyStatus)
  @Column({ type: 'text' })
  status: PolicyStatus;

  @Field(() => ID, { nullable: true, description: 'The sales agent (a crm agent id) who sold the policy, when one did.' })
  @Column({ type: 'uuid', nullable: true })
  salesAgentId: string | null;

  @Field({ description: 'True while the policy is suspended because premiums went unpaid past the grace period.' })
  @Column({ default: false })
  premiumInArrears: boolean;

  @Field(() => PolicyBillingFrequency)
  @Column({ type: 'text' })
  billingFrequency: PolicyBillingFrequency;

  @Column()
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  premiumMinor: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Grows with every change (status, premium, covered members), so event consumers can drop stale ones. */
  @VersionColumn()
  version: number;

  @Field(() => Money, { description: 'Premium per billing period.' })
  get premium(): Money {
    return Money.of(this.premiumMinor, this.currency);
  }
}
