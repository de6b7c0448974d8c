import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ProviderName } from './provider';

export enum NotificationOutcome {
  /** Being handled; a row left in this state belongs to a transaction that has not committed. */
  PROCESSING = 'PROCESSING',
  POSTED = 'POSTED',
  DUPLICATE = 'DUPLICATE',
  REJECTED = 'REJECTED',
  IGNORED = 'IGNORED',
}
registerEnumType(NotificationOutcome, {
  name: 'NotificationOutcome',
  description: 'What a provider notification led to: a posting, nothing (a repeat, or nothing to do), or a refusal with a reason.',
});

/** Every callback and webhook a provider sent, kept as received, with what came of it. */
@ObjectType({ description: 'A callback or webhook a provider sent, kept as received, with what came of it.' })
@Entity('provider_notifications')
export class ProviderNotification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ProviderName)
  @Column({ type: 'text' })
  provider: ProviderName;

  @Field(() => String, { nullable: true, description: 'The provider\'s event or delivery id (Stripe event id, M-Pesa CheckoutRequestID).' })
  @Column({ type: 'text', nullable: true })
  eventId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  eventType: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Field({ description: 'The body exactly as received.' })
  @Column({ type: 'text' })
  rawBody: string;

  @Field({ description: 'Whether the delivery proved it came from the provider (signature, or the secret callback path).' })
  @Column({ type: 'boolean' })
  signatureValid: boolean;

  @Field(() => NotificationOutcome)
  @Column({ type: 'text' })
  outcome: NotificationOutcome;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or ignored, e.g. BAD_SIGNATURE, AMOUNT_MISMATCH.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  intentId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Field(() => Int, { description: 'Times the replay job acted on it again from its stored body (after a processing error, or no matching request).' })
  @Column({ type: 'int', default: 0 })
  replayAttempts: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  replayedAt: Date | null;
}
