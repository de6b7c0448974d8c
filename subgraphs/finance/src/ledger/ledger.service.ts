import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { paginate, type Page, type PageArgs } from '../../../../kit/pagination';

import { JournalEntry } from './journal-entry.entity';
import { JournalLine } from './journal-line.entity';
import { LedgerAccount, type LedgerAccountType } from './ledger-account.entity';
import type { JournalEntryFilter } from './ledger.input';
import type { Posting } from './ledger.rules';
import { functionalCurrency, noRateError, rateOn } from '../fx/fx.service';
import { functionalAmounts, type ExactRate } from '../fx/fx.rules';
import { minorFromSql } from '../../../../kit/money';

/** SQL taking the next journal entry's sequence number, for a caller that reads it with something else. */
export const NEXT_ENTRY_NUMBER_SQL = `nextval('journal_entry_number_seq')`;

export function formatEntryNumber(sequence: number): string {
  return `JE-${String(sequence).padStart(8, '0')}`;
}

/**
 * Writes a posting to the ledger inside the caller's transaction, so the entry commits or rolls
 * back with the invoice or payment it records. The database checks the balance again at commit.
 */
export async function postEntry(
  manager: EntityManager,
  posting: Posting,
  actorId: string,
  /** The entry's sequence number when the caller has taken it already (see `NEXT_ENTRY_NUMBER_SQL`). */
  sequence?: number,
): Promise<{ id: string; entryNumber: string }> {
  const number = sequence ?? Number((await preparedQuery<{ number: string }>(manager, `SELECT ${NEXT_ENTRY_NUMBER_SQL} AS number`, []))[0].number);
  const entry = { id: randomUUID(), entryNumber: formatEntryNumber(number) };
  // Each foreign-currency line keeps the rate it was posted at, so a later rate never moves it.
  const functional = functionalCurrency();
  const rates = new Map<string, { text: string; rate: ExactRate }>();
  for (const currency of new Set(posting.lines.map((l) => l.currency))) {
    if (currency === functional) continue;
    const rate = await rateOn(manager, currency, functional, posting.entryDate);
    if (!rate) throw noRateError(currency, functional, posting.entryDate);
    rates.set(currency, rate);
  }
  // Rounding allocated so the entry balances in the functional currency too, not only per currency.
  const inFunctional = functionalAmounts(posting.lines, new Map([...rates].map(([currency, fx]) => [currency, fx.rate])), functional);
  const lines = posting.lines.map((line, index) => {
    const fx = rates.get(line.currency);
    return {
      line_number: index + 1,
      account_code: line.account,
      currency: line.currency,
      debit_minor: line.debitMinor,
      credit_minor: line.creditMinor,
      member_id: line.memberId ?? null,
      provider_id: line.providerId ?? null,
      fx_rate: fx ? fx.text : '1',
      functional_currency: functional,
      functional_debit_minor: inFunctional[index].debitMinor,
      functional_credit_minor: inFunctional[index].creditMinor,
    };
  });
  // The entry and its lines in one statement; the balance is checked when the transaction commits.
  await preparedQuery(
    manager,
    `WITH entry AS (
       INSERT INTO journal_entries (id, entry_number, entry_date, posted_at, description, source_type, source_id, reverses_entry_id, posted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     )
     INSERT INTO journal_lines (entry_id, line_number, account_code, currency, debit_minor, credit_minor, member_id, provider_id,
                                fx_rate, functional_currency, functional_debit_minor, functional_credit_minor)
     SELECT $1, line_number, account_code, currency, debit_minor, credit_minor, member_id, provider_id,
            fx_rate, functional_currency, functional_debit_minor, functional_credit_minor
     FROM jsonb_to_recordset($10::jsonb) AS l(line_number int, account_code text, currency text, debit_minor bigint, credit_minor bigint,
                                              member_id uuid, provider_id uuid, fx_rate numeric, functional_currency text,
                                              functional_debit_minor bigint, functional_credit_minor bigint)`,
    [
      entry.id,
      entry.entryNumber,
      posting.entryDate,
      new Date(),
      posting.description,
      posting.sourceType,
      posting.sourceId,
      posting.reversesEntryId ?? null,
      actorId,
      JSON.stringify(lines),
    ],
  );
  return entry;
}

export interface AccountTotalsRow {
  code: string;
  name: string;
  type: LedgerAccountType;
  description: string | null;
  debitMinor: number;
  creditMinor: number;
}

/** Reads of the general ledger: accounts with their totals, entries and their lines. */
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  accounts(): Promise<LedgerAccount[]> {
    return this.dataSource.getRepository(LedgerAccount).find({ order: { code: 'ASC' } });
  }

  accountsByCodes(codes: readonly string[]): Promise<LedgerAccount[]> {
    return this.dataSource.getRepository(LedgerAccount).findBy({ code: In([...codes]) });
  }

  /** Total debits and credits per account and currency, for the pairs asked, in one statement. */
  async totals(keys: readonly { code: string; currency: string }[]): Promise<Map<string, { debitMinor: number; creditMinor: number }>> {
    const rows: { account_code: string; currency: string; debits: string; credits: string }[] = await this.dataSource.query(
      `SELECT account_code, currency, sum(debit_minor) AS debits, sum(credit_minor) AS credits
         FROM journal_lines WHERE account_code = ANY($1) AND currency = ANY($2)
        GROUP BY account_code, currency`,
      [[...new Set(keys.map((k) => k.code))], [...new Set(keys.map((k) => k.currency))]],
    );
    return new Map(
      rows.map((r) => [totalsKey(r.account_code, r.currency), { debitMinor: minorFromSql(r.debits), creditMinor: minorFromSql(r.credits) }]),
    );
  }

  /** Every account of the chart with its total debits and credits in one currency. */
  async accountTotals(currency: string): Promise<AccountTotalsRow[]> {
    const rows: (Omit<AccountTotalsRow, 'debitMinor' | 'creditMinor'> & { debits: string | null; credits: string | null })[] = await this.dataSource.query(
      `SELECT a.code, a.name, a.type, a.description, sum(l.debit_minor) AS debits, sum(l.credit_minor) AS credits
         FROM ledger_accounts a LEFT JOIN journal_lines l ON l.account_code = a.code AND l.currency = $1
        GROUP BY a.code ORDER BY a.code`,
      [currency],
    );
    return rows.map(({ debits, credits, ...account }) => ({ ...account, debitMinor: minorFromSql(debits), creditMinor: minorFromSql(credits) }));
  }

  entriesByIds(ids: readonly string[]): Promise<JournalEntry[]> {
    return this.dataSource.getRepository(JournalEntry).findBy({ id: In([...ids]) });
  }

  linesOf(entryIds: readonly string[]): Promise<JournalLine[]> {
    return this.dataSource.getRepository(JournalLine).find({
      where: { entryId: In([...entryIds]) },
      order: { entryId: 'ASC', lineNumber: 'ASC' },
    });
  }

  /** The entries that record each of these invoices or payments, oldest first. */
  entriesForSources(sourceIds: readonly string[]): Promise<JournalEntry[]> {
    return this.dataSource.getRepository(JournalEntry).find({
      where: { sourceId: In([...sourceIds]) },
      order: { entryNumber: 'ASC' },
    });
  }

  /** Entries newest first, filtered by source, account, member or accounting date. */
  entries(filter: JournalEntryFilter | undefined, page: PageArgs): Promise<Page<JournalEntry>> {
    const query = this.dataSource.getRepository(JournalEntry).createQueryBuilder('entry');
    if (filter?.sourceType) query.andWhere('entry.source_type = :sourceType', { sourceType: filter.sourceType });
    if (filter?.sourceId) query.andWhere('entry.source_id = :sourceId', { sourceId: filter.sourceId });
    if (filter?.fromDate) query.andWhere('entry.entry_date >= :fromDate', { fromDate: filter.fromDate });
    if (filter?.toDate) query.andWhere('entry.entry_date <= :toDate', { toDate: filter.toDate });
    if (filter?.accountCode) {
      query.andWhere('EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = entry.id AND l.account_code = :accountCode)', {
        accountCode: filter.accountCode,
      });
    }
    if (filter?.memberId) {
      query.andWhere('EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = entry.id AND l.member_id = :memberId)', {
        memberId: filter.memberId,
      });
    }
    return paginate(query, 'entry', { column: 'entry_number', property: 'entryNumber', direction: 'DESC' }, page);
  }
}

export function totalsKey(code: string, currency: string): string {
  return `${code}:${currency}`;
}
