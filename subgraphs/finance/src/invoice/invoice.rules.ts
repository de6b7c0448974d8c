import { addDays, daysBetween, isIsoDate } from '../../../../kit/dates';
import { InvalidTransitionError, type Violations } from '../../../../kit/errors';
import { readMoneyInput, scaleMinor, type MoneyInput } from '../../../../kit/money';

import { InvoiceStatus } from './invoice.entity';

export const BPS_PER_UNIT = 10_000;

export interface InvoiceAmounts {
  netMinor: number;
  vatRateBps: number;
  vatMinor: number;
  totalMinor: number;
}

/** Net, VAT and total of an invoice: VAT is the net times the rate, rounded half-even to the minor unit. */
export function invoiceAmounts(netMinor: number, vatRateBps: number): InvoiceAmounts {
  if (!Number.isSafeInteger(netMinor) || netMinor <= 0) throw new RangeError('the net premium must be a positive number of minor units');
  if (!Number.isInteger(vatRateBps) || vatRateBps < 0 || vatRateBps > BPS_PER_UNIT) throw new RangeError('the VAT rate must be 0 to 10000 basis points');
  const vatMinor = scaleMinor(netMinor, vatRateBps, BPS_PER_UNIT);
  return { netMinor, vatRateBps, vatMinor, totalMinor: netMinor + vatMinor };
}

export function dueDateFor(issueDate: string, paymentTermsDays: number): string {
  return addDays(issueDate, paymentTermsDays);
}

/** `INV-<year of issue>-<running number>`. */
export function formatInvoiceNumber(issueDate: string, sequence: number): string {
  return `INV-${issueDate.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

/** The status that follows from how much of the total has been paid. */
export function statusForPaid(totalMinor: number, paidMinor: number): InvoiceStatus {
  if (paidMinor <= 0) return InvoiceStatus.OPEN;
  return paidMinor >= totalMinor ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID;
}

export function isPayable(status: InvoiceStatus): boolean {
  return status === InvoiceStatus.OPEN || status === InvoiceStatus.PARTIALLY_PAID;
}

export function amountDueMinor(invoice: { status: InvoiceStatus; totalMinor: number; amountPaidMinor: number }): number {
  return isPayable(invoice.status) ? invoice.totalMinor - invoice.amountPaidMinor : 0;
}

/** Days an unpaid invoice is past its due date on `today`; 0 when it is not overdue. */
export function daysOverdue(invoice: { status: InvoiceStatus; dueDate: string }, today: string): number {
  if (!isPayable(invoice.status)) return 0;
  return Math.max(0, daysBetween(invoice.dueDate, today));
}

/** Whether an invoice is still unpaid more than `graceDays` after its due date on `today`: cover is suspended for it. */
export function isPastGrace(invoice: { status: InvoiceStatus; dueDate: string }, today: string, graceDays: number): boolean {
  return daysOverdue(invoice, today) > graceDays;
}

/** The latest due date an invoice unpaid on `today` can have and be past grace. */
export function lastDueDatePastGrace(today: string, graceDays: number): string {
  return addDays(today, -graceDays - 1);
}

export interface RaiseFacts {
  policyId: string;
  billedMemberId: string;
  companyId?: string | null;
  periodStart: string;
  periodEnd: string;
  premium: MoneyInput;
  issueDate?: string | null;
}

export interface CheckedRaise {
  netMinor: number;
  currency: string;
  issueDate: string;
}

/** The rules a premium invoice must meet before it is raised; returns the parsed premium and issue date. */
export function checkRaise(facts: RaiseFacts, today: string, violations: Violations): CheckedRaise {
  const premium = readMoneyInput(facts.premium, 'premium', violations);
  const datesValid = isIsoDate(facts.periodStart) && isIsoDate(facts.periodEnd);
  if (!isIsoDate(facts.periodStart)) violations.add('periodStart', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (!isIsoDate(facts.periodEnd)) violations.add('periodEnd', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (datesValid && facts.periodEnd < facts.periodStart) violations.add('periodEnd', 'AFTER_PERIOD_START', 'cannot be before periodStart');
  if (datesValid && daysBetween(facts.periodStart, facts.periodEnd) > 366) {
    violations.add('periodEnd', 'PERIOD_AT_MOST_A_YEAR', 'a billing period is at most a year');
  }
  const issueDate = facts.issueDate ?? today;
  if (!isIsoDate(issueDate)) violations.add('issueDate', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (issueDate > today) violations.add('issueDate', 'NOT_IN_FUTURE', 'an invoice cannot be issued in the future');
  return { netMinor: premium?.minor ?? 0, currency: premium?.currency ?? '', issueDate };
}

/** Only an invoice nothing has been paid on can be voided; refuses with the reason otherwise. */
export function checkVoid(invoice: { status: InvoiceStatus; amountPaidMinor: number; invoiceNumber: string }): void {
  if (invoice.status === InvoiceStatus.VOID) {
    throw new InvalidTransitionError('invoice', invoice.status, 'void', `${invoice.invoiceNumber} is already void`);
  }
  if (invoice.amountPaidMinor > 0) {
    throw new InvalidTransitionError(
      'invoice',
      invoice.status,
      'void',
      `${invoice.invoiceNumber} has payments against it; only an unpaid invoice can be voided (refund the payments first)`,
    );
  }
}
