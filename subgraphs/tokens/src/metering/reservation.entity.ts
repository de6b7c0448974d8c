import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { tokenAmountColumn } from '../tokens';

export enum ReservationStatus {
  HELD = 'HELD',
  CONSUMED = 'CONSUMED',
  RELEASED = 'RELEASED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ReservationStatus, {
  name: 'TokenReservationStatus',
  description: 'HELD: reserved for an operation in progress; CONSUMED: spent; RELEASED: given back; EXPIRED: given back because its operation never finished.',
});

/** Tokens held for one metered operation (a claim submission), then consumed or released. */
@ObjectType({ description: 'Tokens held for one metered operation, then consumed or released (or expired).' })
@Entity('token_reservations')
export class TokenReservation {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  walletId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  companyId: string;

  @Field({ description: 'The metered operation, e.g. claims.submission.' })
  @Column({ type: 'text' })
  operation: string;

  @Field({ description: "The operation's own reference (e.g. the claim id); one reservation per operation and reference." })
  @Column({ type: 'text' })
  reference: string;

  @Field(() => SafeIntResolver)
  @Column({ type: 'bigint', transformer: tokenAmountColumn })
  tokens: number;

  @Field(() => ReservationStatus)
  @Column({ type: 'text' })
  status: ReservationStatus;

  @Field()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was consumed, released or expired.' })
  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}
