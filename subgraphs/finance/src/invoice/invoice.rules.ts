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

/**
 * The status that follows from how much of the total has been paid and credited: settled (PAID)
 * once payments and credit notes cover it, part paid while a payment covers some of it, else open.
 */
export function statusForPaid(totalMinor: number, paidMinor: number, creditedMinor = 0): InvoiceStatus {
  if (paidMinor + creditedMinor >= totalMinor && paidMinor + creditedMinor > 0) return InvoiceStatus.PAID;
  return paidMinor > 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.OPEN;
}

export function isPayable(status: InvoiceStatus): boolean {
  return status === InvoiceStatus.OPEN || status === InvoiceStatus.PARTIALLY_PAID;
}

/** What an invoice still owes: its total less payments and credit notes, never below zero; zero unless payable. */
export function amountDueMinor(invoice: { status: InvoiceStatus; totalMinor: number; amountPaidMinor: number; creditedMinor?: number }): number {
  return isPayable(invoice.status) ? Math.max(0, invoice.totalMinor - invoice.amountPaidMinor - (invoice.creditedMinor ?? 0)) : 0;
}

/**
 * How a credit note of `totalMinor` splits: the part set against what the invoice still owes, and
 * the rest, which the payer already paid and is held for them as a credit balance (a liability).
 */
export function creditSplit(invoice: { status: InvoiceStatus; totalMinor: number; amountPaidMinor: number; creditedMinor?: number }, totalMinor: number): { appliedMinor: number; heldMinor: number } {
  const appliedMinor = Math.min(totalMinor, amountDueMinor(invoice));
  return { appliedMinor, heldMinor: totalMinor - appliedMinor };
}

/** Days an unpaid invoice is past its due date on `today`; 0 when it is not overdue. */
export function daysOverdue(invoice: { status: InvoiceStatus; dueDate: string; totalMinor?: number; amountPaidMinor?: number; creditedMinor?: number }, today: string): number {
  if (!isPayable(invoice.status)) return 0;
  // Nothing left to owe (credit notes covered the rest) is not overdue, whatever the status says.
  if (invoice.totalMinor !== undefined && invoice.amountPaidMinor !== undefined && amountDueMinor({ ...invoice, totalMinor: invoice.totalMinor, amountPaidMinor: invoice.amountPaidMinor }) === 0) return 0;
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

/**
 * Only an invoice nothing has been paid or credited on can be voided; refuses with the reason
 * otherwise. A void reverses the whole raising entry, so after a credit note it would give the
 * credited premium back a second time.
 */
export function checkVoid(invoice: { status: InvoiceStatus; amountPaidMinor: number; creditedMinor?: number; invoiceNumber: string }): void {
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
  if ((invoice.creditedMinor ?? 0) > 0) {
    throw new InvalidTransitionError(
      'invoice',
      invoice.status,
      'void',
      `${invoice.invoiceNumber} has credit notes against it; voiding would reverse the credited premium twice, so it stands with its credit notes`,
    );
  }
}
