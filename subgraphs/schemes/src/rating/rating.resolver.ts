import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SchemesContext } from '../context';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { PremiumQuote, SchemeRating } from './quote.types';
import { RatingFactor } from './rating-factor.entity';
import { QuotePremiumInput, SetRatingInput } from './rating.input';

@Resolver(() => SchemeRating)
export class RatingResolver {
  @Mutation(() => SchemeVersion, { description: "Replaces a DRAFT version's base monthly premium and rating factors." })
  setRating(@Arg('input', () => SetRatingInput) input: SetRatingInput, @Ctx() ctx: SchemesContext): Promise<SchemeVersion> {
    return ctx.services.rating.setRating(input);
  }

  @Query(() => PremiumQuote, { description: "Prices cover for a group of people from a scheme's rating factors, showing each factor's effect." })
  quotePremium(@Arg('input', () => QuotePremiumInput) input: QuotePremiumInput, @Ctx() ctx: SchemesContext): Promise<PremiumQuote> {
    return ctx.services.rating.quote(input);
  }

  @FieldResolver(() => [RatingFactor], { description: 'Factors in the order they were set.' })
  factors(@Root() rating: SchemeRating, @Ctx() ctx: SchemesContext): Promise<RatingFactor[]> {
    return ctx.loaders.ratingFactorsByVersionId.load(rating.versionId);
  }
}
