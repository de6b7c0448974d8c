import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { MoneyInput } from '../../../../kit/money';
import { PaymentMethod, PaymentStatus } from './payment.entity';

@InputType()
export class RecordPaymentInput {
  @Field(() => ID)
  @IsUUID()
  invoiceId: string;

  @Field(() => MoneyInput, { description: 'Positive, in the invoice\'s currency, and at most what is still due.' })
  @ValidateNested()
  amount: MoneyInput;

  @Field(() => PaymentMethod)
  method: PaymentMethod;

  @Field({
    description:
      'The provider\'s reference: M-Pesa receipt number, card charge id, PayPal capture id or bank reference. ' +
      'Recording the same reference again returns the first payment and posts nothing.',
  })
  @Length(3, 100)
  externalReference: string;

  @Field(() => Date, { nullable: true, description: 'When the money was received; now when omitted.' })
  receivedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The paying phone number (M-Pesa), e.g. 0712345678.' })
  @IsOptional()
  @MaxLength(20)
  payerPhone?: string | null;
}

@InputType()
export class PaymentFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  memberId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  invoiceId?: string | null;

  @Field(() => PaymentMethod, { nullable: true })
  method?: PaymentMethod | null;

  @Field(() => PaymentStatus, { nullable: true })
  status?: PaymentStatus | null;

  @Field(() => String, { nullable: true, description: 'The provider\'s reference, exactly.' })
  @IsOptional()
  @Length(3, 100)
  externalReference?: string | null;
}
