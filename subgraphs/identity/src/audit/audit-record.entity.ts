import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One audit record: who reached or changed which member's data, through which fields, from where, and whether it was allowed. */
@ObjectType({ description: "Who reached or changed which member's data, which fields, when, from where, and whether it was allowed. Never edited." })
@Entity('audit_records')
export class AuditRecord {
  @Field(() => ID, { description: 'The id of the event that carried the record.' })
  @PrimaryColumn('uuid')
  id: string;

  @Field({ description: 'When the audit log stored the record.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  @Field({ description: 'The subgraph that served the request.' })
  @Column({ type: 'text' })
  subgraph: string;

  @Field(() => ID, { description: 'The user who acted.' })
  @Column({ type: 'text' })
  actorId: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true })
  actorRoles: string[];

  @Field(() => String, { nullable: true, description: 'The client address the gateway saw.' })
  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Field(() => ID, { nullable: true, description: 'The member whose data it was (null for a write that concerns no member).' })
  @Column({ type: 'text', nullable: true })
  memberId: string | null;

  @Field({ description: '`query` or `mutation`.' })
  @Column({ type: 'text' })
  operationType: string;

  @Field({ description: "The operation's name, or its root fields when it has none." })
  @Column({ type: 'text' })
  operation: string;

  @Field(() => [String], { description: '`Type.field` for every field touched, sorted.' })
  @Column({ type: 'text', array: true })
  fields: string[];

  @Field()
  @Column({ type: 'boolean' })
  allowed: boolean;

  @Field()
  @Column({ type: 'text' })
  correlationId: string;

  @Field({ description: 'When the request was served.' })
  @Column({ type: 'timestamptz' })
  at: Date;
}
