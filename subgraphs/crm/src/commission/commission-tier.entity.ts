import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { minorUnitsColumn } from '../../../../kit/money';

export enum TierBasis {
  POLICY_COUNT = 'POLICY_COUNT',
  PREMIUM = 'PREMIUM',
}
registerEnumType(TierBasis, {
  name: 'CommissionTierBasis',
  description: "What a tier's band measures: POLICY_COUNT = policies the agent sold in the month; PREMIUM = annualised premium (minor units) they wrote in the month.",
});

/** A commission rate for a product (or every product) and a band of the agent's monthly volume. */
@ObjectType({ description: "A commission rate for a product (or every product) and a band of the agent's monthly volume." })
@Entity('commission_tiers')
export class CommissionTier {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => ID, { nullable: true, description: 'The scheme (product) the tier is for; null for every product.' })
  @Column({ type: 'uuid', nullable: true })
  schemeId: string | null;

  @Field(() => TierBasis)
  @Column({ type: 'text' })
  basis: TierBasis;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  bandFrom: number;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  bandTo: number | null;

  @Field(() => Int, { description: 'Commission rate in basis points of the annual premium (1000 = 10%).' })
  @Column({ type: 'int' })
  rateBps: number;

  @Field()
  @Column()
  currency: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  effectiveFrom: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  effectiveTo: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @Field(() => String, { description: 'Lower bound of the band, inclusive (a count, or minor units of premium).' })
  get bandFromValue(): string {
    return String(this.bandFrom);
  }

  @Field(() => String, { nullable: true, description: 'Upper bound of the band, inclusive; null for no upper bound.' })
  get bandToValue(): string | null {
    return this.bandTo === null ? null : String(this.bandTo);
  }
}
