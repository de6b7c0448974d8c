import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { MemberStatus } from './member.entity';

export enum LifeEventType {
  ENROLLED = 'ENROLLED',
  ACTIVATED = 'ACTIVATED',
  SUSPENDED = 'SUSPENDED',
  REINSTATED = 'REINSTATED',
  TERMINATED = 'TERMINATED',
  DECEASED = 'DECEASED',
}
registerEnumType(LifeEventType, { name: 'LifeEventType' });

/** One recorded change in a member's lifecycle: what, who, when and why. Never edited. */
@ObjectType({ description: 'One recorded change in a member\'s lifecycle: what, who, when and why.' })
@Entity('life_events')
export class LifeEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => LifeEventType)
  @Column({ type: 'text' })
  type: LifeEventType;

  @Field(() => MemberStatus, { nullable: true })
  @Column({ type: 'text', nullable: true })
  fromStatus: MemberStatus | null;

  @Field(() => MemberStatus)
  @Column({ type: 'text' })
  toStatus: MemberStatus;

  @Field({ description: 'Who made the change.' })
  @Column()
  actorId: string;

  @Field()
  @Column()
  reason: string;

  @Field(() => LocalDateResolver, { description: 'The day the change takes effect.' })
  @Column({ type: 'date' })
  effectiveDate: string;

  @Field(() => ID, { nullable: true, description: 'The principal\'s event this one cascaded from.' })
  @Column({ type: 'uuid', nullable: true })
  cascadedFromId: string | null;

  @Field(() => String, { nullable: true, description: 'Reference of the special approval, where one was needed.' })
  @Column({ type: 'text', nullable: true })
  approvalReference: string | null;

  @Field({ description: 'When the change was recorded.' })
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
