import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { ClaimsContext } from '../context';
import { MemberReference } from '../member.reference';
import { BenefitUtilisation } from './benefit-utilisation';

@Resolver()
export class UtilisationResolver {
  @Query(() => [BenefitUtilisation], {
    description: 'Each benefit of the member\'s cover on a day (today by default): limit, used and remaining in that benefit period.',
  })
  benefitUtilisation(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: ClaimsContext,
  ): Promise<BenefitUtilisation[]> {
    return ctx.loaders.benefitBalances.load({ memberId, on: on ?? ctx.services.clock.today() });
  }
}

/** Adds benefit balances to the members subgraph's `Member` (for the member app). */
@Resolver(() => MemberReference)
export class MemberBalancesResolver {
  @FieldResolver(() => [BenefitUtilisation], {
    nullable: true,
    description: 'Limit, used and remaining per benefit on a day (today by default); null only while this service is unavailable.',
  })
  benefitBalances(
    @Root() member: MemberReference,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: ClaimsContext,
  ): Promise<BenefitUtilisation[]> {
    return ctx.loaders.benefitBalances.load({ memberId: member.id, on: on ?? ctx.services.clock.today() });
  }
}
