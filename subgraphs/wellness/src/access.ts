import { hasRole, type Actor } from '../../../kit/auth/identity';
import { ForbiddenError } from '../../../kit/auth/rules';

/**
 * Whether the actor may act for this member: staff (their role was checked by the field's rule),
 * or a member user for themselves only. Device links and bookings are personal: a principal
 * does not connect a dependant's watch or book their coach.
 */
export function assertActsFor(actor: Actor, memberId: string): void {
  if (hasRole(actor, 'MEMBER') && actor.memberId && actor.memberId !== memberId) {
    throw new ForbiddenError('a member manages only their own device connections and bookings');
  }
}
