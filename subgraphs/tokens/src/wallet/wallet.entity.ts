import { SafeIntResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { tokenAmountColumn } from '../tokens';

/** An organisation's tokens: what it holds, and what metered operations have reserved of it. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "An organisation's token wallet. `available = balance - reserved`; never negative." })
@Entity('token_wallets')
export class TokenWallet {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID, { description: 'The employer group (a members subgraph `Company`).' })
  @Column({ type: 'uuid' })
  companyId: string;

  @Field(() => SafeIntResolver, { description: 'Tokens held, including reserved ones.' })
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  balance: number;

  @Field(() => SafeIntResolver, { description: 'Tokens held for metered operations in progress.' })
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  reserved: number;

  @Field(() => SafeIntResolver, {
    description: 'Tokens owed for operations charged when the wallet could not cover them; paid off from the next tokens that become available.',
  })
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  arrears: number;

  @Column({ type: 'text' })
  createdBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => SafeIntResolver, { description: 'Tokens a new metered operation can reserve: balance - reserved.' })
  get available(): number {
    return this.balance - this.reserved;
  }
}
