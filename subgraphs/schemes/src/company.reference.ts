import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { SchemesContext } from './context';
import { Scheme } from './scheme/scheme.entity';

/** A stub of the members subgraph's `Company`: this subgraph knows only its id and adds schemes to it. */
@Directive('@key(fields: "id")')
@ObjectType('Company')
export class CompanyReference {
  @Field(() => ID)
  id: string;
}

export function companyReference(id: string): CompanyReference {
  return Object.assign(new CompanyReference(), { id });
}

@Resolver(() => CompanyReference)
export class CompanyReferenceResolver {
  @FieldResolver(() => [Scheme], { nullable: true, description: "The company's own group schemes and the schemes its members hold policies on (null only while this service is unavailable)." })
  schemes(@Root() company: CompanyReference, @Ctx() ctx: SchemesContext): Promise<Scheme[]> {
    return ctx.loaders.schemesByCompanyId.load(company.id);
  }
}
