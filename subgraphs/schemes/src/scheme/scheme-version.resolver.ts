import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Money } from '../../../../kit/money';
import { Benefit } from '../benefit/benefit.entity';
import type { SchemesContext } from '../context';
import { SchemeRating } from '../rating/quote.types';
import { Scheme } from './scheme.entity';
import { PublishSchemeVersionInput, UpdateSchemeVersionInput } from './scheme.input';
import { SchemeVersion } from './scheme-version.entity';

@Resolver(() => SchemeVersion)
export class SchemeVersionResolver {
  @Query(() => SchemeVersion, { nullable: true, description: 'One scheme version, or null when the id is unknown.' })
  schemeVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: SchemesContext): Promise<SchemeVersion | null> {
    return ctx.loaders.versionById.load(id);
  }

  @Mutation(() => SchemeVersion, { description: "Changes a draft version's overall limits and summary." })
  updateSchemeVersion(@Arg('input', () => UpdateSchemeVersionInput) input: UpdateSchemeVersionInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.schemes.updateVersion(input);
  }

  @Mutation(() => SchemeVersion, { description: 'Publishes a draft version: its terms become immutable and can be sold.' })
  publishSchemeVersion(@Arg('input', () => PublishSchemeVersionInput) input: PublishSchemeVersionInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.schemes.publish(input, ctx.actor.id);
  }

  @FieldResolver(() => Scheme)
  async scheme(@Root() version: SchemeVersion, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return (await ctx.loaders.schemeById.load(version.schemeId))!;
  }

  @FieldResolver(() => [Benefit])
  benefits(@Root() version: SchemeVersion, @Ctx() ctx: SchemesContext): Promise<Benefit[]> {
    return ctx.loaders.benefitsByVersionId.load(version.id);
  }

  @FieldResolver(() => SchemeRating)
  rating(@Root() version: SchemeVersion): SchemeRating {
    return Object.assign(new SchemeRating(), {
      versionId: version.id,
      baseMonthlyPremium: version.baseMonthlyPremiumMinor === null ? null : Money.of(version.baseMonthlyPremiumMinor, version.currency),
    });
  }
}
