import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { MoneyInput } from '../../../../../kit/money';

@InputType()
export class RefundPaymentInput {
  @Field(() => ID)
  @IsUUID()
  paymentId: string;

  @Field(() => MoneyInput, { nullable: true, description: 'What to return; everything still refundable when omitted.' })
  @IsOptional()
  @ValidateNested()
  amount?: MoneyInput | null;

  @Field({ description: 'Why the money is returned.' })
  @Length(3, 500)
  reason: string;

  @Field(() => String, {
    nullable: true,
    description: 'For M-Pesa and bank transfer payments, which are refunded by hand: the reference of the money sent back (B2C receipt, bank reference).',
  })
  @IsOptional()
  @Length(3, 100)
  manualReference?: string | null;
}
