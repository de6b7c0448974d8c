import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';

/** A quality accreditation (SafeCare, ISO 15189...). Never edited: a renewal is a new accreditation. */
@ObjectType({ description: 'A quality accreditation, e.g. SafeCare level 4 or ISO 15189.' })
@Entity('provider_accreditations')
export class ProviderAccreditation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  providerId: string;

  @Field({ description: 'The accrediting scheme or body, e.g. SafeCare, KENAS.' })
  @Column()
  body: string;

  @Field(() => String, { nullable: true, description: 'Level or standard, e.g. "Level 4" or "ISO 15189".' })
  @Column({ type: 'text', nullable: true })
  level: string | null;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  awardedOn: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day it is valid; null when it does not expire.' })
  @Column({ type: 'date', nullable: true })
  expiresOn: string | null;

  @Field()
  @Column()
  recordedBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
