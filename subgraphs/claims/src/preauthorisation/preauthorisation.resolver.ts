import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { Money } from '../../../../kit/money';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { ClaimsContext } from '../context';
import { MemberReference } from '../member.reference';
import { ProviderReference } from '../provider.reference';
import { Preauthorisation } from './preauthorisation.entity';
import { ApprovePreauthorisationInput, DenyPreauthorisationArgs, PreauthorisationFilter, RequestPreauthorisationInput } from './preauthorisation.input';

export const PreauthorisationConnection = Connection(Preauthorisation);

@Resolver(() => Preauthorisation)
export class PreauthorisationResolver {
  @Query(() => Preauthorisation, { nullable: true, description: 'One pre-authorisation, or null when the id is unknown.' })
  preauthorisation(@Arg('id', () => ID) id: string, @Ctx() ctx: ClaimsContext): Promise<Preauthorisation | null> {
    return ctx.loaders.preauthorisationById.load(id);
  }

  @Query(() => PreauthorisationConnection, { description: 'Pre-authorisations matching the filter, newest first.' })
  preauthorisations(
    @Arg('filter', () => PreauthorisationFilter, { nullable: true }) filter: PreauthorisationFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ClaimsContext,
  ) {
    return ctx.services.preauthorisations.search(filter, page);
  }

  @Mutation(() => Preauthorisation, { description: 'A provider asks before planned care; the request waits as REQUESTED.' })
  requestPreauthorisation(
    @Arg('input', () => RequestPreauthorisationInput) input: RequestPreauthorisationInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ClaimsContext,
  ): Promise<Preauthorisation> {
    return ctx.services.preauthorisations.request(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => Preauthorisation, { description: 'REQUESTED or ESCALATED → APPROVED for an amount and a validity window.' })
  approvePreauthorisation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ApprovePreauthorisationInput) input: ApprovePreauthorisationInput,
    @Ctx() ctx: ClaimsContext,
  ): Promise<Preauthorisation> {
    return ctx.services.preauthorisations.approve(id, input, ctx.actor.id);
  }

  @Mutation(() => Preauthorisation, { description: 'REQUESTED or ESCALATED → DENIED, with the reason.' })
  denyPreauthorisation(@Args() { id, reason }: DenyPreauthorisationArgs, @Ctx() ctx: ClaimsContext): Promise<Preauthorisation> {
    return ctx.services.preauthorisations.deny(id, reason, ctx.actor.id);
  }

  @FieldResolver(() => Money)
  estimatedAmount(@Root() preauth: Preauthorisation): Money {
    return Money.of(preauth.estimatedMinor, preauth.currency);
  }

  @FieldResolver(() => Money, { nullable: true })
  approvedAmount(@Root() preauth: Preauthorisation): Money | null {
    return preauth.approvedMinor === null ? null : Money.of(preauth.approvedMinor, preauth.currency);
  }

  @FieldResolver(() => Money, { description: 'What claims paid under it have used of the approved amount.' })
  usedAmount(@Root() preauth: Preauthorisation): Money {
    return Money.of(preauth.usedMinor, preauth.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Approved amount not used yet.' })
  remainingAmount(@Root() preauth: Preauthorisation): Money | null {
    return preauth.approvedMinor === null ? null : Money.of(Math.max(preauth.approvedMinor - preauth.usedMinor, 0), preauth.currency);
  }

  @FieldResolver(() => MemberReference)
  member(@Root() preauth: Preauthorisation): MemberReference {
    return MemberReference.of(preauth.memberId);
  }

  @FieldResolver(() => ProviderReference, { description: 'Resolved by the providers subgraph.' })
  provider(@Root() preauth: Preauthorisation): ProviderReference {
    return ProviderReference.of(preauth.providerId);
  }
}
