import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertActsFor } from '../access';
import type { WellnessContext } from '../context';
import { Appointment, Coach, CoachSlot, WaitingListEntry } from './coaching.entity';
import { CoachSlotInput } from './coaching.input';

@Resolver(() => Appointment)
export class CoachingResolver {
  @Query(() => [Coach])
  coaches(@Arg('includeInactive', { defaultValue: false }) includeInactive: boolean, @Ctx() ctx: WellnessContext) {
    return ctx.services.coaching.coaches(includeInactive);
  }

  @Query(() => [CoachSlot], { description: "A coach's slots on a day (UTC) that can be booked now." })
  openCoachSlots(@Arg('coachId', () => ID) coachId: string, @Arg('day') day: string, @Ctx() ctx: WellnessContext) {
    return ctx.services.coaching.openSlots(coachId, day);
  }

  @Query(() => [Appointment], { description: "A coach's booked appointments starting in [from, to)." })
  coachAppointments(@Arg('coachId', () => ID) coachId: string, @Arg('from') from: Date, @Arg('to') to: Date, @Ctx() ctx: WellnessContext) {
    return ctx.services.coaching.appointmentsOfCoach(coachId, from, to);
  }

  @Query(() => [WaitingListEntry], { description: "A member's waiting-list entries, latest first." })
  coachWaitingList(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: WellnessContext) {
    return ctx.services.coaching.waitingOf(memberId);
  }

  @Mutation(() => Coach)
  createCoach(@Arg('name') name: string, @Arg('speciality') speciality: string, @Ctx() ctx: WellnessContext) {
    return ctx.services.coaching.createCoach(name, speciality);
  }

  @Mutation(() => [CoachSlot], { description: "Adds slots to a coach's diary; none is added when one overlaps." })
  addCoachSlots(@Arg('coachId', () => ID) coachId: string, @Arg('slots', () => [CoachSlotInput]) slots: CoachSlotInput[], @Ctx() ctx: WellnessContext) {
    return ctx.services.coaching.addSlots(coachId, slots);
  }

  @Mutation(() => Appointment, { description: 'Books a slot for a member (a member only for themselves); a slot is booked once.' })
  bookCoachSlot(@Arg('slotId', () => ID) slotId: string, @Arg('memberId', () => ID) memberId: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, memberId);
    return ctx.services.coaching.book(slotId, memberId, ctx.actor.id);
  }

  @Mutation(() => Appointment, { description: 'Cancels a booking; the freed slot is offered to the first member on the waiting list.' })
  async cancelCoachAppointment(@Arg('id', () => ID) id: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.coaching.appointment(id)).memberId);
    return ctx.services.coaching.cancel(id);
  }

  @Mutation(() => WaitingListEntry, { description: "Puts a member on a coach's waiting list for a day (a member only themselves)." })
  joinCoachWaitingList(@Arg('coachId', () => ID) coachId: string, @Arg('day') day: string, @Arg('memberId', () => ID) memberId: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, memberId);
    return ctx.services.coaching.joinWaitingList(coachId, day, memberId);
  }

  @Mutation(() => Appointment, { description: 'Accepts the slot offered to a waiting-list entry before the offer expires.' })
  async acceptCoachSlotOffer(@Arg('entryId', () => ID) entryId: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.coaching.waitingEntry(entryId)).memberId);
    return ctx.services.coaching.acceptOffer(entryId, ctx.actor.id);
  }

  @Mutation(() => WaitingListEntry, { description: 'Leaves a waiting list; an offer in hand passes to the next in line.' })
  async leaveCoachWaitingList(@Arg('entryId', () => ID) entryId: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.coaching.waitingEntry(entryId)).memberId);
    return ctx.services.coaching.leaveWaitingList(entryId);
  }

  @FieldResolver(() => Coach)
  coach(@Root() appointment: Appointment, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.coachById.load(appointment.coachId);
  }
}

@Resolver(() => CoachSlot)
export class CoachSlotResolver {
  @FieldResolver(() => Coach)
  coach(@Root() slot: CoachSlot, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.coachById.load(slot.coachId);
  }
}
