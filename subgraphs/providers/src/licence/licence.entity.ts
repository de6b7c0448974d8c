import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { HealthRegulator } from '../regulator';

/** A licence to operate, for a period. Never edited: a renewal is a new licence. */
@ObjectType({ description: 'A licence to operate for a period (both days inclusive). A renewal is a new licence.' })
@Entity('provider_licences')
export class ProviderLicence {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  providerId: string;

  @Field(() => HealthRegulator)
  @Column({ type: 'text' })
  issuingBody: HealthRegulator;

  @Field({ description: 'The licence number; unique per issuing body.' })
  @Column()
  number: string;

  @Field(() => LocalDateResolver, { description: 'First day the licence covers.' })
  @Column({ type: 'date' })
  validFrom: string;

  @Field(() => LocalDateResolver, { description: 'Last day the licence covers.' })
  @Column({ type: 'date' })
  validTo: string;

  @Field({ description: 'Who recorded it.' })
  @Column()
  recordedBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
