import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { TokensContext } from '../context';
import { PurchaseStatus, TokenPurchase } from './token-purchase.entity';

export const TokenPurchaseConnection = Connection(TokenPurchase);

@Resolver(() => TokenPurchase)
export class PurchaseResolver {
  @Query(() => TokenPurchaseConnection, { description: "A wallet's purchases, newest first." })
  tokenPurchases(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('status', () => PurchaseStatus, { nullable: true }) status: PurchaseStatus | null,
    @Args() page: PageArgs,
    @Ctx() ctx: TokensContext,
  ) {
    return ctx.services.purchases.list(walletId, status, page);
  }

  @Mutation(() => TokenPurchase, { description: 'Buys a package for a wallet: finance invoices the company, and the tokens are credited once it is paid.' })
  purchaseTokens(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('packageCode') packageCode: string,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: TokensContext,
  ): Promise<TokenPurchase> {
    return ctx.services.purchases.purchase(walletId, packageCode, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => TokenPurchase, {
    description: 'Withdraws a purchase still waiting for payment, saying why: it no longer holds back auto top-up, and finance is told so it can void the invoice.',
  })
  cancelTokenPurchase(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: TokensContext): Promise<TokenPurchase> {
    return ctx.services.purchases.cancel(id, reason, ctx.actor.id);
  }
}
