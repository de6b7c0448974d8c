import { createHash } from 'node:crypto';
import { DataSource, type EntityManager, type EntitySchema, type Logger as OrmLogger, type MixedList } from 'typeorm';
import { Client } from 'pg';
import { currentScope } from './request-context';
import { SnakeNamingStrategy } from './naming';
import type { Logger } from './logger';

export interface DatabaseOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  logger: Logger;
  poolSize?: number;
  /** Called for every SQL statement (saying whether a request sent it); feeds the service's metrics. */
  onStatement?: (inRequest: boolean) => void;
  slowQueryMs?: number;
}

/** A TypeORM logger that counts statements per request and logs only errors and slow queries. */
class CountingOrmLogger implements OrmLogger {
  constructor(private readonly logger: Logger, private readonly onStatement?: (inRequest: boolean) => void) {}
  logQuery(): void {
    const scope = currentScope();
    if (scope) scope.sqlStatements += 1;
    this.onStatement?.(scope !== undefined);
  }
  logQueryError(error: string | Error, query: string | PreparedStatement): void {
    this.logger.warn('query failed', { error: error instanceof Error ? error.message : error, query: textOf(query).slice(0, 500) });
  }
  logQuerySlow(time: number, query: string | PreparedStatement): void {
    this.logger.warn('slow query', { ms: time, query: textOf(query).slice(0, 500) });
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info('migration', { message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level !== 'warn') return;
    const text = String(message);
    // A server shutting down (Ctrl-C reaches embedded PostgreSQL too) is expected, not a fault.
    if (text.includes('terminating connection due to administrator command')) this.logger.info(text);
    else this.logger.warn(text);
  }
}

/** A PostgreSQL data source for one subgraph. Schema changes only ever come from migrations. */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logger: new CountingOrmLogger(options.logger, options.onStatement),
    maxQueryExecutionTime: options.slowQueryMs ?? 500,
    poolSize: options.poolSize ?? 10,
    extra: { application_name: 'medical-coverage', connectionTimeoutMillis: 5000 },
  });
}

/** An administrative connection to the server's `postgres` database, for one piece of work. */
async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database named in `url` if it does not exist yet (development and test set-up). */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await onServer(url, async (client) => {
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE ${quoted(name)}`);
    } catch (error) {
      // Two processes may race to create the same database; losing that race is fine.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

/**
 * Drops and recreates a database (test set-up only), empty or as a copy of `template`, a
 * database nobody is connected to (PostgreSQL refuses to copy one in use).
 */
export async function recreateDatabase(url: string, options: { template?: string } = {}): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await onServer(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted(name)}${options.template ? ` TEMPLATE ${quoted(options.template)}` : ''}`);
  });
}

/** Drops every database whose name starts with `prefix`, but those `keep` keeps (test clean-up only); returns the names dropped. */
export async function dropDatabasesStartingWith(serverUrl: string, prefix: string, keep: (name: string) => boolean = () => false): Promise<string[]> {
  return onServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
    const dropped = rows.map((r) => r.datname).filter((name) => !keep(name));
    for (const name of dropped) await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
    return dropped;
  });
}

/** True when the database answers a trivial query (readiness probe). */
export async function isDatabaseReady(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** A statement with a name: PostgreSQL parses and plans it once per connection, then reuses it. */
interface PreparedStatement {
  name: string;
  text: string;
}

function textOf(query: string | PreparedStatement): string {
  return typeof query === 'string' ? query : query.text;
}

const preparedNames = new Map<string, string>();

/**
 * Runs fixed SQL as a named prepared statement, for the statements a hot path sends on every
 * request: the server skips parsing and planning after the first use on each connection. The
 * name is derived from the text, so one text always has one name. TypeORM hands the query to
 * the pg driver unchanged, and pg takes a `{ name, text }` config in place of the text.
 */
export function preparedQuery<T = unknown>(manager: EntityManager | DataSource, text: string, values: readonly unknown[]): Promise<T[]> {
  let name = preparedNames.get(text);
  if (!name) {
    name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  const statement: PreparedStatement = { name, text };
  return manager.query(statement as unknown as string, [...values]);
}

/**
 * Whether an error is PostgreSQL's unique violation (23505), of `constraint` when one is named.
 * TypeORM wraps the driver's error in a QueryFailedError, so both shapes are read.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | null;
  if (!e) return false;
  const code = e.driverError?.code ?? e.code;
  return code === '23505' && (constraint === undefined || (e.driverError?.constraint ?? e.constraint) === constraint);
}
