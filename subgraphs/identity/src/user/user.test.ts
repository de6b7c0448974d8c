import { randomUUID } from 'node:crypto';
import { printSubgraphSchema } from '@apollo/subgraph';
import { execute, executeOk, staffActor, startTestSubgraph, uniqueSuffix } from '../../../../kit/testing';
import { buildSubgraphSchemaFor } from '../../../../kit/subgraph';
import { ADMIN, actorOf, createTestMemberUser, createTestStaffUser, deliver, identityTestSubgraph, memberChangedEvent, RecordingRevokedSessions, signIn, TEST_PASSWORD, type IdentityRuntime } from '../testing';

const revoked = new RecordingRevokedSessions();
let runtime: IdentityRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(identityTestSubgraph({ revokedSessions: revoked }));
});
afterAll(() => runtime.stop());

const CREATE_STAFF = `mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id email roles grants memberId status totpEnabled } }`;
const CREATE_MEMBER = `mutation($input: CreateMemberUserInput!) { createMemberUser(input: $input) { id email roles memberId } }`;
const staffInput = (overrides: Record<string, unknown> = {}) => ({ email: `Officer.${uniqueSuffix()}@Test.MCS`, displayName: 'Achieng Otieno', roles: ['CLAIMS_OFFICER'], password: TEST_PASSWORD, ...overrides });
const violationsOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors?.[0]?.extensions?.violations as { field: string; rule: string }[] | undefined)?.map((v) => `${v.field}:${v.rule}`);

describe('creating users', () => {
  it('creates a staff user with a lower-cased e-mail, ACTIVE and without two-factor yet', async () => {
    const input = staffInput({ roles: ['ANALYST'], grants: ['PII', 'DIAGNOSES'] });
    const { createStaffUser } = await executeOk(runtime, CREATE_STAFF, { input }, ADMIN);
    expect(createStaffUser).toMatchObject({ email: input.email.toLowerCase(), roles: ['ANALYST'], grants: ['PII', 'DIAGNOSES'], memberId: null, status: 'ACTIVE', totpEnabled: false });
    const [row] = await runtime.dataSource.query('SELECT password_hash, created_by FROM users WHERE id = $1', [createStaffUser.id]);
    expect(row.password_hash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(row.created_by).toBe('test-admin');
  });

  it('names the field and rule of each broken rule', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ roles: ['MEMBER'] }, ['roles:STAFF_ONLY']],
      [{ roles: [] }, ['roles:REQUIRED']],
      [{ roles: ['CLAIMS_OFFICER'], grants: ['PII'] }, ['grants:ANALYST_ONLY']],
      [{ email: 'not-an-email' }, ['email:EMAIL']],
      [{ password: 'Short-1' }, ['password:MIN_LENGTH']],
      [{ password: 'onlylowercaseletters' }, ['password:CHARACTER_CLASSES']],
      [{ email: 'wanjiru.kamau@test.mcs', password: 'Wanjiru.Kamau-2026' }, ['password:CONTAINS_EMAIL']],
      [{ password: 'Password@123' }, ['password:COMMON_PASSWORD']],
    ];
    for (const [overrides, expected] of cases) {
      const result = await execute(runtime, CREATE_STAFF, { input: staffInput(overrides) }, ADMIN);
      expect({ overrides, violations: violationsOf(result) }).toEqual({ overrides, violations: expected });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a second user with the same e-mail in another case', async () => {
    const input = staffInput();
    await executeOk(runtime, CREATE_STAFF, { input }, ADMIN);
    const again = await execute(runtime, CREATE_STAFF, { input: { ...input, email: input.email.toUpperCase() } }, ADMIN);
    expect(violationsOf(again)).toEqual(['email:UNIQUE']);
  });

  it('creates member users for known members only, one per member, by an enrolment officer too', async () => {
    const officer = staffActor('officer-1', 'ENROLMENT_OFFICER');
    const memberId = randomUUID();
    const input = { email: `member-${uniqueSuffix()}@test.mcs`, displayName: 'Njeri Mwangi', memberId, password: TEST_PASSWORD };
    expect(violationsOf(await execute(runtime, CREATE_MEMBER, { input }, officer))).toEqual(['memberId:KNOWN_MEMBER']);

    await deliver(runtime, memberChangedEvent({ id: memberId }));
    const { createMemberUser } = await executeOk(runtime, CREATE_MEMBER, { input }, officer);
    expect(createMemberUser).toMatchObject({ roles: ['MEMBER'], memberId });
    expect(violationsOf(await execute(runtime, CREATE_MEMBER, { input: { ...input, email: `other-${input.email}` } }, officer))).toEqual(['memberId:UNIQUE']);
    expect((await execute(runtime, CREATE_STAFF, { input: staffInput() }, officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('roles', () => {
  const SET_ROLES = `mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { roles grants } }`;

  it('keeps a member user MEMBER and a staff user staff', async () => {
    const member = await createTestMemberUser(runtime);
    expect(violationsOf(await execute(runtime, SET_ROLES, { input: { userId: member.id, roles: ['MEMBER', 'ADMIN'] } }, ADMIN))).toEqual(['roles:MEMBER_ONLY']);
    const staff = await createTestStaffUser(runtime);
    expect(violationsOf(await execute(runtime, SET_ROLES, { input: { userId: staff.id, roles: ['MEMBER'] } }, ADMIN))).toEqual(['roles:STAFF_ONLY']);
  });

  it('ends the sessions of a user whose access narrows, and not of one whose access grows', async () => {
    const analyst = await createTestStaffUser(runtime, { roles: ['ANALYST'], grants: ['PII'] });
    const session = await signIn(runtime, analyst);
    await executeOk(runtime, SET_ROLES, { input: { userId: analyst.id, roles: ['ANALYST', 'UNDERWRITER'], grants: ['PII'] } }, ADMIN);
    expect(revoked.sessionIds).not.toContain(session.sessionId);
    const narrowed = await executeOk(runtime, SET_ROLES, { input: { userId: analyst.id, roles: ['ANALYST', 'UNDERWRITER'], grants: [] } }, ADMIN);
    expect(narrowed.setUserRoles).toEqual({ roles: ['ANALYST', 'UNDERWRITER'], grants: [] });
    expect(revoked.sessionIds).toContain(session.sessionId);
  });
});

describe('reading users', () => {
  it('me is the signed-in user, with the member record as a reference to the members subgraph', async () => {
    const member = await createTestMemberUser(runtime);
    const actor = actorOf(runtime, (await signIn(runtime, member)).accessToken);
    const data = await executeOk(runtime, `{ me { id email roles member { id } } }`, {}, actor);
    expect(data.me).toEqual({ id: member.id, email: member.email, roles: ['MEMBER'], member: { id: member.memberId } });
  });

  it('shows a user to themself and to an ADMIN, not to another user', async () => {
    const a = await createTestMemberUser(runtime);
    const b = await createTestMemberUser(runtime);
    const actorB = actorOf(runtime, (await signIn(runtime, b)).accessToken);
    const USER = `query($id: ID!) { user(id: $id) { id email } }`;
    expect((await execute(runtime, USER, { id: a.id }, actorB)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await executeOk(runtime, USER, { id: b.id }, actorB)).user.id).toBe(b.id);
    expect((await executeOk(runtime, USER, { id: a.id }, ADMIN)).user.id).toBe(a.id);
    // The federation entry point applies the same rule.
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }`;
    expect((await execute(runtime, entities, { r: [{ __typename: 'User', id: a.id }] }, actorB)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await executeOk(runtime, entities, { r: [{ __typename: 'User', id: a.id }] }, ADMIN))._entities).toEqual([{ id: a.id, email: a.email }]);
  });

  it('lists users for an ADMIN in e-mail order, page by page, filtered by role', async () => {
    const tag = uniqueSuffix();
    for (const name of ['carol', 'alice', 'bob']) await executeOk(runtime, CREATE_STAFF, { input: staffInput({ email: `${tag}-${name}@test.mcs`, roles: ['SALES_MANAGER'] }) }, ADMIN);
    const page = (after: string | null) =>
      executeOk(runtime, `query($after: String) { users(first: 2, after: $after, role: SALES_MANAGER) { edges { node { email } } pageInfo { hasNextPage endCursor } } }`, { after }, ADMIN).then((d) => d.users);
    const emails: string[] = [];
    let after: string | null = null;
    for (;;) {
      const current = await page(after);
      emails.push(...current.edges.map((e: { node: { email: string } }) => e.node.email));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(emails.filter((e) => e.startsWith(tag))).toEqual(['alice', 'bob', 'carol'].map((n) => `${tag}-${n}@test.mcs`));
  });

  it('never exposes the password hash or the two-factor secret', async () => {
    const { sdlSchema } = await buildSubgraphSchemaFor(runtime.definition);
    const sdl = printSubgraphSchema(sdlSchema);
    expect(sdl).not.toMatch(/passwordHash|totpSecret|totpLastStep|tokenHash/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Member\s+@key\(fields: "id", resolvable: false\)/);
  });
});
