import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ProviderType {
  HOSPITAL = 'HOSPITAL',
  CLINIC = 'CLINIC',
  PHARMACY = 'PHARMACY',
  LABORATORY = 'LABORATORY',
  DENTAL = 'DENTAL',
  OPTICAL = 'OPTICAL',
  IMAGING = 'IMAGING',
  PHYSIOTHERAPY = 'PHYSIOTHERAPY',
}
registerEnumType(ProviderType, { name: 'ProviderType', description: 'What kind of facility a provider is.' });

export enum ProviderStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}
registerEnumType(ProviderStatus, { name: 'ProviderStatus', description: 'Whether a provider is trading with the insurer.' });

/** A facility that treats members and bills the insurer: a hospital, clinic, pharmacy, laboratory... */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A facility that treats members and bills the insurer: a hospital, clinic, pharmacy, laboratory...' })
@Entity('providers')
export class Provider {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field({ description: 'Facility registration number (Kenya Master Health Facility List code); unique.' })
  @Column()
  registrationNumber: string;

  @Field(() => ProviderType)
  @Column({ type: 'text' })
  type: ProviderType;

  @Field({ description: 'One of the 47 counties of Kenya.' })
  @Column()
  county: string;

  @Field(() => String, { nullable: true, description: 'Street, building and town.' })
  @Column({ type: 'text', nullable: true })
  physicalAddress: string | null;

  @Field()
  @Column()
  email: string;

  @Field({ description: 'E.164, e.g. +254202000000.' })
  @Column()
  phone: string;

  @Field(() => String, { nullable: true, description: 'Who the insurer deals with at the provider (e.g. the medical director).' })
  @Column({ type: 'text', nullable: true })
  contactPerson: string | null;

  @Field(() => ProviderStatus)
  @Column({ type: 'text' })
  status: ProviderStatus;

  @Field({ description: 'Blacklisted now; see history for when and why.' })
  @Column({ type: 'boolean' })
  blacklisted: boolean;

  @Field(() => Int, { description: 'Goes up by one with every change (carried on providers.provider.changed events).' })
  @Column({ type: 'int' })
  version: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
