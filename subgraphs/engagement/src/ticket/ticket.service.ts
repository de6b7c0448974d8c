import type { DataSource, EntityManager } from 'typeorm';
import { hasRole, isOwnFamily, type Actor } from '../../../../kit/auth/identity';
import { ForbiddenError } from '../../../../kit/auth/rules';
import { InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { SupportTicket, TicketComment } from './ticket.entity';
import type { CommentOnSupportTicketInput, RaiseSupportTicketInput, SupportTicketFilter } from './ticket.input';
import { statusAfterMemberComment, ticketTransitionRefusal, TicketStatus } from './ticket.rules';

/** Whether the actor acts as a member (then limited to their own family's tickets). */
export function actsAsMember(actor: Actor): boolean {
  return hasRole(actor, 'MEMBER') && !!actor.memberId;
}

/** Member support tickets: raised, assigned, discussed and moved through their statuses. */
export class TicketService {
  constructor(private readonly dataSource: DataSource) {}

  byIds(ids: readonly string[]): Promise<SupportTicket[]> {
    return this.dataSource.getRepository(SupportTicket).createQueryBuilder('t').where('t.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  commentsOf(ticketIds: readonly string[]): Promise<TicketComment[]> {
    return this.dataSource
      .getRepository(TicketComment)
      .createQueryBuilder('c')
      .where('c.ticket_id = ANY(:ids)', { ids: [...ticketIds] })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  /** Tickets newest first; a member's list holds only their family's. */
  list(filter: SupportTicketFilter | undefined, limit: number, actor: Actor): Promise<SupportTicket[]> {
    const query = this.dataSource.getRepository(SupportTicket).createQueryBuilder('t');
    if (actsAsMember(actor)) query.andWhere('t.member_id = ANY(:family)', { family: [...(actor.family ?? [actor.memberId!])] });
    if (filter?.status) query.andWhere('t.status = :status', { status: filter.status });
    if (filter?.memberId) query.andWhere('t.member_id = :memberId', { memberId: filter.memberId });
    if (filter?.assigneeId) query.andWhere('t.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    return query.orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'DESC').take(Math.min(Math.max(limit, 1), 100)).getMany();
  }

  async raise(input: RaiseSupportTicketInput, actor: Actor): Promise<SupportTicket> {
    const asMember = actsAsMember(actor);
    const memberId = input.memberId ?? (asMember ? actor.memberId! : null);
    const violations = new Violations();
    if (!memberId) violations.add('memberId', 'REQUIRED', 'name the member the ticket is for');
    if (!input.subject.trim()) violations.add('subject', 'REQUIRED', 'must not be blank');
    if (!input.description.trim()) violations.add('description', 'REQUIRED', 'must not be blank');
    violations.throwIfAny();
    if (asMember && !isOwnFamily(actor, memberId)) throw new ForbiddenError("raising a ticket for another family's member");
    const [row] = await this.dataSource.query(
      `INSERT INTO support_tickets (member_id, subject, description, category, status, raised_by, raised_by_staff) VALUES ($1, $2, $3, $4, 'OPEN', $5, $6) RETURNING id`,
      [memberId, input.subject.trim(), input.description.trim(), input.category, actor.id, !asMember],
    );
    return this.dataSource.getRepository(SupportTicket).findOneByOrFail({ id: row.id });
  }

  /** Loads a ticket for change, locked; a member asking about another family's ticket is told it does not exist. */
  private async locked(manager: EntityManager, id: string, actor: Actor): Promise<SupportTicket> {
    const ticket = await manager.getRepository(SupportTicket).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!ticket || (actsAsMember(actor) && !isOwnFamily(actor, ticket.memberId))) throw new NotFoundError('SupportTicket', id);
    return ticket;
  }

  /** Hands a ticket to a staff user; an OPEN ticket is then IN_PROGRESS. */
  assign(id: string, assigneeId: string, actor: Actor): Promise<SupportTicket> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await this.locked(manager, id, actor);
      if (ticket.status === TicketStatus.CLOSED) throw new InvalidTransitionError('SupportTicket', ticket.status, 'assign', 'a closed ticket is final');
      ticket.assigneeId = assigneeId;
      if (ticket.status === TicketStatus.OPEN) ticket.status = TicketStatus.IN_PROGRESS;
      return manager.save(ticket);
    });
  }

  changeStatus(id: string, to: TicketStatus, actor: Actor): Promise<SupportTicket> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await this.locked(manager, id, actor);
      const refusal = ticketTransitionRefusal(ticket.status, to, actsAsMember(actor) ? 'MEMBER' : 'STAFF');
      if (refusal) throw new InvalidTransitionError('SupportTicket', ticket.status, `move to ${to}`, refusal);
      if (to === TicketStatus.RESOLVED) ticket.resolvedAt = new Date();
      if (to === TicketStatus.OPEN) ticket.resolvedAt = null;
      if (to === TicketStatus.CLOSED) ticket.closedAt = new Date();
      ticket.status = to;
      return manager.save(ticket);
    });
  }

  /** Adds a comment; only staff write internal notes; a member's reply to a ticket awaiting them hands it back to staff. */
  comment(input: CommentOnSupportTicketInput, actor: Actor): Promise<TicketComment> {
    return this.dataSource.transaction(async (manager) => {
      const asMember = actsAsMember(actor);
      if (asMember && input.internal) new Violations().add('internal', 'STAFF_ONLY', 'members cannot write internal notes').throwIfAny();
      const ticket = await this.locked(manager, input.ticketId, actor);
      if (ticket.status === TicketStatus.CLOSED) throw new InvalidTransitionError('SupportTicket', ticket.status, 'comment on', 'a closed ticket is final; raise a new one');
      const [row] = await manager.query(
        `INSERT INTO ticket_comments (ticket_id, author_id, by_staff, body, internal) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [ticket.id, actor.id, !asMember, input.body.trim(), input.internal],
      );
      if (asMember) {
        const next = statusAfterMemberComment(ticket.status);
        if (next !== ticket.status) {
          ticket.status = next;
          await manager.save(ticket);
        }
      }
      return manager.getRepository(TicketComment).findOneByOrFail({ id: row.id });
    });
  }
}
