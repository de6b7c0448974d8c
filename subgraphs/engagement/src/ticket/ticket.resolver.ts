import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EngagementContext } from '../context';
import { SupportTicket, TicketComment } from './ticket.entity';
import { CommentOnSupportTicketInput, RaiseSupportTicketInput, SupportTicketFilter } from './ticket.input';
import { TicketStatus } from './ticket.rules';
import { actsAsMember } from './ticket.service';

@Resolver(() => SupportTicket)
export class TicketResolver {
  @Query(() => SupportTicket, { nullable: true, description: 'One ticket, or null when the id is unknown; a member sees only their family\'s.' })
  supportTicket(@Arg('id', () => ID) id: string, @Ctx() ctx: EngagementContext): Promise<SupportTicket | null> {
    return ctx.loaders.ticketById.load(id);
  }

  @Query(() => [SupportTicket], { description: "Tickets, newest first; a member's list holds only their family's." })
  supportTickets(
    @Arg('filter', () => SupportTicketFilter, { nullable: true }) filter: SupportTicketFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: EngagementContext,
  ): Promise<SupportTicket[]> {
    return ctx.services.tickets.list(filter, first, ctx.actor);
  }

  @Mutation(() => SupportTicket, { description: 'Raises a ticket, by a member (for their family) or by staff on a member\'s behalf.' })
  raiseSupportTicket(@Arg('input', () => RaiseSupportTicketInput) input: RaiseSupportTicketInput, @Ctx() ctx: EngagementContext): Promise<SupportTicket> {
    return ctx.services.tickets.raise(input, ctx.actor);
  }

  @Mutation(() => SupportTicket, { description: 'Hands a ticket to a staff user; an OPEN ticket is then IN_PROGRESS.' })
  assignSupportTicket(@Arg('ticketId', () => ID) ticketId: string, @Arg('assigneeId', () => ID) assigneeId: string, @Ctx() ctx: EngagementContext): Promise<SupportTicket> {
    return ctx.services.tickets.assign(ticketId, assigneeId, ctx.actor);
  }

  @Mutation(() => SupportTicket, { description: 'Moves a ticket along its lifecycle; members may only reopen or close a resolved ticket.' })
  changeSupportTicketStatus(@Arg('ticketId', () => ID) ticketId: string, @Arg('status', () => TicketStatus) status: TicketStatus, @Ctx() ctx: EngagementContext): Promise<SupportTicket> {
    return ctx.services.tickets.changeStatus(ticketId, status, ctx.actor);
  }

  @Mutation(() => TicketComment, { description: 'Adds a comment (staff may mark it an internal note).' })
  commentOnSupportTicket(@Arg('input', () => CommentOnSupportTicketInput) input: CommentOnSupportTicketInput, @Ctx() ctx: EngagementContext): Promise<TicketComment> {
    return ctx.services.tickets.comment(input, ctx.actor);
  }

  @FieldResolver(() => [TicketComment], { description: 'The conversation, oldest first; internal notes only for staff.' })
  async comments(@Root() ticket: SupportTicket, @Ctx() ctx: EngagementContext): Promise<TicketComment[]> {
    const comments = await ctx.loaders.commentsByTicket.load(ticket.id);
    return actsAsMember(ctx.actor) ? comments.filter((c) => !c.internal) : comments;
  }
}
