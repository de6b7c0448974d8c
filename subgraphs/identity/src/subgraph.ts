import type { NonEmptyArray } from 'type-graphql';
import { rules } from '../../../kit/auth/rules';
import type { PermissionTree, ShieldRule } from '../../../kit/auth/permissions';
import type { EventSubscription } from '../../../kit/events/event';
import { defineSubgraph, type SubgraphDefinition } from '../../../kit/subgraph';
import { auditModule } from './audit/audit.module';
import { readIdentityConfig } from './config';
import type { IdentityContext } from './context';
import { FamilyMember } from './family/family-member.entity';
import { keepFamilies } from './family/family.subscription';
import { pseudonymiseErasedMemberUser } from './privacy/member-erased.subscription';
import { createIdentityLoaders, type IdentityLoaders } from './loaders';
import { MemberReference } from './member.reference';
import { IdentitySchema1700000006000 } from './migrations/1700000006000-IdentitySchema';
import { createIdentityServices, type IdentityServiceOptions, type IdentityServices } from './services';
import { RefreshToken, Session } from './session/session.entity';
import { SessionResolver } from './session/session.resolver';
import { User } from './user/user.entity';
import { userRule } from './user/user.permissions';
import { UserResolver } from './user/user.resolver';

/** Public keys of the access-token signer, for the gateway (and anyone) to verify tokens with. */
export const JWKS_PATH = '/.well-known/jwks.json';

const identityPermissions: PermissionTree = {
  Query: {
    me: rules.signedIn,
    // Whom a user may see is the User type's rule: yourself, or anyone for an ADMIN.
    user: rules.signedIn,
    users: rules.staff(),
    // The service lets a user see their own sessions, and an ADMIN anyone's.
    sessions: rules.signedIn,
  },
  Mutation: {
    // One's own account, open to analysts too (who are otherwise read-only).
    login: rules.selfService(rules.anyone),
    refreshSession: rules.selfService(rules.anyone),
    startTotpEnrolment: rules.selfService(rules.anyone),
    confirmTotpEnrolment: rules.selfService(rules.anyone),
    logout: rules.selfService(rules.signedIn),
    changePassword: rules.selfService(rules.signedIn),
    // Own session, or an ADMIN: checked by the service.
    revokeSession: rules.selfService(rules.signedIn),
    revokeUserSessions: rules.staff(),
    createStaffUser: rules.staff(),
    createMemberUser: rules.staff('ENROLMENT_OFFICER'),
    setUserRoles: rules.staff(),
    disableUser: rules.staff(),
  },
  User: userRule,
  Session: rules.signedIn,
  AuthPayload: rules.anyone,
  TotpEnrolment: rules.anyone,
  Member: rules.signedIn,
};

type FieldRules = Record<string, ShieldRule>;
const fieldsOf = (rule: PermissionTree[string] | undefined): FieldRules => (rule && typeof rule === 'object' && !('resolve' in rule) ? (rule as FieldRules) : {});

/** Identity's own rules with the audit store's: root fields merged, its types added. */
function withAuditPermissions(own: PermissionTree, audit: PermissionTree): PermissionTree {
  return {
    ...audit,
    ...own,
    Query: { ...fieldsOf(audit.Query), ...fieldsOf(own.Query) },
    Mutation: { ...fieldsOf(audit.Mutation), ...fieldsOf(own.Mutation) },
  };
}

/** The identity definition with services made from the given options (tests lower the hash cost, pin the clock...). */
export function identitySubgraphWith(options: () => Omit<IdentityServiceOptions, 'logger'>): SubgraphDefinition<IdentityServices, IdentityLoaders> {
  return defineSubgraph<IdentityServices, IdentityLoaders>({
    name: 'identity',
    defaultPort: 4006,
    entities: [User, Session, RefreshToken, FamilyMember, ...auditModule.entities],
    migrations: [IdentitySchema1700000006000, ...auditModule.migrations],
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    resolvers: [UserResolver, SessionResolver, ...auditModule.resolvers] as NonEmptyArray<Function>,
    orphanedTypes: [MemberReference],
    referenceResolvers: {
      User: { __resolveReference: (ref, ctx: IdentityContext) => ctx.loaders.userById.load(ref.id) },
    },
    permissions: withAuditPermissions(identityPermissions, auditModule.permissions as PermissionTree),
    createServices: (dataSource, logger) => createIdentityServices(dataSource, { ...options(), logger }),
    createLoaders: createIdentityLoaders,
    subscriptions: [keepFamilies, pseudonymiseErasedMemberUser as EventSubscription<IdentityServices>, ...(auditModule.subscriptions as EventSubscription<IdentityServices>[])],
    httpRoutes(app, services) {
      app.get(JWKS_PATH, (_req, res) => {
        res.set('Cache-Control', 'public, max-age=300');
        res.json(services.tokens.jwks());
      });
    },
  });
}

/**
 * Users (staff and members), sign-in with lockout and two-factor codes, sessions with rotating
 * refresh tokens, and the Ed25519 key the gateway verifies access tokens with. Also keeps the
 * audit log every subgraph writes to.
 */
export const identitySubgraph = identitySubgraphWith(() => ({ config: readIdentityConfig() }));
