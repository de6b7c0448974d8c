import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../../kit/money';
import { PaymentMethod } from '../../payment/payment.entity';

export enum UnappliedReceiptStatus {
  UNAPPLIED = 'UNAPPLIED',
  ALLOCATED = 'ALLOCATED',
}
registerEnumType(UnappliedReceiptStatus, {
  name: 'UnappliedReceiptStatus',
  description: 'UNAPPLIED while the money waits in unapplied cash; ALLOCATED once it paid an invoice.',
});

/** Money received that its invoice no longer took (paid or voided since, or another payment got there first), held as unapplied cash. */
@ObjectType({ description: 'Money received that its invoice no longer took, held as unapplied cash until a finance officer allocates it.' })
@Entity('unapplied_receipts')
export class UnappliedReceipt {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => PaymentMethod)
  @Column({ type: 'text' })
  method: PaymentMethod;

  @Field({ description: 'The provider\'s reference of the money (M-Pesa receipt, Stripe PaymentIntent, PayPal capture).' })
  @Column()
  externalReference: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field()
  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  payerPhone: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Field(() => ID, { nullable: true, description: 'The invoice the payer meant to pay.' })
  @Column({ type: 'uuid', nullable: true })
  intendedInvoiceId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  intentId: string | null;

  @Field({ description: 'Why the invoice did not take it, e.g. INVOICE_NOT_PAYABLE, MORE_THAN_DUE.' })
  @Column()
  reason: string;

  @Field(() => UnappliedReceiptStatus)
  @Column({ type: 'text' })
  status: UnappliedReceiptStatus;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  receiptEntryId: string;

  @Field(() => ID, { nullable: true, description: 'The payment it became when allocated.' })
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  resolvedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
