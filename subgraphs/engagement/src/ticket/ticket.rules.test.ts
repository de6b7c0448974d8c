import { statusAfterMemberComment, ticketTransitionRefusal, TicketStatus } from './ticket.rules';

const { OPEN, IN_PROGRESS, AWAITING_MEMBER, RESOLVED, CLOSED } = TicketStatus;

describe('ticket transitions', () => {
  it.each([
    [OPEN, IN_PROGRESS],
    [IN_PROGRESS, AWAITING_MEMBER],
    [AWAITING_MEMBER, IN_PROGRESS],
    [IN_PROGRESS, RESOLVED],
    [RESOLVED, CLOSED],
    [RESOLVED, OPEN],
  ])('staff may move %s to %s', (from, to) => {
    expect(ticketTransitionRefusal(from, to, 'STAFF')).toBeNull();
  });

  it.each([
    [OPEN, CLOSED],
    [IN_PROGRESS, OPEN],
    [AWAITING_MEMBER, CLOSED],
    [CLOSED, OPEN],
    [CLOSED, IN_PROGRESS],
  ])('staff may not move %s to %s', (from, to) => {
    expect(ticketTransitionRefusal(from, to, 'STAFF')).toEqual(expect.any(String));
  });

  it('lets a member only reopen or close a resolved ticket', () => {
    expect(ticketTransitionRefusal(RESOLVED, OPEN, 'MEMBER')).toBeNull();
    expect(ticketTransitionRefusal(RESOLVED, CLOSED, 'MEMBER')).toBeNull();
    expect(ticketTransitionRefusal(OPEN, RESOLVED, 'MEMBER')).toMatch(/members may only/);
    expect(ticketTransitionRefusal(IN_PROGRESS, AWAITING_MEMBER, 'MEMBER')).toMatch(/members may only/);
  });

  it('refuses a move to the same status', () => {
    expect(ticketTransitionRefusal(OPEN, OPEN, 'STAFF')).toMatch(/already OPEN/);
  });

  it("hands a ticket awaiting the member back to staff when the member replies", () => {
    expect(statusAfterMemberComment(AWAITING_MEMBER)).toBe(IN_PROGRESS);
    expect(statusAfterMemberComment(RESOLVED)).toBe(RESOLVED);
  });
});
