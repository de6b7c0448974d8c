import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus', description: 'PENDING until the receiver answers 2xx (DELIVERED) or the attempts run out (FAILED).' });

@ObjectType({ description: "An external system's URL that receives signed domain events." })
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'text' })
  url: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Shown once, when the endpoint is registered; never a GraphQL field. */
  @Column({ type: 'text', select: false })
  secret: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true })
  eventTypes: string[];

  @Field()
  @Column()
  enabled: boolean;

  @Field(() => Int, { description: 'Failed attempts since the last success; the endpoint is disabled when it reaches the configured limit.' })
  @Column({ type: 'int' })
  consecutiveFailures: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@ObjectType({ description: 'A webhook endpoint just registered, with its signing secret: shown this once only.' })
export class RegisteredWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The HMAC-SHA256 key deliveries are signed with. Store it now: it is not shown again.' })
  secret: string;
}

@ObjectType({ description: 'One domain event sent (or to be sent) to one endpoint.' })
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  endpointId: string;

  @Field(() => ID)
  @Column('uuid')
  eventId: string;

  @Field()
  @Column({ type: 'text' })
  eventType: string;

  @Field({ description: 'The JSON body sent, exactly as signed.' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => WebhookDeliveryStatus)
  @Column({ type: 'text' })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Field(() => Int, { description: 'Times an administrator asked for it to be sent again.' })
  @Column({ type: 'int' })
  replays: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@ObjectType({ description: 'One HTTP attempt of a delivery.' })
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttempt {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  deliveryId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempt: number;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  durationMs: number;

  @Field()
  @Column({ type: 'timestamptz' })
  attemptedAt: Date;
}
