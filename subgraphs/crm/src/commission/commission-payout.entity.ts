import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Money, minorUnitsColumn } from '../../../../kit/money';

export enum PayoutStatus {
  APPROVED = 'APPROVED',
  PAID = 'PAID',
}
registerEnumType(PayoutStatus, { name: 'CommissionPayoutStatus', description: 'APPROVED: sent to finance to pay; PAID: finance paid it.' });

/** The net commission of an agent's period, approved for finance to pay. */
@ObjectType({ description: "The net commission of an agent's period, approved for finance to pay." })
@Entity('commission_payouts')
export class CommissionPayout {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. CPO-2026-000001.' })
  @Column()
  payoutNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  agentId: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodEnd: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Column()
  currency: string;

  @Field(() => PayoutStatus)
  @Column({ type: 'text' })
  status: PayoutStatus;

  @Field()
  @Column()
  approvedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  approvedAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  bankReference: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  paidAmountMinor: number | null;

  @Column({ type: 'text', nullable: true })
  paidCurrency: string | null;

  @Field({ description: 'Finance paid another amount or currency than approved: someone must reconcile the difference.' })
  @Column({ default: false })
  amountMismatch: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }

  @Field(() => Money, { nullable: true, description: 'What finance says it paid; null until PAID (or when its amount was unreadable).' })
  get paidAmount(): Money | null {
    return this.paidAmountMinor === null || this.paidCurrency === null ? null : Money.of(this.paidAmountMinor, this.paidCurrency);
  }
}
