import { randomUUID } from 'node:crypto';
import { ANONYMOUS } from '../../../../kit/auth/identity';
import { execute, executeOk, memberActor, staffActor, startTestSubgraph } from '../../../../kit/testing';
import { actorOf, ADMIN, createTestMemberUser, deliver, identityTestSubgraph, LOGIN, memberChangedEvent, RecordingRevokedSessions, signIn, type IdentityRuntime } from '../testing';
import { SignInFailure } from './sign-in.errors';

const revoked = new RecordingRevokedSessions();
let runtime: IdentityRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(identityTestSubgraph({ revokedSessions: revoked }));
});
afterAll(() => runtime.stop());

const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { sessionId accessToken refreshToken user { id } } }`;
const refresh = (token: string) => execute(runtime, REFRESH, { t: token }, ANONYMOUS);
const reasonOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.reason;

describe('refresh tokens', () => {
  it('rotate: a refresh gives a new pair in the same session, with a fresh access token', async () => {
    const user = await createTestMemberUser(runtime);
    const first = await signIn(runtime, user);
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(actorOf(runtime, second.accessToken)).toMatchObject({ id: user.id, sessionId: first.sessionId });
    // Only the hash is kept.
    const stored = await runtime.dataSource.query('SELECT token_hash FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE s.user_id = $1', [user.id]);
    expect(stored.map((r: { token_hash: string }) => r.token_hash)).not.toContain(second.refreshToken);
    expect(stored).toHaveLength(2);
  });

  it('used twice, revoke the whole session: the newer token stops working too, and the gateway is told', async () => {
    const user = await createTestMemberUser(runtime);
    const first = await signIn(runtime, user);
    const second = (await refresh(first.refreshToken)).data!.refreshSession;

    // Step 1: the old token again (a thief's copy, say) ends the session.
    expect(reasonOf(await refresh(first.refreshToken))).toBe(SignInFailure.REFRESH_TOKEN_REUSED);
    // Step 2: so the legitimate holder's newer token fails as well.
    expect(reasonOf(await refresh(second.refreshToken))).toBe(SignInFailure.INVALID_REFRESH_TOKEN);
    expect(revoked.sessionIds).toContain(first.sessionId);
    expect(revoked.ttls.at(-1)).toBe(900);
    const [session] = await runtime.dataSource.query('SELECT revoked_reason FROM sessions WHERE id = $1', [first.sessionId]);
    expect(session.revoked_reason).toBe('REFRESH_TOKEN_REUSED');
  });

  it('refuse an unknown or expired token', async () => {
    expect(reasonOf(await refresh('x'.repeat(43)))).toBe(SignInFailure.INVALID_REFRESH_TOKEN);
    const user = await createTestMemberUser(runtime);
    const session = await signIn(runtime, user);
    await runtime.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE session_id = $1`, [session.sessionId]);
    expect(reasonOf(await refresh(session.refreshToken))).toBe(SignInFailure.INVALID_REFRESH_TOKEN);
  });
});

describe('ending sessions', () => {
  it('logout ends the current session only', async () => {
    const user = await createTestMemberUser(runtime);
    const kept = await signIn(runtime, user);
    const ended = await signIn(runtime, user);
    const data = await executeOk(runtime, `mutation { logout }`, {}, actorOf(runtime, ended.accessToken));
    expect(data.logout).toBe(true);
    expect(revoked.sessionIds).toContain(ended.sessionId);
    expect(reasonOf(await refresh(ended.refreshToken))).toBe(SignInFailure.INVALID_REFRESH_TOKEN);
    await executeOk(runtime, REFRESH, { t: kept.refreshToken }, ANONYMOUS);
    expect((await execute(runtime, `mutation { logout }`, {}, ANONYMOUS)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("let a user list and revoke their own sessions but not another's; an ADMIN may do both", async () => {
    const owner = await createTestMemberUser(runtime);
    const other = await createTestMemberUser(runtime);
    const a = await signIn(runtime, owner);
    const b = await signIn(runtime, owner);
    const ownerActor = actorOf(runtime, a.accessToken);
    const SESSIONS = `query($u: ID!) { sessions(userId: $u) { id current active revokedReason } }`;

    const listed = (await executeOk(runtime, SESSIONS, { u: owner.id }, ownerActor)).sessions;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([b.sessionId, a.sessionId]);
    expect(listed.find((s: { id: string }) => s.id === a.sessionId)).toMatchObject({ current: true, active: true });

    const otherActor = actorOf(runtime, (await signIn(runtime, other)).accessToken);
    expect((await execute(runtime, SESSIONS, { u: owner.id }, otherActor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const REVOKE = `mutation($id: ID!) { revokeSession(id: $id) { id active revokedReason } }`;
    expect((await execute(runtime, REVOKE, { id: b.sessionId }, otherActor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await executeOk(runtime, REVOKE, { id: b.sessionId }, ownerActor)).revokeSession).toEqual({ id: b.sessionId, active: false, revokedReason: 'REVOKED' });

    const all = await executeOk(runtime, `mutation($u: ID!) { revokeUserSessions(userId: $u) }`, { u: owner.id }, ADMIN);
    expect(all.revokeUserSessions).toBe(1);
    expect(revoked.sessionIds).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
    expect((await execute(runtime, `mutation($u: ID!) { revokeUserSessions(userId: $u) }`, { u: owner.id }, ownerActor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a disabled user can neither sign in nor refresh', async () => {
    const user = await createTestMemberUser(runtime);
    const session = await signIn(runtime, user);
    const data = await executeOk(runtime, `mutation($id: ID!) { disableUser(id: $id) { id status } }`, { id: user.id }, ADMIN);
    expect(data.disableUser.status).toBe('DISABLED');
    expect(revoked.sessionIds).toContain(session.sessionId);
    expect(reasonOf(await refresh(session.refreshToken))).toBe(SignInFailure.INVALID_REFRESH_TOKEN);
    expect(reasonOf(await execute(runtime, LOGIN, { input: { email: user.email, password: user.password } }, ANONYMOUS))).toBe(SignInFailure.ACCOUNT_DISABLED);
    expect(reasonOf(await execute(runtime, LOGIN, { input: { email: user.email, password: 'Wrong-password-123' } }, ANONYMOUS))).toBe(SignInFailure.INVALID_CREDENTIALS);
  });

  it('a password change ends the other sessions and keeps the one in use', async () => {
    const user = await createTestMemberUser(runtime);
    const current = await signIn(runtime, user);
    const other = await signIn(runtime, user);
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
    const actor = actorOf(runtime, current.accessToken);

    const wrong = await execute(runtime, CHANGE, { input: { currentPassword: 'Not-my-password-1', newPassword: 'Jacaranda-Avenue-88' } }, actor);
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword', rule: 'MATCHES' });
    const weak = await execute(runtime, CHANGE, { input: { currentPassword: user.password, newPassword: 'short' } }, actor);
    expect(weak.errors?.[0].extensions).toMatchObject({ field: 'newPassword', rule: 'MIN_LENGTH' });

    await executeOk(runtime, CHANGE, { input: { currentPassword: user.password, newPassword: 'Jacaranda-Avenue-88' } }, actor);
    expect(reasonOf(await refresh(other.refreshToken))).toBe(SignInFailure.INVALID_REFRESH_TOKEN);
    await executeOk(runtime, REFRESH, { t: current.refreshToken }, ANONYMOUS);
    await signIn(runtime, { ...user, password: 'Jacaranda-Avenue-88' });
    expect(reasonOf(await execute(runtime, LOGIN, { input: { email: user.email, password: user.password } }, ANONYMOUS))).toBe(SignInFailure.INVALID_CREDENTIALS);
  });
});

describe('the family claim', () => {
  it("follows members.member.changed: a dependant added later appears at the next refresh; stale versions change nothing", async () => {
    const user = await createTestMemberUser(runtime);
    const session = await signIn(runtime, user);
    expect(actorOf(runtime, session.accessToken).family).toEqual([user.memberId]);

    const child = randomUUID();
    await deliver(runtime, memberChangedEvent({ id: child, principalId: user.memberId, version: 2 }));
    const renewed = (await refresh(session.refreshToken)).data!.refreshSession;
    expect([...actorOf(runtime, renewed.accessToken).family!].sort()).toEqual([user.memberId, child].sort());

    // An older event about the child (from before it joined this family) arrives late: ignored.
    await deliver(runtime, memberChangedEvent({ id: child, principalId: randomUUID(), version: 1 }));
    expect(await runtime.services.families.familyOf(user.memberId!)).toContain(child);
  });

  it('gives a dependant user the principal and every other dependant', async () => {
    const principal = randomUUID();
    const sibling = randomUUID();
    await deliver(runtime, memberChangedEvent({ id: principal }), memberChangedEvent({ id: sibling, principalId: principal }));
    const dependant = randomUUID();
    await deliver(runtime, memberChangedEvent({ id: dependant, principalId: principal }));
    const user = await createTestMemberUser(runtime, { memberId: dependant });
    const actor = actorOf(runtime, (await signIn(runtime, user)).accessToken);
    expect(actor.memberId).toBe(dependant);
    expect(actor.family![0]).toBe(principal);
    expect([...actor.family!].sort()).toEqual([principal, sibling, dependant].sort());
  });
});

describe('who may do what', () => {
  it('an analyst cannot call administrator mutations, and a member cannot list users', async () => {
    const analyst = staffActor('analyst-1', 'ANALYST');
    const result = await execute(runtime, `mutation($u: ID!) { revokeUserSessions(userId: $u) }`, { u: randomUUID() }, analyst);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const create = await execute(
      runtime,
      `mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }`,
      { input: { email: 'x@test.mcs', displayName: 'X', roles: ['ADMIN'], password: 'Jacaranda-Avenue-88' } },
      analyst,
    );
    expect(create.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const users = await execute(runtime, `{ users { edges { node { id } } } }`, {}, memberActor(randomUUID()));
    expect(users.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
