import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A stub of the members subgraph's `Company`: tokens adds the employer group's wallet. */
@Directive('@key(fields: "id")')
@ObjectType('Company')
export class CompanyReference {
  @Field(() => ID)
  id: string;
}

export function companyReference(id: string): CompanyReference {
  const reference = new CompanyReference();
  reference.id = id;
  return reference;
}
