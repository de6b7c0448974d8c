import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MaxLength, MinLength } from 'class-validator';
import { MoneyInput } from '../../../../kit/money';
import { ClaimReviewAction } from './adjudication.types';

@InputType({ description: 'An officer\'s payable amount for one line (at most what the engine would pay).' })
export class ClaimLineAdjustmentInput {
  @Field(() => Int)
  lineNumber: number;

  @Field(() => MoneyInput)
  payable: MoneyInput;
}

@ArgsType()
export class ReviewClaimArgs {
  @Field(() => ID)
  claimId: string;

  @Field(() => ClaimReviewAction)
  action: ClaimReviewAction;

  @Field({ description: 'Why, recorded with the decision.' })
  @MinLength(3)
  @MaxLength(2000)
  reason: string;

  @Field(() => [ClaimLineAdjustmentInput], { nullable: true, description: 'Required for ADJUST: the lines whose payable amount the officer lowers.' })
  adjustedLines?: ClaimLineAdjustmentInput[] | null;
}

@ArgsType()
export class ReverseClaimArgs {
  @Field(() => ID)
  claimId: string;

  @Field({ description: 'Why the approved claim is reversed.' })
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}
