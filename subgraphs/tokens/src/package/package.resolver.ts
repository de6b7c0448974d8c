import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { TokensContext } from '../context';
import { CreateTokenPackageInput, UpdateTokenPackageInput } from './package.input';
import { TokenPackage } from './token-package.entity';

@Resolver(() => TokenPackage)
export class PackageResolver {
  @Query(() => [TokenPackage], { description: 'Token packages, smallest first; inactive ones only when asked.' })
  tokenPackages(@Arg('includeInactive', { defaultValue: false }) includeInactive: boolean, @Ctx() ctx: TokensContext): Promise<TokenPackage[]> {
    return ctx.services.packages.list(includeInactive);
  }

  @Mutation(() => TokenPackage)
  createTokenPackage(@Arg('input', () => CreateTokenPackageInput) input: CreateTokenPackageInput, @Ctx() ctx: TokensContext): Promise<TokenPackage> {
    return ctx.services.packages.create(input);
  }

  @Mutation(() => TokenPackage)
  updateTokenPackage(
    @Arg('code') code: string,
    @Arg('input', () => UpdateTokenPackageInput) input: UpdateTokenPackageInput,
    @Ctx() ctx: TokensContext,
  ): Promise<TokenPackage> {
    return ctx.services.packages.update(code, input);
  }
}
