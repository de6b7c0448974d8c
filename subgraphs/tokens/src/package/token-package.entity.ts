import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../kit/money';
import { tokenAmountColumn } from '../tokens';

/** A number of tokens sold at a price. */
@ObjectType({ description: 'A number of tokens sold at a price; inactive packages can no longer be bought or subscribed to.' })
@Entity('token_packages')
export class TokenPackage {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field({ description: 'Unique, upper case, e.g. CLAIMS-1000.' })
  @Column({ type: 'text' })
  code: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => SafeIntResolver)
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  tokens: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  priceMinor: number;

  @Field({ description: 'ISO 4217 currency of the price.' })
  @Column({ type: 'text' })
  currency: string;

  @Field()
  @Column({ type: 'boolean' })
  active: boolean;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Money)
  get price(): Money {
    return Money.of(this.priceMinor, this.currency);
  }
}
