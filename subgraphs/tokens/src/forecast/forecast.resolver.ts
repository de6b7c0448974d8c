import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { TokensContext } from '../context';
import { TokenForecast } from './forecast.types';

@Resolver(() => TokenForecast)
export class ForecastResolver {
  @Query(() => TokenForecast, { description: "Projects a wallet's balance from its last 30 days of consumption." })
  tokenForecast(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('horizonDays', () => Int, { defaultValue: 30 }) horizonDays: number,
    @Ctx() ctx: TokensContext,
  ): Promise<TokenForecast> {
    return ctx.services.forecasts.forecast(walletId, horizonDays);
  }
}
