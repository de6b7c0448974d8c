import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum SubscriptionPeriod {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  ANNUAL = 'ANNUAL',
}
registerEnumType(SubscriptionPeriod, { name: 'TokenSubscriptionPeriod' });

export enum SubscriptionStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SubscriptionStatus, { name: 'TokenSubscriptionStatus', description: 'CANCELLED subscriptions buy no further periods.' });

/** A wallet buying a package every period. */
@ObjectType({ description: 'A wallet buying a package at the start of every period.' })
@Entity('token_subscriptions')
export class TokenSubscription {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  walletId: string;

  @Column({ type: 'uuid' })
  packageId: string;

  @Field(() => SubscriptionPeriod)
  @Column({ type: 'text' })
  period: SubscriptionPeriod;

  @Field(() => SubscriptionStatus)
  @Column({ type: 'text' })
  status: SubscriptionStatus;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  startDate: string;

  @Field(() => LocalDateResolver, { description: 'The next period to be bought (meaningless once cancelled).' })
  @Column({ type: 'date' })
  nextPeriodStart: string;

  @Field()
  @Column({ type: 'text' })
  createdBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  cancelledBy: string | null;
}
