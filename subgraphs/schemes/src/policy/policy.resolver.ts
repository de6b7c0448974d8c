import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { CompanyReference, companyReference } from '../company.reference';
import type { SchemesContext } from '../context';
import { MemberReference, memberReference } from '../member.reference';
import { Scheme } from '../scheme/scheme.entity';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { PolicyEvent } from './policy-event.entity';
import { PolicyMember } from './policy-member.entity';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { Policy } from './policy.entity';
import {
  AddCoveredMemberInput,
  CancelPolicyInput,
  IssuePolicyInput,
  PolicyFilter,
  PolicyLifecycleInput,
  RemoveCoveredMemberInput,
} from './policy.input';

export const PolicyConnection = Connection(Policy);

@Resolver(() => Policy)
export class PolicyResolver {
  @Query(() => Policy, { nullable: true, description: 'One policy, or null when the id is unknown.' })
  policy(@Arg('id', () => ID) id: string, @Ctx() ctx: SchemesContext): Promise<Policy | null> {
    return ctx.loaders.policyById.load(id);
  }

  @Query(() => Policy, { nullable: true, description: 'Look a policy up by its number, e.g. POL-2026-00042.' })
  policyByNumber(@Arg('policyNumber') policyNumber: string, @Ctx() ctx: SchemesContext): Promise<Policy | null> {
    return ctx.services.policies.byNumber(policyNumber);
  }

  @Query(() => PolicyConnection, { description: 'Search and filter policies, ordered by policy number.' })
  policies(@Arg('filter', () => PolicyFilter, { nullable: true }) filter: PolicyFilter | undefined, @Args() page: PageArgs, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.list(filter, page);
  }

  @Mutation(() => Policy, { description: 'Issues a PENDING policy on a published scheme version, covering the holder and the given dependants.' })
  issuePolicy(@Arg('input', () => IssuePolicyInput) input: IssuePolicyInput, @Args() { idempotencyKey }: IdempotencyArgs, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.issue(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => Policy, { description: 'Covers one more member from a day within the policy period.' })
  addCoveredMember(@Arg('input', () => AddCoveredMemberInput) input: AddCoveredMemberInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.addMember(input, ctx.actor.id);
  }

  @Mutation(() => Policy, { description: "Ends a member's cover after a last day; the holder leaves only by cancellation." })
  removeCoveredMember(@Arg('input', () => RemoveCoveredMemberInput) input: RemoveCoveredMemberInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.removeMember(input, ctx.actor.id);
  }

  @Mutation(() => Policy, { description: 'PENDING or SUSPENDED → ACTIVE.' })
  activatePolicy(@Arg('input', () => PolicyLifecycleInput) input: PolicyLifecycleInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.activate(input, ctx.actor.id);
  }

  @Mutation(() => Policy, { description: 'ACTIVE → SUSPENDED (e.g. premium arrears): cover stays recorded but pays no claims.' })
  suspendPolicy(@Arg('input', () => PolicyLifecycleInput) input: PolicyLifecycleInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.suspend(input, ctx.actor.id);
  }

  @Mutation(() => Policy, { description: 'Ends cover after the last day of cover; final.' })
  cancelPolicy(@Arg('input', () => CancelPolicyInput) input: CancelPolicyInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.cancel(input, ctx.actor.id);
  }

  @Mutation(() => Policy, { description: 'ACTIVE or SUSPENDED → EXPIRED, once the period has ended.' })
  expirePolicy(@Arg('input', () => PolicyLifecycleInput) input: PolicyLifecycleInput, @Ctx() ctx: SchemesContext) {
    return ctx.services.policies.expire(input, ctx.actor.id);
  }

  @FieldResolver(() => Scheme)
  async scheme(@Root() policy: Policy, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return (await ctx.loaders.schemeById.load(policy.schemeId))!;
  }

  @FieldResolver(() => SchemeVersion, { description: 'The published version the policy was sold on.' })
  async schemeVersion(@Root() policy: Policy, @Ctx() ctx: SchemesContext): Promise<SchemeVersion> {
    return (await ctx.loaders.versionById.load(policy.schemeVersionId))!;
  }

  @FieldResolver(() => MemberReference, { description: 'The principal who holds the policy.' })
  holder(@Root() policy: Policy): MemberReference {
    return memberReference(policy.holderMemberId);
  }

  @FieldResolver(() => CompanyReference, { nullable: true })
  company(@Root() policy: Policy): CompanyReference | null {
    return policy.companyId ? companyReference(policy.companyId) : null;
  }

  @FieldResolver(() => [PolicyMember], { description: 'Every cover window on the policy, past ones included, earliest first.' })
  coveredMembers(@Root() policy: Policy, @Ctx() ctx: SchemesContext): Promise<PolicyMember[]> {
    return ctx.loaders.coveredMembersByPolicyId.load(policy.id);
  }

  @FieldResolver(() => [PolicyEvent], { description: 'Every recorded change, oldest first.' })
  events(@Root() policy: Policy, @Ctx() ctx: SchemesContext): Promise<PolicyEvent[]> {
    return ctx.loaders.eventsByPolicyId.load(policy.id);
  }
}

@Resolver(() => PolicyMember)
export class PolicyMemberResolver {
  @FieldResolver(() => MemberReference)
  member(@Root() row: PolicyMember): MemberReference {
    return memberReference(row.memberId);
  }
}
