import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EnvReader, subgraphDatabaseUrl } from '../kit/config';
import { checkLedger, LEDGER_INVARIANTS } from '../subgraphs/finance/src/ledger/ledger-check';

/**
 * `npm run ledger:check`: checks the finance ledger's invariants over the whole ledger (finance's
 * database: FINANCE_DATABASE_URL, or mcs_finance on POSTGRES_URL) and exits 1 naming every one
 * that fails.
 */
async function main(): Promise<number> {
  const reader = new EnvReader();
  const url = subgraphDatabaseUrl(reader, 'finance');
  reader.done();
  const dataSource = new DataSource({ type: 'postgres', url });
  await dataSource.initialize();
  try {
    const problems = await checkLedger(dataSource.manager);
    for (const invariant of LEDGER_INVARIANTS) {
      const broken = problems.filter((p) => p.invariant === invariant);
      process.stdout.write(`${broken.length === 0 ? 'ok  ' : 'FAIL'}  ${invariant}\n`);
      for (const p of broken) process.stdout.write(`        ${p.detail}\n`);
    }
    return problems.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The ledger could not be checked: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
