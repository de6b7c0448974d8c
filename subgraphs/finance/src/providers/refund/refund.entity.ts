import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../../kit/money';
import { PaymentMethod } from '../../payment/payment.entity';

export enum RefundStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(RefundStatus, {
  name: 'RefundStatus',
  description: 'PENDING while the provider is asked (its amount is reserved); COMPLETED once returned and posted; FAILED when the provider refused.',
});

/** Money returned on a payment; posted as its own ledger entry, never an edit of the payment's. */
@ObjectType({ description: 'Money returned on a payment; posted as its own ledger entry, never an edit of the payment\'s.' })
@Entity('refunds')
export class Refund {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. RFD-2026-000001.' })
  @Column()
  refundNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  paymentId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  invoiceId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Field(() => PaymentMethod)
  @Column({ type: 'text' })
  method: PaymentMethod;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field(() => String, { nullable: true, description: 'The provider\'s refund id, or the reference of a refund made by hand (M-Pesa B2C); null until completed.' })
  @Column({ type: 'text', nullable: true })
  providerRefundId: string | null;

  @Field(() => RefundStatus)
  @Column({ type: 'text' })
  status: RefundStatus;

  @Field(() => String, { nullable: true, description: 'The provider\'s reason, for a failed refund.' })
  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Field()
  @Column()
  reason: string;

  @Field()
  @Column({ type: 'timestamptz' })
  refundedAt: Date;

  @Field(() => ID, { nullable: true, description: 'The ledger entry, once completed.' })
  @Column({ type: 'uuid', nullable: true })
  journalEntryId: string | null;

  @Field()
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
