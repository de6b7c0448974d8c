import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, EnvReader, readCommonConfig, readGatewayMasterSecret, type CommonConfig } from '../../kit/config';
import { deriveSubgraphSecret } from '../../kit/auth/gateway-assertion';
import type { TokenAuthSettings } from './auth';
import { MEMBER_CLIENT } from './safelist';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './limits';

/** Where the gateway sends one subgraph's operations. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
  /** The secret the gateway signs this subgraph's requests with (shared with that subgraph only). */
  secret: string;
}

export interface GatewayConfig extends CommonConfig {
  port: number;
  /** The committed supergraph the gateway serves (ignored when `introspect` is on). */
  supergraphPath: string;
  /** Dev only: compose at start-up by introspecting the running subgraphs instead of reading the file. */
  introspect: boolean;
  /** With `introspect`, how often to re-compose (0: never). */
  introspectPollMs: number;
  subgraphs: SubgraphEndpoint[];
  /** Deadline for one subgraph call, body included. */
  subgraphTimeoutMs: number;
  /** Keep-alive sockets per subgraph host. */
  subgraphMaxSockets: number;
  /** How long `/health/ready` waits for each subgraph's own readiness. */
  healthTimeoutMs: number;
  introspection: boolean;
  playground: boolean;
  /** Adds the original message to masked internal errors (never in production). */
  exposeErrorDetails: boolean;
  /** What one operation may ask (checked before any subgraph is called). */
  limits: OperationLimits;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Most lexical tokens a query may have (refused while parsing, before validation). */
  maxTokens: number;
  /** Requests per window for each client address and each acting user (0: no limit). */
  rateLimit: { perIp: number; perUser: number; windowMs: number };
  /** Express's `trust proxy`: whether the client address comes from X-Forwarded-For (behind a load balancer). */
  trustProxy: boolean;
  /** How access tokens are verified. */
  auth: TokenAuthSettings;
  /** Clients that may only send their persisted (safelisted) operations. */
  safelistClients: string[];
  /** Where the committed schema files and safelists are. */
  schemaDir: string;
}

/** A request body larger than any operation of the clients, with room to spare. */
export const DEFAULT_MAX_BODY_BYTES = 102_400;
/** Tokens in the largest operation the clients send, several times over. */
export const DEFAULT_MAX_TOKENS = 5_000;

/** The env variable that overrides a subgraph's URL: `members` → `MEMBERS_URL`. */
export function subgraphUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/**
 * Reads the gateway's settings once, at start-up. `registry` names the subgraphs and their default
 * ports; each one's URL is `<NAME>_URL` or `http://localhost:<defaultPort>/graphql`.
 */
export function readGatewayConfig(
  registry: ReadonlyArray<{ name: string; defaultPort: number }>,
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader);
  const production = common.nodeEnv === 'production';
  const master = readGatewayMasterSecret(reader, common.nodeEnv);
  if (!master) reader.problem('GATEWAY_SUBGRAPH_SECRET is required when NODE_ENV=production (the gateway signs every subgraph call with secrets derived from it)');
  const subgraphs = registry.map(({ name, defaultPort }) => ({
    name,
    url: reader.url(subgraphUrlVariable(name), ['http:', 'https:'], `http://localhost:${defaultPort}/graphql`) ?? '',
    secret: reader.optionalString(`${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_GATEWAY_SECRET`) ?? (master ? deriveSubgraphSecret(master, name) : ''),
  }));
  const identityUrl = subgraphs.find((s) => s.name === 'identity')?.url;
  const schemaDir = resolve(reader.string('GATEWAY_SCHEMA_DIR', join(projectRoot(), 'schema')));
  const config: GatewayConfig = {
    ...common,
    port: reader.int('PORT', 4000, { min: 0, max: 65535 }),
    supergraphPath: resolve(reader.string('GATEWAY_SUPERGRAPH_PATH', join(schemaDir, 'supergraph.graphql'))),
    introspect: reader.bool('GATEWAY_INTROSPECT', false),
    introspectPollMs: reader.int('GATEWAY_INTROSPECT_POLL_MS', 0, { min: 0 }),
    subgraphs,
    subgraphTimeoutMs: reader.int('GATEWAY_SUBGRAPH_TIMEOUT_MS', 10_000, { min: 1, max: 300_000 }),
    subgraphMaxSockets: reader.int('GATEWAY_SUBGRAPH_MAX_SOCKETS', 64, { min: 1, max: 10_000 }),
    healthTimeoutMs: reader.int('GATEWAY_HEALTH_TIMEOUT_MS', 1_000, { min: 1, max: 60_000 }),
    introspection: reader.bool('GATEWAY_INTROSPECTION', !production),
    playground: reader.bool('GATEWAY_PLAYGROUND', !production),
    exposeErrorDetails: !production && reader.bool('GATEWAY_EXPOSE_ERROR_DETAILS', false),
    limits: {
      maxDepth: reader.int('GATEWAY_MAX_DEPTH', DEFAULT_OPERATION_LIMITS.maxDepth, { min: 1, max: 100 }),
      maxAliases: reader.int('GATEWAY_MAX_ALIASES', DEFAULT_OPERATION_LIMITS.maxAliases, { min: 0, max: 1_000 }),
      maxCost: reader.int('GATEWAY_MAX_COST', DEFAULT_OPERATION_LIMITS.maxCost, { min: 1 }),
      maxPageSize: DEFAULT_OPERATION_LIMITS.maxPageSize,
    },
    maxBodyBytes: reader.int('GATEWAY_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, { min: 1_024, max: 10_485_760 }),
    maxTokens: reader.int('GATEWAY_MAX_TOKENS', DEFAULT_MAX_TOKENS, { min: 100, max: 1_000_000 }),
    rateLimit: {
      perIp: reader.int('GATEWAY_RATE_LIMIT_PER_IP', 6_000, { min: 0 }),
      perUser: reader.int('GATEWAY_RATE_LIMIT_PER_USER', 1_200, { min: 0 }),
      windowMs: reader.int('GATEWAY_RATE_LIMIT_WINDOW_MS', 60_000, { min: 100, max: 3_600_000 }),
    },
    trustProxy: reader.bool('GATEWAY_TRUST_PROXY', false),
    auth: {
      issuer: reader.string('IDENTITY_ISSUER', 'mcs-identity'),
      audience: reader.string('IDENTITY_AUDIENCE', 'mcs-api'),
      jwksUrl: reader.url('IDENTITY_JWKS_URL', ['http:', 'https:'], identityUrl ? jwksUrlOf(identityUrl) : undefined),
      clockToleranceSec: reader.int('GATEWAY_TOKEN_CLOCK_TOLERANCE_SEC', 30, { min: 0, max: 300 }),
    },
    safelistClients: reader
      .string('GATEWAY_SAFELIST_CLIENTS', MEMBER_CLIENT)
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c && c !== 'none'),
    schemaDir,
  };
  reader.done();
  if (config.introspect && production) {
    // Runtime-only composition is a dev convenience: production serves the reviewed, committed supergraph.
    throw new ConfigError(['GATEWAY_INTROSPECT must be false when NODE_ENV=production']);
  }
  if (production && (config.introspection || config.playground)) {
    // The schema and a query console are for development; production clients use persisted operations.
    throw new ConfigError(['GATEWAY_INTROSPECTION and GATEWAY_PLAYGROUND must be false when NODE_ENV=production']);
  }
  return config;
}

/** The identity service publishes its public keys beside its GraphQL endpoint. */
export function jwksUrlOf(identityGraphqlUrl: string): string {
  const url = new URL(identityGraphqlUrl);
  url.pathname = '/.well-known/jwks.json';
  return url.toString();
}

/** The repository root (the nearest folder with a package.json), from source or from dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
