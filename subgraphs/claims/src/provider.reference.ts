import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The providers subgraph's `Provider`, as claims refers to it: only its key. Claims never
 * resolves one (`resolvable: false`); the gateway asks the providers subgraph for its fields.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Provider')
export class ProviderReference {
  @Field(() => ID)
  id: string;

  static of(id: string): ProviderReference {
    const reference = new ProviderReference();
    reference.id = id;
    return reference;
  }
}
