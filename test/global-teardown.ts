import { dropDatabasesStartingWith } from '../kit/database';
import { OWN_DATABASE_PREFIX } from '../kit/testing';

/**
 * Drops the databases test files made for themselves, but finance's: CI runs the ledger check
 * over every ledger the run posted to (the next run's set-up drops them). Then stops the
 * embedded PostgreSQL, if the run started one.
 */
export default async function globalTeardown(): Promise<void> {
  const server = process.env.TEST_POSTGRES_URL;
  if (server) await dropDatabasesStartingWith(server, OWN_DATABASE_PREFIX, (name) => name.startsWith(`${OWN_DATABASE_PREFIX}finance_`));
  const embedded = (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres;
  if (embedded) await embedded.stop();
}
