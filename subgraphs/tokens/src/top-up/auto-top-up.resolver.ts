import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { TokensContext } from '../context';
import { TokenPackage } from '../package/token-package.entity';
import { AutoTopUpPolicy } from './auto-top-up.entity';
import { AutoTopUpInput } from './auto-top-up.input';

@Resolver(() => AutoTopUpPolicy)
export class AutoTopUpResolver {
  @Query(() => AutoTopUpPolicy, { nullable: true, description: "A wallet's auto top-up policy, or null when it has none." })
  autoTopUpPolicy(@Arg('walletId', () => ID) walletId: string, @Ctx() ctx: TokensContext): Promise<AutoTopUpPolicy | null> {
    return ctx.loaders.autoTopUpByWallet.load(walletId);
  }

  @Mutation(() => AutoTopUpPolicy, { description: "Sets (or replaces) a wallet's auto top-up policy." })
  setAutoTopUp(@Arg('walletId', () => ID) walletId: string, @Arg('input', () => AutoTopUpInput) input: AutoTopUpInput, @Ctx() ctx: TokensContext): Promise<AutoTopUpPolicy> {
    return ctx.services.topUps.set(walletId, input, ctx.actor.id);
  }

  @FieldResolver(() => TokenPackage)
  async package(@Root() policy: AutoTopUpPolicy, @Ctx() ctx: TokensContext): Promise<TokenPackage> {
    return (await ctx.loaders.packageById.load(policy.packageId))!;
  }
}
