import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { FinanceContext } from '../context';
import { ExchangeRate } from './exchange-rate.entity';
import { RecordExchangeRateInput } from './fx.input';

@Resolver(() => ExchangeRate)
export class ExchangeRateResolver {
  @Query(() => [ExchangeRate], { description: 'Recorded exchange rates, per pair newest first.' })
  exchangeRates(
    @Arg('fromCurrency', () => String, { nullable: true }) fromCurrency: string | null,
    @Arg('toCurrency', () => String, { nullable: true }) toCurrency: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<ExchangeRate[]> {
    return ctx.services.fx.rates(fromCurrency, toCurrency);
  }

  @Mutation(() => ExchangeRate, { description: 'Records a rate from a day on. Amounts already posted keep the rate they were posted at.' })
  recordExchangeRate(@Arg('input', () => RecordExchangeRateInput) input: RecordExchangeRateInput, @Ctx() ctx: FinanceContext): Promise<ExchangeRate> {
    return ctx.services.fx.record(input, ctx.actor.id);
  }
}
