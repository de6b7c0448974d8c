import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../kit/money';

export enum PaymentMethod {
  MPESA = 'MPESA',
  CARD = 'CARD',
  PAYPAL = 'PAYPAL',
  BANK_TRANSFER = 'BANK_TRANSFER',
}
registerEnumType(PaymentMethod, { name: 'PaymentMethod', description: 'How money reached us.' });

export enum PaymentStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description: 'COMPLETED payments count towards an invoice; PENDING and FAILED are for payments started with a provider.',
});

/** Money received against an invoice. Recorded once per provider reference. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'Money received against an invoice. Recorded once per provider reference.' })
@Entity('payments')
export class Payment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. PAY-2026-000001.' })
  @Column()
  paymentNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  invoiceId: string;

  @Field(() => ID, { nullable: true, description: 'The member whose account the payment is credited to (the invoice\'s billed member); null when a company is billed.' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field(() => PaymentMethod)
  @Column({ type: 'text' })
  method: PaymentMethod;

  @Field({ description: 'The provider\'s reference (M-Pesa receipt number, card charge id, bank reference); unique per method.' })
  @Column()
  externalReference: string;

  @Field({ description: 'When the provider says the money was received.' })
  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Field(() => String, { nullable: true, description: 'E.164 phone number that paid (M-Pesa).' })
  @Column({ type: 'text', nullable: true })
  payerPhone: string | null;

  @Field(() => PaymentStatus)
  @Column({ type: 'text' })
  status: PaymentStatus;

  @Field({ description: 'Who recorded the payment (a clerk, or the provider callback).' })
  @Column()
  recordedBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
