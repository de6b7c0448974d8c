import { LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "A projection of a wallet's balance from its recent consumption; `method` says how it was calculated." })
export class TokenForecast {
  @Field(() => ID)
  walletId: string;

  @Field(() => SafeIntResolver, { description: 'The balance the projection starts from (reserved tokens included).' })
  balance: number;

  @Field(() => Int, { description: 'Days of consumption averaged.' })
  windowDays: number;

  @Field(() => Int)
  horizonDays: number;

  @Field({ description: 'Average tokens consumed per day over the window, to 2 decimals.' })
  averageDailyConsumption: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the balance is projected to run out; null when nothing is being consumed.' })
  runOutDate: string | null;

  @Field(() => SafeIntResolver)
  projectedBalanceAtHorizon: number;

  @Field({ description: 'How the figures were calculated, in words.' })
  method: string;
}
