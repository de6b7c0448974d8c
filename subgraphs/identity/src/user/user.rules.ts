import { STAFF_ROLES, type Grant, type Role } from '../../../../kit/auth/identity';
import type { Violations } from '../../../../kit/errors';

/** An e-mail as stored: trimmed and lower-cased (addresses are unique whatever their case). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string, violations: Violations): void {
  if (email.length > 254 || !EMAIL.test(email)) violations.add('email', 'EMAIL', 'must be an e-mail address');
}

export interface UserShape {
  kind: 'staff' | 'member';
  roles: readonly Role[];
  grants: readonly Grant[];
  memberId: string | null;
}

/**
 * A member user has exactly the MEMBER role and names its member; a staff user has staff roles
 * only and names no member; grants belong to analysts.
 */
export function checkUserShape(user: UserShape, violations: Violations): void {
  if (user.roles.length === 0) violations.add('roles', 'REQUIRED', 'must name at least one role');
  if (user.kind === 'member') {
    if (user.roles.some((r) => r !== 'MEMBER')) violations.add('roles', 'MEMBER_ONLY', 'a member user has the MEMBER role and no other');
    if (!user.memberId) violations.add('memberId', 'REQUIRED', 'a member user must name its member');
  } else {
    if (user.roles.some((r) => !STAFF_ROLES.includes(r))) violations.add('roles', 'STAFF_ONLY', 'a staff user cannot have the MEMBER role');
    if (user.memberId) violations.add('memberId', 'STAFF_HAS_NO_MEMBER', 'a staff user is not a member record');
  }
  if (user.grants.length > 0 && !user.roles.includes('ANALYST')) violations.add('grants', 'ANALYST_ONLY', 'grants are for the ANALYST role only');
}

/** Roles and grants without repeats, in the platform's order. */
export function distinct<T extends string>(values: readonly T[] | null | undefined): T[] {
  return [...new Set(values ?? [])];
}
