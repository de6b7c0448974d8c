import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';

export enum SettlementStatus {
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  PAID = 'PAID',
  REVERSED = 'REVERSED',
  REJECTED = 'REJECTED',
}
registerEnumType(SettlementStatus, {
  name: 'SettlementStatus',
  description: 'PENDING_PAYMENT: owed to the provider and booked as claims payable; PAID: paid to the provider; REVERSED: the claim was reversed and so was the entry; REJECTED: it could not be posted.',
});

/** What finance owes a provider for one approved claim. */
@ObjectType({ description: 'What finance owes a provider for one approved claim, booked as claims payable until it is paid.' })
@Entity('settlements')
export class Settlement {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. STL-2026-000001.' })
  @Column()
  settlementNumber: string;

  @Field(() => ID, { description: 'The claim settled (owned by the claims subgraph); one settlement per claim.' })
  @Column({ type: 'uuid' })
  claimId: string;

  @Field()
  @Column()
  claimNumber: string;

  @Field(() => ID, { nullable: true, description: 'The provider paid (owned by the providers subgraph); null only on a rejected settlement.' })
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Field(() => ID, { nullable: true, description: 'The member treated.' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Field({ description: 'ISO 4217 currency of the amount, as the claim was decided.' })
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field(() => SettlementStatus)
  @Column({ type: 'text' })
  status: SettlementStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The weekly payment batch the settlement is paid in; null when rejected.' })
  @Column({ type: 'date', nullable: true })
  batchDate: string | null;

  @Field({ description: 'When the claim was decided.' })
  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the care was given: the claim is incurred on this day.' })
  @Column({ type: 'date', nullable: true })
  serviceDate: string | null;

  @Field(() => ID, { nullable: true, description: 'The journal entry that booked the settlement.' })
  @Column({ type: 'uuid', nullable: true })
  journalEntryId: string | null;

  @Field(() => ID, { nullable: true, description: 'The journal entry that reversed it, once the claim was reversed.' })
  @Column({ type: 'uuid', nullable: true })
  reversalEntryId: string | null;

  @Field(() => String, { nullable: true, description: 'Why the settlement could not be posted.' })
  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  @Field(() => String, { nullable: true, description: 'Why the claim was reversed.' })
  @Column({ type: 'text', nullable: true })
  reversalReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  reversedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was paid to the provider.' })
  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The reference of the provider payment batch it was paid in.' })
  @Column({ type: 'text', nullable: true })
  paymentReference: string | null;

  @Field(() => ID, { nullable: true, description: 'The journal entry of that payment (Dr Claims payable / Cr Bank).' })
  @Column({ type: 'uuid', nullable: true })
  paymentEntryId: string | null;

  @Column({ type: 'text', nullable: true })
  paidBy: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @Field(() => Money, { description: 'What the scheme pays the provider for the claim.' })
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
