import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A stub of the members subgraph's `Member`: wellness knows only its id (its wellness is added in member-wellness.resolver.ts). */
@Directive('@key(fields: "id")')
@ObjectType('Member')
export class MemberReference {
  @Field(() => ID)
  id: string;
}

export function memberReference(id: string): MemberReference {
  const reference = new MemberReference();
  reference.id = id;
  return reference;
}
