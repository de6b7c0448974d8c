import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { NotificationCategory, NotificationChannel, NotificationEvent, NotificationStatus } from './notification.types';

@ObjectType({ description: 'The text of one event\'s notification on one channel; `{{variable}}` placeholders are filled from the event.' })
@Entity('notification_templates')
export class NotificationTemplate {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => NotificationEvent)
  @Column({ type: 'text' })
  event: NotificationEvent;

  @Field(() => NotificationChannel)
  @Column({ type: 'text' })
  channel: NotificationChannel;

  @Field({ description: 'The e-mail subject or push title (unused for SMS).' })
  @Column({ type: 'text' })
  subject: string;

  @Field()
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  updatedBy: string;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}

@ObjectType({ description: "A member's choice for one category on one channel (opted in unless they said otherwise)." })
export class NotificationPreference {
  @Field(() => ID)
  memberId: string;

  @Field(() => NotificationCategory)
  category: NotificationCategory;

  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Field()
  optedIn: boolean;
}

@ObjectType({ description: "When SMS and push wait for a member: local (Africa/Nairobi) minutes of the day; the scheme's default unless the member chose. Equal start and end means no quiet hours." })
export class MemberQuietHours {
  @Field(() => ID)
  memberId: string;

  @Field(() => Int, { description: 'Minute of the day quiet hours start at, e.g. 21:00 = 1260.' })
  startMinute: number;

  @Field(() => Int, { description: 'Minute of the day they end at, e.g. 07:00 = 420; a start after the end spans midnight.' })
  endMinute: number;
}

@Entity('notification_preferences')
export class NotificationPreferenceRow {
  @PrimaryColumn('uuid')
  memberId: string;

  @PrimaryColumn('text')
  category: NotificationCategory;

  @PrimaryColumn('text')
  channel: NotificationChannel;

  @Column()
  optedIn: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@ObjectType({ description: 'One message to a member on one channel, with its delivery log.' })
@Entity('notifications')
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  memberId: string;

  @Column('uuid')
  sourceEventId: string;

  @Field(() => NotificationEvent)
  @Column({ type: 'text' })
  event: NotificationEvent;

  @Field(() => NotificationCategory)
  @Column({ type: 'text' })
  category: NotificationCategory;

  @Field(() => NotificationChannel)
  @Column({ type: 'text' })
  channel: NotificationChannel;

  @Field(() => String, { nullable: true, description: 'The e-mail address, phone number or push topic it went to.' })
  @Column({ type: 'text', nullable: true })
  recipient: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'text', nullable: true })
  htmlBody: string | null;

  @Field(() => NotificationStatus)
  @Column({ type: 'text' })
  status: NotificationStatus;

  @Field(() => String, { nullable: true, description: 'Why a SKIPPED notification was not sent.' })
  @Column({ type: 'text', nullable: true })
  skipReason: string | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Date, { nullable: true, description: 'When a PENDING notification goes (the end of quiet hours, or its next retry).' })
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  providerMessageId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@ObjectType({ description: 'One try at handing a notification to its provider.' })
@Entity('notification_attempts')
export class NotificationAttempt {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  notificationId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempt: number;

  @Field()
  @Column()
  succeeded: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  providerMessageId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  attemptedAt: Date;
}
