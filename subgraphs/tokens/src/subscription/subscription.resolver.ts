import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import type { TokensContext } from '../context';
import { TokenPackage } from '../package/token-package.entity';
import { SubscriptionPeriod, TokenSubscription } from './token-subscription.entity';

@Resolver(() => TokenSubscription)
export class SubscriptionResolver {
  @Query(() => [TokenSubscription], { description: "A wallet's subscriptions, newest first." })
  tokenSubscriptions(@Arg('walletId', () => ID) walletId: string, @Ctx() ctx: TokensContext): Promise<TokenSubscription[]> {
    return ctx.loaders.subscriptionsByWallet.load(walletId);
  }

  @Mutation(() => TokenSubscription, { description: 'Buys the package every period, starting today. A wallet has at most one active subscription to a package.' })
  subscribeToTokenPackage(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('packageCode') packageCode: string,
    @Arg('period', () => SubscriptionPeriod) period: SubscriptionPeriod,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: TokensContext,
  ): Promise<TokenSubscription> {
    return ctx.services.subscriptions.subscribe(walletId, packageCode, period, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => TokenSubscription, { description: 'Stops future periods; purchases already made stay.' })
  cancelTokenSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: TokensContext): Promise<TokenSubscription> {
    return ctx.services.subscriptions.cancel(id, ctx.actor.id);
  }

  @FieldResolver(() => TokenPackage)
  async package(@Root() subscription: TokenSubscription, @Ctx() ctx: TokensContext): Promise<TokenPackage> {
    return (await ctx.loaders.packageById.load(subscription.packageId))!;
  }
}
