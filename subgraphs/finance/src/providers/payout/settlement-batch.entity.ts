import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../../kit/money';
import { ProviderName } from '../provider';

/** What a provider paid out for one settlement window: the payments and refunds in it, its fees and the net. */
@ObjectType({ description: 'What a provider paid out for one settlement window: the payments and refunds in it, its fees and the net.' })
@Entity('provider_settlement_batches')
export class ProviderSettlementBatch {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ProviderName)
  @Column({ type: 'text' })
  provider: ProviderName;

  @Field()
  @Column({ type: 'timestamptz' })
  windowStart: Date;

  @Field({ description: 'Exclusive end of the window.' })
  @Column({ type: 'timestamptz' })
  windowEnd: Date;

  @Column({ type: 'text' })
  currency: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  paymentCount: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  refundCount: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  grossMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  feesMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  netMinor: number;

  @Field(() => LocalDateResolver, { description: 'When the provider pays the net to the bank.' })
  @Column({ type: 'date' })
  payoutDate: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  journalEntryId: string | null;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money, { description: 'Payments and unapplied receipts less refunds, less chargebacks held plus those released, in the window.' })
  get gross(): Money {
    return Money.of(this.grossMinor, this.currency);
  }

  @Field(() => Money)
  get fees(): Money {
    return Money.of(this.feesMinor, this.currency);
  }

  @Field(() => Money, { description: 'Gross less fees: what reaches the bank.' })
  get net(): Money {
    return Money.of(this.netMinor, this.currency);
  }
}
