import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { Money, minorUnitsColumn } from '../../../../kit/money';

export enum SchemeVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(SchemeVersionStatus, {
  name: 'SchemeVersionStatus',
  description: 'A DRAFT can be edited; a PUBLISHED version is immutable and can be sold.',
});

/** One edition of a scheme's terms: overall limits, benefits and rating. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "One edition of a scheme's terms: overall limits, benefits and rating. Immutable once published." })
@Entity('scheme_versions')
export class SchemeVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  schemeId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  versionNumber: number;

  @Field(() => SchemeVersionStatus)
  @Column({ type: 'text' })
  status: SchemeVersionStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'First day these terms apply (set when published).' })
  @Column({ type: 'date', nullable: true })
  effectiveFrom: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day these terms apply; null when open-ended.' })
  @Column({ type: 'date', nullable: true })
  effectiveTo: string | null;

  @Field()
  @Column()
  currency: string;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  baseMonthlyPremiumMinor: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  overallAnnualLimitPerPersonMinor: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  overallAnnualLimitPerFamilyMinor: number | null;

  @Field(() => [String], { description: 'Provider networks whose providers the scheme pays; empty for any provider.' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allowedNetworkCodes: string[];

  @Field({ description: 'Whether a claim scored as critical fraud risk is denied automatically (otherwise it is pended for review).' })
  @Column({ default: false })
  autoDenyCriticalRisk: boolean;

  @Field(() => String, { nullable: true, description: 'What changed from the previous version.' })
  @Column({ type: 'text', nullable: true })
  changeSummary: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who published the version.' })
  @Column({ type: 'text', nullable: true })
  publishedBy: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Money, { nullable: true, description: 'Most the scheme pays for one person in a benefit period, over all benefits.' })
  get overallAnnualLimitPerPerson(): Money | null {
    return this.overallAnnualLimitPerPersonMinor === null ? null : Money.of(this.overallAnnualLimitPerPersonMinor, this.currency);
  }

  @Field(() => Money, { nullable: true, description: 'Most the scheme pays for one family in a benefit period, over all benefits.' })
  get overallAnnualLimitPerFamily(): Money | null {
    return this.overallAnnualLimitPerFamilyMinor === null ? null : Money.of(this.overallAnnualLimitPerFamilyMinor, this.currency);
  }
}
