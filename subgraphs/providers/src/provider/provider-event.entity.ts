import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { ProviderStatus } from './provider.entity';

export enum ProviderEventType {
  REGISTERED = 'REGISTERED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  BLACKLISTED = 'BLACKLISTED',
  BLACKLIST_LIFTED = 'BLACKLIST_LIFTED',
}
registerEnumType(ProviderEventType, { name: 'ProviderEventType' });

/** One recorded change to a provider's standing: registration, status, blacklisting. Never edited. */
@ObjectType({ description: "One recorded change to a provider's standing (status, blacklisting): what, who, when and why." })
@Entity('provider_events')
export class ProviderEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  providerId: string;

  @Field(() => ProviderEventType)
  @Column({ type: 'text' })
  type: ProviderEventType;

  @Field(() => ProviderStatus, { nullable: true })
  @Column({ type: 'text', nullable: true })
  fromStatus: ProviderStatus | null;

  @Field(() => ProviderStatus)
  @Column({ type: 'text' })
  toStatus: ProviderStatus;

  @Field({ description: 'Who made the change.' })
  @Column()
  actorId: string;

  @Field()
  @Column()
  reason: string;

  @Field(() => LocalDateResolver, { description: 'The day the change takes effect.' })
  @Column({ type: 'date' })
  effectiveDate: string;

  @Field({ description: 'When the change was recorded.' })
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
