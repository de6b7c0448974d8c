import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NurtureChannel } from './nurture-step.entity';

export enum NurtureMessageStatus {
  REQUESTED = 'REQUESTED',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SUPPRESSED = 'SUPPRESSED',
}
registerEnumType(NurtureMessageStatus, {
  name: 'NurtureMessageStatus',
  description: 'REQUESTED: handed to engagement, outcome not known yet; SENT, FAILED or SUPPRESSED as engagement settled it (or SUPPRESSED by crm: NO_CONTACT).',
});

/** One step's message to one enrolled lead, and what became of it. */
@ObjectType({ description: "One step's message to one enrolled lead, and what became of it." })
@Entity('nurture_messages')
export class NurtureMessage {
  @Field(() => ID, { description: 'Also the messageId engagement knows it by.' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  enrolmentId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  stepNumber: number;

  @Field(() => NurtureChannel)
  @Column({ type: 'text' })
  channel: NurtureChannel;

  @Field(() => String, { nullable: true, description: 'The e-mail address or phone it went to; null when the lead had none.' })
  @Column({ type: 'text', nullable: true })
  recipient: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Field({ description: 'The text as rendered for the lead.' })
  @Column()
  body: string;

  @Field(() => NurtureMessageStatus)
  @Column({ type: 'text' })
  status: NurtureMessageStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  providerMessageId: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}
