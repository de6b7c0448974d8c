import { randomUUID } from 'node:crypto';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, staffActor, startTestSubgraph } from '../../../../kit/testing';
import type { EngagementLoaders } from '../loaders';
import type { EngagementServices } from '../services';
import { createEngagementSubgraph } from '../subgraph';
import { testEngagementConfig } from '../testing';

type Runtime = SubgraphRuntime<EngagementServices, EngagementLoaders>;
let runtime: Runtime;

const OFFICER = staffActor('enrolment-1', 'ENROLMENT_OFFICER');
const TICKET_FIELDS = 'id ticketNumber memberId status assigneeId raisedByStaff comments { body internal byStaff }';

/** A family: principal and dependant, and the member actor of the principal. */
function family() {
  const principalId = randomUUID();
  const dependantId = randomUUID();
  return { principalId, dependantId, actor: memberActor(principalId, [principalId, dependantId]) };
}

async function raise(actor = OFFICER, memberId?: string) {
  const { raiseSupportTicket } = await executeOk(
    runtime,
    `mutation($input: RaiseSupportTicketInput!) { raiseSupportTicket(input: $input) { ${TICKET_FIELDS} } }`,
    { input: { memberId, subject: 'Card not working', description: 'The hospital could not read my card.', category: 'APP' } },
    actor,
  );
  return raiseSupportTicket;
}

const move = (id: string, status: string, actor = OFFICER) =>
  execute(runtime, `mutation($id: ID!, $s: TicketStatus!) { changeSupportTicketStatus(ticketId: $id, status: $s) { status resolvedAt closedAt } }`, { id, s: status }, actor);

beforeAll(async () => {
  runtime = await startTestSubgraph(createEngagementSubgraph({ config: testEngagementConfig() }));
});

afterAll(async () => {
  await runtime?.stop();
});

describe('support tickets', () => {
  it('is raised by a member for their family and by staff on a member\'s behalf', async () => {
    const f = family();
    const own = await raise(f.actor);
    expect(own).toMatchObject({ memberId: f.principalId, status: 'OPEN', raisedByStaff: false });
    expect(own.ticketNumber).toMatch(/^TKT-\d{6}$/);
    expect(await raise(f.actor, f.dependantId)).toMatchObject({ memberId: f.dependantId });
    expect(await raise(OFFICER, f.principalId)).toMatchObject({ raisedByStaff: true });

    const forOther = await execute(runtime, `mutation($input: RaiseSupportTicketInput!) { raiseSupportTicket(input: $input) { id } }`, {
      input: { memberId: randomUUID(), subject: 'Card', description: 'x', category: 'APP' },
    }, f.actor);
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const noMember = await execute(runtime, `mutation($input: RaiseSupportTicketInput!) { raiseSupportTicket(input: $input) { id } }`, {
      input: { subject: 'Card', description: 'x', category: 'APP' },
    }, OFFICER);
    expect(noMember.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'memberId', rule: 'REQUIRED' });
  });

  it('moves through its lifecycle: assign, await the member, resolve, reopen, close', async () => {
    const f = family();
    const ticket = await raise(f.actor);
    const { assignSupportTicket } = await executeOk(runtime, `mutation($id: ID!) { assignSupportTicket(ticketId: $id, assigneeId: "enrolment-1") { status assigneeId } }`, { id: ticket.id }, OFFICER);
    expect(assignSupportTicket).toEqual({ status: 'IN_PROGRESS', assigneeId: 'enrolment-1' });
    expect((await move(ticket.id, 'AWAITING_MEMBER')).data?.changeSupportTicketStatus.status).toBe('AWAITING_MEMBER');

    // The member's reply hands it back to staff.
    await executeOk(runtime, `mutation($id: ID!) { commentOnSupportTicket(input: { ticketId: $id, body: "It is card 1234." }) { id } }`, { id: ticket.id }, f.actor);
    expect((await executeOk(runtime, `query($id: ID!) { supportTicket(id: $id) { status } }`, { id: ticket.id }, f.actor)).supportTicket.status).toBe('IN_PROGRESS');

    // A member may not resolve; staff may; the member may reopen; staff resolve again; the member closes.
    expect((await move(ticket.id, 'RESOLVED', f.actor)).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect((await move(ticket.id, 'RESOLVED')).data?.changeSupportTicketStatus.resolvedAt).not.toBeNull();
    expect((await move(ticket.id, 'OPEN', f.actor)).data?.changeSupportTicketStatus).toMatchObject({ status: 'OPEN', resolvedAt: null });
    expect((await move(ticket.id, 'RESOLVED')).errors).toBeUndefined();
    expect((await move(ticket.id, 'CLOSED', f.actor)).data?.changeSupportTicketStatus.closedAt).not.toBeNull();

    // Closed is final.
    const reopen = await move(ticket.id, 'OPEN');
    expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CLOSED' });
    const comment = await execute(runtime, `mutation($id: ID!) { commentOnSupportTicket(input: { ticketId: $id, body: "hello?" }) { id } }`, { id: ticket.id }, f.actor);
    expect(comment.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('hides internal notes from the member', async () => {
    const f = family();
    const ticket = await raise(f.actor);
    await executeOk(runtime, `mutation($id: ID!) { a: commentOnSupportTicket(input: { ticketId: $id, body: "We are on it." }) { id } b: commentOnSupportTicket(input: { ticketId: $id, body: "Card batch 7 is faulty.", internal: true }) { id } }`, { id: ticket.id }, OFFICER);
    const staffView = await executeOk(runtime, `query($id: ID!) { supportTicket(id: $id) { comments { body internal } } }`, { id: ticket.id }, OFFICER);
    expect(staffView.supportTicket.comments).toHaveLength(2);
    const memberView = await executeOk(runtime, `query($id: ID!) { supportTicket(id: $id) { comments { body internal } } }`, { id: ticket.id }, f.actor);
    expect(memberView.supportTicket.comments).toEqual([{ body: 'We are on it.', internal: false }]);

    const internal = await execute(runtime, `mutation($id: ID!) { commentOnSupportTicket(input: { ticketId: $id, body: "psst", internal: true }) { id } }`, { id: ticket.id }, f.actor);
    expect(internal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'internal', rule: 'STAFF_ONLY' });
  });

  it("keeps a member away from another family's tickets", async () => {
    const mine = family();
    const theirs = family();
    const theirTicket = await raise(theirs.actor);
    const myTicket = await raise(mine.actor);

    const one = await execute(runtime, `query($id: ID!) { supportTicket(id: $id) { id subject } }`, { id: theirTicket.id }, mine.actor);
    expect(one.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(one.data?.supportTicket ?? null).toBeNull();

    const { supportTickets } = await executeOk(runtime, `query { supportTickets(first: 100) { id memberId } }`, {}, mine.actor);
    expect(supportTickets.map((t: { id: string }) => t.id)).toEqual([myTicket.id]);

    const comment = await execute(runtime, `mutation($id: ID!) { commentOnSupportTicket(input: { ticketId: $id, body: "hi" }) { id } }`, { id: theirTicket.id }, mine.actor);
    expect(comment.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await move(theirTicket.id, 'CLOSED', mine.actor)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lets officers who serve members work tickets, and refuses others', async () => {
    const f = family();
    const ticket = await raise(f.actor);
    const claims = await executeOk(runtime, `query($id: ID!) { supportTicket(id: $id) { id description } }`, { id: ticket.id }, staffActor('c-1', 'CLAIMS_OFFICER'));
    expect(claims.supportTicket.id).toBe(ticket.id);
    const sales = await execute(runtime, `query($id: ID!) { supportTicket(id: $id) { id } }`, { id: ticket.id }, staffActor('s-1', 'SALES_AGENT'));
    expect(sales.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const assign = await execute(runtime, `mutation($id: ID!) { assignSupportTicket(ticketId: $id, assigneeId: "x") { id } }`, { id: ticket.id }, f.actor);
    expect(assign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('applies concurrent status changes one at a time: exactly one of two resolutions wins', async () => {
    const ticket = await raise(OFFICER, randomUUID());
    await move(ticket.id, 'IN_PROGRESS');
    const results = await Promise.all([move(ticket.id, 'RESOLVED'), move(ticket.id, 'RESOLVED')]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'INVALID_TRANSITION').length).toBe(1);
  });
});
