import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../../kit/money';
import { ProviderName } from '../provider';

export enum DisputeStatus {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}
registerEnumType(DisputeStatus, { name: 'DisputeStatus', description: 'OPEN while the money is held; WON releases it, LOST reverses the payment.' });

/** A chargeback a payer raised with the card network or PayPal. */
@ObjectType({ description: 'A chargeback a payer raised with the card network or PayPal.' })
@Entity('payment_disputes')
export class PaymentDispute {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ProviderName)
  @Column({ type: 'text' })
  provider: ProviderName;

  @Field()
  @Column()
  providerDisputeId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  paymentId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  invoiceId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => DisputeStatus)
  @Column({ type: 'text' })
  status: DisputeStatus;

  @Field()
  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  openingEntryId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  closingEntryId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
