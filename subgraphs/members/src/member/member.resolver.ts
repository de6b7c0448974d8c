import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ageOn, today } from '../../../../kit/dates';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { MembersContext } from '../context';
import { Company } from '../company/company.entity';
import { LifeEvent } from './life-event.entity';
import { Member } from './member.entity';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { EnrolDependantInput, EnrolPrincipalInput, LifecycleChangeInput, MemberFilter } from './member.input';

export const MemberConnection = Connection(Member);

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { nullable: true, description: 'One member, or null when the id is unknown.' })
  member(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<Member | null> {
    return ctx.loaders.memberById.load(id);
  }

  @Query(() => Member, { nullable: true, description: 'Look a member up by member number (e.g. from a card).' })
  memberByNumber(@Arg('memberNumber') memberNumber: string, @Ctx() ctx: MembersContext) {
    return ctx.services.members.search({ search: memberNumber }, { first: 1 }).then((page) => {
      const found = page.edges[0]?.node;
      return found && found.memberNumber === memberNumber.trim().toUpperCase() ? found : null;
    });
  }

  @Query(() => MemberConnection, { description: 'Search and filter members, ordered by member number.' })
  members(
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: MembersContext,
  ) {
    return ctx.services.members.search(filter, page);
  }

  @Mutation(() => Member, { description: 'Enrols an employee as a principal (status PENDING until activated).' })
  enrolPrincipal(
    @Arg('input', () => EnrolPrincipalInput) input: EnrolPrincipalInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: MembersContext,
  ) {
    return ctx.services.members.enrolPrincipal(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => Member, { description: 'Enrols a spouse, child or parent under a principal.' })
  enrolDependant(
    @Arg('input', () => EnrolDependantInput) input: EnrolDependantInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: MembersContext,
  ) {
    return ctx.services.members.enrolDependant(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => Member, { description: 'PENDING → ACTIVE.' })
  activateMember(@Arg('input', () => LifecycleChangeInput) input: LifecycleChangeInput, @Ctx() ctx: MembersContext) {
    return ctx.services.members.activate(input, ctx.actor.id);
  }

  @Mutation(() => Member, { description: 'ACTIVE → SUSPENDED; a principal\'s active dependants are suspended with them.' })
  suspendMember(@Arg('input', () => LifecycleChangeInput) input: LifecycleChangeInput, @Ctx() ctx: MembersContext) {
    return ctx.services.members.suspend(input, ctx.actor.id);
  }

  @Mutation(() => Member, {
    description: 'SUSPENDED or TERMINATED → ACTIVE. Late reinstatement after termination needs an approvalReference.',
  })
  reinstateMember(@Arg('input', () => LifecycleChangeInput) input: LifecycleChangeInput, @Ctx() ctx: MembersContext) {
    return ctx.services.members.reinstate(input, ctx.actor.id);
  }

  @Mutation(() => Member, { description: 'Ends membership; a principal\'s dependants are terminated with them.' })
  terminateMember(@Arg('input', () => LifecycleChangeInput) input: LifecycleChangeInput, @Ctx() ctx: MembersContext) {
    return ctx.services.members.terminate(input, ctx.actor.id);
  }

  @Mutation(() => Member, { description: 'Records that a member has died.' })
  recordMemberDeath(@Arg('input', () => LifecycleChangeInput) input: LifecycleChangeInput, @Ctx() ctx: MembersContext) {
    return ctx.services.members.recordDeath(input, ctx.actor.id);
  }

  @FieldResolver(() => String)
  fullName(@Root() member: Member): string {
    return `${member.firstName} ${member.lastName}`;
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today.' })
  age(@Root() member: Member): number {
    return ageOn(member.dateOfBirth, today());
  }

  @FieldResolver(() => Company)
  async company(@Root() member: Member, @Ctx() ctx: MembersContext): Promise<Company> {
    return (await ctx.loaders.companyById.load(member.companyId))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The principal of a dependant; null for a principal.' })
  principal(@Root() member: Member, @Ctx() ctx: MembersContext): Promise<Member | null> | null {
    return member.principalId ? ctx.loaders.memberById.load(member.principalId) : null;
  }

  @FieldResolver(() => [Member], { description: 'A principal\'s dependants; empty for a dependant.' })
  dependants(@Root() member: Member, @Ctx() ctx: MembersContext): Promise<Member[]> | Member[] {
    return member.principalId ? [] : ctx.loaders.dependantsByPrincipalId.load(member.id);
  }

  @FieldResolver(() => [LifeEvent], { description: 'Every lifecycle change, oldest first.' })
  lifeEvents(@Root() member: Member, @Ctx() ctx: MembersContext): Promise<LifeEvent[]> {
    return ctx.loaders.lifeEventsByMemberId.load(member.id);
  }
}
