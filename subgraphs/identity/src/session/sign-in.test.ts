import { keysFromJwks, verifyJwt } from '../../../../kit/auth/jwt';
import { ANONYMOUS } from '../../../../kit/auth/identity';
import type { RunningServer } from '../../../../kit/http';
import { serveSubgraph } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { createTestMemberUser, createTestStaffUser, freshTotpCode, identityTestSubgraph, LOGIN, signIn, type IdentityRuntime } from '../testing';
import { totpCode } from '../totp/totp';
import { SignInFailure } from './sign-in.errors';

let runtime: IdentityRuntime;
let server: RunningServer;
beforeAll(async () => {
  runtime = await startTestSubgraph(identityTestSubgraph());
  server = await serveSubgraph(runtime, 0, { gatewaySecret: 'test-gateway-secret-of-at-least-32-characters', host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await runtime.stop();
});

const login = (input: Record<string, unknown>) => execute(runtime, LOGIN, { input }, ANONYMOUS);
const failureOf = (result: Awaited<ReturnType<typeof login>>) => {
  expect(result.data).toBeNull();
  return result.errors?.[0];
};
const failedCount = async (userId: string) => (await runtime.dataSource.query('SELECT failed_sign_ins FROM users WHERE id = $1', [userId]))[0].failed_sign_ins as number;

describe('password sign-in', () => {
  it('answers an unknown e-mail and a wrong password the same way', async () => {
    const user = await createTestMemberUser(runtime);
    const unknown = failureOf(await login({ email: `nobody-${user.email}`, password: user.password }));
    const wrong = failureOf(await login({ email: user.email, password: `${user.password}x` }));
    expect(unknown).toEqual(wrong);
    expect(wrong?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: SignInFailure.INVALID_CREDENTIALS });
    expect(wrong?.message).toBe('The e-mail address or password is not right.');
  });

  it('signs a member in with the e-mail in any case, without a two-factor code', async () => {
    const user = await createTestMemberUser(runtime);
    const data = await executeOk(runtime, LOGIN, { input: { email: user.email.toUpperCase(), password: user.password } }, ANONYMOUS);
    expect(data.login.user).toEqual({ id: user.id, email: user.email, roles: ['MEMBER'] });
    expect(data.login.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('locks the account after 5 failures in a row, refusing even the right password until the lock runs out', async () => {
    const user = await createTestMemberUser(runtime);
    for (let i = 1; i <= 5; i += 1) expect(failureOf(await login({ email: user.email, password: 'Wrong-password-123' }))?.extensions?.reason).toBe(SignInFailure.INVALID_CREDENTIALS);

    const locked = failureOf(await login({ email: user.email, password: user.password }));
    expect(locked?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: SignInFailure.ACCOUNT_LOCKED });
    expect(locked?.extensions?.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    // Fifteen minutes later (moved back rather than waited for).
    await runtime.dataSource.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [user.id]);
    await executeOk(runtime, LOGIN, { input: { email: user.email, password: user.password } }, ANONYMOUS);
    expect(await failedCount(user.id)).toBe(0);
  });

  it('starts the count again after a success, so failures must be consecutive', async () => {
    const user = await createTestMemberUser(runtime);
    for (let i = 0; i < 4; i += 1) await login({ email: user.email, password: 'Wrong-password-123' });
    expect(await failedCount(user.id)).toBe(4);
    await executeOk(runtime, LOGIN, { input: { email: user.email, password: user.password } }, ANONYMOUS);
    expect(await failedCount(user.id)).toBe(0);
    for (let i = 0; i < 4; i += 1) await login({ email: user.email, password: 'Wrong-password-123' });
    await executeOk(runtime, LOGIN, { input: { email: user.email, password: user.password } }, ANONYMOUS);
  });

  it('counts simultaneous failures each once, and locks on the fifth', async () => {
    const user = await createTestMemberUser(runtime);
    await Promise.all(Array.from({ length: 4 }, () => login({ email: user.email, password: 'Wrong-password-123' })));
    expect(await failedCount(user.id)).toBe(4);
    await login({ email: user.email, password: 'Wrong-password-123' });
    expect(failureOf(await login({ email: user.email, password: user.password }))?.extensions?.reason).toBe(SignInFailure.ACCOUNT_LOCKED);
  });
});

describe('two-factor sign-in for staff', () => {
  it('sends a staff user without two-factor to enrol, then signs them in once the app shows a right code', async () => {
    const user = await createTestStaffUser(runtime, { roles: ['UNDERWRITER'], totp: false });
    // Step 1: the right password is not enough.
    const required = failureOf(await login({ email: user.email, password: user.password }));
    expect(required?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: SignInFailure.TOTP_ENROLMENT_REQUIRED });
    const ticket = required?.extensions?.enrolmentTicket as string;
    expect(ticket).toEqual(expect.any(String));

    // Step 2: the ticket gets a secret for the app.
    const start = await executeOk(runtime, `mutation($t: String!) { startTotpEnrolment(ticket: $t) { secret otpauthUri accountName issuer } }`, { t: ticket }, ANONYMOUS);
    const { secret, otpauthUri } = start.startTotpEnrolment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(start.startTotpEnrolment.accountName).toBe(user.email);

    // Step 3: a wrong code is refused; a right one turns two-factor on and signs in.
    const CONFIRM = `mutation($t: String!, $c: String!) { confirmTotpEnrolment(ticket: $t, code: $c) { accessToken user { id totpEnabled } } }`;
    const wrongCode = String((Number(totpCode(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect((await execute(runtime, CONFIRM, { t: ticket, c: wrongCode }, ANONYMOUS)).errors?.[0].extensions?.reason).toBe(SignInFailure.TOTP_INVALID);
    const confirmed = await executeOk(runtime, CONFIRM, { t: ticket, c: freshTotpCode(secret) }, ANONYMOUS);
    expect(confirmed.confirmTotpEnrolment.user).toEqual({ id: user.id, totpEnabled: true });

    // Step 4: the ticket is spent, and sign-in now asks for a code.
    expect((await execute(runtime, CONFIRM, { t: ticket, c: freshTotpCode(secret) }, ANONYMOUS)).errors?.[0].extensions?.reason).toBe(SignInFailure.INVALID_ENROLMENT_TICKET);
    expect(failureOf(await login({ email: user.email, password: user.password }))?.extensions?.reason).toBe(SignInFailure.TOTP_REQUIRED);
  });

  it('refuses a wrong password before telling anyone about two-factor', async () => {
    const user = await createTestStaffUser(runtime, { totp: false });
    expect(failureOf(await login({ email: user.email, password: 'Wrong-password-123' }))?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: SignInFailure.INVALID_CREDENTIALS });
  });

  it('needs a right code, accepts it once, and counts a wrong one as a failure', async () => {
    const user = await createTestStaffUser(runtime);
    const code = freshTotpCode(user.totpSecret!);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(failureOf(await login({ email: user.email, password: user.password, totpCode: wrong }))?.extensions?.reason).toBe(SignInFailure.TOTP_INVALID);
    expect(await failedCount(user.id)).toBe(1);

    await executeOk(runtime, LOGIN, { input: { email: user.email, password: user.password, totpCode: code } }, ANONYMOUS);
    expect(failureOf(await login({ email: user.email, password: user.password, totpCode: code }))?.extensions?.reason).toBe(SignInFailure.TOTP_INVALID);
  });
});

describe('access tokens', () => {
  it('verify with the keys served at /.well-known/jwks.json, as at+jwt with issuer, audience, lifetime and roles', async () => {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const keys = keysFromJwks(await response.json());
    expect(keys.size).toBe(1);

    const analyst = await createTestStaffUser(runtime, { roles: ['ANALYST'], grants: ['PII'] });
    const session = await signIn(runtime, analyst);
    const options = { keys, issuer: 'mcs-identity', audience: 'mcs-api', type: 'at+jwt' };
    const claims = verifyJwt(session.accessToken, options);
    expect(claims).toMatchObject({ iss: 'mcs-identity', aud: 'mcs-api', sub: analyst.id, sid: session.sessionId, roles: ['ANALYST'], grants: ['PII'] });
    expect(claims.exp as number).toBe((claims.iat as number) + 900);
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(10);
    expect(new Date(session.accessTokenExpiresAt).getTime()).toBe((claims.exp as number) * 1000);
    expect(claims).not.toHaveProperty('mbr');

    expect(() => verifyJwt(session.accessToken, { ...options, type: 'JWT' })).toThrow(/type/);
    expect(() => verifyJwt(session.accessToken, { ...options, audience: 'other' })).toThrow(/audience/);
    expect(() => verifyJwt(session.accessToken, { ...options, issuer: 'other' })).toThrow(/issuer/);
    expect(() => verifyJwt(session.accessToken, { ...options, nowSec: (claims.exp as number) + 31 })).toThrow(/expired/);
  });

  it("carry a member user's member and whole family", async () => {
    const member = await createTestMemberUser(runtime, { dependants: 2 });
    const session = await signIn(runtime, member);
    const claims = verifyJwt(session.accessToken, { keys: keysFromJwks(runtime.services.tokens.jwks()), issuer: 'mcs-identity', audience: 'mcs-api', type: 'at+jwt' });
    expect(claims.roles).toEqual(['MEMBER']);
    expect(claims.mbr).toBe(member.memberId);
    expect([...(claims.fam as string[])].sort()).toEqual([...member.family].sort());
    expect((claims.fam as string[])[0]).toBe(member.memberId);
    expect(claims).not.toHaveProperty('grants');
  });
});
