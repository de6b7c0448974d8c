import type { GraphQLResolveInfo } from 'graphql';
import { rule } from 'graphql-shield';
import { hasRole } from '../../../../kit/auth/identity';
import { ForbiddenError, UnauthenticatedError, type AuthContext } from '../../../../kit/auth/rules';

/**
 * ADMIN, or a member user acting on their own member id only (not their family's: a principal may
 * not erase a dependant's identity for them). A refusal goes to the request's access log.
 */
export function adminOrSelf(memberArg: string) {
  return rule(`adminOrSelf:${memberArg}`, { cache: 'no_cache' })((_parent, args: Record<string, unknown>, ctx: AuthContext, info: GraphQLResolveInfo) => {
    const { actor } = ctx;
    if (actor.id === 'anonymous') return new UnauthenticatedError();
    const memberId = typeof args?.[memberArg] === 'string' ? (args[memberArg] as string) : null;
    if (hasRole(actor, 'ADMIN')) return true;
    if (hasRole(actor, 'MEMBER') && actor.memberId && memberId === actor.memberId) return true;
    ctx.access.touch(memberId, `${info.parentType.name}.${info.fieldName}`, false);
    return new ForbiddenError('only the member themself or an administrator may ask for this');
  });
}
