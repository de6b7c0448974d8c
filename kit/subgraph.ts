import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { Express } from 'express';
import { ASSERTION_HEADER, AssertionError, verifyAssertion } from './auth/gateway-assertion';
import { ANONYMOUS, isStaff } from './auth/identity';
import { auditEventType } from './auth/audit';
import { buildContext, type Actor, type SubgraphContext } from './context';
import { recordEvents } from './events/outbox';
import { ErrorCode } from './errors';
import { createDataSource, isDatabaseReady } from './database';
import { createErrorFormatter } from './errors';
import { buildFederatedSchema, type ReferenceResolvers } from './federation';
import { createHttpApp, listen, type RawBodyRequest, type RunningServer } from './http';
import { KIT_MIGRATIONS } from './kit.migration';
import type { EventBus } from './events/bus';
import type { EventSubscription, ScheduledJob } from './events/event';
import { startEventFlow, type EventFlow } from './events/flow';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { applyPermissions, type PermissionTree } from './auth/permissions';
import { staff } from './auth/rules';
import { createDeadLetterResolver, DeadLetterAdmin, deadLetterFieldNames } from './events/dead-letters';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */

/** Everything that makes one domain a subgraph. The kit does the rest. */
export interface SubgraphDefinition<TServices, TLoaders> {
  name: string;
  /** Port used when the subgraph's `<NAME>_PORT` is not set. */
  defaultPort: number;
  entities: Function[];
  migrations: Function[];
  resolvers: NonEmptyArray<Function>;
  /** Types only reachable through federation (stubs of other subgraphs' entities). */
  orphanedTypes?: Function[];
  referenceResolvers: ReferenceResolvers<SubgraphContext<TServices, TLoaders>>;
  permissions: PermissionTree;
  createServices(dataSource: DataSource, logger: Logger): TServices;
  /** Fresh DataLoaders for one request. */
  createLoaders(services: TServices): TLoaders;
  /** Other domains' events this subgraph reacts to (each handled once, in its own transaction). */
  subscriptions?: EventSubscription<TServices>[];
  /** Timed work (grace periods, escalations), run by one instance at a time. */
  jobs?: ScheduledJob<TServices>[];
  /** Plain HTTP routes besides `/graphql` (e.g. the identity service's public keys). */
  httpRoutes?(app: Express, services: TServices): void;
}

/** Keeps the type parameters of a definition inferred at its declaration. */
export function defineSubgraph<TServices, TLoaders>(definition: SubgraphDefinition<TServices, TLoaders>) {
  return definition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubgraph = SubgraphDefinition<any, any>;

/** Builds the federated, permission-wrapped schema of a subgraph (no database needed). */
export async function buildSubgraphSchemaFor(definition: AnySubgraph): Promise<{ schema: GraphQLSchema; sdlSchema: GraphQLSchema }> {
  const consumesEvents = (definition.subscriptions?.length ?? 0) > 0;
  const resolvers: NonEmptyArray<Function> = consumesEvents
    ? [...definition.resolvers, createDeadLetterResolver(definition.name)]
    : definition.resolvers;
  const sdlSchema = await buildFederatedSchema(
    {
      resolvers,
      orphanedTypes: definition.orphanedTypes,
      emitSchemaFile: false,
    },
    definition.referenceResolvers,
  );
  const permissions = consumesEvents ? withDeadLetterRules(definition.name, definition.permissions) : definition.permissions;
  return { schema: applyPermissions(sdlSchema, permissions), sdlSchema };
}

/** Dead letters are an administrator's view. */
function withDeadLetterRules(subgraph: string, tree: PermissionTree): PermissionTree {
  const names = deadLetterFieldNames(subgraph);
  const asFields = (rule: PermissionTree[string] | undefined) => (rule && typeof rule === 'object' && !('resolve' in rule) ? rule : {});
  return {
    ...tree,
    Query: { ...asFields(tree.Query), [names.query]: staff() },
    Mutation: { ...asFields(tree.Mutation), [names.mutation]: staff() },
    DeadLetterEvent: staff(),
  };
}

/** A subgraph wired to its database: what the HTTP server and the tests both run. */
export interface SubgraphRuntime<TServices = unknown, TLoaders = unknown> {
  definition: SubgraphDefinition<TServices, TLoaders>;
  dataSource: DataSource;
  services: TServices;
  server: ApolloServer<SubgraphContext<TServices, TLoaders>>;
  logger: Logger;
  metrics: Metrics;
  createContext(actor?: Actor): SubgraphContext<TServices, TLoaders>;
  /** The outbox relay, consumers and jobs; present when the runtime was given a bus. */
  events?: EventFlow;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  databaseUrl: string;
  logger?: Logger;
  exposeErrorDetails?: boolean;
  poolSize?: number;
  /** Run pending migrations at start-up (the default; production may run them as a separate step). */
  migrate?: boolean;
  /** Where events go and come from. Without one, events wait in the outbox and no job runs. */
  bus?: EventBus;
  /** Deliveries before a failing event is dead-lettered, and the first retry delay. */
  maxDeliveries?: number;
  retryBaseMs?: number;
  /**
   * Leave the outbox relay and jobs stopped until `runtime.events.start()`: a process hosting
   * several subgraphs starts them once every subgraph has subscribed.
   */
  deferEventStart?: boolean;
}

/** Connects to the subgraph's database, runs its migrations and builds its Apollo Server. */
export async function createSubgraphRuntime<TServices, TLoaders>(
  definition: SubgraphDefinition<TServices, TLoaders>,
  options: RuntimeOptions,
): Promise<SubgraphRuntime<TServices, TLoaders>> {
  const logger = options.logger ?? createLogger({ service: definition.name });
  const metrics = new Metrics();
  const countStatement = metrics.counter('sql_statements_total', 'SQL statements sent to PostgreSQL, by origin (a request, or background work: relay, consumers, jobs)');
  const dataSource = createDataSource({
    url: options.databaseUrl,
    entities: definition.entities,
    migrations: [...KIT_MIGRATIONS, ...definition.migrations],
    logger,
    poolSize: options.poolSize,
    onStatement: (inRequest) => countStatement({ origin: inRequest ? 'request' : 'background' }),
  });
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  const { schema } = await buildSubgraphSchemaFor(definition);
  const services = definition.createServices(dataSource, logger);
  const countOperation = metrics.counter('graphql_operations_total', 'GraphQL operations executed');
  const server = new ApolloServer<SubgraphContext<TServices, TLoaders>>({
    schema,
    formatError: createErrorFormatter(logger, options.exposeErrorDetails ?? false),
    includeStacktraceInErrorResponses: options.exposeErrorDetails ?? false,
    introspection: true,
    // The process that runs the subgraph owns signal handling, so shutdown happens once and in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          countOperation();
          return {
            // The audit: every write, every staff look at a member's data and every refusal.
            async willSendResponse({ contextValue, operation, operationName }) {
              await writeAuditRecords(definition.name, dataSource, contextValue, operation?.operation, operationName, operation);
            },
          };
        },
      },
    ],
  });
  await server.start();
  const deadLetters = definition.subscriptions?.length
    ? new DeadLetterAdmin(dataSource, definition.subscriptions as never, services)
    : undefined;
  const createContext = (actor: Actor = ANONYMOUS) =>
    buildContext(services, definition.createLoaders, logger, actor, deadLetters);
  const events = options.bus
    ? startEventFlow({
        consumer: definition.name,
        dataSource,
        bus: options.bus,
        subscriptions: definition.subscriptions ?? [],
        jobs: definition.jobs ?? [],
        services,
        logger,
        metrics,
        maxDeliveries: options.maxDeliveries ?? 5,
        retryBaseMs: options.retryBaseMs ?? 200,
      })
    : undefined;
  if (!options.deferEventStart) events?.start();
  return {
    definition,
    dataSource,
    services,
    server,
    logger,
    metrics,
    createContext,
    events,
    async stop() {
      await events?.stop();
      await server.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRuntime = SubgraphRuntime<any, any>;

/**
 * Writes the request's audit records to the outbox: one per member whose data a staff user reached
 * (or anyone was refused), and one for every write. The identity subgraph keeps them.
 */
async function writeAuditRecords(
  subgraph: string,
  dataSource: DataSource,
  context: SubgraphContext,
  operationType: string | undefined,
  operationName: string | null | undefined,
  document: { selectionSet: { selections: ReadonlyArray<{ kind: string; name?: { value: string } }> } } | undefined,
): Promise<void> {
  const { actor, access } = context;
  const isWrite = operationType === 'mutation';
  if (!isWrite && !(isStaff(actor) && access.size > 0) && !access.anyDenied) return;
  const rootFields = (document?.selectionSet.selections ?? []).flatMap((s) => (s.kind === 'Field' && s.name ? [s.name.value] : []));
  if (rootFields.length === 1 && rootFields[0] === '_service') return;
  if (isWrite && access.size === 0) for (const field of rootFields) access.touch(null, `Mutation.${field}`, true);
  const records = access.records({
    subgraph,
    actor,
    operationType: isWrite ? 'mutation' : 'query',
    // The gateway names each part of a plan `<client's name>__<subgraph>__<n>`: keep the client's.
    operation: operationName?.replace(/__[A-Za-z0-9_-]+__\d+$/, '') || rootFields.join(','),
    correlationId: context.correlationId,
    at: new Date().toISOString(),
  });
  await recordEvents(
    dataSource.manager,
    records.map((payload) => ({ type: auditEventType(subgraph), aggregateId: payload.memberId ?? payload.actorId, payload })),
  );
}

export interface ServeOptions {
  /**
   * The secret this subgraph shares with the gateway: requests without the gateway's signature
   * made with it are refused before GraphQL sees them.
   */
  gatewaySecret: string;
  host?: string;
}

/** Serves a runtime over HTTP at `/graphql`, with the kit's health and metrics endpoints. */
export async function serveSubgraph(runtime: AnyRuntime, port: number, options: ServeOptions): Promise<RunningServer> {
  const app = createHttpApp({
    logger: runtime.logger,
    metrics: runtime.metrics,
    isReady: async () => ({ database: await isDatabaseReady(runtime.dataSource) }),
  });
  runtime.definition.httpRoutes?.(app, runtime.services);
  const name = runtime.definition.name;
  const countRefused = runtime.metrics.counter('gateway_assertions_refused_total', 'Requests refused for a missing or bad gateway signature, by reason');
  app.use('/graphql', (req, res, next) => {
    try {
      (req as unknown as { actor: Actor }).actor = verifyAssertion(options.gatewaySecret, name, req.headers[ASSERTION_HEADER], (req as RawBodyRequest).rawBody ?? '');
      next();
    } catch (error) {
      const reason = error instanceof AssertionError ? error.reason : 'malformed';
      countRefused({ reason });
      runtime.logger.warn('request refused: not signed by the gateway', { reason, ip: req.ip });
      res.status(401).json({ errors: [{ message: 'This service answers only the gateway.', extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
    }
  });
  app.use(
    '/graphql',
    expressMiddleware(runtime.server, {
      context: async ({ req }) => runtime.createContext((req as unknown as { actor: Actor }).actor),
    }),
  );
  return listen(app, port, options.host);
}
