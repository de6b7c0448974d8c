import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../kit/context';
import { Member } from '../member/member.entity';
import type { MemberPrivacyService } from './privacy.service';

@Resolver(() => Member)
export class MemberErasureResolver {
  @Mutation(() => Member, {
    description:
      "Erases a member's identity: names become a pseudonym, contact details and national id are removed, in every subgraph. Financial records, cover and lifecycle stay. Asking again changes nothing.",
  })
  requestMemberErasure(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: SubgraphContext<{ privacy: MemberPrivacyService }>,
  ): Promise<Member> {
    return ctx.services.privacy.requestErasure(memberId, reason, ctx.actor.id);
  }
}
