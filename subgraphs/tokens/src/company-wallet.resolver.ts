import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CompanyReference } from './company.reference';
import type { TokensContext } from './context';
import { TokenWallet } from './wallet/wallet.entity';

/** `Company.tokenWallet`: what tokens adds to the members subgraph's `Company`. */
@Resolver(() => CompanyReference)
export class CompanyWalletResolver {
  @FieldResolver(() => TokenWallet, { nullable: true, description: "The group's token wallet; null when it has none (its operations are not metered)." })
  tokenWallet(@Root() company: CompanyReference, @Ctx() ctx: TokensContext): Promise<TokenWallet | null> {
    return ctx.loaders.walletByCompany.load(company.id);
  }
}
