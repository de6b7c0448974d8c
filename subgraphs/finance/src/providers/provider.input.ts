import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { ProviderName } from './provider';
import { PaymentIntentStatus } from './payment-intent.entity';
import { NotificationOutcome } from './provider-notification.entity';

@InputType()
export class PaymentIntentFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  invoiceId?: string | null;

  @Field(() => ProviderName, { nullable: true })
  provider?: ProviderName | null;

  @Field(() => PaymentIntentStatus, { nullable: true })
  status?: PaymentIntentStatus | null;
}

@InputType()
export class ProviderNotificationFilter {
  @Field(() => ProviderName, { nullable: true })
  provider?: ProviderName | null;

  @Field(() => NotificationOutcome, { nullable: true })
  outcome?: NotificationOutcome | null;

  @Field(() => String, { nullable: true, description: 'The provider\'s event id, exactly.' })
  @IsOptional()
  @MaxLength(200)
  eventId?: string | null;
}

@InputType()
export class StartMpesaPaymentInput {
  @Field(() => ID)
  @IsUUID()
  invoiceId: string;

  @Field({ description: 'The Safaricom number asked to pay, e.g. 0712345678.' })
  @Length(9, 20)
  phone: string;
}
