import { registerEnumType } from 'type-graphql';

export enum TicketStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  AWAITING_MEMBER = 'AWAITING_MEMBER',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description: 'OPEN → IN_PROGRESS ⇄ AWAITING_MEMBER → RESOLVED → CLOSED; a RESOLVED ticket may be reopened (back to OPEN).',
});

export enum TicketCategory {
  CLAIMS = 'CLAIMS',
  BILLING = 'BILLING',
  POLICY = 'POLICY',
  PROVIDERS = 'PROVIDERS',
  APP = 'APP',
  OTHER = 'OTHER',
}
registerEnumType(TicketCategory, { name: 'TicketCategory' });

const STAFF_MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  OPEN: [TicketStatus.IN_PROGRESS, TicketStatus.AWAITING_MEMBER, TicketStatus.RESOLVED],
  IN_PROGRESS: [TicketStatus.AWAITING_MEMBER, TicketStatus.RESOLVED],
  AWAITING_MEMBER: [TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED],
  RESOLVED: [TicketStatus.CLOSED, TicketStatus.OPEN],
  CLOSED: [],
};

/** A member may only reopen a resolved ticket or accept the resolution by closing it. */
const MEMBER_MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  OPEN: [],
  IN_PROGRESS: [],
  AWAITING_MEMBER: [],
  RESOLVED: [TicketStatus.CLOSED, TicketStatus.OPEN],
  CLOSED: [],
};

/** Why a ticket may not move from `from` to `to` by this kind of user, or null when it may. */
export function ticketTransitionRefusal(from: TicketStatus, to: TicketStatus, by: 'STAFF' | 'MEMBER'): string | null {
  if (from === to) return `it is already ${from}`;
  if (from === TicketStatus.CLOSED) return 'a closed ticket is final; raise a new one';
  const allowed = (by === 'STAFF' ? STAFF_MOVES : MEMBER_MOVES)[from];
  if (allowed.includes(to)) return null;
  return by === 'MEMBER' ? 'members may only reopen or close a resolved ticket' : `${from} may move to ${allowed.join(' or ')} only`;
}

/** A member's reply to a ticket awaiting them hands it back to staff. */
export function statusAfterMemberComment(status: TicketStatus): TicketStatus {
  return status === TicketStatus.AWAITING_MEMBER ? TicketStatus.IN_PROGRESS : status;
}
