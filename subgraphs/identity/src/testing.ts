import { randomUUID } from 'node:crypto';
import { actorFromClaims, ANONYMOUS, type Actor, type Grant, type Role } from '../../../kit/auth/identity';
import { keysFromJwks, verifyJwt } from '../../../kit/auth/jwt';
import type { DomainEvent } from '../../../kit/events/event';
import { handleOnce } from '../../../kit/events/inbox';
import type { SubgraphDefinition, SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk, staffActor, uniqueSuffix } from '../../../kit/testing';
import { readIdentityConfig, type IdentityConfig } from './config';
import { MEMBER_CHANGED, type MemberFamilyFacts } from './family/family.service';
import type { IdentityLoaders } from './loaders';
import type { IdentityServices } from './services';
import type { RevokedSessions } from './session/revoked-sessions';
import { ACCESS_TOKEN_TYPE } from './session/tokens';
import { identitySubgraphWith } from './subgraph';
import { generateTotpSecret, totpCode, totpStep } from './totp/totp';

/** Fixture factories for the identity domain: each call makes fresh, unique users. */

export type IdentityRuntime = SubgraphRuntime<IdentityServices, IdentityLoaders>;

/** A password that passes the policy, for test users. */
export const TEST_PASSWORD = 'Baobab-Tree-Shade-2026';

/** Identity settings for tests: the cheapest password hash the code allows, everything else as configured. */
export function testIdentityConfig(overrides: Partial<IdentityConfig> = {}): IdentityConfig {
  return { ...readIdentityConfig({ NODE_ENV: 'test' }), passwordHashCost: 10, ...overrides };
}

/** Remembers the sessions it is told were revoked (what the gateway would see in Redis). */
export class RecordingRevokedSessions implements RevokedSessions {
  readonly sessionIds: string[] = [];
  readonly ttls: number[] = [];
  async add(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    this.sessionIds.push(...sessionIds);
    this.ttls.push(ttlSeconds);
  }
}

/** The identity subgraph as tests run it: cheap hashes and revocations recorded in memory. */
export function identityTestSubgraph(
  options: { config?: Partial<IdentityConfig>; revokedSessions?: RevokedSessions } = {},
): SubgraphDefinition<IdentityServices, IdentityLoaders> {
  const revokedSessions = options.revokedSessions ?? new RecordingRevokedSessions();
  return identitySubgraphWith(() => ({ config: testIdentityConfig(options.config), revokedSessions }));
}

export const ADMIN = staffActor('test-admin', 'ADMIN');

/** `members.member.changed` as the members domain publishes it (only what identity reads matters here). */
export function memberChangedEvent(facts: Partial<MemberFamilyFacts> & { id?: string } = {}): DomainEvent<MemberFamilyFacts & Record<string, unknown>> {
  const payload = { id: facts.id ?? randomUUID(), principalId: facts.principalId ?? null, status: facts.status ?? 'ACTIVE', version: facts.version ?? 1, memberNumber: 'MCS-TEST' };
  return { id: randomUUID(), type: MEMBER_CHANGED, source: 'members', aggregateId: payload.id, occurredAt: new Date().toISOString(), payload };
}

/** Delivers events through identity's subscriptions and inbox, as the bus would. */
export async function deliver(runtime: IdentityRuntime, ...events: DomainEvent[]): Promise<void> {
  for (const event of events) await handleOnce(runtime.dataSource, runtime.definition.subscriptions ?? [], runtime.services, event);
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  roles: Role[];
  memberId: string | null;
  totpSecret: string | null;
}

const USER_FIELDS = 'id email displayName roles grants memberId status totpEnabled failedSignIns';

/**
 * A staff user. With `totp` (the default) two-factor sign-in is already on with a known secret,
 * set straight in the database so that no code is used up making it.
 */
export async function createTestStaffUser(
  runtime: IdentityRuntime,
  options: { roles?: Role[]; grants?: Grant[]; totp?: boolean; email?: string } = {},
): Promise<TestUser> {
  const roles = options.roles ?? ['CLAIMS_OFFICER'];
  const data = await executeOk<{ createStaffUser: { id: string; email: string } }>(
    runtime,
    `mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { ${USER_FIELDS} } }`,
    { input: { email: options.email ?? `staff-${uniqueSuffix()}@test.mcs`, displayName: 'Test Staff', roles, grants: options.grants ?? null, password: TEST_PASSWORD } },
    ADMIN,
  );
  const user = data.createStaffUser;
  let totpSecret: string | null = null;
  if (options.totp !== false) {
    totpSecret = generateTotpSecret();
    await runtime.dataSource.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [user.id, totpSecret]);
  }
  return { id: user.id, email: user.email, password: TEST_PASSWORD, roles, memberId: null, totpSecret };
}

/** A principal member known to the read model (dependants optional) and a member user for it. */
export async function createTestMemberUser(
  runtime: IdentityRuntime,
  options: { memberId?: string; dependants?: number } = {},
): Promise<TestUser & { family: string[] }> {
  const memberId = options.memberId ?? randomUUID();
  const dependants = Array.from({ length: options.dependants ?? 0 }, () => randomUUID());
  await deliver(runtime, memberChangedEvent({ id: memberId }), ...dependants.map((id) => memberChangedEvent({ id, principalId: memberId })));
  const data = await executeOk<{ createMemberUser: { id: string; email: string } }>(
    runtime,
    `mutation($input: CreateMemberUserInput!) { createMemberUser(input: $input) { ${USER_FIELDS} } }`,
    { input: { email: `member-${uniqueSuffix()}@test.mcs`, displayName: 'Test Member', memberId, password: TEST_PASSWORD } },
    ADMIN,
  );
  return { id: data.createMemberUser.id, email: data.createMemberUser.email, password: TEST_PASSWORD, roles: ['MEMBER'], memberId, totpSecret: null, family: [memberId, ...dependants] };
}

const lastStepUsed = new Map<string, number>();

/**
 * A code for a secret that has not been used yet: the current step's, then the next step's
 * (still inside the accepted window). A third sign-in within one step has to wait.
 */
export function freshTotpCode(secret: string): string {
  const now = totpStep(Date.now());
  const step = Math.max(now, (lastStepUsed.get(secret) ?? -Infinity) + 1);
  if (step > now + 1) throw new Error('no unused TOTP code left in the window: sign in fewer times per 30 seconds in this test');
  lastStepUsed.set(secret, step);
  return totpCode(secret, step * 30_000);
}

export interface TestSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
}

export const LOGIN = `mutation($input: LoginInput!) { login(input: $input) {
  sessionId accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email roles } } }`;

/** Signs a test user in (with a fresh TOTP code when they have a secret). */
export async function signIn(runtime: IdentityRuntime, user: TestUser): Promise<TestSession> {
  const input = { email: user.email, password: user.password, totpCode: user.totpSecret ? freshTotpCode(user.totpSecret) : null };
  const data = await executeOk<{ login: TestSession }>(runtime, LOGIN, { input }, ANONYMOUS);
  return data.login;
}

/** Verifies an access token with the subgraph's published keys and turns it into the actor the gateway would forward. */
export function actorOf(runtime: IdentityRuntime, accessToken: string): Actor {
  const { issuer, audience } = runtime.services.config;
  const claims = verifyJwt(accessToken, { keys: keysFromJwks(runtime.services.tokens.jwks()), issuer, audience, type: ACCESS_TOKEN_TYPE });
  return actorFromClaims(claims, '127.0.0.1');
}
