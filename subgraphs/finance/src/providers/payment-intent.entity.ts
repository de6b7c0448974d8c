import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../kit/money';
import { ProviderName } from './provider';

export enum PaymentIntentStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PaymentIntentStatus, {
  name: 'PaymentIntentStatus',
  description: 'PENDING until the provider reports the payment; SUCCEEDED once it is recorded as a payment.',
});

/** A payment started with a provider for an invoice, awaiting the provider's word. */
@ObjectType({ description: 'A payment started with a provider for an invoice, awaiting the provider\'s word.' })
@Entity('payment_intents')
export class PaymentIntent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ProviderName)
  @Column({ type: 'text' })
  provider: ProviderName;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  invoiceId: string;

  @Field(() => ID, { nullable: true, description: 'The billed member of the invoice.' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field(() => String, {
    nullable: true,
    description: 'The provider\'s id of the request: M-Pesa CheckoutRequestID, Stripe PaymentIntent id or PayPal order id.',
  })
  @Column({ type: 'text', nullable: true })
  providerRequestId: string | null;

  /** M-Pesa's MerchantRequestID, checked again on the callback. */
  @Column({ type: 'text', nullable: true })
  providerAccountId: string | null;

  /** Stripe's client secret or PayPal's approval link, for the payer's client only. */
  @Column({ type: 'text', nullable: true })
  clientSecret: string | null;

  @Field(() => String, { nullable: true, description: 'The phone asked to pay (M-Pesa), E.164.' })
  @Column({ type: 'text', nullable: true })
  payerPhone: string | null;

  @Field(() => PaymentIntentStatus)
  @Column({ type: 'text' })
  status: PaymentIntentStatus;

  @Field(() => String, { nullable: true, description: 'The provider\'s reason, for a failed payment.' })
  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The payment recorded when the provider confirmed it.' })
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'text' })
  idempotencyKey: string;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
