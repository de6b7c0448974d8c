import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../../kit/pagination';
import type { FinanceContext } from '../../context';
import { Payment } from '../../payment/payment.entity';
import { ProviderName } from '../provider';
import { ProviderSettlementBatch } from './settlement-batch.entity';

export const ProviderSettlementBatchConnection = Connection(ProviderSettlementBatch);

@Resolver(() => ProviderSettlementBatch)
export class ProviderSettlementBatchResolver {
  @Query(() => ProviderSettlementBatchConnection, { description: 'Provider payout batches, latest first.' })
  providerSettlementBatches(
    @Arg('provider', () => ProviderName, { nullable: true }) provider: ProviderName | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.providerPayouts.search(provider, page);
  }

  @Mutation(() => [ProviderSettlementBatch], {
    description: 'Builds the payout batches now due for a provider from payments and refunds not yet settled, and posts them. Running it again settles nothing twice.',
  })
  runProviderSettlement(@Arg('provider', () => ProviderName) provider: ProviderName, @Ctx() ctx: FinanceContext): Promise<ProviderSettlementBatch[]> {
    return ctx.services.providerPayouts.runSettlement(provider, ctx.actor.id);
  }

  @FieldResolver(() => [Payment], { description: 'The payments the batch paid out.' })
  async payments(@Root() batch: ProviderSettlementBatch, @Ctx() ctx: FinanceContext): Promise<Payment[]> {
    const ids = (await ctx.loaders.paymentIdsByBatch.load(batch.id)).map((r) => r.paymentId);
    return (await ctx.loaders.paymentById.loadMany(ids)).filter((p): p is Payment => p instanceof Payment);
  }
}
