import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum NurtureEnrolmentStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CONVERTED = 'CONVERTED',
  EXITED = 'EXITED',
  OPTED_OUT = 'OPTED_OUT',
}
registerEnumType(NurtureEnrolmentStatus, {
  name: 'NurtureEnrolmentStatus',
  description: 'ACTIVE until every step went (COMPLETED), the lead converted (CONVERTED), was disqualified or the campaign archived (EXITED), or withdrew marketing consent (OPTED_OUT).',
});

/** Why an enrolment ended. */
export const EnrolmentEndReason = {
  ALL_STEPS_DONE: 'ALL_STEPS_DONE',
  LEAD_CONVERTED: 'LEAD_CONVERTED',
  LEAD_DISQUALIFIED: 'LEAD_DISQUALIFIED',
  CONSENT_WITHDRAWN: 'CONSENT_WITHDRAWN',
  CAMPAIGN_ARCHIVED: 'CAMPAIGN_ARCHIVED',
} as const;

/** A lead going through a campaign's sequence. */
@ObjectType({ description: "A lead going through a campaign's sequence." })
@Entity('nurture_enrolments')
export class NurtureEnrolment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  campaignId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  leadId: string;

  @Field(() => NurtureEnrolmentStatus)
  @Column({ type: 'text' })
  status: NurtureEnrolmentStatus;

  @Field()
  @Column({ type: 'timestamptz' })
  enrolledAt: Date;

  @Field(() => Int, { nullable: true, description: 'The step sent next; null once the enrolment ended.' })
  @Column({ type: 'int', nullable: true })
  nextStepNumber: number | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'ALL_STEPS_DONE, LEAD_CONVERTED, LEAD_DISQUALIFIED, CONSENT_WITHDRAWN or CAMPAIGN_ARCHIVED.' })
  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  /**
   * The agent working the lead when the enrolment was read (not a column): what the permission
   * rule checks, so an agent sees only the enrolments of their own leads. Unset means nobody's.
   */
  leadAgentId?: string | null;
}
