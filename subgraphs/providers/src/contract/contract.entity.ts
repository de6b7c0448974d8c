import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';

export enum ContractStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  TERMINATED = 'TERMINATED',
}
registerEnumType(ContractStatus, { name: 'ContractStatus', description: 'DRAFT → ACTIVE → TERMINATED.' });

/**
 * The prices agreed with a provider for a period. Its terms and tariffs never change once it is
 * active: new prices are a new revision of the contract, in force from a later day, and the
 * revision it replaces ends the day before (it stays ACTIVE for its own days). So the price
 * agreed for any past day stays answerable.
 */
@ObjectType({ description: 'The prices agreed with a provider for a period. New prices make a new revision; earlier ones are kept.' })
@Entity('provider_contracts')
export class ProviderContract {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Shared by every revision of the same agreement, e.g. PC-2026-00042.' })
  @Column()
  contractNumber: string;

  @Field(() => Int, { description: '1 for the original agreement, then one more for each tariff revision.' })
  @Column({ type: 'int' })
  revision: number;

  @Field(() => ID, { nullable: true, description: 'The revision this one replaced.' })
  @Column({ type: 'uuid', nullable: true })
  supersedesId: string | null;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  providerId: string;

  @Field(() => ContractStatus)
  @Column({ type: 'text' })
  status: ContractStatus;

  @Field(() => LocalDateResolver, { description: 'First day the prices apply.' })
  @Column({ type: 'date' })
  validFrom: string;

  @Field(() => LocalDateResolver, { description: 'Last day the prices apply as agreed.' })
  @Column({ type: 'date' })
  validTo: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Last day the prices apply, when cut short: by a termination, or by a later revision taking over.',
  })
  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Field(() => String, { nullable: true, description: 'Why the prices end on endDate.' })
  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @Field({ description: 'ISO 4217 currency of every tariff.' })
  @Column()
  currency: string;

  @Field()
  @Column()
  createdBy: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  activatedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  terminatedBy: string | null;

  @Field(() => Int, { description: 'Goes up by one with every change (carried on providers.contract.changed events).' })
  @Column({ type: 'int' })
  version: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
