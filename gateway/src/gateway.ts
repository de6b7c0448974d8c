import { ApolloGateway, IntrospectAndCompose, type ServiceEndpointDefinition } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { Express, RequestHandler } from 'express';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import { existsSync, readFileSync } from 'node:fs';
import { createErrorFormatter } from '../../kit/errors';
import { createHttpApp, listen, type RunningServer } from '../../kit/http';
import type { Logger } from '../../kit/logger';
import { Metrics } from '../../kit/metrics';
import { connectRedis, isRedisReady, RedisKeyValueCache } from '../../kit/redis';
import { currentScope } from '../../kit/request-context';
import type { GatewayConfig } from './config';
import { actorOf, authenticate, KeySet, RedisRevocationCheck } from './auth';
import { probeSubgraphs } from './health';
import { enforceSafelists, loadSafelists } from './safelist';
import { operationLimitsPlugin } from './limits';
import { MemoryRateLimitStore, rateLimit, RedisRateLimitStore } from './rate-limit';
import { mountPlayground, PLAYGROUND_PATH } from './playground';
import { createSubgraphFetcher, SubgraphDataSource, SUBGRAPH_UNAVAILABLE, type GatewayContext } from './subgraph-data-source';

export const GRAPHQL_PATH = '/graphql';

/** A gateway built but not yet listening: tests and start scripts run it in-process. */
export interface Gateway {
  /** The Express app: health, metrics, `/graphql` and `/playground`. */
  app: Express;
  metrics: Metrics;
  /** Listens on `port` (0: any free port), then loads the supergraph. */
  start(port?: number, host?: string): Promise<RunningServer>;
  /** Stops listening, stops Apollo Server and the gateway, and closes pooled sockets. */
  stop(): Promise<void>;
  isSupergraphLoaded(): boolean;
}

/**
 * Builds the supergraph gateway: Apollo Gateway over the committed supergraph (or, in dev,
 * introspection of the running subgraphs), served by Apollo Server 5 inside the kit's HTTP shell.
 */
export function createGateway(config: GatewayConfig, logger: Logger): Gateway {
  const supergraphSdl = config.introspect
    ? new IntrospectAndCompose({ subgraphs: config.subgraphs, pollIntervalInMs: config.introspectPollMs || undefined })
    : readSupergraph(config.supergraphPath);
  const metrics = new Metrics();
  const countOperation = metrics.counter('graphql_operations_total', 'GraphQL operations received');
  const countSubgraphCall = metrics.counter('gateway_subgraph_requests_total', 'Calls to subgraphs, by subgraph and outcome');
  const subgraphFetcher = createSubgraphFetcher({ timeoutMs: config.subgraphTimeoutMs, maxSockets: config.subgraphMaxSockets });
  const urls = new Map(config.subgraphs.map((s) => [s.name, s.url]));
  const secrets = new Map(config.subgraphs.map((s) => [s.name, s.secret]));

  // One cache for every gateway instance (automatic persisted queries), when Redis is configured.
  // Errors count as misses: with Redis away a client simply sends the full query again.
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger, 'gateway') : undefined;
  const cache = redis ? new ErrorsAreMissesCache(new RedisKeyValueCache(redis, 'mcs:gateway:'), apolloLogger(logger)) : undefined;

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }: ServiceEndpointDefinition) => {
      const configured = urls.get(name);
      if (!configured) logger.warn('subgraph not in the registry; using the URL composed into the supergraph', { subgraph: name, url });
      const secret = secrets.get(name);
      if (!secret) throw new Error(`No secret to sign calls to the "${name}" subgraph with`);
      return new SubgraphDataSource({
        name,
        url: configured ?? url!,
        secret,
        fetcher: subgraphFetcher.fetcher,
        logger,
        onOutcome: (subgraph, outcome) => countSubgraphCall({ subgraph, outcome }),
      });
    },
    logger: apolloLogger(logger),
  });
  let supergraphLoaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });

  const countRefused = metrics.counter('graphql_operations_refused_total', 'Operations refused for a limit, by the limit');
  /**
   * An operation name the document does not hold (or several operations and no name) is the
   * client's mistake: answered 400 here, before the gateway's executor, which would throw it as a 500.
   */
  const operationResolutionPlugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : operations > 1
              ? 'Must provide operation name if query contains multiple operations.'
              : 'Must provide an operation.';
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
      };
    },
  };
  const countingPlugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      countOperation();
    },
  };
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createGatewayErrorFormatter(logger, config.exposeErrorDetails),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    csrfPrevention: true,
    ...(cache ? { cache } : {}),
    // Apollo's default landing page loads the hosted Sandbox from the internet; ours is /playground.
    plugins: [ApolloServerPluginLandingPageDisabled(), countingPlugin, operationResolutionPlugin, operationLimitsPlugin(config.limits, (rule) => countRefused({ rule }))],
    // A query with more tokens than any client sends is refused while it is parsed.
    parseOptions: { maxTokens: config.maxTokens },
    // One operation per HTTP request (Apollo's default, stated): a batch would multiply every limit.
    allowBatchedHttpRequests: false,
    logger: apolloLogger(logger),
    // main.ts owns signal handling, so shutdown happens once and in order.
    stopOnTerminationSignals: false,
  });

  const app = createHttpApp({
    logger,
    metrics,
    bodyLimit: config.maxBodyBytes,
    isReady: async () => ({ supergraph: supergraphLoaded }),
    readinessDetail: async () => {
      const [subgraphs, redisReady] = await Promise.all([
        probeSubgraphs(config.subgraphs, config.healthTimeoutMs),
        redis ? isRedisReady(redis) : undefined,
      ]);
      return { subgraphs, ...(redis ? { cache: { redis: redisReady } } : {}) };
    },
  });
  if (config.trustProxy) app.set('trust proxy', true);
  if (config.playground) mountPlayground(app, GRAPHQL_PATH);
  const countTokenRefused = metrics.counter('gateway_tokens_refused_total', 'Requests refused for their access token, by reason');
  const keySet = new KeySet(config.auth, logger);
  app.use(GRAPHQL_PATH, authenticate(config.auth, keySet, logger, redis ? new RedisRevocationCheck(redis, logger) : undefined, (reason) => countTokenRefused({ reason })));
  const countLimited = metrics.counter('gateway_rate_limited_total', 'Requests refused for a rate limit, by limit');
  app.use(
    GRAPHQL_PATH,
    rateLimit({
      store: redis ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore(),
      logger,
      onLimited: (rule) => countLimited({ rule }),
      rules: [
        { name: 'ip', limit: config.rateLimit.perIp, windowMs: config.rateLimit.windowMs, keyOf: (req) => req.ip ?? null },
        {
          name: 'user',
          limit: config.rateLimit.perUser,
          windowMs: config.rateLimit.windowMs,
          keyOf: (req) => {
            const actor = actorOf(req);
            return actor.id === 'anonymous' ? null : actor.id;
          },
        },
      ],
    }),
  );
  const countSafelistRefused = metrics.counter('gateway_safelist_refused_total', 'Operations refused because the client may only send persisted ones, by client');
  const safelists = loadSafelists(config.schemaDir, config.safelistClients);
  app.use(GRAPHQL_PATH, enforceSafelists(safelists, logger, (client) => countSafelistRefused({ client })));
  let graphqlHandler: RequestHandler | undefined;
  app.use(GRAPHQL_PATH, (req, res, next) => {
    if (graphqlHandler) return graphqlHandler(req, res, next);
    res.status(503).json({ errors: [{ message: 'The gateway is still loading the supergraph.', extensions: { code: 'UNAVAILABLE' } }] });
  });

  let running: RunningServer | undefined;
  let serverStarted = false;
  return {
    app,
    metrics,
    isSupergraphLoaded: () => supergraphLoaded,
    async start(port = config.port, host?: string) {
      if (running) throw new Error('The gateway is already running');
      // Listen first so liveness answers while the supergraph loads (introspection can be slow).
      running = await listen(app, port, host);
      try {
        await server.start();
        serverStarted = true;
      } catch (error) {
        await running.close();
        running = undefined;
        throw error;
      }
      graphqlHandler = expressMiddleware(server, {
        context: async ({ req }) => ({ correlationId: currentScope()?.correlationId ?? 'none', actor: actorOf(req) }),
      });
      logger.info('gateway started', {
        url: `${running.url}${GRAPHQL_PATH}`,
        playground: config.playground ? `${running.url}${PLAYGROUND_PATH}` : undefined,
        mode: config.introspect ? 'introspect-and-compose' : 'static-supergraph',
        subgraphs: Object.fromEntries(urls),
      });
      return running;
    },
    async stop() {
      graphqlHandler = undefined;
      if (running) await running.close();
      running = undefined;
      if (serverStarted) await server.stop();
      serverStarted = false;
      subgraphFetcher.close();
      if (redis?.status === 'ready') await redis.quit();
      else redis?.disconnect();
    },
  };
}

function readSupergraph(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`No supergraph at ${path}. Run \`npm run compose\`, set GATEWAY_SUPERGRAPH_PATH, or GATEWAY_INTROSPECT=true in development.`);
  }
  return readFileSync(path, 'utf8');
}

/**
 * The kit's masking formatter, plus one pass-through: a subgraph being unavailable is something
 * the client can act on (retry, show what arrived), and its message names no internals.
 */
function createGatewayErrorFormatter(logger: Logger, exposeInternals: boolean) {
  const kitFormatter = createErrorFormatter(logger, exposeInternals);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
    formatted.extensions?.code === SUBGRAPH_UNAVAILABLE ? formatted : kitFormatter(formatted, error);
}

/** Apollo's logger interface over the kit's structured logger. */
function apolloLogger(logger: Logger) {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    debug: (message: unknown) => logger.debug(text(message)),
    info: (message: unknown) => logger.info(text(message)),
    warn: (message: unknown) => logger.warn(text(message)),
    error: (message: unknown) => logger.error(text(message)),
  };
}
