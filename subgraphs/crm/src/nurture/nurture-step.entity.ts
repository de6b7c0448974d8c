import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum NurtureChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}
registerEnumType(NurtureChannel, { name: 'NurtureChannel' });

/** One message of a campaign's sequence, sent `delayDays` after a lead's enrolment. */
@ObjectType({ description: "One message of a campaign's sequence, sent delayDays after a lead's enrolment." })
@Entity('nurture_steps')
export class NurtureStep {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  campaignId: string;

  @Field(() => Int, { description: '1 for the first message.' })
  @Column({ type: 'int' })
  stepNumber: number;

  @Field(() => Int, { description: 'Days from enrolment; never fewer than the step before.' })
  @Column({ type: 'int' })
  delayDays: number;

  @Field(() => NurtureChannel)
  @Column({ type: 'text' })
  channel: NurtureChannel;

  @Field(() => String, { nullable: true, description: 'E-mail only.' })
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Field({ description: 'Plain text; may use {{contactName}}, {{companyName}} and {{agentName}}.' })
  @Column()
  body: string;
}
