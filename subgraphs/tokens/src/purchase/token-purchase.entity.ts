import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';
import { tokenAmountColumn } from '../tokens';

export enum PurchaseStatus {
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  CREDITED = 'CREDITED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PurchaseStatus, {
  name: 'TokenPurchaseStatus',
  description:
    'PENDING_PAYMENT: invoiced by finance, waiting for payment; CREDITED: paid, and the tokens are in the wallet; EXPIRED: an auto top-up left unpaid too long; CANCELLED: withdrawn by staff. A payment that still arrives for an EXPIRED or CANCELLED purchase is credited.',
});

export enum PurchaseSource {
  PURCHASE = 'PURCHASE',
  SUBSCRIPTION = 'SUBSCRIPTION',
  AUTO_TOP_UP = 'AUTO_TOP_UP',
}
registerEnumType(PurchaseSource, { name: 'TokenPurchaseSource', description: 'What made the purchase: a person, a subscription period, or an auto top-up.' });

/** A package bought for a wallet, paid through finance's invoice. */
@ObjectType({ description: 'A token package bought for a wallet; finance invoices it and the tokens are credited once the invoice is paid.' })
@Entity('token_purchases')
export class TokenPurchase {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  walletId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  companyId: string;

  @Column({ type: 'uuid' })
  packageId: string;

  @Field()
  @Column({ type: 'text' })
  packageCode: string;

  @Field(() => SafeIntResolver)
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  tokens: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Field(() => PurchaseSource)
  @Column({ type: 'text' })
  source: PurchaseSource;

  @Field(() => PurchaseStatus)
  @Column({ type: 'text' })
  status: PurchaseStatus;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'For a subscription: the period bought.' })
  @Column({ type: 'date', nullable: true })
  periodStart: string | null;

  @Field(() => ID, { nullable: true, description: "Finance's invoice that was paid (finance's id)." })
  @Column({ type: 'uuid', nullable: true })
  invoiceId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  invoiceNumber: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  creditedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it expired or was cancelled unpaid.' })
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who cancelled it (system:tokens for an expiry).' })
  @Column({ type: 'text', nullable: true })
  cancelledBy: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Field(() => String, { nullable: true, description: 'A payment finance reported that did not match the price, and was not credited.' })
  @Column({ type: 'text', nullable: true })
  paymentProblem: string | null;

  @Field()
  @Column({ type: 'text' })
  createdBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
