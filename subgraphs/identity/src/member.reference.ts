import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The members subgraph's `Member`, as far as identity needs it: its key, so `User.member` resolves there. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Member')
export class MemberReference {
  @Field(() => ID)
  id: string;

  static of(id: string): MemberReference {
    const reference = new MemberReference();
    reference.id = id;
    return reference;
  }
}
