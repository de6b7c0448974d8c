import type { GraphQLResolveInfo } from 'graphql';
import { allow, and, deny, rule } from 'graphql-shield';
import { DomainError, ErrorCode } from '../errors';
import type { AccessLog } from './audit';
import { hasRole, isOwnFamily, type Actor, type Role } from './identity';

/** What the permission rules read from a subgraph's request context. */
export interface AuthContext {
  actor: Actor;
  access: AccessLog;
}

/** The member (or members) a record belongs to, read from the record itself or the field's arguments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MemberOf = (parent: any, args: any) => string | null | undefined;

/**
 * How sensitive a field is. Staff allowed the record see all of it. An analyst sees `plain`
 * fields only, and `personal` (names, contact details, identity numbers, birth dates) or `health`
 * (diagnoses) fields only when their grant says so.
 */
export type Sensitivity = 'plain' | 'personal' | 'health';

export class UnauthenticatedError extends DomainError {
  constructor() {
    super(ErrorCode.UNAUTHENTICATED, 'Sign in to use this.');
  }
}

export class ForbiddenError extends DomainError {
  constructor(what: string) {
    super(ErrorCode.FORBIDDEN, `Not allowed: ${what}.`);
  }
}

const fieldOf = (info: GraphQLResolveInfo) => `${info.parentType.name}.${info.fieldName}`;

/** ADMIN may do what any staff role may; naming it once here keeps every grant list short. */
function staffAllowed(actor: Actor, roles: readonly Role[]): boolean {
  return hasRole(actor, 'ADMIN', ...roles);
}

/** Whether the actor reaches this only as an analyst (so the analyst's limits apply). */
function onlyAsAnalyst(actor: Actor, roles: readonly Role[]): boolean {
  return !hasRole(actor, 'ADMIN', ...roles.filter((r) => r !== 'ANALYST'));
}

function analystMay(actor: Actor, sensitivity: Sensitivity): boolean {
  if (sensitivity === 'plain') return true;
  return !!actor.grants?.includes(sensitivity === 'personal' ? 'PII' : 'DIAGNOSES');
}

/** Staff with a listed role see the field; one who is there only as an analyst, within their grant. */
function staffMaySee(actor: Actor, roles: readonly Role[], sensitivity: Sensitivity): boolean {
  return staffAllowed(actor, roles) && (!onlyAsAnalyst(actor, roles) || analystMay(actor, sensitivity));
}

function refusal(sensitivity: Sensitivity): ForbiddenError {
  return new ForbiddenError(sensitivity === 'plain' ? 'your role does not include this' : `${sensitivity} data needs a grant your role does not have`);
}

/**
 * Every rule reads the parent or the arguments, so none is cached (graphql-shield's `contextual`
 * cache would answer for one record what it decided for another). A rule that throws denies:
 * graphql-shield turns the throw into a refusal and no rule here is ever negated.
 */
const uncached = { cache: 'no_cache' as const };

/**
 * graphql-shield requires one rule object per rule name. Rules whose behaviour is fully given by
 * their name are built once; a record rule also depends on its `memberOf`, so each gets its own name.
 */
const built = new Map<string, ReturnType<typeof rule>>();
function once(name: string, make: (name: string) => ReturnType<ReturnType<typeof rule>>) {
  let found = built.get(name);
  if (!found) {
    found = make(name) as never;
    built.set(name, found!);
  }
  return found as unknown as ReturnType<ReturnType<typeof rule>>;
}
let recordRules = 0;

/** Anyone signed in, staff or member (reference data such as the diagnosis catalogue). */
export const signedIn = rule('signedIn', uncached)((_p, _a, ctx: AuthContext) => (ctx.actor.id === 'anonymous' ? new UnauthenticatedError() : true));

/** Staff with one of these roles (ADMIN always). Members and anonymous callers are refused. */
export function staff(...roles: Role[]) {
  return once(`staff:${roles.join('|') || 'admin'}`, (name) => rule(name, uncached)((_p, _a, ctx: AuthContext) => {
    if (ctx.actor.id === 'anonymous') return new UnauthenticatedError();
    return staffAllowed(ctx.actor, roles) ? true : new ForbiddenError('your role does not include this');
  }));
}

export interface RecordSpec {
  /** Staff roles that may see the record (ADMIN always). List ANALYST to let analysts see its plain fields. */
  staff: readonly Role[];
  /** The member the record is about (for the audit); a member user sees it only for their own family. */
  memberOf?: MemberOf;
  /** Whether member users may see their own family's records of this type (default: yes, when `memberOf` is given). */
  forMembers?: boolean;
}

/**
 * A rule for the fields of a record about a member: staff with a listed role see it (analysts
 * only what their grant allows) and each look is written to the request's access log for the
 * audit; a member user sees it only when it is about their own family.
 */
export function record(spec: RecordSpec, sensitivity: Sensitivity = 'plain') {
  return rule(`record:${spec.staff.join('|')}:${sensitivity}:${(recordRules += 1)}`, uncached)((parent, args, ctx: AuthContext, info: GraphQLResolveInfo) => {
    const { actor } = ctx;
    if (actor.id === 'anonymous') return new UnauthenticatedError();
    const memberId = spec.memberOf?.(parent, args) ?? null;
    if (hasRole(actor, 'MEMBER') && actor.memberId) {
      if (spec.memberOf && spec.forMembers !== false && isOwnFamily(actor, memberId)) return true;
      if (!staffAllowed(actor, spec.staff)) {
        ctx.access.touch(memberId, fieldOf(info), false);
        return new ForbiddenError("another family's records");
      }
    }
    const allowed = staffMaySee(actor, spec.staff, sensitivity);
    ctx.access.touch(memberId, fieldOf(info), allowed);
    if (allowed) return true;
    return refusal(sensitivity);
  });
}

/**
 * The field map for a record type: `*` for its plain fields and the listed personal and health
 * fields guarded by their sensitivity.
 */
export function recordFields(spec: RecordSpec, sensitive: { personal?: string[]; health?: string[] } = {}) {
  const fields: Record<string, ReturnType<typeof record>> = { '*': record(spec, 'plain') };
  for (const field of sensitive.personal ?? []) fields[field] = record(spec, 'personal');
  for (const field of sensitive.health ?? []) fields[field] = record(spec, 'health');
  return fields;
}

/**
 * A rule for types reached only through a record whose own rule already decided (a claim's lines,
 * a cover's period): staff with a listed role (analysts within their grant) and member users, who
 * could only have got here through their own family's record.
 */
export function nested(spec: { staff: readonly Role[] }, sensitivity: Sensitivity = 'plain') {
  return once(`nested:${spec.staff.join('|')}:${sensitivity}`, (name) => rule(name, uncached)((_parent, _args, ctx: AuthContext, info: GraphQLResolveInfo) => {
    const { actor } = ctx;
    if (actor.id === 'anonymous') return new UnauthenticatedError();
    if (hasRole(actor, 'MEMBER') && actor.memberId) return true;
    const allowed = staffMaySee(actor, spec.staff, sensitivity);
    if (!allowed) ctx.access.touch(null, fieldOf(info), false);
    return allowed ? true : refusal(sensitivity);
  }));
}

export function nestedFields(spec: { staff: readonly Role[] }, sensitive: { personal?: string[]; health?: string[] } = {}) {
  const fields: Record<string, ReturnType<typeof nested>> = { '*': nested(spec, 'plain') };
  for (const field of sensitive.personal ?? []) fields[field] = nested(spec, 'personal');
  for (const field of sensitive.health ?? []) fields[field] = nested(spec, 'health');
  return fields;
}

/**
 * A root field that answers about one member named in its arguments (`member(id:)`): staff with a
 * listed role, or a member user for their own family. What it returns is checked again by the
 * returned type's own rules.
 */
export function forMember(spec: { staff: readonly Role[]; memberArg: string }) {
  return once(`forMember:${spec.staff.join('|')}:${spec.memberArg}`, (name) => rule(name, uncached)((_parent, args, ctx: AuthContext, info: GraphQLResolveInfo) => {
    const { actor } = ctx;
    if (actor.id === 'anonymous') return new UnauthenticatedError();
    const memberId = typeof args?.[spec.memberArg] === 'string' ? (args[spec.memberArg] as string) : null;
    if (hasRole(actor, 'MEMBER') && actor.memberId && isOwnFamily(actor, memberId)) return true;
    const allowed = staffAllowed(actor, spec.staff);
    // A staff look is recorded by the returned record's own rules; a refusal here is recorded now.
    if (!allowed) ctx.access.touch(memberId, fieldOf(info), false);
    return allowed ? true : new ForbiddenError("another member's records");
  }));
}

/**
 * A root field returning records whose own type rules decide who sees them (`claim(id:)`): staff
 * with a listed role, or any member user, who then sees only what is their family's.
 */
export function staffOrMember(...roles: Role[]) {
  return once(`staffOrMember:${roles.join('|')}`, (name) => rule(name, uncached)((_p, _a, ctx: AuthContext) => {
    if (ctx.actor.id === 'anonymous') return new UnauthenticatedError();
    if (hasRole(ctx.actor, 'MEMBER') && ctx.actor.memberId) return true;
    return staffAllowed(ctx.actor, roles) ? true : new ForbiddenError('your role does not include this');
  }));
}

/**
 * Mutations on the caller's own account (sign in, refresh, sign out, change password): open to
 * analysts too, who are read-only for the platform's data but still manage their own session.
 */
const selfServiceRules = new WeakSet<object>();
export function selfService(inner: Parameters<typeof and>[0]) {
  // A rule of its own (rules such as `signedIn` are shared), marked as exempt.
  const wrapped = and(inner);
  selfServiceRules.add(wrapped);
  return wrapped;
}
export function isSelfService(rule: unknown): boolean {
  return typeof rule === 'object' && rule !== null && selfServiceRules.has(rule);
}

/**
 * Analysts are read-only whatever else a grant says: every mutation field is wrapped in this,
 * so an actor whose only staff role is ANALYST cannot write.
 */
export const notAnalystOnly = rule('notAnalystOnly', uncached)((_p, _a, ctx: AuthContext, info: GraphQLResolveInfo) => {
  const { actor } = ctx;
  const onlyAnalyst = actor.roles.length > 0 && actor.roles.every((r) => r === 'ANALYST');
  if (!onlyAnalyst) return true;
  ctx.access.touch(null, fieldOf(info), false);
  return new ForbiddenError('analysts have read-only access');
});

export const rules = { selfService, anyone: allow, nobody: deny, signedIn, staff, record, recordFields, nested, nestedFields, forMember, staffOrMember };
