import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A wellness coach members book appointments with.' })
@Entity('coaches')
export class Coach {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field()
  @Column({ type: 'text' })
  speciality: string;

  @Field()
  @Column({ type: 'boolean' })
  active: boolean;
}

@ObjectType({ description: "A time in a coach's diary that one member can book." })
@Entity('coach_slots')
export class CoachSlot {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  coachId: string;

  @Field()
  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  endsAt: Date;
}

export enum AppointmentStatus {
  BOOKED = 'BOOKED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(AppointmentStatus, { name: 'CoachAppointmentStatus' });

@ObjectType('CoachAppointment', { description: "A member's booking of a coach's slot." })
@Entity('appointments')
export class Appointment {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  slotId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  coachId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field()
  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Field(() => AppointmentStatus)
  @Column({ type: 'text' })
  status: AppointmentStatus;

  @Column({ type: 'text' })
  bookedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  bookedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}

export enum WaitingStatus {
  WAITING = 'WAITING',
  OFFERED = 'OFFERED',
  BOOKED = 'BOOKED',
  EXPIRED = 'EXPIRED',
  LEFT = 'LEFT',
}
registerEnumType(WaitingStatus, { name: 'WaitingListStatus' });

@ObjectType({ description: "A member's place on a coach's waiting list for a day; a freed slot is offered to the first in line." })
@Entity('waiting_list_entries')
export class WaitingListEntry {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  coachId: string;

  @Field()
  @Column({ type: 'date' })
  day: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => WaitingStatus)
  @Column({ type: 'text' })
  status: WaitingStatus;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  offeredSlotId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  offerExpiresAt: Date | null;

  @Field()
  @Column({ type: 'timestamptz' })
  joinedAt: Date;
}
