import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { tokenAmountColumn } from '../tokens';

export enum WalletTransactionKind {
  CREDIT = 'CREDIT',
  RESERVE = 'RESERVE',
  CONSUME = 'CONSUME',
  RELEASE = 'RELEASE',
  EXPIRE = 'EXPIRE',
  ARREARS = 'ARREARS',
}
registerEnumType(WalletTransactionKind, {
  name: 'WalletTransactionKind',
  description: 'CREDIT adds to the balance (or, for an adjustment, may take away); RESERVE holds tokens; CONSUME spends held tokens; RELEASE and EXPIRE give held tokens back; ARREARS records tokens owed for a charge the wallet could not cover (paid off by a later CONSUME referenced `arrears`).',
});

export enum CreditSource {
  PURCHASE = 'PURCHASE',
  SUBSCRIPTION = 'SUBSCRIPTION',
  AUTO_TOP_UP = 'AUTO_TOP_UP',
  GRANT = 'GRANT',
  ADJUSTMENT = 'ADJUSTMENT',
}
registerEnumType(CreditSource, { name: 'TokenCreditSource', description: 'Where credited tokens came from.' });

/** One movement of a wallet's tokens, with the wallet's state after it. Append-only. */
@ObjectType({ description: "One movement of a wallet's tokens, with the balance and reserve after it. The history is append-only." })
@Entity('wallet_transactions')
export class WalletTransaction {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  walletId: string;

  @Field(() => WalletTransactionKind)
  @Column({ type: 'text' })
  kind: WalletTransactionKind;

  @Field(() => CreditSource, { nullable: true, description: 'For a CREDIT: where the tokens came from.' })
  @Column({ type: 'text', nullable: true })
  source: CreditSource | null;

  @Field(() => SafeIntResolver, { description: 'Tokens moved (negative only for an adjustment that takes tokens away).' })
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  amount: number;

  @Field(() => SafeIntResolver)
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  balanceAfter: number;

  @Field(() => SafeIntResolver)
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  reservedAfter: number;

  @Field(() => String, { nullable: true, description: 'What caused it: a purchase, a reservation, a claim.' })
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Field(() => String, { nullable: true, description: 'Why, for grants and adjustments.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field({ description: 'Who moved the tokens (a user id, or system:<domain>).' })
  @Column({ type: 'text' })
  actorId: string;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
