import { SafeIntResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { CompanyReference, companyReference } from '../company.reference';
import type { TokensContext } from '../context';
import { TokenSubscription } from '../subscription/token-subscription.entity';
import { AutoTopUpPolicy } from '../top-up/auto-top-up.entity';
import { WalletTransaction } from './wallet-transaction.entity';
import { TokenWallet } from './wallet.entity';

export const TokenWalletConnection = Connection(TokenWallet);
export const WalletTransactionConnection = Connection(WalletTransaction);

@Resolver(() => TokenWallet)
export class WalletResolver {
  @Query(() => TokenWallet, { nullable: true, description: "A company's token wallet, or null when it has none." })
  tokenWallet(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: TokensContext): Promise<TokenWallet | null> {
    return ctx.loaders.walletByCompany.load(companyId);
  }

  @Query(() => TokenWalletConnection, { description: 'Every wallet, newest first.' })
  tokenWallets(@Args() page: PageArgs, @Ctx() ctx: TokensContext) {
    return ctx.services.wallets.list(page);
  }

  @Query(() => WalletTransactionConnection, { description: "A wallet's balance history, newest first; `from` inclusive, `to` exclusive." })
  walletTransactions(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Args() page: PageArgs,
    @Ctx() ctx: TokensContext,
  ) {
    return ctx.services.wallets.transactions(walletId, { from, to }, page);
  }

  @Mutation(() => TokenWallet, { description: 'Opens an empty wallet for a company; from then on its metered operations use tokens.' })
  createTokenWallet(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: TokensContext): Promise<TokenWallet> {
    return ctx.services.wallets.create(companyId, ctx.actor.id);
  }

  @Mutation(() => WalletTransaction, { description: 'Gives a wallet tokens, saying why (administrators).' })
  grantTokens(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('tokens', () => SafeIntResolver) tokens: number,
    @Arg('reason') reason: string,
    @Ctx() ctx: TokensContext,
  ): Promise<WalletTransaction> {
    return ctx.services.wallets.grant(walletId, tokens, reason, ctx.actor.id);
  }

  @Mutation(() => WalletTransaction, { description: 'Corrects a wallet up (positive) or down (negative, only from available tokens), saying why (administrators).' })
  adjustTokens(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('tokens', () => SafeIntResolver) tokens: number,
    @Arg('reason') reason: string,
    @Ctx() ctx: TokensContext,
  ): Promise<WalletTransaction> {
    return ctx.services.wallets.adjust(walletId, tokens, reason, ctx.actor.id);
  }

  @FieldResolver(() => CompanyReference, { description: 'The employer group (resolved by the members subgraph).' })
  company(@Root() wallet: TokenWallet): CompanyReference {
    return companyReference(wallet.companyId);
  }

  @FieldResolver(() => AutoTopUpPolicy, { nullable: true })
  autoTopUp(@Root() wallet: TokenWallet, @Ctx() ctx: TokensContext): Promise<AutoTopUpPolicy | null> {
    return ctx.loaders.autoTopUpByWallet.load(wallet.id);
  }

  @FieldResolver(() => [TokenSubscription], { description: 'Subscriptions, newest first (cancelled ones too).' })
  subscriptions(@Root() wallet: TokenWallet, @Ctx() ctx: TokensContext): Promise<TokenSubscription[]> {
    return ctx.loaders.subscriptionsByWallet.load(wallet.id);
  }
}
