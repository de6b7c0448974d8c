import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../../../kit/auth/identity';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { IdentityContext } from '../context';
import { MemberReference } from '../member.reference';
import { User, RoleEnum } from './user.entity';
import { ChangePasswordInput, CreateMemberUserInput, CreateStaffUserInput, SetUserRolesInput } from './user.input';

export const UserConnection = Connection(User);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user.' })
  me(@Ctx() ctx: IdentityContext): Promise<User | null> {
    return ctx.loaders.userById.load(ctx.actor.id);
  }

  @Query(() => User, { nullable: true, description: 'One user, or null when the id is unknown (yourself; any user for an ADMIN).' })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: IdentityContext): Promise<User | null> {
    return ctx.loaders.userById.load(id);
  }

  @Query(() => UserConnection, { description: 'Users in e-mail order, optionally only those with a role.' })
  users(@Args() page: PageArgs, @Arg('role', () => RoleEnum, { nullable: true }) role: Role | null | undefined, @Ctx() ctx: IdentityContext) {
    return ctx.services.users.list(page, role);
  }

  @Mutation(() => User, { description: 'Creates a staff user; they set up two-factor sign-in at their first sign-in.' })
  createStaffUser(@Arg('input', () => CreateStaffUserInput) input: CreateStaffUserInput, @Ctx() ctx: IdentityContext): Promise<User> {
    return ctx.services.users.createStaff(input, ctx.actor.id);
  }

  @Mutation(() => User, { description: 'Creates the sign-in of a member (MEMBER role, linked to the member record).' })
  createMemberUser(@Arg('input', () => CreateMemberUserInput) input: CreateMemberUserInput, @Ctx() ctx: IdentityContext): Promise<User> {
    return ctx.services.users.createMember(input, ctx.actor.id);
  }

  @Mutation(() => User, { description: "Replaces a user's roles and grants; taking any away ends their sessions." })
  setUserRoles(@Arg('input', () => SetUserRolesInput) input: SetUserRolesInput, @Ctx() ctx: IdentityContext): Promise<User> {
    return ctx.services.users.setRoles(input, ctx.actor);
  }

  @Mutation(() => User, { description: 'Disables a user and ends all their sessions.' })
  disableUser(@Arg('id', () => ID) id: string, @Ctx() ctx: IdentityContext): Promise<User> {
    return ctx.services.users.disable(id, ctx.actor);
  }

  @Mutation(() => Boolean, { description: 'Changes your password (given the current one); your other sessions end.' })
  changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: IdentityContext): Promise<boolean> {
    return ctx.services.users.changePassword(ctx.actor, input);
  }

  @FieldResolver(() => MemberReference, { nullable: true, description: 'The member record of a member user (resolved by the members subgraph).' })
  member(@Root() user: User): MemberReference | null {
    return user.memberId ? MemberReference.of(user.memberId) : null;
  }
}
