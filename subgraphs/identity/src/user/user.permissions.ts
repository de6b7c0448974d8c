import { rule } from 'graphql-shield';
import { hasRole } from '../../../../kit/auth/identity';
import { ForbiddenError, UnauthenticatedError, type AuthContext } from '../../../../kit/auth/rules';
import type { User } from './user.entity';

/** Marks the user a sign-in just proved, so the sign-in's answer may show them to the (still anonymous) caller. */
const SIGNED_IN = Symbol('signedIn');

export function asSignedIn(user: User): User {
  Object.defineProperty(user, SIGNED_IN, { value: true, enumerable: false });
  return user;
}

/**
 * Who may see a user: the user themself (or whoever has just signed in as them), an ADMIN, and an
 * ENROLMENT_OFFICER for member users (they create them).
 */
export const userRule = rule('identity:user', { cache: 'no_cache' })((parent: User, _args, ctx: AuthContext) => {
  if ((parent as unknown as Record<symbol, unknown>)[SIGNED_IN] === true) return true;
  const { actor } = ctx;
  if (actor.id === 'anonymous') return new UnauthenticatedError();
  if (parent.id === actor.id || hasRole(actor, 'ADMIN')) return true;
  if (parent.memberId && hasRole(actor, 'ENROLMENT_OFFICER')) return true;
  return new ForbiddenError("another user's account");
});
