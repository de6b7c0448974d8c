/**
 * Who may act on the platform. The identity subgraph issues these roles in its access tokens; the
 * gateway verifies the token and forwards the identity to each subgraph; every subgraph's
 * permission rules read it from the request context.
 */
export const ROLES = [
  'ADMIN',
  'ENROLMENT_OFFICER',
  'UNDERWRITER',
  'CLAIMS_OFFICER',
  'FINANCE_OFFICER',
  'SALES_AGENT',
  'SALES_MANAGER',
  'ANALYST',
  'MEMBER',
] as const;
export type Role = (typeof ROLES)[number];

/** Every role but MEMBER is staff; staff users must set up two-factor sign-in. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'MEMBER');

/**
 * What an analyst may see beyond aggregates. Without a grant, names, contact details, identity
 * numbers and dates of birth (`PII`) and diagnoses (`DIAGNOSES`) are denied to them.
 */
export const GRANTS = ['PII', 'DIAGNOSES'] as const;
export type Grant = (typeof GRANTS)[number];

/** The verified identity behind one request. */
export interface Actor {
  /** The user id (`anonymous` when nobody signed in; `system:<name>` for the platform's own work). */
  id: string;
  roles: readonly Role[];
  /** For a member user: the member record the user is. */
  memberId?: string;
  /** For a member user: every member of their family (principal and dependants), their own id included. */
  family?: readonly string[];
  grants?: readonly Grant[];
  /** The session the access token belongs to. */
  sessionId?: string;
  /** The client address the gateway saw. */
  ip?: string;
}

export const ANONYMOUS: Actor = Object.freeze({ id: 'anonymous', roles: Object.freeze([]) as readonly Role[] });

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isGrant(value: unknown): value is Grant {
  return typeof value === 'string' && (GRANTS as readonly string[]).includes(value);
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function isStaff(actor: Actor): boolean {
  return actor.roles.some((r) => r !== 'MEMBER');
}

/** Whether a member user may see this member's records (their own or their family's). */
export function isOwnFamily(actor: Actor, memberId: string | null | undefined): boolean {
  return !!memberId && !!actor.family?.includes(memberId);
}

/**
 * The claims an access token carries. Standard claims (`iss`, `aud`, `sub`, `exp`, `iat`, `jti`)
 * plus the platform's: roles, the member and family of a member user, an analyst's grants and the
 * session id (for revocation).
 */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  sid: string;
  roles: Role[];
  mbr?: string;
  fam?: string[];
  grants?: Grant[];
}

/** The actor an access token describes, refusing claims that are not the platform's shape. */
export function actorFromClaims(claims: Record<string, unknown>, ip?: string): Actor {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter(isRole) : [];
  const grants = Array.isArray(claims.grants) ? claims.grants.filter(isGrant) : [];
  const family = Array.isArray(claims.fam) ? claims.fam.filter((m): m is string => typeof m === 'string') : undefined;
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new TypeError('token has no subject');
  return {
    id: claims.sub,
    roles,
    ...(typeof claims.mbr === 'string' ? { memberId: claims.mbr, family: family?.length ? family : [claims.mbr] } : {}),
    ...(grants.length ? { grants } : {}),
    ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
    ...(ip ? { ip } : {}),
  };
}
