import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { eventually, execute, executeOk, memberActor, outboxEventsOf, staffActor, startTestSubgraph } from '../../../../kit/testing';
import { readWellnessConfig } from '../config';
import type { WellnessLoaders } from '../loaders';
import { createWellnessServices, type WellnessServices } from '../services';
import { wellnessSubgraph } from '../subgraph';
import { clockAt, createTestCoach, newMemberId } from '../testing';
import { SLOT_OFFERED } from './coaching.service';

let wellness: SubgraphRuntime<WellnessServices, WellnessLoaders>;
beforeAll(async () => {
  wellness = await startTestSubgraph(wellnessSubgraph, {});
});
afterAll(() => wellness.stop());

const BOOK = `mutation($s: ID!, $m: ID!) { bookCoachSlot(slotId: $s, memberId: $m) { id status coach { id } } }`;
const CANCEL = `mutation($id: ID!) { cancelCoachAppointment(id: $id) { status } }`;
const JOIN = `mutation($c: ID!, $d: String!, $m: ID!) { joinCoachWaitingList(coachId: $c, day: $d, memberId: $m) { id status } }`;
const ACCEPT = `mutation($e: ID!) { acceptCoachSlotOffer(entryId: $e) { id memberId status } }`;

async function bookingsOf(slotId: string): Promise<{ member_id: string; status: string }[]> {
  return wellness.dataSource.query(`SELECT member_id, status FROM appointments WHERE slot_id = $1 ORDER BY booked_at`, [slotId]);
}

async function entry(id: string): Promise<{ status: string; offered_slot_id: string | null }> {
  const [row] = await wellness.dataSource.query(`SELECT status, offered_slot_id FROM waiting_list_entries WHERE id = $1`, [id]);
  return row;
}

describe('coach appointments', () => {
  it('books a slot once when 20 members try at the same moment', async () => {
    const coach = await createTestCoach(wellness, 1);
    const members = Array.from({ length: 20 }, newMemberId);
    const results = await Promise.all(members.map((m) => execute(wellness, BOOK, { s: coach.slots[0].id, m }, memberActor(m))));
    const booked = results.filter((r) => !r.errors);
    expect(booked).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.rule === 'SLOT_FREE')).toHaveLength(19);
    expect(await bookingsOf(coach.slots[0].id)).toEqual([{ member_id: expect.any(String), status: 'BOOKED' }]);
  });

  it('keeps a member out of two overlapping appointments, also when both are booked at once', async () => {
    const first = await createTestCoach(wellness, 1, 4);
    const second = await createTestCoach(wellness, 1, 4);
    const memberId = newMemberId();
    const member = memberActor(memberId);
    const results = await Promise.all([execute(wellness, BOOK, { s: first.slots[0].id, m: memberId }, member), execute(wellness, BOOK, { s: second.slots[0].id, m: memberId }, member)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'NO_OVERLAPPING_APPOINTMENT' });
  });

  it('lets a member book only for themselves', async () => {
    const coach = await createTestCoach(wellness, 1);
    const result = await execute(wellness, BOOK, { s: coach.slots[0].id, m: newMemberId() }, memberActor(newMemberId()));
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await bookingsOf(coach.slots[0].id)).toEqual([]);
  });

  it('frees a slot on cancellation and offers it to the first member waiting, who accepts it', async () => {
    const coach = await createTestCoach(wellness, 1, 5);
    const [booker, firstInLine, secondInLine, outsider] = Array.from({ length: 4 }, newMemberId);
    const { bookCoachSlot } = await executeOk(wellness, BOOK, { s: coach.slots[0].id, m: booker }, memberActor(booker));
    const first = (await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: firstInLine }, memberActor(firstInLine))).joinCoachWaitingList;
    const second = (await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: secondInLine }, memberActor(secondInLine))).joinCoachWaitingList;
    const twice = await execute(wellness, JOIN, { c: coach.id, d: coach.day, m: firstInLine }, memberActor(firstInLine));
    expect(twice.errors?.[0].extensions?.rule).toBe('WAITING_ONCE');

    await executeOk(wellness, CANCEL, { id: bookCoachSlot.id }, memberActor(booker));
    expect(await entry(first.id)).toEqual({ status: 'OFFERED', offered_slot_id: coach.slots[0].id });
    expect(await entry(second.id)).toMatchObject({ status: 'WAITING' });
    expect(await outboxEventsOf(wellness, firstInLine, SLOT_OFFERED)).toHaveLength(1);

    // Held for the member offered it: nobody else can take it meanwhile.
    const grab = await execute(wellness, BOOK, { s: coach.slots[0].id, m: outsider }, memberActor(outsider));
    expect(grab.errors?.[0].extensions?.rule).toBe('SLOT_HELD');
    const { openCoachSlots } = await executeOk(wellness, `query($c: ID!, $d: String!) { openCoachSlots(coachId: $c, day: $d) { id } }`, { c: coach.id, d: coach.day }, memberActor(outsider));
    expect(openCoachSlots).toEqual([]);

    const stranger = await execute(wellness, ACCEPT, { e: first.id }, memberActor(secondInLine));
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { acceptCoachSlotOffer } = await executeOk(wellness, ACCEPT, { e: first.id }, memberActor(firstInLine));
    expect(acceptCoachSlotOffer).toMatchObject({ memberId: firstInLine, status: 'BOOKED' });
    expect(await entry(first.id)).toMatchObject({ status: 'BOOKED' });
    expect((await bookingsOf(coach.slots[0].id)).map((b) => [b.member_id, b.status])).toEqual([[booker, 'CANCELLED'], [firstInLine, 'BOOKED']]);
  });

  it('moves an expired offer to the next member in line', async () => {
    const coach = await createTestCoach(wellness, 1, 6);
    const [booker, firstInLine, secondInLine] = Array.from({ length: 3 }, newMemberId);
    const { bookCoachSlot } = await executeOk(wellness, BOOK, { s: coach.slots[0].id, m: booker }, staffActor('officer', 'ENROLMENT_OFFICER'));
    const first = (await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: firstInLine }, memberActor(firstInLine))).joinCoachWaitingList;
    const second = (await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: secondInLine }, memberActor(secondInLine))).joinCoachWaitingList;
    await executeOk(wellness, CANCEL, { id: bookCoachSlot.id }, memberActor(booker));
    expect(await entry(first.id)).toMatchObject({ status: 'OFFERED' });

    const config = readWellnessConfig();
    const later = createWellnessServices(wellness.dataSource, config, clockAt(new Date(Date.now() + (config.offerTtlMinutes + 1) * 60_000)), wellness.logger);
    expect(await later.coaching.expireOffers()).toBeGreaterThanOrEqual(1);
    expect(await entry(first.id)).toMatchObject({ status: 'EXPIRED' });
    expect(await entry(second.id)).toEqual({ status: 'OFFERED', offered_slot_id: coach.slots[0].id });
    const late = await execute(wellness, ACCEPT, { e: first.id }, memberActor(firstInLine));
    expect(late.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    await executeOk(wellness, ACCEPT, { e: second.id }, memberActor(secondInLine));
  });

  it('refuses overlapping slots for one coach, adding none of them', async () => {
    const coach = await createTestCoach(wellness, 1, 7);
    const start = new Date(coach.slots[0].startsAt);
    const result = await execute(
      wellness,
      `mutation($c: ID!, $s: [CoachSlotInput!]!) { addCoachSlots(coachId: $c, slots: $s) { id } }`,
      {
        c: coach.id,
        s: [
          { startsAt: new Date(start.getTime() + 60 * 60_000).toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString() },
          { startsAt: new Date(start.getTime() + 15 * 60_000).toISOString(), endsAt: new Date(start.getTime() + 45 * 60_000).toISOString() },
        ],
      },
      staffActor('officer', 'ENROLMENT_OFFICER'),
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'NO_OVERLAP' });
    const [{ count }] = await wellness.dataSource.query(`SELECT count(*)::int AS count FROM coach_slots WHERE coach_id = $1`, [coach.id]);
    expect(count).toBe(1);
  });

  it('keeps coach administration to staff', async () => {
    const memberId = newMemberId();
    const result = await execute(wellness, `mutation { createCoach(name: "Eve", speciality: "Sleep") { id } }`, {}, memberActor(memberId));
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analyst = await execute(wellness, `mutation { createCoach(name: "Eve", speciality: "Sleep") { id } }`, {}, staffActor('analyst', 'ANALYST'));
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a slot booked and offered at once', () => {
  it('refuses a booking that raced the offer of the slot it wanted', async () => {
    const coach = await createTestCoach(wellness, 1, 8);
    const [booker, waiting, outsider] = Array.from({ length: 3 }, newMemberId);
    const slotId = coach.slots[0].id;
    const { bookCoachSlot } = await executeOk(wellness, BOOK, { s: slotId, m: booker }, memberActor(booker));
    const queued = (await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: waiting }, memberActor(waiting))).joinCoachWaitingList;

    // A cancellation has freed the slot and offered it, not yet committed, when the outsider books it.
    const cancelling = wellness.dataSource.createQueryRunner();
    await cancelling.connect();
    let grab: Awaited<ReturnType<typeof execute>>;
    try {
      await cancelling.startTransaction();
      await cancelling.query(`UPDATE appointments SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1`, [bookCoachSlot.id]);
      expect(await wellness.services.coaching.offerSlot(cancelling.manager, slotId)).toMatchObject({ id: queued.id });
      const booking = execute(wellness, BOOK, { s: slotId, m: outsider }, memberActor(outsider));
      await eventually(async () => {
        const [waitingOnLock] = await wellness.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        expect(waitingOnLock.n).toBeGreaterThan(0);
      });
      await cancelling.commitTransaction();
      grab = await booking;
    } finally {
      await cancelling.release();
    }
    expect(grab.errors?.[0].extensions?.rule).toBe('SLOT_HELD');
    expect(await entry(queued.id)).toEqual({ status: 'OFFERED', offered_slot_id: slotId });
    expect((await bookingsOf(slotId)).map((b) => [b.member_id, b.status])).toEqual([[booker, 'CANCELLED']]);
  });

  it('keeps a cancellation when the slot still has an expired offer nobody has processed yet', async () => {
    const coach = await createTestCoach(wellness, 1, 9);
    const [first, lapsed, second, nextInLine] = Array.from({ length: 4 }, newMemberId);
    const slotId = coach.slots[0].id;
    const { bookCoachSlot } = await executeOk(wellness, BOOK, { s: slotId, m: first }, memberActor(first));
    const stale = (await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: lapsed }, memberActor(lapsed))).joinCoachWaitingList;
    await executeOk(wellness, CANCEL, { id: bookCoachSlot.id }, memberActor(first));
    expect(await entry(stale.id)).toMatchObject({ status: 'OFFERED' });
    await executeOk(wellness, JOIN, { c: coach.id, d: coach.day, m: nextInLine }, memberActor(nextInLine));

    // The offer has lapsed but the expiry job has not run: the slot is free to book, then cancelled again.
    const config = readWellnessConfig();
    const later = createWellnessServices(wellness.dataSource, config, clockAt(new Date(Date.now() + (config.offerTtlMinutes + 1) * 60_000)), wellness.logger);
    const booked = await later.coaching.book(slotId, second, second);
    const cancelled = await later.coaching.cancel(booked.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect((await bookingsOf(slotId)).map((b) => [b.member_id, b.status])).toEqual([[first, 'CANCELLED'], [second, 'CANCELLED']]);
  });
});
