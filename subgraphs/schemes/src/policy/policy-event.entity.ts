import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { PolicyStatus } from './policy.entity';

export enum PolicyEventType {
  ISSUED = 'ISSUED',
  ACTIVATED = 'ACTIVATED',
  SUSPENDED = 'SUSPENDED',
  REINSTATED = 'REINSTATED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
  MEMBER_ADDED = 'MEMBER_ADDED',
  MEMBER_REMOVED = 'MEMBER_REMOVED',
}
registerEnumType(PolicyEventType, { name: 'PolicyEventType' });

/** One recorded change to a policy: what, who, when and why. Never edited. */
@ObjectType({ description: 'One recorded change to a policy: what, who, when and why.' })
@Entity('policy_events')
export class PolicyEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  policyId: string;

  @Field(() => PolicyEventType)
  @Column({ type: 'text' })
  type: PolicyEventType;

  @Field(() => PolicyStatus, { nullable: true })
  @Column({ type: 'text', nullable: true })
  fromStatus: PolicyStatus | null;

  @Field(() => PolicyStatus)
  @Column({ type: 'text' })
  toStatus: PolicyStatus;

  @Field(() => ID, { nullable: true, description: 'The member added or removed, for membership changes.' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

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
