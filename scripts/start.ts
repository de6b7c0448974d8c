import 'reflect-metadata';
import { join } from 'node:path';
import { databaseUrlOn, defaultDatabaseName, EnvReader, readCommonConfig, readSubgraphSecret } from '../kit/config';
import { deriveSubgraphSecret } from '../kit/auth/gateway-assertion';
import { ensureDatabase } from '../kit/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../kit/embedded-postgres';
import type { RunningServer } from '../kit/http';
import { createLogger, setLogLevel } from '../kit/logger';
import { createSubgraphRuntime, serveSubgraph, type AnyRuntime } from '../kit/subgraph';
import { seedDemoData } from '../demo/seed';
import { buildDemoPlan } from '../demo/plan';
import { demoUsersBanner } from '../subgraphs/identity/src/demo';
import { createEventBus } from '../kit/events/connect';
import { createGateway, type Gateway } from '../gateway/src/gateway';
import { projectRoot, readGatewayConfig } from '../gateway/src/config';
import { subgraphs } from '../subgraphs';
import { startDevelopmentProviderFakes, type DevelopmentProviderFakes } from '../subgraphs/finance/src/providers/fakes/development';

/**
 * `npm start`: the whole supergraph in one process for development and demos. PostgreSQL is
 * embedded (real binaries, data kept in .data/postgres) unless POSTGRES_URL names a server;
 * each subgraph gets its own database, migrations and, the first time, demo data.
 */
async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const reader = new EnvReader();
  const common = readCommonConfig(reader);
  const settings = {
    postgresUrl: reader.url('POSTGRES_URL', ['postgres:', 'postgresql:']),
    dataDir: reader.string('DATA_DIR', join(projectRoot(), '.data')),
    embeddedPort: reader.int('EMBEDDED_POSTGRES_PORT', 54329, { min: 1, max: 65535 }),
    demoData: reader.bool('DEMO_DATA', true),
    demoScale: reader.int('DEMO_SCALE', 1, { min: 1, max: 50 }),
    host: reader.string('HOST', '0.0.0.0'),
    // Outside production, finance takes payments through local stand-ins of M-Pesa, Stripe and
    // PayPal unless real credentials are configured (or this is turned off).
    paymentFakes: common.nodeEnv !== 'production' && reader.bool('PAYMENT_PROVIDER_FAKES', true) && !process.env.FINANCE_MPESA_CONSUMER_KEY,
  };
  const ports = Object.fromEntries(subgraphs.map((s) => [s.name, reader.int(`${s.name.toUpperCase()}_PORT`, s.defaultPort, { min: 1, max: 65535 })]));
  const secrets = Object.fromEntries(subgraphs.map((s) => [s.name, readSubgraphSecret(reader, s.name, common.nodeEnv, deriveSubgraphSecret)]));
  reader.done();
  // Each subgraph is reached where this process serves it, unless <NAME>_URL says otherwise.
  for (const s of subgraphs) process.env[`${s.name.toUpperCase()}_URL`] ??= `http://localhost:${ports[s.name]}/graphql`;
  // Claim submission is metered by the tokens service this process serves, unless told otherwise.
  process.env.CLAIMS_METERING_URL ??= `http://localhost:${ports.tokens}`;
  const gatewayConfig = readGatewayConfig(subgraphs);
  setLogLevel(common.logLevel);
  const logger = createLogger({ service: 'start' });

  let fakes: DevelopmentProviderFakes | undefined;
  if (settings.paymentFakes) {
    fakes = await startDevelopmentProviderFakes(`http://127.0.0.1:${ports.finance}`);
    for (const [name, value] of Object.entries(fakes.settings)) process.env[name] ??= value;
  }
  const events = createEventBus(common, logger, 'start');
  let embedded: EmbeddedPostgres | undefined;
  const runtimes: AnyRuntime[] = [];
  const servers: RunningServer[] = [];
  let gateway: Gateway | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the supergraph…');
    await gateway?.stop().catch(() => undefined);
    await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
    await Promise.all(runtimes.map((r) => r.stop().catch(() => undefined)));
    await events.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    await fakes?.close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    let serverUrl = settings.postgresUrl;
    if (!serverUrl) {
      console.log(`Starting embedded PostgreSQL (data in ${join(settings.dataDir, 'postgres')})…`);
      embedded = await startEmbeddedPostgres({ dataDir: join(settings.dataDir, 'postgres'), port: settings.embeddedPort, logger });
      serverUrl = embedded.url;
    }
    for (const definition of subgraphs) {
      const envUrl = process.env[`${definition.name.toUpperCase()}_DATABASE_URL`];
      const databaseUrl = envUrl || databaseUrlOn(serverUrl, defaultDatabaseName(definition.name));
      await ensureDatabase(databaseUrl);
      const runtime = await createSubgraphRuntime(definition, {
        databaseUrl,
        logger: createLogger({ service: definition.name }),
        exposeErrorDetails: common.nodeEnv !== 'production',
        bus: events.bus,
        poolSize: common.databasePoolSize,
        maxDeliveries: common.events.maxDeliveries,
        retryBaseMs: common.events.retryBaseMs,
        deferEventStart: true,
      });
      runtimes.push(runtime);
      if (settings.demoData && (await seedDemoData(runtime, { scale: settings.demoScale }))) console.log(`  ${definition.name}: demo data loaded`);
      servers.push(await serveSubgraph(runtime, ports[definition.name], { host: settings.host, gatewaySecret: secrets[definition.name] }));
    }
    // Every subgraph has subscribed: events can flow now without any consumer missing one.
    for (const runtime of runtimes) runtime.events?.start();
    gateway = createGateway(gatewayConfig, createLogger({ service: 'gateway' }));
    const running = await gateway.start(gatewayConfig.port, settings.host);
    printBanner(running.url, servers, gatewayConfig.playground, events.bus.kind, fakes);
    // Demo accounts are printed in development only: they share a published password.
    if (settings.demoData && common.nodeEnv !== 'production') console.log(`\n${demoUsersBanner(buildDemoPlan(undefined, settings.demoScale)).join('\n')}\n`);
    process.send?.({ ready: true, url: running.url, subgraphs: Object.fromEntries(subgraphs.map((s, i) => [s.name, servers[i].url])) });
  } catch (error) {
    console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

function printBanner(gatewayUrl: string, servers: RunningServer[], playground: boolean, bus: string, fakes?: DevelopmentProviderFakes): void {
  const lines = [
    '',
    'Medical coverage supergraph is running.',
    `  GraphQL endpoint : ${gatewayUrl}/graphql`,
    playground ? `  Playground       : ${gatewayUrl}/playground` : '',
    `  Health           : ${gatewayUrl}/health/ready`,
    '  Subgraphs        :',
    ...subgraphs.map((s, i) => `    ${s.name.padEnd(9)} ${servers[i].url}/graphql`),
    `  Events           : ${bus === 'redis' ? 'Redis Streams' : 'in-process (set REDIS_URL for Redis Streams)'}`,
    fakes
      ? `  Payments         : local stand-ins of M-Pesa (${fakes.urls.mpesa}), Stripe (${fakes.urls.stripe}) and PayPal (${fakes.urls.paypal});\n` +
        `                     answer an M-Pesa push with POST ${fakes.urls.mpesa}/__fake/stk/<CheckoutRequestID>/complete`
      : '',
    '',
    'Press Ctrl-C to stop everything (the database too).',
  ];
  console.log(lines.filter((l) => l !== '').join('\n'));
}

void main();
