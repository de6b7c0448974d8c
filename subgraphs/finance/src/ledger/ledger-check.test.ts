import type { EntityManager } from 'typeorm';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { startTestSubgraph } from '../../../../kit/testing';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { payTestInvoice, raiseTestInvoice } from '../testing';
import { checkLedger } from './ledger-check';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;

beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime?.stop());

/**
 * Runs `damage` and then the check in one transaction that is always rolled back, with the
 * ledger's own triggers switched off for it (as a restore or a hand-made fix would): the check
 * must find what the triggers would have refused.
 */
async function problemsAfter(damage: (manager: EntityManager) => Promise<void>) {
  const runner = runtime.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(`SET LOCAL session_replication_role = replica`);
    await damage(runner.manager);
    return await checkLedger(runner.manager);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function anyEntry(manager: EntityManager): Promise<{ id: string; entry_number: string }> {
  const [entry] = await manager.query(`SELECT id, entry_number FROM journal_entries ORDER BY posted_at DESC LIMIT 1`);
  return entry;
}

describe('ledger check', () => {
  it('passes on a ledger the platform wrote (invoices and payments posted)', async () => {
    const invoice = await raiseTestInvoice(runtime);
    await payTestInvoice(runtime, invoice.id, { amount: { amount: '1000.00', currency: 'KES' } });
    expect(await checkLedger(runtime.dataSource.manager)).toEqual([]);
  });

  it('finds an entry with one line, which also unbalances the whole ledger', async () => {
    const problems = await problemsAfter(async (manager) => {
      const [entry] = await manager.query(
        `INSERT INTO journal_entries (entry_number, entry_date, description, source_type, source_id, posted_by)
         VALUES ('JE-CHECK-1', current_date, 'one-sided', 'TEST', gen_random_uuid(), 'ledger-check-test') RETURNING id`,
      );
      await manager.query(`INSERT INTO journal_lines (entry_id, line_number, account_code, currency, debit_minor) VALUES ($1, 1, '1000', 'KES', 500)`, [entry.id]);
    });
    expect(problems.map((p) => p.invariant)).toEqual([
      'every journal entry has at least two lines',
      'debits equal credits in every journal entry, per currency',
      'debits equal credits over the whole ledger, per currency',
    ]);
    expect(problems[0].detail).toBe('entry JE-CHECK-1 has 1 line(s)');
  });

  it('finds an entry that balances in its currency but not in the functional currency', async () => {
    const problems = await problemsAfter(async (manager) => {
      const [entry] = await manager.query(
        `INSERT INTO journal_entries (entry_number, entry_date, description, source_type, source_id, posted_by)
         VALUES ('JE-CHECK-FX', current_date, 'rounded line by line', 'TEST', gen_random_uuid(), 'ledger-check-test') RETURNING id`,
      );
      await manager.query(
        `INSERT INTO journal_lines (entry_id, line_number, account_code, currency, debit_minor, credit_minor, fx_rate, functional_currency, functional_debit_minor, functional_credit_minor)
         VALUES ($1, 1, '1100', 'USD', 3, 0, 129.5, 'KES', 388, 0), ($1, 2, '2410', 'USD', 0, 1, 129.5, 'KES', 0, 130),
                ($1, 3, '2410', 'USD', 0, 1, 129.5, 'KES', 0, 130), ($1, 4, '2410', 'USD', 0, 1, 129.5, 'KES', 0, 130)`,
        [entry.id],
      );
    });
    expect(problems).toEqual([
      { invariant: 'debits equal credits in every journal entry, in the functional currency', detail: 'entry JE-CHECK-FX in functional KES: debits 388, credits 390' },
    ]);
  });

  it('finds a reversal that does not mirror its original, and an entry reversed twice', async () => {
    const problems = await problemsAfter(async (manager) => {
      const original = await anyEntry(manager);
      for (const n of [1, 2]) {
        const [reversal] = await manager.query(
          `INSERT INTO journal_entries (entry_number, entry_date, description, source_type, source_id, reverses_entry_id, posted_by)
           VALUES ($1, current_date, 'a reversal', 'TEST', gen_random_uuid(), $2, 'ledger-check-test') RETURNING id`,
          [`JE-REV-${n}`, original.id],
        );
        // Balanced in itself, but it does not undo the original's accounts.
        await manager.query(
          `INSERT INTO journal_lines (entry_id, line_number, account_code, currency, debit_minor, credit_minor)
           VALUES ($1, 1, '3000', 'KES', 100, 0), ($1, 2, '1000', 'KES', 0, 100)`,
          [reversal.id],
        );
      }
    });
    const invariants = new Set(problems.map((p) => p.invariant));
    expect(invariants).toEqual(new Set(['a reversal mirrors the entry it reverses, account by account', 'no entry is reversed more than once']));
  });

  it('finds the append-only protection gone', async () => {
    const problems = await problemsAfter(async (manager) => {
      await manager.query(`DROP TRIGGER journal_lines_no_update_delete ON journal_lines`);
    });
    expect(problems).toEqual([{ invariant: 'the ledger tables refuse updates, deletes and truncation', detail: 'journal_lines has no journal_lines_no_update_delete trigger' }]);
  });
});
