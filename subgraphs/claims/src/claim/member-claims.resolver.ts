import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs, type Page } from '../../../../kit/pagination';
import type { ClaimsContext } from '../context';
import { MemberReference } from '../member.reference';
import { ClaimConnection } from './claim.resolver';
import { ClaimStatus, type Claim } from './claim.entity';

/** Adds the member's claims to the members subgraph's `Member`. */
@Resolver(() => MemberReference)
export class MemberClaimsResolver {
  @FieldResolver(() => ClaimConnection, { nullable: true, description: 'The member\'s claims, newest first (null only while this service is unavailable).' })
  claims(
    @Root() member: MemberReference,
    @Args() page: PageArgs,
    @Arg('status', () => ClaimStatus, { nullable: true }) status: ClaimStatus | null | undefined,
    @Ctx() ctx: ClaimsContext,
  ): Promise<Page<Claim>> {
    return ctx.loaders.claimsByMember.load({ ownerId: member.id, page, filter: status ?? null });
  }
}
