import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LeadMessageChannel, LeadMessageStatus } from './lead-message.types';

@ObjectType({ description: "One message of crm's nurture campaigns to a lead, as engagement sent it (or why it did not)." })
@Entity('lead_messages')
export class LeadMessage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: "crm's id of the message (its nurture message); the settled event names it." })
  @Column('uuid')
  crmMessageId: string;

  @Field(() => ID)
  @Column('uuid')
  leadId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'text', nullable: true })
  campaignId: string | null;

  @Column({ type: 'text', nullable: true })
  enrolmentId: string | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  stepNumber: number | null;

  @Field(() => LeadMessageChannel, { nullable: true, description: 'Null when crm named a channel engagement does not have (then SUPPRESSED).' })
  @Column({ type: 'text', nullable: true })
  channel: LeadMessageChannel | null;

  @Field(() => String, { nullable: true, description: 'The e-mail address or phone number it went to.' })
  @Column({ type: 'text', nullable: true })
  recipient: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Field(() => LeadMessageStatus)
  @Column({ type: 'text' })
  status: LeadMessageStatus;

  @Field(() => String, { nullable: true, description: 'Why it was SUPPRESSED (e.g. CONSENT_WITHDRAWN) or FAILED.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Date, { nullable: true, description: 'When a PENDING message goes (the end of marketing quiet hours, or its next retry).' })
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  leaseToken: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  providerMessageId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When crm asked for it.' })
  @Column({ type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it became SENT, FAILED or SUPPRESSED (and crm was told).' })
  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  /** Set in the transaction that settles the message, with the settled event: crm hears once. */
  @Column()
  settledEventPublished: boolean;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The newest marketing consent crm told engagement about, per lead. */
@Entity('lead_marketing_consent')
export class LeadMarketingConsent {
  @PrimaryColumn('uuid')
  leadId: string;

  @Column()
  consent: boolean;

  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
