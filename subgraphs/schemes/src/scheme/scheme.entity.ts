import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum SchemeStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  RETIRED = 'RETIRED',
}
registerEnumType(SchemeStatus, {
  name: 'SchemeStatus',
  description: 'DRAFT until activated; only an ACTIVE scheme sells new policies; RETIRED is final.',
});

export enum BenefitPeriod {
  CALENDAR_YEAR = 'CALENDAR_YEAR',
  POLICY_YEAR = 'POLICY_YEAR',
}
registerEnumType(BenefitPeriod, {
  name: 'BenefitPeriod',
  description: 'When annual limits reset: on 1 January, or on each policy anniversary.',
});

/** A medical cover product. Its terms live in versions; a published version never changes. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A medical cover product. Its terms live in versions; a published version never changes.' })
@Entity('schemes')
export class Scheme {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique product code, e.g. ESSENTIAL.' })
  @Column()
  code: string;

  @Field()
  @Column()
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => SchemeStatus)
  @Column({ type: 'text' })
  status: SchemeStatus;

  @Field(() => ID, { nullable: true, description: 'The employer a group scheme is for; null when the scheme is open to all.' })
  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @Field({ description: 'ISO 4217 currency of every amount in the scheme, e.g. KES.' })
  @Column()
  currency: string;

  @Field(() => BenefitPeriod)
  @Column({ type: 'text' })
  benefitPeriod: BenefitPeriod;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
