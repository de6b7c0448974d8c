import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Money } from '../../../../kit/money';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { ClaimsContext } from '../context';
import { DiagnosisCode } from '../diagnosis/diagnosis-code.entity';
import { MemberReference } from '../member.reference';
import { ProviderReference } from '../provider.reference';
import { ClaimLine } from './claim-line.entity';
import { Claim } from './claim.entity';
import { ClaimFilter, SubmitClaimArgs } from './claim.input';

export const ClaimConnection = Connection(Claim);

@Resolver(() => Claim)
export class ClaimResolver {
  @Query(() => Claim, { nullable: true, description: 'One claim, or null when the id is unknown.' })
  claim(@Arg('id', () => ID) id: string, @Ctx() ctx: ClaimsContext): Promise<Claim | null> {
    return ctx.loaders.claimById.load(id);
  }

  @Query(() => Claim, { nullable: true, description: 'Look a claim up by its number, e.g. CLM-2026-000123.' })
  claimByNumber(@Arg('claimNumber') claimNumber: string, @Ctx() ctx: ClaimsContext): Promise<Claim | null> {
    return ctx.services.claims.byNumber(claimNumber);
  }

  @Query(() => ClaimConnection, { description: 'Claims matching the filter, newest first.' })
  claims(
    @Arg('filter', () => ClaimFilter, { nullable: true }) filter: ClaimFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ClaimsContext,
  ) {
    return ctx.services.claims.search(filter, page);
  }

  @Mutation(() => Claim, { description: 'Submits a claim: checked against every intake rule and stored as SUBMITTED.' })
  submitClaim(@Args() { input, idempotencyKey }: SubmitClaimArgs, @Ctx() ctx: ClaimsContext): Promise<Claim> {
    return ctx.services.claims.submit(input, ctx.actor.id, idempotencyKey);
  }

  @FieldResolver(() => Money, { description: 'Sum of the lines\' billed amounts.' })
  totalBilled(@Root() claim: Claim): Money {
    return Money.of(claim.totalBilledMinor, claim.currency);
  }

  @FieldResolver(() => [ClaimLine], { description: 'The billed services, in line order.' })
  lines(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimLine[]> {
    return ctx.loaders.linesByClaimId.load(claim.id);
  }

  @FieldResolver(() => [DiagnosisCode], { description: 'The claim\'s diagnosis codes with their ICD-10 titles.' })
  async diagnoses(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<DiagnosisCode[]> {
    const found = await ctx.loaders.diagnosisByCode.loadMany(claim.diagnosisCodes);
    return found.filter((d): d is DiagnosisCode => d instanceof DiagnosisCode);
  }

  @FieldResolver(() => MemberReference, { description: 'The member treated (resolved by the members subgraph).' })
  member(@Root() claim: Claim): MemberReference {
    return MemberReference.of(claim.memberId);
  }

  @FieldResolver(() => ProviderReference, { description: 'The provider that billed (resolved by the providers subgraph).' })
  provider(@Root() claim: Claim): ProviderReference {
    return ProviderReference.of(claim.providerId);
  }
}
