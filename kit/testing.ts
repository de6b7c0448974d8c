import type { GraphQLFormattedError } from 'graphql';
import type { Actor, Role } from './auth/identity';
import { randomBytes } from 'node:crypto';
import { databaseUrlOn } from './config';
import { recreateDatabase } from './database';
import { createLogger } from './logger';
import { createSubgraphRuntime, type AnyRuntime, type RuntimeOptions, type SubgraphDefinition, type SubgraphRuntime } from './subgraph';

/** The server Jest's globalSetup prepared for this run. */
function testServerUrl(): string {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('TEST_POSTGRES_URL is not set: run tests through `npm test` (Jest globalSetup starts PostgreSQL)');
  return server;
}

/** The migrated, never-connected database globalSetup makes for a subgraph; test databases are copies of it. */
export const templateDatabaseName = (subgraph: string) => `mcs_template_${subgraph}`;

/** Names of the databases a test file made for itself (see `useOwnTestDatabases`). */
export const OWN_DATABASE_PREFIX = 'mcs_own_';

/** This file's own databases by subgraph, once it asked for them; Jest loads this module afresh for every test file. */
let ownDatabases: Map<string, Promise<string>> | null = null;

/**
 * Gives this test file databases of its own, copied from the migrated templates on first use:
 * every runtime the file starts, and every `testDatabaseUrl`, then points at them. A file whose
 * runtimes run an event bus must ask for this: a bus runs an outbox relay, and on the databases
 * shared by all test files a relay would publish the events other files (running at the same
 * time in another worker) wrote, which then never reach their own consumers.
 */
export function useOwnTestDatabases(): void {
  ownDatabases ??= new Map();
}

/**
 * The database a subgraph's tests use: this file's own copy when it asked for one
 * (`useOwnTestDatabases`), otherwise `mcs_test_<name>`, shared by the files that did not.
 */
export async function testDatabaseUrl(subgraph: string): Promise<string> {
  const server = testServerUrl();
  if (!ownDatabases) return databaseUrlOn(server, `mcs_test_${subgraph}`);
  let own = ownDatabases.get(subgraph);
  if (!own) {
    const url = databaseUrlOn(server, `${OWN_DATABASE_PREFIX}${subgraph}_${process.pid}_${randomBytes(3).toString('hex')}`);
    own = recreateDatabase(url, { template: templateDatabaseName(subgraph) }).then(() => url);
    ownDatabases.set(subgraph, own);
  }
  return own;
}

/** A database of the given name that a test creates and fills itself (a demo seed, a rebuild). */
export function scratchDatabaseUrl(name: string): string {
  return databaseUrlOn(testServerUrl(), `mcs_test_${name}`);
}

/**
 * A subgraph runtime on its test database (already migrated by globalSetup). Give it a bus
 * (an InProcessEventBus, or a RedisStreamsBus with a prefix of the test's own) to run its
 * relay, consumers and jobs, in a file that has its own databases (`useOwnTestDatabases`);
 * without one its events stay in the outbox.
 */
export async function startTestSubgraph<S, L>(
  definition: SubgraphDefinition<S, L>,
  options: Pick<RuntimeOptions, 'bus' | 'maxDeliveries' | 'retryBaseMs' | 'deferEventStart'> = {},
): Promise<SubgraphRuntime<S, L>> {
  if (options.bus && !ownDatabases) {
    throw new Error(`${definition.name}: a runtime with a bus relays its outbox; call useOwnTestDatabases() at the top of the test file so it relays only this file's events`);
  }
  return createSubgraphRuntime(definition, {
    databaseUrl: await testDatabaseUrl(definition.name),
    logger: createLogger({ service: definition.name, test: true }),
    migrate: false,
    poolSize: 5,
    retryBaseMs: 20,
    ...options,
  });
}

/** Waits until `check` passes (events travel asynchronously), failing with its last error after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

export interface ExecutionResult<T> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs one operation through the subgraph's Apollo Server, as the gateway would, with fresh loaders. */
export async function execute<T = Record<string, any>>(
  runtime: AnyRuntime,
  query: string,
  variables: Record<string, unknown> = {},
  actor: Actor = staffActor('test-officer'),
): Promise<ExecutionResult<T>> {
  const response = await runtime.server.executeOperation({ query, variables }, { contextValue: runtime.createContext(actor) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as ExecutionResult<T>;
}

/** A staff actor for tests (ADMIN unless roles are given). */
export function staffActor(id: string, ...roles: Role[]): Actor {
  return { id, roles: roles.length ? roles : ['ADMIN'], ip: '127.0.0.1' };
}

/** A member user for tests: sees their own family's records only. */
export function memberActor(memberId: string, family: string[] = [memberId]): Actor {
  return { id: `user-${memberId}`, roles: ['MEMBER'], memberId, family, ip: '127.0.0.1' };
}

/** Like `execute`, but fails the test with the errors when there are any. */
export async function executeOk<T = Record<string, any>>(
  runtime: AnyRuntime,
  query: string,
  variables: Record<string, unknown> = {},
  actor?: Actor,
): Promise<T> {
  const result = await execute<T>(runtime, query, variables, actor);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

/** A short unique suffix so each test's data cannot collide with another's. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(performance.now() * 1000).toString(36)}${(counter++).toString(36)}`;
}
let counter = 0;

export interface OutboxRow<P = any> {
  id: string;
  position: string;
  type: string;
  aggregate_id: string;
  payload: P;
}

/** The events a subgraph recorded about one aggregate (of one type, if given), oldest first. */
export function outboxEventsOf<P = any>(runtime: Pick<AnyRuntime, 'dataSource'>, aggregateId: string, type?: string): Promise<OutboxRow<P>[]> {
  return runtime.dataSource.query(
    `SELECT id, position::text AS position, type, aggregate_id, payload FROM outbox_events
     WHERE aggregate_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY outbox_events.position`,
    [aggregateId, type ?? null],
  );
}
