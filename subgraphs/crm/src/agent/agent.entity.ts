import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum AgentStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(AgentStatus, { name: 'AgentStatus', description: 'Only ACTIVE agents are routed new leads.' });

/** A sales agent: sells policies, works leads and earns commission. */
@ObjectType({ description: 'A sales agent: sells policies, works leads and earns commission.' })
@Entity('agents')
export class Agent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. AG-NBI-001.' })
  @Column()
  agentCode: string;

  @Field()
  @Column()
  name: string;

  @Field()
  @Column()
  email: string;

  @Field()
  @Column()
  phone: string;

  @Field(() => ID, { nullable: true, description: 'The identity user who is this agent; they see and work their own leads.' })
  @Column({ type: 'text', nullable: true })
  userId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  territoryId: string | null;

  @Field(() => AgentStatus)
  @Column({ type: 'text' })
  status: AgentStatus;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  hireDate: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
