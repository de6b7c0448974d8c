import { isCurrencyCode, parseDecimal } from '../../../../../kit/money';
import { isIsoDate } from '../../../../../kit/dates';

/** The columns a statement CSV must have (any order, case-insensitive); other columns are ignored. */
export const STATEMENT_COLUMNS = ['date', 'reference', 'amount', 'currency', 'bank_transaction_id'] as const;

/** Why a statement line was not posted. */
export enum UnmatchedReason {
  INVALID_LINE = 'INVALID_LINE',
  NOT_A_CREDIT = 'NOT_A_CREDIT',
  NO_INVOICE_NUMBER = 'NO_INVOICE_NUMBER',
  UNKNOWN_INVOICE = 'UNKNOWN_INVOICE',
  INVOICE_NOT_PAYABLE = 'INVOICE_NOT_PAYABLE',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  MORE_THAN_DUE = 'MORE_THAN_DUE',
  REPEATED_IN_FILE = 'REPEATED_IN_FILE',
}

export interface StatementLine {
  /** The line in the file; the header is line 1. */
  lineNumber: number;
  bookedOn: string | null;
  reference: string;
  amountMinor: number | null;
  currency: string | null;
  bankTransactionId: string | null;
  /** Set when the line cannot be read; says what is wrong. */
  problem: string | null;
}

/** Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas, quotes as "" and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Reads a statement CSV with the header `date,reference,amount,currency,bank_transaction_id`
 * (date YYYY-MM-DD, amount a signed decimal: credits positive). Throws when the header lacks a
 * column; a bad line is returned with its problem, not thrown, so the rest can still be posted.
 */
export function parseStatementCsv(text: string): StatementLine[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = STATEMENT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new RangeError(`the header lacks ${missing.join(', ')} (expected ${STATEMENT_COLUMNS.join(',')})`);
  const at = Object.fromEntries(STATEMENT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof STATEMENT_COLUMNS)[number], number>;
  const lines: StatementLine[] = [];
  rows.slice(1).forEach((cells, index) => {
    if (cells.every((c) => !c.trim())) return;
    const get = (column: (typeof STATEMENT_COLUMNS)[number]) => (cells[at[column]] ?? '').trim();
    const problems: string[] = [];
    const bookedOn = get('date');
    if (!isIsoDate(bookedOn)) problems.push(`date "${bookedOn}" is not YYYY-MM-DD`);
    const currency = get('currency').toUpperCase();
    if (!isCurrencyCode(currency)) problems.push(`currency "${currency}" is not an ISO 4217 code`);
    let amountMinor: number | null = null;
    if (isCurrencyCode(currency)) {
      try {
        amountMinor = parseDecimal(get('amount').replace(/,/g, ''), currency);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const bankTransactionId = get('bank_transaction_id');
    if (!bankTransactionId) problems.push('bank_transaction_id is empty');
    else if (bankTransactionId.length > 100) problems.push('bank_transaction_id is longer than 100 characters');
    lines.push({
      lineNumber: index + 2,
      bookedOn: isIsoDate(bookedOn) ? bookedOn : null,
      reference: get('reference').slice(0, 500),
      amountMinor,
      currency: isCurrencyCode(currency) ? currency : null,
      bankTransactionId: bankTransactionId ? bankTransactionId.slice(0, 100) : null,
      problem: problems.length ? problems.join('; ') : null,
    });
  });
  return lines;
}

/** The invoice number a payer wrote in a reference ("inv 2026 000123", "INV-2026-000123"), normalised; null when there is none. */
export function invoiceNumberIn(reference: string): string | null {
  const match = /INV[\s-]*(\d{4})[\s-]*(\d{6})(?!\d)/i.exec(reference);
  return match ? `INV-${match[1]}-${match[2]}` : null;
}

/**
 * Noon of a calendar day in a time zone, as an instant: a bank's booking date stays on that day
 * wherever it is read, whatever the zone's offset (daylight saving included).
 */
export function noonIn(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, 12);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, Number(p.value)]),
  );
  const offset = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - guess;
  return new Date(guess - offset);
}
