import 'reflect-metadata';
import { createLogger, setLogLevel } from '../../kit/logger';
import { subgraphs } from '../../subgraphs';
import { readGatewayConfig } from './config';
import { createGateway } from './gateway';

/** Reads the configuration, starts the gateway, and stops it cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger({ service: 'gateway' });
  const config = readGatewayConfig(subgraphs);
  setLogLevel(config.logLevel);
  const gateway = createGateway(config, logger);
  const running = await gateway.start(config.port);
  logger.info('gateway listening', {
    graphql: `${running.url}/graphql`,
    playground: config.playground ? `${running.url}/playground` : undefined,
    health: `${running.url}/health/ready`,
    metrics: `${running.url}/metrics`,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping gateway', { signal });
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('gateway did not stop cleanly', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The gateway could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
