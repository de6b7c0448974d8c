import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Benefit } from '../benefit/benefit.entity';
import type { SchemesContext } from '../context';
import { MemberReference, memberReference } from '../member.reference';
import { Scheme } from '../scheme/scheme.entity';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { Coverage } from './coverage';
import { Policy } from './policy.entity';

@Resolver(() => Coverage)
export class CoverageResolver {
  @FieldResolver(() => MemberReference)
  member(@Root() coverage: Coverage): MemberReference {
    return memberReference(coverage.memberId);
  }

  @FieldResolver(() => Policy)
  async policy(@Root() coverage: Coverage, @Ctx() ctx: SchemesContext): Promise<Policy> {
    return (await ctx.loaders.policyById.load(coverage.policyId))!;
  }

  @FieldResolver(() => Scheme)
  async scheme(@Root() coverage: Coverage, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return (await ctx.loaders.schemeById.load(coverage.schemeId))!;
  }

  @FieldResolver(() => SchemeVersion, { description: 'The version the policy was sold on: its terms apply.' })
  async version(@Root() coverage: Coverage, @Ctx() ctx: SchemesContext): Promise<SchemeVersion> {
    return (await ctx.loaders.versionById.load(coverage.schemeVersionId))!;
  }

  @FieldResolver(() => [Benefit], { description: 'The benefits of that version.' })
  benefits(@Root() coverage: Coverage, @Ctx() ctx: SchemesContext): Promise<Benefit[]> {
    return ctx.loaders.benefitsByVersionId.load(coverage.schemeVersionId);
  }
}
