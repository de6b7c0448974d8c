import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { asSignedIn } from '../user/user.permissions';
import { Session } from './session.entity';
import type { SessionTokens } from './session.service';
import { AuthPayload, LoginInput, TotpEnrolment } from './session.types';

function payload(tokens: SessionTokens): AuthPayload {
  return Object.assign(new AuthPayload(), tokens, { user: asSignedIn(tokens.user) });
}

@Resolver(() => Session)
export class SessionResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Signs in with e-mail and password (and a TOTP code for staff). Fails with reason INVALID_CREDENTIALS, ACCOUNT_LOCKED, ' +
      'TOTP_REQUIRED, TOTP_INVALID, or TOTP_ENROLMENT_REQUIRED (with an enrolment ticket) in `extensions`.',
  })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: IdentityContext): Promise<AuthPayload> {
    return payload(await ctx.services.signIn.login(input, ctx.actor.ip ?? null));
  }

  @Mutation(() => AuthPayload, { description: 'Swaps a refresh token for a new pair. A refresh token used twice ends its session.' })
  async refreshSession(@Arg('refreshToken') refreshToken: string, @Ctx() ctx: IdentityContext): Promise<AuthPayload> {
    return payload(await ctx.services.sessions.refresh(refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  logout(@Ctx() ctx: IdentityContext): Promise<boolean> {
    return ctx.services.sessions.logout(ctx.actor);
  }

  @Mutation(() => TotpEnrolment, { description: 'Starts two-factor set-up with the ticket from TOTP_ENROLMENT_REQUIRED: a new secret for the app.' })
  startTotpEnrolment(@Arg('ticket') ticket: string, @Ctx() ctx: IdentityContext): Promise<TotpEnrolment> {
    return ctx.services.signIn.startTotpEnrolment(ticket);
  }

  @Mutation(() => AuthPayload, { description: 'Confirms two-factor set-up with a code from the app, and signs in.' })
  async confirmTotpEnrolment(
    @Arg('ticket', { description: 'The enrolment ticket from the TOTP_ENROLMENT_REQUIRED error.' }) ticket: string,
    @Arg('code', { description: 'A code the app shows for the new secret.' }) code: string,
    @Ctx() ctx: IdentityContext,
  ): Promise<AuthPayload> {
    return payload(await ctx.services.signIn.confirmTotpEnrolment(ticket, code, ctx.actor.ip ?? null));
  }

  @Mutation(() => Session, { description: 'Ends one session (your own, or anyone\'s for an ADMIN).' })
  revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: IdentityContext): Promise<Session> {
    return ctx.services.sessions.revokeSession(ctx.actor, id);
  }

  @Mutation(() => Int, { description: "Ends every session of a user; returns how many were open." })
  async revokeUserSessions(@Arg('userId', () => ID) userId: string, @Ctx() ctx: IdentityContext): Promise<number> {
    const revoked = await ctx.services.sessions.revokeUserSessions(userId, 'REVOKED');
    await ctx.services.sessions.announce(revoked);
    return revoked.length;
  }

  @Query(() => [Session], { description: "A user's sessions, newest first (your own, or anyone's for an ADMIN)." })
  sessions(@Arg('userId', () => ID) userId: string, @Ctx() ctx: IdentityContext): Promise<Session[]> {
    return ctx.services.sessions.sessionsOf(ctx.actor, userId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is the session the request was made in.' })
  current(@Root() session: Session, @Ctx() ctx: IdentityContext): boolean {
    return session.id === ctx.actor.sessionId;
  }

  @FieldResolver(() => Boolean, { description: 'Not revoked and not expired.' })
  active(@Root() session: Session, @Ctx() ctx: IdentityContext): boolean {
    return !session.revokedAt && session.expiresAt > ctx.services.clock.now();
  }
}
