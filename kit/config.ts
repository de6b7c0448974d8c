import type { LogLevel } from './logger';

/** Raised at start-up when a setting is missing or malformed; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads typed settings from the environment, collecting every problem before failing,
 * so one start-up names all that is wrong rather than the first.
 */
export class EnvReader {
  private readonly problems: string[] = [];
  constructor(private readonly env: Env = process.env) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  optionalString(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      this.problems.push(`${name} must be an integer (got "${raw}")`);
      return fallback;
    }
    if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
      this.problems.push(`${name} must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'} (got ${value})`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[], fallback?: string): string | undefined {
    const raw = this.env[name]?.trim() || fallback;
    if (!raw) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      }
      return raw;
    } catch {
      this.problems.push(`${name} must be a URL (got "${raw}")`);
      return undefined;
    }
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  /** Records a problem found by a check of the caller's own. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws a ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

export interface CommonConfig {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: LogLevel;
  redisUrl?: string;
  /** Connections each subgraph keeps to its database. */
  databasePoolSize: number;
  events: {
    /** Namespace of the event streams in Redis. */
    streamPrefix: string;
    /** Deliveries before a failing event is dead-lettered. */
    maxDeliveries: number;
    /** First retry delay of a failed delivery; each retry doubles it. */
    retryBaseMs: number;
  };
}

export function readCommonConfig(reader: EnvReader): CommonConfig {
  const timeZone = reader.optionalString('BUSINESS_TIME_ZONE');
  if (timeZone && !isTimeZone(timeZone)) reader.problem(`BUSINESS_TIME_ZONE must be an IANA time zone such as Africa/Nairobi (got "${timeZone}")`);
  return {
    nodeEnv: reader.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development'),
    logLevel: reader.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    redisUrl: reader.url('REDIS_URL', ['redis:', 'rediss:']),
    databasePoolSize: reader.int('DATABASE_POOL_SIZE', 10, { min: 1, max: 200 }),
    events: {
      streamPrefix: reader.string('EVENT_STREAM_PREFIX', 'mcs'),
      maxDeliveries: reader.int('EVENT_MAX_DELIVERIES', 5, { min: 1, max: 100 }),
      retryBaseMs: reader.int('EVENT_RETRY_BASE_MS', 1000, { min: 10, max: 600_000 }),
    },
  };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The database URL of one subgraph: `<NAME>_DATABASE_URL` when set, otherwise the subgraph's own
 * database (`mcs_<name>`) on the server that `POSTGRES_URL` points at.
 */
export function subgraphDatabaseUrl(reader: EnvReader, subgraph: string): string {
  const own = reader.url(`${subgraph.toUpperCase()}_DATABASE_URL`, ['postgres:', 'postgresql:']);
  if (own) return own;
  const server = reader.url('POSTGRES_URL', ['postgres:', 'postgresql:']);
  if (!server) {
    reader.string(`${subgraph.toUpperCase()}_DATABASE_URL or POSTGRES_URL`);
    return '';
  }
  return databaseUrlOn(server, defaultDatabaseName(subgraph));
}

export function defaultDatabaseName(subgraph: string): string {
  return `mcs_${subgraph}`;
}

/** The same server URL pointed at another database. */
export function databaseUrlOn(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Used for the gateway's signatures to subgraphs when nothing is configured, outside production
 * only: development and tests need no set-up, and production refuses to start without real secrets.
 */
export const DEVELOPMENT_GATEWAY_SECRET = 'development-only-gateway-secret-never-use-in-production';

/**
 * The gateway's master secret (`GATEWAY_SUBGRAPH_SECRET`), from which each subgraph's own secret is
 * derived. Required, and at least 32 characters, in production.
 */
export function readGatewayMasterSecret(reader: EnvReader, nodeEnv: CommonConfig['nodeEnv']): string | undefined {
  const secret = reader.optionalString('GATEWAY_SUBGRAPH_SECRET');
  if (secret && secret.length < 32) reader.problem('GATEWAY_SUBGRAPH_SECRET must be at least 32 characters');
  if (secret) return secret;
  return nodeEnv === 'production' ? undefined : DEVELOPMENT_GATEWAY_SECRET;
}

/**
 * The secret one subgraph shares with the gateway: `<NAME>_GATEWAY_SECRET` (what a subgraph's own
 * container should be given), else derived from `GATEWAY_SUBGRAPH_SECRET`.
 */
export function readSubgraphSecret(reader: EnvReader, subgraph: string, nodeEnv: CommonConfig['nodeEnv'], derive: (master: string, name: string) => string): string {
  const variable = `${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_GATEWAY_SECRET`;
  const own = reader.optionalString(variable);
  if (own && own.length < 32) reader.problem(`${variable} must be at least 32 characters`);
  if (own) return own;
  const master = readGatewayMasterSecret(reader, nodeEnv);
  if (!master) {
    reader.problem(`${variable} or GATEWAY_SUBGRAPH_SECRET is required when NODE_ENV=production`);
    return '';
  }
  return derive(master, subgraph);
}
