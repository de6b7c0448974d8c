import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length } from 'class-validator';
import { TicketCategory, TicketStatus } from './ticket.rules';

@InputType()
export class RaiseSupportTicketInput {
  @Field(() => ID, { nullable: true, description: 'The member it is about: required of staff; a member may name anyone of their family (themselves by default).' })
  @IsOptional()
  @IsUUID()
  memberId?: string | null;

  @Field()
  @Length(3, 200)
  subject: string;

  @Field()
  @Length(1, 5000)
  description: string;

  @Field(() => TicketCategory)
  category: TicketCategory;
}

@InputType()
export class SupportTicketFilter {
  @Field(() => TicketStatus, { nullable: true })
  status?: TicketStatus | null;

  @Field(() => ID, { nullable: true })
  memberId?: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId?: string | null;
}

@InputType()
export class CommentOnSupportTicketInput {
  @Field(() => ID)
  @IsUUID()
  ticketId: string;

  @Field()
  @Length(1, 5000)
  body: string;

  @Field({ defaultValue: false, description: 'A staff-only note, never shown to the member.' })
  internal: boolean;
}
