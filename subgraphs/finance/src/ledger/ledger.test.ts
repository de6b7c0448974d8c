import { randomUUID } from 'node:crypto';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { foreignId, payTestInvoice, raiseTestInvoice } from '../testing';
import { ACCOUNTS } from './ledger.rules';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

/** Writes an entry with the given lines straight to the database, bypassing the service. */
async function insertEntryDirectly(lines: [string, number, number][]): Promise<string> {
  const id = randomUUID();
  await runtime.dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO journal_entries (id, entry_number, entry_date, description, source_type, source_id, posted_by)
       VALUES ($1, 'JE-' || lpad(nextval('journal_entry_number_seq')::text, 8, '0'), '2026-03-01', 'written by hand', 'PAYMENT', $2, 'test')`,
      [id, randomUUID()],
    );
    for (const [index, [account, debit, credit]] of lines.entries()) {
      await manager.query(
        `INSERT INTO journal_lines (entry_id, line_number, account_code, currency, debit_minor, credit_minor) VALUES ($1, $2, $3, 'KES', $4, $5)`,
        [id, index + 1, account, debit, credit],
      );
    }
  });
  return id;
}

async function entryExists(id: string): Promise<boolean> {
  const rows = await runtime.dataSource.query('SELECT 1 FROM journal_entries WHERE id = $1', [id]);
  return rows.length > 0;
}

describe('the database guards the ledger', () => {
  it('refuses at commit an entry whose debits do not equal its credits', async () => {
    const id = randomUUID();
    await expect(
      runtime.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO journal_entries (id, entry_number, entry_date, description, source_type, source_id, posted_by)
           VALUES ($1, 'JE-' || lpad(nextval('journal_entry_number_seq')::text, 8, '0'), '2026-03-01', 'unbalanced', 'PAYMENT', $1, 'test')`,
          [id],
        );
        await manager.query(
          `INSERT INTO journal_lines (entry_id, line_number, account_code, currency, debit_minor, credit_minor)
           VALUES ($1, 1, '1010', 'KES', 10000, 0), ($1, 2, '1100', 'KES', 0, 9000)`,
          [id],
        );
        // Inside the transaction the check is deferred: the statements themselves succeed.
        const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM journal_lines WHERE entry_id = $1', [id]);
        expect(count).toBe(2);
      }),
    ).rejects.toThrow(/does not balance: KES debits 10000 <> credits 9000/);
    expect(await entryExists(id)).toBe(false);
  });

  it('refuses entries with fewer than two lines, and lines that are zero or on both sides', async () => {
    await expect(insertEntryDirectly([])).rejects.toThrow(/has 0 line\(s\); an entry needs at least two/);
    await expect(insertEntryDirectly([[ACCOUNTS.BANK, 0, 0]])).rejects.toThrow(/journal_lines_one_side/);
    await expect(insertEntryDirectly([[ACCOUNTS.BANK, 100, 100], [ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 0]])).rejects.toThrow(/journal_lines_one_side/);
    await expect(insertEntryDirectly([[ACCOUNTS.BANK, -5, 0], [ACCOUNTS.PREMIUMS_RECEIVABLE, 0, -5]])).rejects.toThrow(/check constraint/);
  });

  it('accepts a balanced entry written by hand', async () => {
    const id = await insertEntryDirectly([
      [ACCOUNTS.BANK, 700, 0],
      [ACCOUNTS.MPESA_CLEARING, 0, 700],
    ]);
    expect(await entryExists(id)).toBe(true);
  });

  it('refuses to update or delete journal entries and lines', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const [entry] = await runtime.dataSource.query('SELECT id FROM journal_entries WHERE source_id = $1', [invoice.id]);
    await expect(runtime.dataSource.query(`UPDATE journal_lines SET debit_minor = debit_minor + 1 WHERE entry_id = $1`, [entry.id])).rejects.toThrow(
      /journal_lines rows are append-only/,
    );
    await expect(runtime.dataSource.query(`DELETE FROM journal_lines WHERE entry_id = $1`, [entry.id])).rejects.toThrow(/append-only/);
    await expect(runtime.dataSource.query(`UPDATE journal_entries SET description = 'edited' WHERE id = $1`, [entry.id])).rejects.toThrow(
      /journal_entries rows are append-only/,
    );
    await expect(runtime.dataSource.query(`DELETE FROM journal_entries WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
    await expect(runtime.dataSource.query(`TRUNCATE journal_lines`)).rejects.toThrow(/append-only/);
    const [{ count }] = await runtime.dataSource.query('SELECT count(*)::int AS count FROM journal_lines WHERE entry_id = $1', [entry.id]);
    expect(count).toBe(2);
  });
});

describe('reading the ledger', () => {
  it('lists the chart of accounts with balances that follow postings', async () => {
    const query = `{ ledgerAccounts { code name type normalBalance balance { minorUnits currency } totalDebits { minorUnits } } }`;
    const before = await executeOk(runtime, query);
    const codes = before.ledgerAccounts.map((a: { code: string }) => a.code);
    expect(codes).toEqual(expect.arrayContaining(Object.values(ACCOUNTS)));
    expect(before.ledgerAccounts.find((a: { code: string }) => a.code === '4000')).toMatchObject({ type: 'INCOME', normalBalance: 'CREDIT' });

    const invoice = await raiseTestInvoice(runtime, { premium: { amount: '1000.00', currency: 'KES' } });
    await payTestInvoice(runtime, invoice.id, { amount: { amount: '400.00', currency: 'KES' } });
    const after = await executeOk(runtime, query);
    const moved = (code: string) =>
      Number(after.ledgerAccounts.find((a: { code: string }) => a.code === code).balance.minorUnits) -
      Number(before.ledgerAccounts.find((a: { code: string }) => a.code === code).balance.minorUnits);
    // Other test files write to the same ledger at the same time, so only lower bounds are exact here.
    expect(moved('4000')).toBeGreaterThanOrEqual(100_000);
    expect(moved('1010')).toBeGreaterThanOrEqual(40_000);
  });

  it('filters journal entries by source and by member, newest first', async () => {
    const billedMemberId = foreignId();
    const invoice = await raiseTestInvoice(runtime, { billedMemberId });
    const payment = await payTestInvoice(runtime, invoice.id, { amount: { amount: '100.00', currency: 'KES' } });
    const data = await executeOk(
      runtime,
      `query($m: ID!, $s: ID!) {
        byMember: journalEntries(filter: { memberId: $m }) { edges { node { sourceType sourceId entryNumber } } }
        bySource: journalEntries(filter: { sourceId: $s, accountCode: "1010" }) { edges { node { sourceId description lines { member { id } } } } }
      }`,
      { m: billedMemberId, s: payment.id },
    );
    expect(data.byMember.edges.map((e: { node: { sourceType: string } }) => e.node.sourceType)).toEqual(['PAYMENT', 'PREMIUM_INVOICE']);
    const [newer, older] = data.byMember.edges.map((e: { node: { entryNumber: string } }) => e.node.entryNumber);
    expect(newer > older).toBe(true);
    expect(data.bySource.edges).toHaveLength(1);
    expect(data.bySource.edges[0].node.description).toContain(payment.paymentNumber);
    expect(data.bySource.edges[0].node.lines.map((l: { member: { id: string } }) => l.member.id)).toEqual([billedMemberId, billedMemberId]);
  });

  it('refuses a currency that is not an ISO code, naming it', async () => {
    const result = await execute(runtime, `{ trialBalance(currency: "shillings") { isBalanced } }`);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency', rule: 'CURRENCY_CODE' });
  });

  it('balances over the whole ledger after the suite\'s writes', async () => {
    const invoice = await raiseTestInvoice(runtime, { premium: { amount: '3333.33', currency: 'KES' } });
    await payTestInvoice(runtime, invoice.id, { amount: { amount: '1111.11', currency: 'KES' } });
    const voided = await raiseTestInvoice(runtime);
    await executeOk(runtime, `mutation($id: ID!) { voidInvoice(input: { invoiceId: $id, reason: "Raised twice" }) { id } }`, { id: voided.id });

    const { trialBalance } = await executeOk(
      runtime,
      `{ trialBalance { currency isBalanced totalDebits { minorUnits } totalCredits { minorUnits } lines { account { code } debit { minorUnits } credit { minorUnits } } } }`,
    );
    expect(trialBalance.currency).toBe('KES');
    expect(trialBalance.isBalanced).toBe(true);
    expect(Number(trialBalance.totalDebits.minorUnits)).toBeGreaterThan(0);
    expect(trialBalance.totalDebits).toEqual(trialBalance.totalCredits);
    const [{ debits, credits }] = await runtime.dataSource.query(
      `SELECT sum(debit_minor)::text AS debits, sum(credit_minor)::text AS credits FROM journal_lines WHERE currency = 'KES'`,
    );
    expect(debits).toBe(credits);
    const column = (side: 'debit' | 'credit') =>
      trialBalance.lines.reduce((sum: number, l: Record<string, { minorUnits: string }>) => sum + Number(l[side].minorUnits), 0);
    expect(String(column('debit'))).toBe(trialBalance.totalDebits.minorUnits);
    expect(String(column('credit'))).toBe(trialBalance.totalCredits.minorUnits);
  });
});
