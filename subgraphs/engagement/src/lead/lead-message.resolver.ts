import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { EngagementContext } from '../context';
import { LeadMessage } from './lead-message.entity';

export const LeadMessageConnection = Connection(LeadMessage, 'LeadMessage');

@Resolver(() => LeadMessage)
export class LeadMessageResolver {
  @Query(() => LeadMessageConnection, { description: "The delivery log of one lead's nurture messages, newest first." })
  leadMessages(@Arg('leadId', () => ID) leadId: string, @Args() page: PageArgs, @Ctx() ctx: EngagementContext) {
    return ctx.services.leadMessages.ofLead(leadId, page);
  }
}
