import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createServer } from 'node:net';
import { unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp, listen, type RunningServer } from '../../kit/http';
import type { Logger } from '../../kit/logger';
import { Metrics } from '../../kit/metrics';
import { currentScope } from '../../kit/request-context';
import { serveSubgraph, type AnyRuntime as AnySubgraphRuntime, type AnySubgraph } from '../../kit/subgraph';
import { startTestSubgraph } from '../../kit/testing';
import type { EventBus } from '../../kit/events/bus';
import { composeSdl, emitSubgraphSdl, type SubgraphSdl } from '../../scripts/compose';
import { deriveSubgraphSecret } from '../../kit/auth/gateway-assertion';
import { type Actor, type AccessTokenClaims } from '../../kit/auth/identity';
import { generateSigningKey, signJwt, type SigningKey } from '../../kit/auth/jwt';
import { ACCESS_TOKEN_TYPE } from './auth';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TOKENS, jwksUrlOf, type GatewayConfig, type SubgraphEndpoint } from './config';
import { DEFAULT_OPERATION_LIMITS } from './limits';
import { createGateway } from './gateway';

/** A logger that keeps every line (with the correlation id in scope) for assertions. */
export function createCapturingLogger(lines: Array<Record<string, unknown>> = []): Logger & { lines: Array<Record<string, unknown>> } {
  const make = (base: Record<string, unknown>): Logger => {
    const write = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
      lines.push({ level, msg, ...base, correlationId: currentScope()?.correlationId, ...fields });
    };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (f) => make({ ...base, ...f }) };
  };
  return Object.assign(make({}), { lines });
}

/**
 * The SDL of a second subgraph that extends `Member`, so gateway tests can cross subgraphs and take
 * one down without depending on another team's domain. `slowNote` answers after `slowMs`.
 */
export const STUB_SUBGRAPH_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  stubPing: String!
}

type Member @key(fields: "id") {
  id: ID!
  coverNote: String
  slowNote: String
}
`;

export interface StubSubgraph {
  server: RunningServer;
  url: string;
  /** Headers of every GraphQL request the stub received, oldest first. */
  received: Array<Record<string, string | string[] | undefined>>;
  stop(): Promise<void>;
}

/** Serves the stub subgraph on a free port through the kit's HTTP shell (health, correlation ids). */
export async function startStubSubgraph(slowMs = 2_000): Promise<StubSubgraph> {
  const received: StubSubgraph['received'] = [];
  const schema = buildSubgraphSchema({
    typeDefs: parse(STUB_SUBGRAPH_SDL),
    resolvers: {
      Query: { stubPing: () => 'pong' },
      Member: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        coverNote: (member: { id: string }) => `cover note for ${member.id}`,
        slowNote: () => new Promise((resolve) => setTimeout(() => resolve('late'), slowMs).unref()),
      },
    } as never,
  });
  const apollo = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  const logger = createCapturingLogger();
  const app = createHttpApp({ logger, metrics: new Metrics(), isReady: async () => ({ stub: true }) });
  app.use('/graphql', (req, _res, next) => {
    received.push({ ...req.headers });
    next();
  });
  app.use('/graphql', expressMiddleware(apollo));
  const server = await listen(app, 0, '127.0.0.1');
  return {
    server,
    url: `${server.url}/graphql`,
    received,
    async stop() {
      await server.close();
      await apollo.stop();
    },
  };
}

export function stubSubgraphSdl(url: string): SubgraphSdl {
  return { name: 'stub', url, sdl: STUB_SUBGRAPH_SDL };
}

/** Composes real subgraphs with extra SDL (e.g. the stub) into a supergraph file in a temp dir. */
export async function writeTestSupergraph(definitions: AnySubgraph[], extra: SubgraphSdl[] = []): Promise<string> {
  const sdls = [...(await Promise.all(definitions.map(emitSubgraphSdl))), ...extra];
  const composition = composeSdl(sdls);
  if (!composition.ok) throw new Error(`Test supergraph does not compose:\n${composition.errors.join('\n')}`);
  const path = join(tmpdir(), `supergraph-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.graphql`);
  writeFileSync(path, composition.supergraphSdl);
  return path;
}

/** A URL on this machine where nothing listens (a port that was free a moment ago). */
export async function deadUrl(): Promise<string> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  return `http://127.0.0.1:${port}/graphql`;
}

/** The master secret test gateways sign subgraph calls with. */
export const TEST_GATEWAY_SECRET = 'test-gateway-secret-for-signed-subgraph-calls';

export function testSubgraphSecret(subgraph: string): string {
  return deriveSubgraphSecret(TEST_GATEWAY_SECRET, subgraph);
}

/** The key test access tokens are signed with (the identity service's key in a real deployment). */
export const TEST_SIGNING_KEY: SigningKey = generateSigningKey('test-key');
export const TEST_ISSUER = 'mcs-identity';
export const TEST_AUDIENCE = 'mcs-api';

/** An access token for `actor`, as the identity service would issue it (claims can be overridden for hostile cases). */
export function accessTokenFor(actor: Actor, overrides: Partial<Record<keyof AccessTokenClaims, unknown>> = {}, key: SigningKey = TEST_SIGNING_KEY): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: TEST_ISSUER,
    aud: TEST_AUDIENCE,
    sub: actor.id,
    iat: now,
    exp: now + 900,
    jti: `jti-${now}-${Math.random().toString(36).slice(2)}`,
    sid: actor.sessionId ?? `session-${actor.id}`,
    roles: actor.roles,
    ...(actor.memberId ? { mbr: actor.memberId, fam: actor.family ?? [actor.memberId] } : {}),
    ...(actor.grants?.length ? { grants: actor.grants } : {}),
    ...overrides,
  };
  return signJwt(claims, key, ACCESS_TOKEN_TYPE);
}

/** The staff user test requests act as unless a test says otherwise. */
export const TEST_ADMIN: Actor = { id: 'supergraph-test-admin', roles: ['ADMIN'] };

/** Gateway settings for tests: everything explicit, nothing read from the environment. */
export function testGatewayConfig(
  supergraphPath: string,
  subgraphs: Array<Omit<SubgraphEndpoint, 'secret'> & { secret?: string }>,
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  return {
    nodeEnv: 'test',
    logLevel: 'error',
    port: 0,
    supergraphPath,
    introspect: false,
    introspectPollMs: 0,
    subgraphs: subgraphs.map((s) => ({ ...s, secret: s.secret ?? testSubgraphSecret(s.name) })),
    subgraphTimeoutMs: 2_000,
    subgraphMaxSockets: 16,
    healthTimeoutMs: 500,
    introspection: true,
    playground: true,
    exposeErrorDetails: false,
    limits: DEFAULT_OPERATION_LIMITS,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    maxTokens: DEFAULT_MAX_TOKENS,
    // Off unless a test is about them: tests send many requests from one address.
    rateLimit: { perIp: 0, perUser: 0, windowMs: 60_000 },
    trustProxy: false,
    auth: { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: new Map([[TEST_SIGNING_KEY.kid, TEST_SIGNING_KEY.publicKey]]), clockToleranceSec: 5 },
    safelistClients: [],
    schemaDir: join(__dirname, '..', '..', 'schema'),
    databasePoolSize: 5,
    events: { streamPrefix: 'test', maxDeliveries: 5, retryBaseMs: 20 },
    ...overrides,
  };
}

/** Every registered subgraph on its test database, served on free ports, behind one in-process gateway. */
export interface TestSupergraph {
  gatewayUrl: string;
  runtimes: Map<string, AnySubgraphRuntime>;
  /** Where each subgraph listens (its `/graphql` URL), for tests that go around the gateway. */
  subgraphUrls: Map<string, string>;
  /** POSTs an operation to the gateway as the test admin (or with the given headers) and returns the parsed response. */
  run(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** POSTs an operation as `actor` (signed in with a test access token). */
  runAs(actor: Actor, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** Like `run`, but throws with the errors when there are any. */
  runOk(query: string, variables?: Record<string, unknown>, actor?: Actor): Promise<Record<string, any>>;
  /** SQL statements every subgraph has sent for requests so far (background work left out). */
  sqlStatements(): number;
  stop(): Promise<void>;
}

export interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

export async function startTestSupergraph(
  definitions: AnySubgraph[],
  options: { bus?: EventBus; gateway?: Partial<GatewayConfig> } = {},
): Promise<TestSupergraph> {
  const runtimes = new Map<string, AnySubgraphRuntime>();
  const servers: RunningServer[] = [];
  for (const definition of definitions) {
    const runtime = await startTestSubgraph(definition, { bus: options.bus, deferEventStart: true });
    runtimes.set(definition.name, runtime);
    servers.push(await serveSubgraph(runtime, 0, { host: '127.0.0.1', gatewaySecret: testSubgraphSecret(definition.name) }));
  }
  for (const runtime of runtimes.values()) runtime.events?.start();
  const supergraphPath = await writeTestSupergraph(definitions);
  const endpoints = definitions.map((s, i) => ({ name: s.name, url: `${servers[i].url}/graphql` }));
  // Tokens the identity subgraph issues are verified with its published keys, beside the test key.
  const identity = endpoints.find((e) => e.name === 'identity');
  const config = testGatewayConfig(supergraphPath, endpoints, options.gateway);
  if (identity) config.auth = { ...config.auth, jwksUrl: jwksUrlOf(identity.url) };
  const gateway = createGateway(config, createCapturingLogger());
  const gatewayUrl = `${(await gateway.start(0, '127.0.0.1')).url}/graphql`;

  const adminToken = accessTokenFor(TEST_ADMIN);
  const run = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  const runAs = (actor: Actor, query: string, variables: Record<string, unknown> = {}) =>
    run(query, variables, { authorization: `Bearer ${accessTokenFor(actor)}` });
  return {
    gatewayUrl,
    runtimes,
    subgraphUrls: new Map(endpoints.map((e) => [e.name, e.url])),
    run,
    runAs,
    async runOk(query, variables, actor) {
      const result = actor ? await runAs(actor, query, variables) : await run(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data!;
    },
    sqlStatements: () => [...runtimes.values()].reduce((sum, r) => sum + r.metrics.total('sql_statements_total', { origin: 'request' }), 0),
    async stop() {
      await gateway.stop();
      for (const server of servers) await server.close();
      for (const runtime of runtimes.values()) await runtime.stop();
      unlinkSync(supergraphPath);
    },
  };
}
