import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { isUniqueViolation } from '../../../../kit/database';
import { isIsoDate } from '../../../../kit/dates';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { utcDay } from '../metric/metric.rules';
import { Appointment, AppointmentStatus, Coach, CoachSlot, WaitingListEntry, WaitingStatus } from './coaching.entity';

/** `wellness.slot.offered`: a freed slot was offered to a member on the waiting list (engagement tells them). */
export const SLOT_OFFERED = 'wellness.slot.offered';
export const APPOINTMENT_BOOKED = 'wellness.appointment.booked';
export const APPOINTMENT_CANCELLED = 'wellness.appointment.cancelled';

/** PostgreSQL's exclusion violation: the member already has an appointment overlapping this one. */
function isExclusionViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.driverError?.code ?? e.code) === '23P01' && (e.driverError?.constraint ?? e.constraint) === constraint;
}

export interface NewSlot {
  startsAt: Date;
  endsAt: Date;
}

export class CoachingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly offerTtlMinutes: number,
  ) {}

  coaches(includeInactive: boolean): Promise<Coach[]> {
    return this.dataSource.getRepository(Coach).find({ where: includeInactive ? {} : { active: true }, order: { name: 'ASC' } });
  }

  coachesByIds(ids: readonly string[]): Promise<Coach[]> {
    return this.dataSource.getRepository(Coach).createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).getMany();
  }

  async createCoach(name: string, speciality: string): Promise<Coach> {
    const problems = new Violations();
    if (!name.trim()) problems.add('name', 'REQUIRED', 'is required');
    if (!speciality.trim()) problems.add('speciality', 'REQUIRED', 'is required');
    problems.throwIfAny();
    const [{ id }] = await this.dataSource.query(`INSERT INTO coaches (name, speciality) VALUES ($1, $2) RETURNING id`, [name.trim(), speciality.trim()]);
    return this.dataSource.getRepository(Coach).findOneByOrFail({ id });
  }

  /** Adds slots to a coach's diary; a slot overlapping another of the coach's is refused (and none is added). */
  async addSlots(coachId: string, slots: NewSlot[]): Promise<CoachSlot[]> {
    const problems = new Violations();
    slots.forEach((slot, i) => {
      if (!(slot.endsAt > slot.startsAt)) problems.add(`slots[${i}].endsAt`, 'AFTER_START', 'must be after the start');
      if (slot.startsAt <= this.clock.now()) problems.add(`slots[${i}].startsAt`, 'IN_FUTURE', 'a slot must start in the future');
    });
    problems.throwIfAny();
    if (!(await this.dataSource.getRepository(Coach).existsBy({ id: coachId }))) throw new NotFoundError('Coach', coachId);
    try {
      const ids = await this.dataSource.transaction(async (manager) => {
        const created: string[] = [];
        for (const slot of slots) {
          const [{ id }] = await manager.query(`INSERT INTO coach_slots (coach_id, starts_at, ends_at) VALUES ($1, $2, $3) RETURNING id`, [coachId, slot.startsAt, slot.endsAt]);
          created.push(id);
        }
        return created;
      });
      return this.slotsByIds(ids);
    } catch (error) {
      if (isExclusionViolation(error, 'coach_slots_no_overlap')) throw new ConflictError('A slot overlaps another slot of this coach', { field: 'slots', rule: 'NO_OVERLAP' });
      throw error;
    }
  }

  slotsByIds(ids: readonly string[]): Promise<CoachSlot[]> {
    return this.dataSource.getRepository(CoachSlot).createQueryBuilder('s').where('s.id = ANY(:ids)', { ids }).orderBy('s.starts_at').getMany();
  }

  /** A coach's slots on a day that nobody has booked and that are not held for a waiting-list offer. */
  openSlots(coachId: string, day: string): Promise<CoachSlot[]> {
    return this.dataSource
      .getRepository(CoachSlot)
      .createQueryBuilder('s')
      .where('s.coach_id = :coachId', { coachId })
      .andWhere(`(s.starts_at AT TIME ZONE 'UTC')::date = :day`, { day })
      .andWhere('s.starts_at > :now', { now: this.clock.now() })
      .andWhere(`NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'BOOKED')`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM waiting_list_entries w WHERE w.offered_slot_id = s.id AND w.status = 'OFFERED' AND w.offer_expires_at > :now)`, { now: this.clock.now() })
      .orderBy('s.starts_at')
      .getMany();
  }

  /**
   * Books a slot for a member. The database decides races: a partial unique index lets one
   * booking hold a slot, and an exclusion constraint keeps a member out of two overlapping
   * appointments, so twenty members booking one slot at once end with exactly one booking.
   * A slot offered to the waiting list is held for that member until the offer expires. The slot
   * row is locked first, as `offerSlot` does, so a booking and an offer of one slot never both
   * decide on what they read before the other wrote.
   */
  async book(slotId: string, memberId: string, actorId: string, manager?: EntityManager, viaOffer = false): Promise<Appointment> {
    const run = async (tx: EntityManager) => {
      const slot = await tx.getRepository(CoachSlot).findOne({ where: { id: slotId }, lock: { mode: 'pessimistic_write' } });
      if (!slot) throw new NotFoundError('Coach slot', slotId);
      if (slot.startsAt <= this.clock.now()) throw new InvalidTransitionError('coach slot', 'PAST', 'book', 'it has already started');
      if (!viaOffer) {
        const [held] = await tx.query(
          `SELECT member_id FROM waiting_list_entries WHERE offered_slot_id = $1 AND status = 'OFFERED' AND offer_expires_at > $2`,
          [slotId, this.clock.now()],
        );
        if (held && held.member_id !== memberId) throw new ConflictError('This slot is held for a member on the waiting list', { field: 'slotId', rule: 'SLOT_HELD' });
        if (held) throw new ConflictError('This slot is offered to you: accept the offer to book it', { field: 'slotId', rule: 'ACCEPT_OFFER' });
      }
      const [{ id }] = await tx.query(
        `INSERT INTO appointments (slot_id, coach_id, member_id, starts_at, ends_at, booked_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [slot.id, slot.coachId, memberId, slot.startsAt, slot.endsAt, actorId],
      );
      await recordEvent(tx, { type: APPOINTMENT_BOOKED, aggregateId: memberId, payload: { appointmentId: id, memberId, coachId: slot.coachId, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() } });
      return id as string;
    };
    try {
      const id = manager ? await run(manager) : await this.dataSource.transaction(run);
      return await (manager ?? this.dataSource.manager).getRepository(Appointment).findOneByOrFail({ id });
    } catch (error) {
      if (isUniqueViolation(error, 'appointments_slot_booked_once')) throw new ConflictError('This slot is already booked', { field: 'slotId', rule: 'SLOT_FREE' });
      if (isExclusionViolation(error, 'appointments_member_no_overlap')) throw new ConflictError('The member already has an appointment at that time', { field: 'slotId', rule: 'NO_OVERLAPPING_APPOINTMENT' });
      throw error;
    }
  }

  async appointment(id: string): Promise<Appointment> {
    const found = await this.dataSource.getRepository(Appointment).findOneBy({ id });
    if (!found) throw new NotFoundError('Appointment', id);
    return found;
  }

  appointmentsByIds(ids: readonly string[]): Promise<Appointment[]> {
    return this.dataSource.getRepository(Appointment).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids }).getMany();
  }

  /** Cancels a booking and offers the freed slot to the first member waiting for that coach and day, in one transaction. */
  async cancel(id: string): Promise<Appointment> {
    await this.dataSource.transaction(async (manager) => {
      // The slot is locked before the appointment, the order `book` takes them in (the other would deadlock).
      await manager.query(`SELECT s.id FROM coach_slots s JOIN appointments a ON a.slot_id = s.id WHERE a.id = $1 FOR UPDATE OF s`, [id]);
      const [rows]: [{ slot_id: string; member_id: string; coach_id: string }[]] = await manager.query(
        `UPDATE appointments SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1 AND status = 'BOOKED' RETURNING slot_id, member_id, coach_id`,
        [id],
      );
      if (rows.length === 0) {
        const existing = await this.appointment(id);
        throw new InvalidTransitionError('appointment', existing.status, 'cancel', 'it is already cancelled');
      }
      await recordEvent(manager, { type: APPOINTMENT_CANCELLED, aggregateId: rows[0].member_id, payload: { appointmentId: id, memberId: rows[0].member_id, coachId: rows[0].coach_id } });
      await this.offerSlot(manager, rows[0].slot_id);
    });
    return this.appointment(id);
  }

  /**
   * Offers a free, future slot to the first member waiting for its coach and day (SKIP LOCKED, so
   * two offers running at once pick different members; the one-offer-per-slot index keeps a slot
   * from being offered twice). The slot row is locked first, as `book` does, so a booking cannot
   * slip in between the check that the slot is free and the offer. Returns the entry offered, or
   * null when nobody waits or the slot is taken or still offered to someone.
   */
  async offerSlot(manager: EntityManager, slotId: string): Promise<WaitingListEntry | null> {
    await manager.query(`SELECT id FROM coach_slots WHERE id = $1 FOR UPDATE`, [slotId]);
    const [slot] = await manager.query(
      `SELECT s.id, s.coach_id, (s.starts_at AT TIME ZONE 'UTC')::date::text AS day FROM coach_slots s
       WHERE s.id = $1 AND s.starts_at > $2 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'BOOKED')`,
      [slotId, this.clock.now()],
    );
    if (!slot) return null;
    const [next] = await manager.query(
      `SELECT id, member_id FROM waiting_list_entries WHERE coach_id = $1 AND day = $2 AND status = 'WAITING'
       ORDER BY joined_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [slot.coach_id, slot.day],
    );
    if (!next) return null;
    const expiresAt = new Date(this.clock.now().getTime() + this.offerTtlMinutes * 60_000);
    // Checked in the statement rather than by catching the unique violation: a failed statement
    // aborts the caller's transaction, whose COMMIT would then silently roll back (a cancellation lost).
    // The slot lock keeps the check and the write together.
    const [, offered] = (await manager.query(
      `UPDATE waiting_list_entries SET status = 'OFFERED', offered_slot_id = $2, offer_expires_at = $3
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM waiting_list_entries WHERE offered_slot_id = $2 AND status = 'OFFERED')`,
      [next.id, slotId, expiresAt],
    )) as [unknown, number];
    if (offered === 0) return null;
    await recordEvent(manager, { type: SLOT_OFFERED, aggregateId: next.member_id, payload: { entryId: next.id, memberId: next.member_id, slotId, expiresAt: expiresAt.toISOString() } });
    return manager.getRepository(WaitingListEntry).findOneByOrFail({ id: next.id });
  }

  async joinWaitingList(coachId: string, day: string, memberId: string): Promise<WaitingListEntry> {
    if (!isIsoDate(day)) new Violations().add('day', 'DATE', 'must be a date (YYYY-MM-DD)').throwIfAny();
    if (day < utcDay(this.clock.now())) new Violations().add('day', 'NOT_IN_PAST', 'must be today or later').throwIfAny();
    if (!(await this.dataSource.getRepository(Coach).existsBy({ id: coachId }))) throw new NotFoundError('Coach', coachId);
    try {
      const [{ id }] = await this.dataSource.query(`INSERT INTO waiting_list_entries (coach_id, day, member_id) VALUES ($1, $2, $3) RETURNING id`, [coachId, day, memberId]);
      return this.dataSource.getRepository(WaitingListEntry).findOneByOrFail({ id });
    } catch (error) {
      if (isUniqueViolation(error, 'waiting_list_once')) throw new ConflictError('The member is already on this waiting list', { field: 'day', rule: 'WAITING_ONCE' });
      throw error;
    }
  }

  async waitingEntry(id: string): Promise<WaitingListEntry> {
    const entry = await this.dataSource.getRepository(WaitingListEntry).findOneBy({ id });
    if (!entry) throw new NotFoundError('Waiting list entry', id);
    return entry;
  }

  /** The member accepts an offer that has not expired: the slot is booked for them and their entry closed. */
  async acceptOffer(entryId: string, actorId: string): Promise<Appointment> {
    return this.dataSource.transaction(async (manager) => {
      const [entry] = await manager.query(`SELECT * FROM waiting_list_entries WHERE id = $1 FOR UPDATE`, [entryId]);
      if (!entry) throw new NotFoundError('Waiting list entry', entryId);
      if (entry.status !== WaitingStatus.OFFERED) throw new InvalidTransitionError('waiting list entry', entry.status, 'accept', 'no slot is offered to it');
      if (new Date(entry.offer_expires_at) <= this.clock.now()) throw new InvalidTransitionError('waiting list entry', entry.status, 'accept', 'the offer has expired');
      await manager.query(`UPDATE waiting_list_entries SET status = 'BOOKED' WHERE id = $1`, [entryId]);
      return this.book(entry.offered_slot_id, entry.member_id, actorId, manager, true);
    });
  }

  async leaveWaitingList(entryId: string): Promise<WaitingListEntry> {
    const entry = await this.waitingEntry(entryId);
    await this.dataSource.transaction(async (manager) => {
      const [, changed] = await manager.query(`UPDATE waiting_list_entries SET status = 'LEFT' WHERE id = $1 AND status IN ('WAITING', 'OFFERED')`, [entryId]);
      if (!changed) throw new InvalidTransitionError('waiting list entry', entry.status, 'leave', 'it is no longer waiting');
      // Leaving with an offer in hand passes the slot on.
      if (entry.status === WaitingStatus.OFFERED && entry.offeredSlotId) await this.offerSlot(manager, entry.offeredSlotId);
    });
    return this.waitingEntry(entryId);
  }

  /** Expires offers past their time and offers each slot to the next in line; returns how many expired. */
  async expireOffers(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [expired]: [{ offered_slot_id: string }[]] = await manager.query(
        `UPDATE waiting_list_entries SET status = 'EXPIRED' WHERE id IN (
           SELECT id FROM waiting_list_entries WHERE status = 'OFFERED' AND offer_expires_at <= $1 ORDER BY offer_expires_at FOR UPDATE SKIP LOCKED)
         RETURNING offered_slot_id`,
        [this.clock.now()],
      );
      for (const row of expired) await this.offerSlot(manager, row.offered_slot_id);
      return expired.length;
    });
  }

  upcomingOf(memberIds: readonly string[]): Promise<Appointment[]> {
    return this.dataSource
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .where('a.member_id = ANY(:ids)', { ids: memberIds })
      .andWhere(`a.status = 'BOOKED'`)
      .andWhere('a.ends_at > :now', { now: this.clock.now() })
      .orderBy('a.starts_at')
      .getMany();
  }

  waitingOf(memberId: string): Promise<WaitingListEntry[]> {
    return this.dataSource.getRepository(WaitingListEntry).find({ where: { memberId }, order: { joinedAt: 'DESC' } });
  }

  appointmentsOfCoach(coachId: string, from: Date, to: Date): Promise<Appointment[]> {
    return this.dataSource
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .where('a.coach_id = :coachId', { coachId })
      .andWhere(`a.status = :status`, { status: AppointmentStatus.BOOKED })
      .andWhere('a.starts_at >= :from AND a.starts_at < :to', { from, to })
      .orderBy('a.starts_at')
      .getMany();
  }
}
