import { createHash } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RunningServer } from '../../kit/http';
import { createSubgraphRuntime, serveSubgraph, type AnyRuntime } from '../../kit/subgraph';
import { testDatabaseUrl, uniqueSuffix } from '../../kit/testing';
import { membersSubgraph } from '../../subgraphs/members/src/subgraph';
import type { Role } from '../../kit/auth/identity';
import Redis from 'ioredis';
import { createGateway, type Gateway } from './gateway';
import { DEFAULT_PLAYGROUND_QUERY } from './playground';
import {
  createCapturingLogger,
  deadUrl,
  startStubSubgraph,
  stubSubgraphSdl,
  testGatewayConfig,
  testSubgraphSecret,
  accessTokenFor,
  writeTestSupergraph,
  type StubSubgraph,
} from './testing';

/**
 * The whole path over HTTP: client → gateway → members subgraph (real PostgreSQL) and a small
 * stub subgraph that extends Member, so one subgraph can be taken away while the other answers.
 */

interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

const membersLog = createCapturingLogger();
const gatewayLog = createCapturingLogger();
let members: AnyRuntime;
let membersServer: RunningServer;
let stub: StubSubgraph;
let supergraphPath: string;
/** Every subgraph up; stub answers `slowNote` after 1.5 s, beyond this gateway's 500 ms deadline. */
let gateway: Gateway;
let gatewayUrl: string;
/** The same supergraph, but the stub subgraph is down. */
let degraded: Gateway;
let degradedUrl: string;

beforeAll(async () => {
  members = await createSubgraphRuntime(membersSubgraph, {
    databaseUrl: await testDatabaseUrl('members'),
    logger: membersLog,
    migrate: false,
    poolSize: 5,
  });
  membersServer = await serveSubgraph(members, 0, { host: '127.0.0.1', gatewaySecret: testSubgraphSecret('members') });
  stub = await startStubSubgraph(1_500);
  supergraphPath = await writeTestSupergraph([membersSubgraph], [stubSubgraphSdl('http://localhost:1/graphql')]);
  const membersUrl = `${membersServer.url}/graphql`;

  gateway = createGateway(
    testGatewayConfig(supergraphPath, [{ name: 'members', url: membersUrl }, { name: 'stub', url: stub.url }], { subgraphTimeoutMs: 500 }),
    gatewayLog,
  );
  gatewayUrl = (await gateway.start(0, '127.0.0.1')).url;

  degraded = createGateway(
    testGatewayConfig(supergraphPath, [{ name: 'members', url: membersUrl }, { name: 'stub', url: await deadUrl() }]),
    createCapturingLogger(),
  );
  degradedUrl = (await degraded.start(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await gateway?.stop();
  await degraded?.stop();
  await stub?.stop();
  await membersServer?.close();
  await members?.stop();
  if (supergraphPath) unlinkSync(supergraphPath);
});

/** The headers of a staff user signed in with a test access token (ADMIN unless told). */
function signedInAs(userId: string, ...roles: Role[]): Record<string, string> {
  return { authorization: `Bearer ${accessTokenFor({ id: userId, roles: roles.length ? roles : ['ADMIN'] })}` };
}

async function graphql<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedInAs('gateway-test-admin'), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

async function graphqlOk<T = any>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const { body } = await graphql<T>(baseUrl, query, variables, headers);
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`);
  return body.data as T;
}

/** Enrols a principal through the gateway, acting as `actor`. */
async function enrolThroughGateway(baseUrl: string, actor = 'gateway-test-officer') {
  const suffix = uniqueSuffix();
  const company = await graphqlOk<{ createCompany: { id: string } }>(
    baseUrl,
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
    { input: { name: `Gateway Co ${suffix}`, registrationNumber: `GW-${suffix}`.toUpperCase(), email: `hr-${suffix}@example.co.ke`, phone: '0202000000', county: 'Nairobi' } },
    signedInAs(actor, 'ENROLMENT_OFFICER'),
  );
  const tail = String((Date.now() * 13 + Math.floor(performance.now() * 1000)) % 100_000_000).padStart(8, '0');
  const member = await graphqlOk<{ enrolPrincipal: { id: string; memberNumber: string } }>(
    baseUrl,
    `mutation($input: EnrolPrincipalInput!) { enrolPrincipal(input: $input) { id memberNumber } }`,
    {
      input: {
        companyId: company.createCompany.id,
        firstName: 'Achieng',
        lastName: `Odhiambo${suffix}`,
        dateOfBirth: '1985-03-04',
        gender: 'FEMALE',
        phone: `+2547${tail}`,
        enrolmentDate: '2026-01-01',
      },
    },
    signedInAs(actor, 'ENROLMENT_OFFICER'),
  );
  return { companyId: company.createCompany.id, ...member.enrolPrincipal };
}

describe('queries through the gateway', () => {
  it('answers from both subgraphs in one query and passes the acting user to the subgraph', async () => {
    const enrolled = await enrolThroughGateway(gatewayUrl, 'officer-wanjiku');
    const data = await graphqlOk(
      gatewayUrl,
      `query($id: ID!) { member(id: $id) { memberNumber fullName company { id } coverNote lifeEvents { type actorId } } }`,
      { id: enrolled.id },
    );
    expect(data.member).toEqual({
      memberNumber: enrolled.memberNumber,
      fullName: expect.stringMatching(/^Achieng Odhiambo/),
      company: { id: enrolled.companyId },
      coverNote: `cover note for ${enrolled.id}`,
      lifeEvents: [{ type: 'ENROLLED', actorId: 'officer-wanjiku' }],
    });
  });

  it('returns the client\'s correlation id and forwards it to every subgraph it calls', async () => {
    const enrolled = await enrolThroughGateway(gatewayUrl);
    const correlationId = `corr-${uniqueSuffix()}`;
    const response = await graphql(gatewayUrl, `query($id: ID!) { member(id: $id) { fullName coverNote } }`, { id: enrolled.id }, { 'x-correlation-id': correlationId });
    expect(response.body.errors).toBeUndefined();
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    // The members subgraph logged its request under the same id; the stub received it as a header.
    expect(membersLog.lines).toContainEqual(expect.objectContaining({ msg: 'request', method: 'POST', correlationId }));
    expect(stub.received.map((h) => h['x-correlation-id'])).toContain(correlationId);
  });

  it('makes up a correlation id when the client sends none, and forwards that one', async () => {
    const before = stub.received.length;
    const response = await graphql(gatewayUrl, `{ stubPing }`);
    const generated = response.headers.get('x-correlation-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(stub.received.slice(before).map((h) => h['x-correlation-id'])).toEqual([generated]);
  });
});

describe('health', () => {
  it('is live', async () => {
    const response = await fetch(`${gatewayUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready with the supergraph loaded and reports each subgraph', async () => {
    const response = await fetch(`${gatewayUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      checks: { supergraph: true },
      subgraphs: { members: { ready: true, status: 200 }, stub: { ready: true, status: 200 } },
    });
  });

  it('stays ready when one subgraph is down, naming the one that is', async () => {
    const response = await fetch(`${degradedUrl}/health/ready`);
    const body = (await response.json()) as { subgraphs: Record<string, { ready: boolean }> };
    expect(response.status).toBe(200);
    expect(body.subgraphs.members.ready).toBe(true);
    expect(body.subgraphs.stub).toMatchObject({ ready: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('is not ready, and /graphql answers 503, until the supergraph is loaded', async () => {
    const idle = createGateway(testGatewayConfig(supergraphPath, []), createCapturingLogger());
    expect(idle.isSupergraphLoaded()).toBe(false);
    // Served without start(): the supergraph has not been loaded.
    const server = createServer(idle.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect((await fetch(`${base}/health/ready`)).status).toBe(503);
      expect((await graphql(base, '{ __typename }')).status).toBe(503);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await idle.stop();
    }
  });
});

describe('partial failure', () => {
  it('answers with the data it has and an error for the subgraph that is down', async () => {
    const enrolled = await enrolThroughGateway(degradedUrl);
    const { status, body } = await graphql(degradedUrl, `query($id: ID!) { member(id: $id) { memberNumber coverNote } }`, { id: enrolled.id });
    expect(status).toBe(200);
    expect(body.data).toEqual({ member: { memberNumber: enrolled.memberNumber, coverNote: null } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'stub', reason: 'unreachable' });
    expect(body.errors![0].message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });

  it('still answers queries that only need the subgraphs that are up', async () => {
    const enrolled = await enrolThroughGateway(degradedUrl);
    const { body } = await graphql(degradedUrl, `query($id: ID!) { company(id: $id) { id members { edges { node { id } } } } }`, { id: enrolled.companyId });
    expect(body.errors).toBeUndefined();
    expect(body.data.company).toEqual({ id: enrolled.companyId, members: { edges: [{ node: { id: enrolled.id } }] } });
    const stubOnly = await graphql(degradedUrl, `{ stubPing }`);
    expect(stubOnly.body.errors?.[0].extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('gives up on a subgraph that is too slow, within the configured timeout', async () => {
    const enrolled = await enrolThroughGateway(gatewayUrl);
    const started = Date.now();
    const { body } = await graphql(gatewayUrl, `query($id: ID!) { member(id: $id) { memberNumber slowNote } }`, { id: enrolled.id });
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(body.data).toEqual({ member: { memberNumber: enrolled.memberNumber, slowNote: null } });
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'stub', reason: 'timeout' });
    expect(gateway.metrics.render()).toMatch(/gateway_subgraph_requests_total\{subgraph="stub",outcome="timeout"\} [1-9]/);
  });
});

describe('request limits, before any subgraph is called', () => {
  const subgraphCalls = () => gateway.metrics.total('gateway_subgraph_requests_total');

  async function expectRefusedUnsent(query: string, variables: Record<string, unknown> = {}) {
    const callsBefore = subgraphCalls();
    const stubBefore = stub.received.length;
    const refused = await graphql(gatewayUrl, query, variables);
    expect(subgraphCalls()).toBe(callsBefore);
    expect(stub.received.length).toBe(stubBefore);
    return refused;
  }

  it('refuses a 50-deep query with 400, naming the depth allowed', async () => {
    // member, 48 levels of dependants, id: 50 fields deep.
    const deep = `{ member(id: "00000000-0000-0000-0000-000000000000") { ${'dependants { '.repeat(48)}id${' }'.repeat(48)} } }`;
    const refused = await expectRefusedUnsent(deep);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', violations: [expect.objectContaining({ rule: 'MAX_DEPTH' })] });
    expect(refused.body.errors?.[0].message).toMatch(/nests 50 fields deep; at most 12/);
  });

  it('refuses a 500-alias query with 400', async () => {
    const aliased = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: stubPing`).join(' ')} }`;
    const refused = await expectRefusedUnsent(aliased);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions?.violations).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'MAX_ALIASES' })]));
  });

  it('refuses a page larger than the largest page, from a literal or a variable', async () => {
    const literal = await expectRefusedUnsent('{ members(first: 500) { edges { node { id } } } }');
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0].extensions?.violations).toEqual([expect.objectContaining({ rule: 'PAGE_SIZE', message: expect.stringMatching(/members asks for 500/) })]);
    const variable = await expectRefusedUnsent('query($n: Int) { members(first: $n) { edges { node { id } } } }', { n: 101 });
    expect(variable.body.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  });

  it('refuses an operation whose pages multiply past the cost limit', async () => {
    // 100 companies × 100 members each × their fields: some 40,000 against 20,000 allowed.
    const wide = '{ companies(first: 100) { edges { node { name members(first: 100) { edges { node { id fullName memberNumber } } } } } } }';
    const refused = await expectRefusedUnsent(wide);
    expect(refused.body.errors?.[0].extensions?.violations).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'MAX_COST' })]));
  });

  it('refuses a query of more tokens than any client sends while parsing it', async () => {
    const long = `{ stubPing ${'__typename '.repeat(6_000)}}`;
    const refused = await expectRefusedUnsent(long);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].message).toMatch(/5000 tokens/);
  });

  it('answers an operation name the document does not hold with 400, naming it, and sends nothing on', async () => {
    const before = subgraphCalls();
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedInAs('gateway-test-admin') },
      body: JSON.stringify({ query: 'query Ping { stubPing } query Other { stubPing }', operationName: 'Nope' }),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    expect(response.status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Nope/), extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
    // Two operations and no name: which one is meant cannot be told either.
    const unnamed = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedInAs('gateway-test-admin') },
      body: JSON.stringify({ query: 'query Ping { stubPing } query Other { stubPing }' }),
    });
    expect(unnamed.status).toBe(400);
    expect(subgraphCalls()).toBe(before);
  });

  it('refuses a batch of operations in one HTTP request', async () => {
    const before = subgraphCalls();
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ stubPing }' }, { query: '{ stubPing }' }]),
    });
    expect(response.status).toBe(400);
    expect(subgraphCalls()).toBe(before);
  });

  it('refuses a body larger than the limit with 413', async () => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stubPing }', variables: { padding: 'x'.repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
  });

  it('still answers an ordinary operation', async () => {
    expect(await graphqlOk(gatewayUrl, '{ stubPing }')).toEqual({ stubPing: expect.any(String) });
  });
});

describe('rate limits', () => {
  // Counted in Redis when the machine has one (as in CI), else in the gateway's memory.
  const redisUrl = process.env.REDIS_URL;
  let limited: Gateway;
  let limitedUrl: string;
  beforeAll(async () => {
    limited = createGateway(
      testGatewayConfig(supergraphPath, [{ name: 'members', url: `${membersServer.url}/graphql` }, { name: 'stub', url: stub.url }], {
        redisUrl,
        rateLimit: { perIp: 4, perUser: 2, windowMs: 1_000 },
      }),
      createCapturingLogger(),
    );
    limitedUrl = (await limited.start(0, '127.0.0.1')).url;
  });
  afterAll(() => limited?.stop());

  it('answers 429 with Retry-After past the limit per address, and serves again once the window has passed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a fresh window for this address
    const statuses: number[] = [];
    // Anonymous, so only the per-address limit counts.
    const anonymous = { authorization: '' };
    for (let i = 0; i < 4; i += 1) statuses.push((await graphql(limitedUrl, '{ stubPing }', {}, anonymous)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await graphql(limitedUrl, '{ stubPing }', {}, anonymous);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'ip', allowed: 4, retryAfterSeconds: expect.any(Number) });
    expect(limited.metrics.total('gateway_rate_limited_total', { rule: 'ip' })).toBeGreaterThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await graphql(limitedUrl, '{ stubPing }')).status).toBe(200);
  });

  it('limits each acting user on their own', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const as = (user: string) => graphql(limitedUrl, '{ stubPing }', {}, signedInAs(user));
    expect((await as('user-a')).status).toBe(200);
    expect((await as('user-a')).status).toBe(200);
    const refused = await as('user-a');
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'user' });
    expect((await as('user-b')).status).toBe(200);
  });
});

describe('csrf prevention', () => {
  it('refuses a GET mutation without a preflight header and changes nothing', async () => {
    const name = `Csrf Co ${uniqueSuffix()}`;
    const mutation = `mutation { createCompany(input: { name: "${name}", registrationNumber: "CSRF-${uniqueSuffix()}", email: "x@example.com", phone: "0202000000", county: "Nairobi" }) { id } }`;
    const response = await fetch(`${gatewayUrl}/graphql?query=${encodeURIComponent(mutation)}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
    const after = await graphqlOk(gatewayUrl, `query($s: String) { companies(filter: { search: $s }) { edges { node { id } } } }`, { s: name });
    expect(after.companies.edges).toHaveLength(0);
  });

  it('accepts a GET query only with a preflight header', async () => {
    const url = `${gatewayUrl}/graphql?query=${encodeURIComponent('{ stubPing }')}`;
    expect((await fetch(url, { headers: { accept: 'application/json' } })).status).toBe(400);
    const withPreflight = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(withPreflight.status).toBe(200);
    expect(await withPreflight.json()).toEqual({ data: { stubPing: 'pong' } });
  });
});

describe('errors', () => {
  it('passes typed domain errors from a subgraph through to the client', async () => {
    const { body } = await graphql(gatewayUrl, `mutation { suspendMember(input: { memberId: "00000000-0000-4000-8000-000000000000", reason: "test" }) { id } }`);
    expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(body.errors?.[0].extensions?.stacktrace).toBeUndefined();
  });
});

/*
 * Automatic persisted queries live in Redis so every gateway instance shares them. These run
 * against real Redis (REDIS_URL, or the machine's own, found by test/global-setup.ts) and are
 * reported as skipped on a machine without one.
 */
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;
describeWithRedis('persisted queries shared through Redis', () => {
  const apq = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
  async function post(baseUrl: string, body: Record<string, unknown>) {
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await response.json()) as GraphQLResponse['body'];
  }

  it('registers a query on one gateway instance and serves it by hash from another', async () => {
    const membersUrl = `${membersServer.url}/graphql`;
    const endpoints = [{ name: 'members', url: membersUrl }, { name: 'stub', url: stub.url }];
    const first = createGateway(testGatewayConfig(supergraphPath, endpoints, { redisUrl: process.env.REDIS_URL }), createCapturingLogger());
    const second = createGateway(testGatewayConfig(supergraphPath, endpoints, { redisUrl: process.env.REDIS_URL }), createCapturingLogger());
    try {
      const [a, b] = [(await first.start(0, '127.0.0.1')).url, (await second.start(0, '127.0.0.1')).url];
      const query = `query Apq${uniqueSuffix()} { stubPing }`;
      expect((await post(a, { extensions: apq(query) })).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await post(a, { query, extensions: apq(query) })).toEqual({ data: { stubPing: 'pong' } });
      expect(await post(b, { extensions: apq(query) })).toEqual({ data: { stubPing: 'pong' } });
      const ready = (await (await fetch(`${b}/health/ready`)).json()) as { cache?: { redis: boolean } };
      expect(ready.cache).toEqual({ redis: true });
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

describeWithRedis('sessions revoked before their access token expires', () => {
  it('refuses the token of a session identity has revoked in Redis, and only that one', async () => {
    const endpoints = [{ name: 'members', url: `${membersServer.url}/graphql` }, { name: 'stub', url: stub.url }];
    const withRedis = createGateway(testGatewayConfig(supergraphPath, endpoints, { redisUrl: process.env.REDIS_URL }), createCapturingLogger());
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const url = (await withRedis.start(0, '127.0.0.1')).url;
      const revoked = `session-${uniqueSuffix()}`;
      const tokenOf = (sessionId: string) => ({ authorization: `Bearer ${accessTokenFor({ id: 'officer-revoked', roles: ['ADMIN'], sessionId })}` });
      expect((await graphql(url, '{ stubPing }', {}, tokenOf(revoked))).status).toBe(200);
      // What identity writes on logout, refresh-token reuse or a disabled user.
      await redis.set(`mcs:revoked-session:${revoked}`, '1', 'EX', 60);
      const refused = await graphql(url, '{ stubPing }', {}, tokenOf(revoked));
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await graphql(url, '{ stubPing }', {}, tokenOf(`session-${uniqueSuffix()}`))).status).toBe(200);
    } finally {
      redis.disconnect();
      await withRedis.stop();
    }
  });
});

describe('persisted queries when Redis is away', () => {
  it('treats the cache as empty and keeps answering', async () => {
    const unreachable = (await deadUrl()).replace(/^http:/, 'redis:').replace(/\/graphql$/, '');
    const endpoints = [{ name: 'members', url: `${membersServer.url}/graphql` }, { name: 'stub', url: stub.url }];
    const lonely = createGateway(testGatewayConfig(supergraphPath, endpoints, { redisUrl: unreachable }), createCapturingLogger());
    try {
      const url = (await lonely.start(0, '127.0.0.1')).url;
      const query = `query NoRedis${uniqueSuffix()} { stubPing }`;
      const hash = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, extensions: hash }) });
      expect(await response.json()).toEqual({ data: { stubPing: 'pong' } });
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { cache: { redis: boolean } }).cache).toEqual({ redis: false });
    } finally {
      await lonely.stop();
    }
  });
});

describe('playground', () => {
  const OFF_MACHINE = /(?:https?:)?\/\/(?!localhost\b|127\.0\.0\.1\b)[a-z0-9.-]+/gi;

  it('serves a GraphiQL page that loads nothing from off the machine', async () => {
    const response = await fetch(`${gatewayUrl}/playground`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);
    const html = await response.text();
    expect(html.match(OFF_MACHINE)).toBeNull();
    // The favicon is an empty data: URL, so the browser asks for nothing else.
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((r) => r !== 'data:,');
    expect(references).toHaveLength(5);
    for (const reference of references) expect(reference).toMatch(/^\/playground\/assets\/[a-z.-]+\?v=[0-9a-f]{12}$/);
    expect(html).toContain('data-endpoint="/graphql"');
  });

  it('serves each asset from node_modules with a long cache, and none of them pulls in remote resources', async () => {
    const html = await (await fetch(`${gatewayUrl}/playground`)).text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((r) => r !== 'data:,');
    for (const reference of references) {
      const response = await fetch(`${gatewayUrl}${reference}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = await response.text();
      if (reference.includes('.css')) {
        expect(response.headers.get('content-type')).toMatch(/^text\/css/);
        // Fonts and icons are inlined as data: URLs; nothing is imported from elsewhere.
        expect(body).not.toMatch(/@import/);
        for (const [, target] of body.matchAll(/url\(\s*['"]?([^'")]+)/g)) expect(target).toMatch(/^(data:|#)/);
      } else {
        expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      }
    }
    const graphiql = await (await fetch(`${gatewayUrl}${references.find((r) => r.includes('graphiql.min.js'))}`)).text();
    expect(graphiql).toBe(readFileSync(require.resolve('graphiql/graphiql.min.js'), 'utf8'));
  });

  it('mounts GraphiQL on /graphql with the example query and the headers editor', async () => {
    const html = await (await fetch(`${gatewayUrl}/playground`)).text();
    const scriptUrl = html.match(/src="([^"]*playground\.js[^"]*)"/)![1];
    const script = await (await fetch(`${gatewayUrl}${scriptUrl}`)).text();
    expect(script.match(OFF_MACHINE)).toBeNull();
    expect(script).toContain('isHeadersEditorEnabled: true');
    expect(script).toContain(JSON.stringify(DEFAULT_PLAYGROUND_QUERY));
  });

  it('sends a browser that opens /graphql to the playground', async () => {
    const response = await fetch(`${gatewayUrl}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/playground');
  });

  it('answers an unknown asset with 404', async () => {
    expect((await fetch(`${gatewayUrl}/playground/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${gatewayUrl}/playground/assets/nope.js`)).status).toBe(404);
  });
});

describe('development mode', () => {
  it('composes by introspecting the running subgraphs when GATEWAY_INTROSPECT is on', async () => {
    const dev = createGateway(
      testGatewayConfig('/nonexistent/supergraph.graphql', [{ name: 'members', url: `${membersServer.url}/graphql` }, { name: 'stub', url: stub.url }], { introspect: true }),
      createCapturingLogger(),
    );
    try {
      const { url } = await dev.start(0, '127.0.0.1');
      expect(await graphqlOk(url, '{ stubPing companies(first: 1) { pageInfo { hasNextPage } } }')).toMatchObject({ stubPing: 'pong' });
    } finally {
      await dev.stop();
    }
  });

  it('fails to start with a clear message when a subgraph is down', async () => {
    const dev = createGateway(
      testGatewayConfig('/nonexistent/supergraph.graphql', [{ name: 'members', url: `${membersServer.url}/graphql` }, { name: 'stub', url: await deadUrl() }], { introspect: true }),
      createCapturingLogger(),
    );
    await expect(dev.start(0, '127.0.0.1')).rejects.toThrow(/stub/);
    await dev.stop();
  });

  it('refuses to build without a supergraph file, naming the way out', () => {
    expect(() => createGateway(testGatewayConfig('/nonexistent/supergraph.graphql', []), createCapturingLogger())).toThrow(/npm run compose/);
  });
});
