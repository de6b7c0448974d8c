import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { tokenAmountColumn } from '../tokens';

/** When a wallet's available tokens fall below a threshold, buy a package. */
@ObjectType({ description: "Buys a package when the wallet's available tokens fall below the threshold (one pending purchase at a time)." })
@Entity('auto_top_up_policies')
export class AutoTopUpPolicy {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  walletId: string;

  @Field(() => SafeIntResolver)
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  threshold: number;

  @Column({ type: 'uuid' })
  packageId: string;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Most tokens auto top-up may buy in one calendar month; null for no cap.' })
  @Column({ type: 'bigint', nullable: true, transformer: tokenAmountColumn })
  monthlyCapTokens: number | null;

  @Field()
  @Column({ type: 'boolean' })
  enabled: boolean;

  @Field()
  @Column({ type: 'text' })
  updatedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
