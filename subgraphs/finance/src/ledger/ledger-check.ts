import type { EntityManager } from 'typeorm';

/** One broken ledger invariant, with the rows that break it (at most a few, to name them). */
export interface LedgerProblem {
  invariant: string;
  detail: string;
}

interface Check {
  invariant: string;
  /** Rows returned are violations; each has a `detail` column naming what is wrong. */
  sql: string;
}

const SAMPLE = 20;

/**
 * The invariants of the double-entry ledger, checked over all of it: every entry has two lines or
 * more and balances in each currency and in the functional currency, the whole ledger balances in each currency, a reversal
 * mirrors the entry it reverses and no entry is reversed twice, and the triggers that keep the
 * ledger append-only are in place. The database enforces these as rows are written; this check
 * proves nothing slipped past (a trigger dropped, a restore, a hand-made fix).
 */
const CHECKS: Check[] = [
  {
    invariant: 'every journal entry has at least two lines',
    sql: `SELECT format('entry %s has %s line(s)', e.entry_number, count(l.id)) AS detail
            FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id
           GROUP BY e.id, e.entry_number HAVING count(l.id) < 2 LIMIT ${SAMPLE}`,
  },
  {
    invariant: 'debits equal credits in every journal entry, per currency',
    sql: `SELECT format('entry %s in %s: debits %s, credits %s', e.entry_number, l.currency, sum(l.debit_minor), sum(l.credit_minor)) AS detail
            FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
           GROUP BY e.id, e.entry_number, l.currency HAVING sum(l.debit_minor) <> sum(l.credit_minor) LIMIT ${SAMPLE}`,
  },
  {
    invariant: 'debits equal credits in every journal entry, in the functional currency',
    sql: `SELECT format('entry %s in functional %s: debits %s, credits %s', e.entry_number, l.functional_currency, sum(l.functional_debit_minor), sum(l.functional_credit_minor)) AS detail
            FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
           WHERE l.functional_currency IS NOT NULL
           GROUP BY e.id, e.entry_number, l.functional_currency
          HAVING sum(l.functional_debit_minor) <> sum(l.functional_credit_minor) LIMIT ${SAMPLE}`,
  },
  {
    invariant: 'debits equal credits over the whole ledger, per currency',
    sql: `SELECT format('%s: debits %s, credits %s', currency, sum(debit_minor), sum(credit_minor)) AS detail
            FROM journal_lines GROUP BY currency HAVING sum(debit_minor) <> sum(credit_minor)`,
  },
  {
    invariant: 'a reversal mirrors the entry it reverses, account by account',
    sql: `WITH sides AS (
            SELECT r.id AS reversal, r.entry_number, r.reverses_entry_id AS original FROM journal_entries r WHERE r.reverses_entry_id IS NOT NULL
          ), totals AS (
            SELECT s.entry_number, l.account_code, l.currency,
                   sum(CASE WHEN l.entry_id = s.reversal THEN l.debit_minor - l.credit_minor ELSE 0 END) AS reversed,
                   sum(CASE WHEN l.entry_id = s.original THEN l.debit_minor - l.credit_minor ELSE 0 END) AS original
              FROM sides s JOIN journal_lines l ON l.entry_id IN (s.reversal, s.original)
             GROUP BY s.entry_number, l.account_code, l.currency
          )
          SELECT format('reversal %s moves %s %s on account %s, the original %s', entry_number, reversed, currency, account_code, original) AS detail
            FROM totals WHERE reversed <> -original LIMIT ${SAMPLE}`,
  },
  {
    invariant: 'no entry is reversed more than once',
    sql: `SELECT format('entry %s is reversed %s times', e.entry_number, count(*)) AS detail
            FROM journal_entries r JOIN journal_entries e ON e.id = r.reverses_entry_id
           GROUP BY e.id, e.entry_number HAVING count(*) > 1 LIMIT ${SAMPLE}`,
  },
  {
    invariant: 'the ledger tables refuse updates, deletes and truncation',
    sql: `SELECT format('%s has no %s trigger', t.tbl, t.trg) AS detail
            FROM (VALUES ('journal_entries', 'journal_entries_no_update_delete'), ('journal_entries', 'journal_entries_no_truncate'),
                         ('journal_lines', 'journal_lines_no_update_delete'), ('journal_lines', 'journal_lines_no_truncate')) AS t(tbl, trg)
           WHERE NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = t.trg AND tgrelid = t.tbl::regclass AND tgenabled <> 'D')`,
  },
];

/** Runs every check; an empty list means the ledger holds. */
export async function checkLedger(manager: EntityManager): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = [];
  for (const check of CHECKS) {
    const rows: Array<{ detail: string }> = await manager.query(check.sql);
    for (const row of rows) problems.push({ invariant: check.invariant, detail: row.detail });
  }
  return problems;
}

export const LEDGER_INVARIANTS = CHECKS.map((c) => c.invariant);
