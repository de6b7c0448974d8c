import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';

export enum JournalSourceType {
  PREMIUM_INVOICE = 'PREMIUM_INVOICE',
  INVOICE_VOID = 'INVOICE_VOID',
  PAYMENT = 'PAYMENT',
  CLAIM_SETTLEMENT = 'CLAIM_SETTLEMENT',
  CLAIM_SETTLEMENT_REVERSAL = 'CLAIM_SETTLEMENT_REVERSAL',
  PAYMENT_REFUND = 'PAYMENT_REFUND',
  DISPUTE_OPENED = 'DISPUTE_OPENED',
  DISPUTE_WON = 'DISPUTE_WON',
  DISPUTE_LOST = 'DISPUTE_LOST',
  PROVIDER_PAYOUT = 'PROVIDER_PAYOUT',
  UNAPPLIED_RECEIPT = 'UNAPPLIED_RECEIPT',
  UNAPPLIED_ALLOCATION = 'UNAPPLIED_ALLOCATION',
  CREDIT_NOTE = 'CREDIT_NOTE',
  TOKEN_PURCHASE_INVOICE = 'TOKEN_PURCHASE_INVOICE',
  COMMISSION_ACCRUAL = 'COMMISSION_ACCRUAL',
  COMMISSION_PAYMENT = 'COMMISSION_PAYMENT',
  SETTLEMENT_PAYMENT = 'SETTLEMENT_PAYMENT',
}
registerEnumType(JournalSourceType, { name: 'JournalSourceType', description: 'The business event a journal entry records.' });

/** A balanced posting to the general ledger. Never edited: a correction is a new entry. */
@ObjectType({ description: 'A balanced posting to the general ledger. Never edited: a correction is a new entry.' })
@Entity('journal_entries')
export class JournalEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. JE-00000001, in posting order.' })
  @Column()
  entryNumber: string;

  @Field(() => LocalDateResolver, { description: 'The accounting date of the entry.' })
  @Column({ type: 'date' })
  entryDate: string;

  @Field({ description: 'When the entry was written to the ledger.' })
  @Column({ type: 'timestamptz' })
  postedAt: Date;

  @Field()
  @Column()
  description: string;

  @Field(() => JournalSourceType)
  @Column({ type: 'text' })
  sourceType: JournalSourceType;

  @Field(() => ID, { description: 'The invoice, payment, settlement, ... that the entry records.' })
  @Column({ type: 'uuid' })
  sourceId: string;

  @Field(() => ID, { nullable: true, description: 'The entry this one reverses, for reversals.' })
  @Column({ type: 'uuid', nullable: true })
  reversesEntryId: string | null;

  @Field()
  @Column()
  postedBy: string;
}
