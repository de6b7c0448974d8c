import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { TicketCategory, TicketStatus } from './ticket.rules';

@ObjectType({ description: "A member's request for help, raised by the member or by staff on their behalf." })
@Entity('support_tickets')
export class SupportTicket {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'TKT-000001.' })
  @Column({ type: 'text', insert: false })
  ticketNumber: string;

  @Field(() => ID)
  @Column('uuid')
  memberId: string;

  @Field()
  @Column({ type: 'text' })
  subject: string;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => TicketCategory)
  @Column({ type: 'text' })
  category: TicketCategory;

  @Field(() => TicketStatus)
  @Column({ type: 'text' })
  status: TicketStatus;

  @Field(() => ID, { description: 'The user who raised it.' })
  @Column({ type: 'text' })
  raisedBy: string;

  @Field({ description: 'Whether staff raised it on the member\'s behalf.' })
  @Column()
  raisedByStaff: boolean;

  @Field(() => ID, { nullable: true, description: 'The staff user working on it.' })
  @Column({ type: 'text', nullable: true })
  assigneeId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}

@ObjectType({ description: 'A message on a ticket; internal notes are for staff and never shown to members.' })
@Entity('ticket_comments')
export class TicketComment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ticketId: string;

  @Field(() => ID)
  @Column({ type: 'text' })
  authorId: string;

  @Field()
  @Column()
  byStaff: boolean;

  @Field()
  @Column({ type: 'text' })
  body: string;

  @Field()
  @Column()
  internal: boolean;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
