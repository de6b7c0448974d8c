import 'reflect-metadata';
import { join } from 'node:path';
import { databaseUrlOn } from '../kit/config';
import { createDataSource, dropDatabasesStartingWith, recreateDatabase } from '../kit/database';
import { OWN_DATABASE_PREFIX, templateDatabaseName } from '../kit/testing';
import { startEmbeddedPostgres } from '../kit/embedded-postgres';
import { KIT_MIGRATIONS } from '../kit/kit.migration';
import { createLogger } from '../kit/logger';
import { subgraphs } from '../subgraphs';
import { Socket } from 'node:net';

/** Whether a Redis server answers PING on host:port (within half a second). */
function answersRedis(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}

/**
 * Gives the test run real PostgreSQL: the server at POSTGRES_URL when set (CI), otherwise an
 * embedded one. Each subgraph gets a freshly migrated template, `mcs_template_<name>`, that no
 * test connects to, and a copy of it, `mcs_test_<name>`, shared by the test files; a file that
 * asks for databases of its own gets further copies (see `useOwnTestDatabases`).
 */
export default async function globalSetup(): Promise<void> {
  const logger = createLogger({ service: 'test-setup' });
  let serverUrl = process.env.POSTGRES_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: join(__dirname, '..', '.data', `test-postgres-${process.pid}`),
      logger,
      persistent: false,
    });
    (globalThis as { __embeddedPostgres?: unknown }).__embeddedPostgres = embedded;
    serverUrl = embedded.url;
  }
  process.env.TEST_POSTGRES_URL = serverUrl;
  if (!process.env.REDIS_URL && (await answersRedis('127.0.0.1', 6379))) process.env.REDIS_URL = 'redis://127.0.0.1:6379';
  // Files that had databases of their own in an earlier run on this server left them behind.
  await dropDatabasesStartingWith(serverUrl, OWN_DATABASE_PREFIX);
  await Promise.all(
    subgraphs.map(async (definition) => {
      const template = databaseUrlOn(serverUrl, templateDatabaseName(definition.name));
      await recreateDatabase(template);
      const dataSource = createDataSource({
        url: template,
        entities: definition.entities,
        migrations: [...KIT_MIGRATIONS, ...definition.migrations],
        logger,
        poolSize: 2,
      });
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await dataSource.destroy();
      await recreateDatabase(databaseUrlOn(serverUrl, `mcs_test_${definition.name}`), { template: templateDatabaseName(definition.name) });
    }),
  );
}
