import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { SchemesContext } from '../context';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { Benefit, BenefitQuantityLimit, BenefitSubLimit } from './benefit.entity';
import { AddBenefitInput, UpdateBenefitInput } from './benefit.input';

@Resolver(() => Benefit)
export class BenefitResolver {
  @Mutation(() => Benefit, { description: 'Adds a benefit to a DRAFT scheme version.' })
  addBenefit(@Arg('input', () => AddBenefitInput) input: AddBenefitInput, @Ctx() ctx: SchemesContext): Promise<Benefit> {
    return ctx.services.benefits.add(input);
  }

  @Mutation(() => Benefit, { description: 'Replaces the terms of a benefit of a DRAFT scheme version.' })
  updateBenefit(@Arg('input', () => UpdateBenefitInput) input: UpdateBenefitInput, @Ctx() ctx: SchemesContext): Promise<Benefit> {
    return ctx.services.benefits.update(input);
  }

  @Mutation(() => SchemeVersion, { description: 'Removes a benefit from a DRAFT scheme version; returns the version.' })
  async removeBenefit(@Arg('benefitId', () => ID) benefitId: string, @Ctx() ctx: SchemesContext): Promise<SchemeVersion> {
    const versionId = await ctx.services.benefits.remove(benefitId);
    return ctx.services.schemes.getVersion(versionId);
  }

  @FieldResolver(() => SchemeVersion)
  async version(@Root() benefit: Benefit, @Ctx() ctx: SchemesContext): Promise<SchemeVersion> {
    return (await ctx.loaders.versionById.load(benefit.versionId))!;
  }

  @FieldResolver(() => [BenefitSubLimit])
  subLimits(@Root() benefit: Benefit, @Ctx() ctx: SchemesContext): Promise<BenefitSubLimit[]> {
    return ctx.loaders.subLimitsByBenefitId.load(benefit.id);
  }

  @FieldResolver(() => [BenefitQuantityLimit])
  quantityLimits(@Root() benefit: Benefit, @Ctx() ctx: SchemesContext): Promise<BenefitQuantityLimit[]> {
    return ctx.loaders.quantityLimitsByBenefitId.load(benefit.id);
  }
}
