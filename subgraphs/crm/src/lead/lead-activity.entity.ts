import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum LeadActivityType {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  MEETING = 'MEETING',
  NOTE = 'NOTE',
  STATUS_CHANGE = 'STATUS_CHANGE',
  ASSIGNED = 'ASSIGNED',
}
registerEnumType(LeadActivityType, { name: 'LeadActivityType', description: 'CALL, EMAIL and MEETING count as contact with the lead.' });

/** One thing that happened on a lead: a contact, a note, a status change, an assignment. */
@ObjectType({ description: 'One thing that happened on a lead.' })
@Entity('lead_activities')
export class LeadActivity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  leadId: string;

  @Field(() => LeadActivityType)
  @Column({ type: 'text' })
  type: LeadActivityType;

  @Field()
  @Column()
  note: string;

  @Field()
  @Column()
  actorId: string;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt: Date;
}
