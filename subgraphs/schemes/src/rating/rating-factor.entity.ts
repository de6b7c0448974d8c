import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { formatBasisPoints } from '../amounts';

export enum RatingFactorType {
  AGE_BAND = 'AGE_BAND',
  GENDER = 'GENDER',
  REGION = 'REGION',
  COVER_LEVEL = 'COVER_LEVEL',
  LIFESTYLE = 'LIFESTYLE',
  FAMILY_SIZE = 'FAMILY_SIZE',
}
registerEnumType(RatingFactorType, {
  name: 'RatingFactorType',
  description: 'What a rating factor depends on. Factors apply in this order: age band, gender, region, cover level, lifestyle, family size.',
});

/** One row of a version's rating table: a value (or band) and its premium multiplier. */
@ObjectType({ description: "One row of a version's rating table: a value or band of values and its premium multiplier." })
@Entity('rating_factors')
export class RatingFactor {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  versionId: string;

  @Field(() => RatingFactorType)
  @Column({ type: 'text' })
  type: RatingFactorType;

  @Field({ description: 'The value matched (FEMALE, Nairobi, ENHANCED, SMOKER) or the band\'s label (36-50).' })
  @Column()
  value: string;

  @Field(() => Int, { nullable: true, description: 'Lowest age or family size of a band (inclusive).' })
  @Column({ type: 'int', nullable: true })
  minValue: number | null;

  @Field(() => Int, { nullable: true, description: 'Highest age or family size of a band (inclusive); null when open-ended.' })
  @Column({ type: 'int', nullable: true })
  maxValue: number | null;

  @Field(() => Int, { description: 'Premium multiplier in basis points: 10000 is ×1.0, 13000 is ×1.3.' })
  @Column({ type: 'int' })
  multiplierBps: number;

  @Column({ type: 'int' })
  position: number;

  @Field({ description: 'The multiplier as an exact decimal, e.g. "1.3000".' })
  get multiplier(): string {
    return formatBasisPoints(this.multiplierBps);
  }
}
