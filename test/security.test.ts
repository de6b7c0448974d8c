import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessEventBus } from '../kit/events/bus';
import { ASSERTION_HEADER, signAssertion } from '../kit/auth/gateway-assertion';
import type { Actor } from '../kit/auth/identity';
import { generateSigningKey, signJwt } from '../kit/auth/jwt';
import { eventually, memberActor, staffActor, uniqueSuffix, useOwnTestDatabases } from '../kit/testing';
import { accessTokenFor, startTestSupergraph, TEST_ADMIN, TEST_SIGNING_KEY, testSubgraphSecret, type GraphQLResponse, type TestSupergraph } from '../gateway/src/testing';
import type { Safelist } from '../gateway/src/safelist';
import { subgraphs } from '../subgraphs';
import { coveredFamily } from './covered-family';
import { AUDITED_SUBGRAPHS } from '../subgraphs/identity/src/audit/audit.subscription';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

/**
 * The hostile cases of the security model, run against the whole supergraph over HTTP: who may see
 * what, identity that cannot be forged, subgraphs that answer only the gateway, tokens that are
 * refused, analysts who only read, the audit trail and the member app's safelist.
 */
let supergraph: TestSupergraph;

beforeAll(async () => {
  supergraph = await startTestSupergraph(subgraphs, { bus: new InProcessEventBus() });
});
afterAll(() => supergraph?.stop());

/** A covered family with one claim, an invoice and a payment, and the member user of its principal. */
async function family() {
  const made = await coveredFamily(supergraph, { claims: 1 });
  const user: Actor = memberActor(made.principal.id, [made.principal.id, made.child.id]);
  return { ...made, claim: made.claims[0], user };
}

type Family = Awaited<ReturnType<typeof family>>;
let a: Family;
let b: Family;

beforeAll(async () => {
  a = await family();
  b = await family();
});

const codes = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code);

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

describe('a member sees only their own family', () => {
  it('sees their own record, their dependant, their claims and invoices', async () => {
    const result = await supergraph.runAs(
      a.user,
      `query($id: ID!, $child: ID!) {
        member(id: $id) { fullName dependants { id } claims(first: 5) { edges { node { id } } } invoices(first: 5) { edges { node { id } } } }
        child: member(id: $child) { fullName }
      }`,
      { id: a.principal.id, child: a.child.id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.member.dependants).toEqual([{ id: a.child.id }]);
    expect(result.data!.member.claims.edges).toEqual([{ node: { id: a.claim.id } }]);
    expect(result.data!.member.invoices.edges).toEqual([{ node: { id: a.invoice.id } }]);
    expect(result.data!.child.fullName).toEqual(expect.any(String));
  });

  it("gets nothing of another family's member, asked directly", async () => {
    const result = await supergraph.runAs(a.user, `query($id: ID!) { member(id: $id) { id fullName phone } }`, { id: b.principal.id });
    expect(result.data?.member ?? null).toBeNull();
    expect(codes(result)).toContain('FORBIDDEN');
    expect(JSON.stringify(result.data ?? {})).not.toContain(b.principal.id);
  });

  it("gets nothing of another family's claim, invoice or payment, nor of the member behind them", async () => {
    const result = await supergraph.runAs(
      a.user,
      `query($claim: ID!, $invoice: ID!, $payment: ID!) {
        claim(id: $claim) { id memberId diagnosisCodes member { id } }
        invoice(id: $invoice) { id billedMemberId }
        payment(id: $payment) { id amount { amount } member { id fullName phone } }
      }`,
      { claim: b.claim.id, invoice: b.invoice.id, payment: b.payment.id },
    );
    expect(result.data).toEqual({ claim: null, invoice: null, payment: null });
    expect(codes(result).every((c) => c === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(result)).not.toContain(b.principal.id);
  });

  it('cannot reach another member through _entities, which bypasses the rule on Query.member', async () => {
    // The gateway resolves `payment { member { … } }` with `_entities` on the members subgraph: send that call as the gateway would.
    const url = supergraph.subgraphUrls.get('members')!;
    const body = {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id fullName phone nationalId } } }`,
      variables: { r: [{ __typename: 'Member', id: b.principal.id }, { __typename: 'Member', id: a.principal.id }] },
    };
    const raw = JSON.stringify(body);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: signAssertion(testSubgraphSecret('members'), 'members', a.user, raw) },
      body: raw,
    });
    const result = (await response.json()) as GraphQLResponse;
    expect(result.data!._entities[0]).toBeNull();
    expect(result.data!._entities[1]).toMatchObject({ id: a.principal.id, fullName: expect.any(String) });
    expect(JSON.stringify(result.data)).not.toContain(b.principal.id);
  });

  it("cannot list everyone's members, claims or benefit use", async () => {
    const result = await supergraph.runAs(
      a.user,
      `query($b: ID!) { members(first: 5) { edges { node { id } } } benefitUtilisation(memberId: $b) { benefitCode } }`,
      { b: b.principal.id },
    );
    expect(result.data ?? null).toBeNull();
    expect(codes(result)).toEqual(expect.arrayContaining(['FORBIDDEN']));
  });
});

describe('identity comes only from a verified token', () => {
  const FORGED = {
    'x-actor-id': TEST_ADMIN.id,
    'x-actor-roles': 'ADMIN',
    'x-user-id': TEST_ADMIN.id,
    [ASSERTION_HEADER]: 'v1.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl19.forged',
  };

  it('treats forged identity headers without a token as an anonymous caller', async () => {
    const result = await post(supergraph.gatewayUrl, { query: `query($id: ID!) { member(id: $id) { fullName } }`, variables: { id: a.principal.id } }, FORGED);
    expect(result.body.data?.member ?? null).toBeNull();
    expect(codes(result.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps a member a member whatever headers they add', async () => {
    const result = await post(
      supergraph.gatewayUrl,
      { query: `query($id: ID!) { member(id: $id) { fullName } }`, variables: { id: b.principal.id } },
      { ...FORGED, authorization: `Bearer ${accessTokenFor(a.user)}` },
    );
    expect(result.body.data?.member ?? null).toBeNull();
    expect(codes(result.body)).toEqual(['FORBIDDEN']);
  });
});

describe('tokens the gateway refuses', () => {
  const query = { query: `{ members(first: 1) { edges { node { id } } } }` };
  const now = () => Math.floor(Date.now() / 1000);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = () => ({ iss: 'mcs-identity', aud: 'mcs-api', sub: 'intruder', iat: now(), exp: now() + 600, jti: 'x', sid: 's', roles: ['ADMIN'] });

  const cases: Array<[string, () => string]> = [
    ['expired', () => accessTokenFor(TEST_ADMIN, { iat: now() - 3600, exp: now() - 60 })],
    ['unsigned (alg: none)', () => `${b64({ alg: 'none', typ: 'at+jwt', kid: TEST_SIGNING_KEY.kid })}.${b64(claims())}.`],
    ['signed with another key under the same key id', () => signJwt(claims(), generateSigningKey(TEST_SIGNING_KEY.kid), 'at+jwt')],
    [
      'HS256 with the public key as the secret',
      () => {
        const head = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: TEST_SIGNING_KEY.kid })}.${b64(claims())}`;
        const secret = TEST_SIGNING_KEY.publicKey.export({ format: 'pem', type: 'spki' });
        return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
      },
    ],
    ['for another audience', () => accessTokenFor(TEST_ADMIN, { aud: 'another-api' })],
    ['from another issuer', () => accessTokenFor(TEST_ADMIN, { iss: 'someone-else' })],
    ['of another type (not an access token)', () => signJwt(claims(), TEST_SIGNING_KEY, 'JWT')],
    ['with a tampered payload', () => {
      const [head, , signature] = accessTokenFor(staffActor('clerk', 'FINANCE_OFFICER')).split('.');
      return `${head}.${b64({ ...claims(), roles: ['ADMIN'] })}.${signature}`;
    }],
  ];

  it.each(cases)('refuses a token %s with 401 and runs nothing', async (_name, token) => {
    const result = await post(supergraph.gatewayUrl, query, { authorization: `Bearer ${token()}` });
    expect(result.status).toBe(401);
    expect(codes(result.body)).toEqual(['UNAUTHENTICATED']);
    expect(result.body.data).toBeUndefined();
  });

  it('accepts a valid token (the control case)', async () => {
    const result = await post(supergraph.gatewayUrl, query, { authorization: `Bearer ${accessTokenFor(TEST_ADMIN)}` });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });
});

describe('subgraphs answer only the gateway', () => {
  const service = { query: '{ _service { sdl } }' };
  const entities = {
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id fullName } } }`,
    variables: { r: [{ __typename: 'Member', id: '00000000-0000-4000-8000-000000000000' }] },
  };
  const members = () => supergraph.subgraphUrls.get('members')!;
  const signed = (body: unknown, secret = testSubgraphSecret('members'), audience = 'members', nowSec?: number) =>
    signAssertion(secret, audience, TEST_ADMIN, JSON.stringify(body), nowSec);

  it.each([
    ['_service without the gateway signature', service, {}],
    ['_entities without the gateway signature', entities, {}],
    ['a call signed with another subgraph secret', service, { [ASSERTION_HEADER]: signed(service, testSubgraphSecret('claims'), 'members') }],
    ['a call signed for another subgraph', service, { [ASSERTION_HEADER]: signed(service, testSubgraphSecret('members'), 'claims') }],
    ['a signature made for another body', entities, { [ASSERTION_HEADER]: signed(service) }],
    ['a signature two minutes old', service, { [ASSERTION_HEADER]: signed(service, undefined, undefined, Math.floor(Date.now() / 1000) - 120) }],
  ])('refuses %s with 401', async (_name, body, headers) => {
    const result = await post(members(), body, headers as Record<string, string>);
    expect(result.status).toBe(401);
    expect(codes(result.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers a call the gateway signed (the control case)', async () => {
    const result = await post(members(), service, { [ASSERTION_HEADER]: signed(service) });
    expect(result.status).toBe(200);
    expect(result.body.data!._service.sdl).toContain('type Member');
  });
});

describe('analysts', () => {
  const analyst = staffActor(`analyst-${uniqueSuffix()}`, 'ANALYST');

  it('cannot write: a mutation is refused and changes nothing', async () => {
    const name = `Analyst Co ${uniqueSuffix()}`;
    const result = await supergraph.runAs(
      analyst,
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      { input: { name, registrationNumber: `AN-${uniqueSuffix()}`.toUpperCase(), email: 'a@example.com', phone: '0202000000', county: 'Nairobi' } },
    );
    expect(codes(result)).toEqual(['FORBIDDEN']);
    const after = await supergraph.runOk(`query($s: String) { companies(filter: { search: $s }) { edges { node { id } } } }`, { s: name });
    expect(after.companies.edges).toEqual([]);
  });

  it('sees claim amounts and statuses but not diagnoses, nor members’ names and contacts', async () => {
    const result = await supergraph.runAs(
      analyst,
      `query($claim: ID!, $member: ID!) {
        claim(id: $claim) { status totalBilled { amount } diagnosisCodes lines { billedAmount { amount } diagnosisCodes } }
        member(id: $member) { status gender fullName phone dateOfBirth }
      }`,
      { claim: a.claim.id, member: a.principal.id },
    );
    expect(result.data?.claim).toBeNull(); // diagnosisCodes is non-null, so the denial nulls the claim
    const denied = (result.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code }));
    expect(denied).toEqual(expect.arrayContaining([{ path: 'claim.diagnosisCodes', code: 'FORBIDDEN' }, { path: 'member.fullName', code: 'FORBIDDEN' }]));

    const plain = await supergraph.runAs(analyst, `query($claim: ID!) { claim(id: $claim) { status totalBilled { amount } } }`, { claim: a.claim.id });
    expect(plain.errors).toBeUndefined();
    expect(plain.data!.claim.status).toEqual(expect.any(String));
  });

  it('may still sign themselves out: read-only is about the platform’s data, not their own session', async () => {
    const result = await supergraph.runAs(analyst, `mutation { logout }`);
    expect(codes(result)).not.toContain('FORBIDDEN');
    expect(result.data).toEqual({ logout: expect.any(Boolean) });
  });

  it('sees diagnoses when their grant says so', async () => {
    const granted: Actor = { ...analyst, id: `analyst-granted-${uniqueSuffix()}`, grants: ['DIAGNOSES'] };
    const result = await supergraph.runAs(granted, `query($claim: ID!) { claim(id: $claim) { diagnosisCodes } }`, { claim: a.claim.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.claim.diagnosisCodes.length).toBeGreaterThan(0);
  });
});

describe('roles', () => {
  it('refuses a write outside the role (a sales agent enrolling a member)', async () => {
    const result = await supergraph.runAs(
      staffActor('agent-kamau', 'SALES_AGENT'),
      `mutation($id: ID!) { suspendMember(input: { memberId: $id, reason: "not mine to do" }) { id status } }`,
      { id: a.principal.id },
    );
    expect(codes(result)).toEqual(['FORBIDDEN']);
    const member = await supergraph.runOk(`query($id: ID!) { member(id: $id) { status } }`, { id: a.principal.id });
    expect(member.member.status).toBe('ACTIVE');
  });

  it('refuses anonymous callers everything but signing in', async () => {
    const result = await post(supergraph.gatewayUrl, { query: `{ schemes(first: 1) { edges { node { id } } } }` });
    expect(codes(result.body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('audit trail', () => {
  const AUDIT = `query($member: ID!, $actor: ID!) { auditRecords(memberId: $member, actorId: $actor, first: 10) { edges { node {
    actorId memberId subgraph operation operationType fields allowed ip } } } }`;
  const recordsOf = async (memberId: string, actorId: string) => (await supergraph.runOk(AUDIT, { member: memberId, actor: actorId })).auditRecords.edges.map((e: { node: unknown }) => e.node);

  it('is kept for every subgraph of the supergraph: identity consumes each one\'s audit events', () => {
    expect([...AUDITED_SUBGRAPHS].sort()).toEqual(subgraphs.map((s) => s.name).sort());
  });

  it('records a staff read of a member exactly once, with who, whom, what and from where', async () => {
    const officer = staffActor(`claims-officer-${uniqueSuffix()}`, 'CLAIMS_OFFICER');
    await supergraph.runAs(officer, `query AuditedRead($id: ID!) { member(id: $id) { fullName phone } }`, { id: a.principal.id });
    const records = await eventually(async () => {
      const found = await recordsOf(a.principal.id, officer.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(records[0]).toMatchObject({
      actorId: officer.id,
      memberId: a.principal.id,
      subgraph: 'members',
      operation: 'AuditedRead',
      operationType: 'query',
      fields: ['Member.fullName', 'Member.phone'],
      allowed: true,
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    // Nothing else arrives later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await recordsOf(a.principal.id, officer.id)).toHaveLength(1);
  });

  it('records a denied read too, as not allowed', async () => {
    const agent = staffActor(`sales-agent-${uniqueSuffix()}`, 'SALES_AGENT');
    const result = await supergraph.runAs(agent, `query($id: ID!) { member(id: $id) { fullName } }`, { id: b.principal.id });
    expect(codes(result)).toEqual(['FORBIDDEN']);
    const records = await eventually(async () => {
      const found = await recordsOf(b.principal.id, agent.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(records[0]).toMatchObject({ allowed: false, memberId: b.principal.id, actorId: agent.id });
  });
});

describe('the member app safelist', () => {
  let enforced: TestSupergraph;
  beforeAll(async () => {
    enforced = await startTestSupergraph(subgraphs, { gateway: { safelistClients: ['member-app'] } });
  });
  afterAll(() => enforced?.stop());

  const safelist = JSON.parse(readFileSync(join(__dirname, '..', 'schema', 'safelist.member-app.json'), 'utf8')) as Safelist;
  const myCover = safelist.operations.find((o) => o.name === 'MyCover')!;

  it('refuses a member user an operation the app does not have', async () => {
    const result = await post(enforced.gatewayUrl, { query: `query($id: ID!) { member(id: $id) { fullName } }`, variables: { id: a.principal.id } }, { authorization: `Bearer ${accessTokenFor(a.user)}` });
    expect(result.status).toBe(400);
    expect(codes(result.body)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('runs the app operation a member user sends by its hash', async () => {
    const result = await post(
      enforced.gatewayUrl,
      { variables: { memberId: a.principal.id }, extensions: { persistedQuery: { version: 1, sha256Hash: myCover.sha256 } } },
      { authorization: `Bearer ${accessTokenFor(a.user)}` },
    );
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.member.memberNumber).toEqual(expect.any(String));
  });

  it('refuses a client naming itself the member app, whoever signs in', async () => {
    const result = await post(enforced.gatewayUrl, { query: '{ medicalServices { code } }' }, { 'apollographql-client-name': 'member-app', authorization: `Bearer ${accessTokenFor(TEST_ADMIN)}` });
    expect(result.status).toBe(400);
  });

  it('leaves staff clients free to send their own operations', async () => {
    const result = await post(enforced.gatewayUrl, { query: '{ medicalServices { code } }' }, { authorization: `Bearer ${accessTokenFor(TEST_ADMIN)}` });
    expect(result.status).toBe(200);
  });
});

describe('signing in through the gateway', () => {
  const PASSWORD = 'Kilimanjaro-Sunrise-2044';
  const signIn = (email: string, password: string) =>
    post(supergraph.gatewayUrl, {
      query: `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken refreshToken user { memberId } } }`,
      variables: { email, password },
    });

  it('signs a member user in, and the identity service’s token opens their own family’s data and no one else’s', async () => {
    const email = `member-${uniqueSuffix()}@example.co.ke`;
    // The family is known to identity through members' events.
    await eventually(async () => {
      const created = await supergraph.run(
        `mutation($input: CreateMemberUserInput!) { createMemberUser(input: $input) { id memberId } }`,
        { input: { email, displayName: 'Family A principal', memberId: a.principal.id, password: PASSWORD } },
      );
      expect(created.errors).toBeUndefined();
    });
    const { body } = await signIn(email, PASSWORD);
    expect(body.errors).toBeUndefined();
    const { accessToken, refreshToken } = body.data!.login;
    const as = (query: string, variables: Record<string, unknown>) => post(supergraph.gatewayUrl, { query, variables }, { authorization: `Bearer ${accessToken}` });

    const own = await as(`query($id: ID!, $child: ID!) { me { memberId } member(id: $id) { id } child: member(id: $child) { id } }`, { id: a.principal.id, child: a.child.id });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data).toEqual({ me: { memberId: a.principal.id }, member: { id: a.principal.id }, child: { id: a.child.id } });
    const other = await as(`query($id: ID!) { member(id: $id) { id } }`, { id: b.principal.id });
    expect(other.body.data?.member ?? null).toBeNull();
    expect(codes(other.body)).toEqual(['FORBIDDEN']);

    // Signing out ends the session: its refresh token is refused from then on.
    const out = await as(`mutation { logout }`, {});
    expect(out.body.data).toEqual({ logout: true });
    const refreshed = await post(supergraph.gatewayUrl, { query: `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, variables: { t: refreshToken } });
    expect(codes(refreshed.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = await signIn(`nobody-${uniqueSuffix()}@example.co.ke`, PASSWORD);
    const wrong = await signIn('admin@demo.mcs.test', 'Not-The-Password-2044');
    expect(unknown.body.errors?.[0].message).toBe(wrong.body.errors?.[0].message);
    expect(unknown.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
