import 'reflect-metadata';
import { EnvReader, readCommonConfig, readSubgraphSecret, subgraphDatabaseUrl } from '../kit/config';
import { deriveSubgraphSecret } from '../kit/auth/gateway-assertion';
import { ensureDatabase } from '../kit/database';
import { createLogger, setLogLevel } from '../kit/logger';
import { createSubgraphRuntime, serveSubgraph } from '../kit/subgraph';
import { subgraphNamed } from '../subgraphs';
import { seedDemoData } from '../demo/seed';
import { createEventBus } from '../kit/events/connect';

/**
 * Runs one subgraph on its own (one container per subgraph in docker-compose):
 * `node dist/scripts/start-subgraph.js members`.
 */
async function main(): Promise<void> {
  const name = process.argv[2] ?? process.env.SUBGRAPH;
  if (!name) throw new Error('Name the subgraph to start: start-subgraph <name> (or set SUBGRAPH)');
  const definition = subgraphNamed(name);
  const reader = new EnvReader();
  const common = readCommonConfig(reader);
  const prefix = name.toUpperCase();
  const config = {
    databaseUrl: subgraphDatabaseUrl(reader, name),
    port: reader.int(`${prefix}_PORT`, definition.defaultPort, { min: 1, max: 65535 }),
    createDatabase: reader.bool('CREATE_DATABASES', common.nodeEnv !== 'production'),
    demoData: reader.bool('DEMO_DATA', false),
    demoScale: reader.int('DEMO_SCALE', 1, { min: 1, max: 50 }),
    gatewaySecret: readSubgraphSecret(reader, name, common.nodeEnv, deriveSubgraphSecret),
  };
  reader.done();
  setLogLevel(common.logLevel);
  const logger = createLogger({ service: name });

  if (!common.redisUrl) logger.warn('REDIS_URL is not set: events stay in this process, so other subgraphs will not receive them');
  const events = createEventBus(common, logger, name);
  if (config.createDatabase) await ensureDatabase(config.databaseUrl);
  const runtime = await createSubgraphRuntime(definition, {
    databaseUrl: config.databaseUrl,
    logger,
    exposeErrorDetails: common.nodeEnv === 'development',
    bus: events.bus,
    poolSize: common.databasePoolSize,
    maxDeliveries: common.events.maxDeliveries,
    retryBaseMs: common.events.retryBaseMs,
  });
  if (config.demoData && (await seedDemoData(runtime, { scale: config.demoScale }))) logger.info('demo data loaded');
  const server = await serveSubgraph(runtime, config.port, { gatewaySecret: config.gatewaySecret });
  logger.info('subgraph listening', { url: `${server.url}/graphql` });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    await server.close();
    await runtime.stop();
    await events.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
