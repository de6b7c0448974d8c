import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The members subgraph's `Member`, as far as claims needs it: its key, extended with `claims`. */
@Directive('@key(fields: "id")')
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
