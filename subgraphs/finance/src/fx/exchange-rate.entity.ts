import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import type { ValueTransformer } from 'typeorm';
import { DecimalScalar } from '../../../../kit/money';
import { formatRate, parseRate } from './fx.rules';

/** NUMERIC comes back padded to its scale ("129.5000000000"); rates read as written ("129.5"). */
const rateColumn: ValueTransformer = {
  to: (value: string) => value,
  from: (value: string | null) => {
    const rate = value === null ? null : parseRate(value);
    return rate ? formatRate(rate) : value;
  },
};

/** How many units of `toCurrency` one unit of `fromCurrency` buys, from a day on. */
@ObjectType({ description: 'How many units of toCurrency one unit of fromCurrency buys, from effectiveFrom until the next rate of the pair.' })
@Entity('exchange_rates')
export class ExchangeRate {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'text' })
  fromCurrency: string;

  @Field()
  @Column({ type: 'text' })
  toCurrency: string;

  @Field(() => DecimalScalar, { description: 'Exact decimal, e.g. "129.5".' })
  @Column({ type: 'numeric', transformer: rateColumn })
  rate: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  effectiveFrom: string;

  @Field()
  @Column()
  recordedBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
