import { Arg, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { today } from '../../../kit/dates';
import type { SchemesContext } from './context';
import { Coverage } from './policy/coverage';
import { Policy } from './policy/policy.entity';

/** A stub of the members subgraph's `Member`: this subgraph knows only its id and adds cover to it. */
@Directive('@key(fields: "id")')
@ObjectType('Member')
export class MemberReference {
  @Field(() => ID)
  id: string;
}

export function memberReference(id: string): MemberReference {
  return Object.assign(new MemberReference(), { id });
}

@Resolver(() => MemberReference)
export class MemberReferenceResolver {
  @FieldResolver(() => Coverage, { nullable: true, description: 'The policy covering the member on a day (today by default); null when none does or while this service is unavailable.' })
  coverage(
    @Root() member: MemberReference,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: SchemesContext,
  ): Promise<Coverage | null> {
    return ctx.loaders.coverageByMember.load({ id: member.id, on: on ?? today() });
  }

  @FieldResolver(() => [Policy], { nullable: true, description: 'Every policy that covers or covered the member, newest first (null only while this service is unavailable).' })
  policies(@Root() member: MemberReference, @Ctx() ctx: SchemesContext): Promise<Policy[]> {
    return ctx.loaders.policiesByMemberId.load(member.id);
  }
}
