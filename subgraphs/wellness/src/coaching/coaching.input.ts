import { Field, InputType } from 'type-graphql';

@InputType()
export class CoachSlotInput {
  @Field()
  startsAt: Date;

  @Field()
  endsAt: Date;
}
